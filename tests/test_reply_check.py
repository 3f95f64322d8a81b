"""Checking a reply someone wrote: the exact flags, and files that cannot be read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nextround.errors import InputError
from nextround.replies.check import check_file, check_reply


def test_exact_flags_for_an_angry_reply() -> None:
    text = (
        "Hi Dana, honestly your process was a joke and I disagree with the decision. "
        "Please reconsider!! Call me at 555-010-0199 or see https://me.example."
    )
    result = check_reply(text)
    assert [(f.kind, f.text) for f in result.tone_flags] == [
        ("blame", "your process was"),
        ("negativity", "joke"),
        ("arguing", "I disagree"),
        ("pleading", "Please reconsider"),
        ("arguing", "reconsider"),
        ("sarcasm", "!!"),
    ]
    assert [(f.kind, f.text) for f in result.safety_flags] == [
        ("phone", "555-010-0199"),
        ("url", "https://me.example"),
    ]
    assert result.words == len(text.split()) and result.flagged
    assert result.flags == (*result.tone_flags, *result.safety_flags)
    data = result.as_dict()
    assert list(data) == ["tone_flags", "safety_flags", "words"]
    assert data["tone_flags"][0] == {  # type: ignore[index]
        "kind": "blame",
        "text": "your process was",
        "explanation": result.tone_flags[0].explanation,
    }


def test_a_gracious_reply_is_not_flagged() -> None:
    result = check_reply("Hi Dana, thank you for your time. Best, Jordan")
    assert result.tone_flags == () and result.safety_flags == () and not result.flagged
    assert result.as_dict() == {"tone_flags": [], "safety_flags": [], "words": 9}


def test_check_file_reads_utf8_and_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Merci beaucoup, Dana — à bientôt.", encoding="utf-8")
    assert check_file(good).words == 6
    latin = tmp_path / "latin.txt"
    latin.write_bytes("à bientôt".encode("latin-1"))
    with pytest.raises(InputError, match="can't decode"):
        check_file(latin)
    with pytest.raises(InputError, match="No such file"):
        check_file(tmp_path / "missing.txt")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(InputError, match="not a regular file"):
        check_file(pipe)


def test_an_amount_in_any_currency_is_flagged() -> None:
    # the draft check and the slot check share one list of currency signs
    result = check_reply("Thank you, Dana. I would accept ₹18,00,000 or ¥6,000,000.")
    assert [(f.kind, f.text) for f in result.safety_flags] == [
        ("salary", "₹18,00,000"),
        ("salary", "¥6,000,000"),
    ]
