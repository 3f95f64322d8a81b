"""Metadata the local reader left open, asked of a language model: grounded, redacted, cached."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from nextround import Settings, Workspace
from nextround.embed import MiniLMEmbedder
from nextround.llm.metadata import MetadataFiller, missing
from nextround.llm.session import make_client
from nextround.models import FeedbackRecord, Stage

from samples import write

TRIAL = (
    "Notes from Saturday: the tempering was uneven and the croissants were over-proofed. "
    "Marguerite Osei ran the pastry trial for the Pastry Chef opening at Honeycomb Bakery."
)
SCREEN = "They would like more lamination experience and neater piping before offering a role."


SEEN: list[str] = []  # the prompts Recording models were sent


class Recording(FakeListChatModel):
    """A fake chat model that keeps every prompt it was sent."""

    def _call(self, messages: Any, *args: Any, **kwargs: Any) -> str:
        SEEN.append("\n".join(str(m.content) for m in messages))
        return super()._call(messages, *args, **kwargs)


def _record(rid: str, text: str) -> FeedbackRecord:
    return FeedbackRecord(
        id=rid, source=f"{rid}.txt", text=text, clean_text=text, redacted_text=text,
        content_hash=rid,
    )  # fmt: skip


ANSWER = json.dumps(
    {
        "records": [
            {
                "id": "1",
                "company": "Honeycomb Bakery",
                "role": "Pastry Chef",
                "interviewer": "[PERSON_1]",
                "stage": "technical",
            },
            # nothing of this is written in the second record, except a stage
            {"id": "2", "company": "Globex", "role": "Baker", "interviewer": "", "stage": "final"},
        ]
    }
)


def test_only_grounded_answers_are_kept_and_names_never_leave(tmp_path: Path) -> None:
    model = Recording(responses=[ANSWER])
    SEEN.clear()
    settings = Settings.load(home=tmp_path, profile="p", env={})
    client = make_client(settings, model)
    assert client is not None
    filled = MetadataFiller(client).fill([_record("a", TRIAL), _record("b", SCREEN)])
    by_id = {r.id: r for r in filled}
    assert (by_id["a"].company, by_id["a"].role, by_id["a"].interviewer, by_id["a"].stage) == (
        "Honeycomb Bakery",
        "Pastry Chef",
        "Marguerite Osei",  # the placeholder, mapped back locally
        Stage.TECHNICAL,
    )
    assert (by_id["b"].company, by_id["b"].role, by_id["b"].stage) == ("", "", Stage.FINAL)
    [prompt] = SEEN
    assert "Marguerite" not in prompt and "[PERSON_1]" in prompt
    assert "Honeycomb^Bakery" in prompt  # datamarked data


def test_corrected_fields_are_never_asked_about() -> None:
    record = _record("a", TRIAL).model_copy(
        update={"company": "", "corrected": ("company", "role", "interviewer", "stage")}
    )
    assert missing(record) == []


def test_ingest_fills_metadata_once_and_a_rerun_asks_nothing(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    write(tmp_path / "in" / "call.txt", SCREEN)
    answer = {"records": [{"id": "1", "company": "Crumb & Co", "stage": "phone-screen"}]}
    model = Recording(responses=[json.dumps(answer)])
    SEEN.clear()
    ws = Workspace(settings, embedder=embedder, chat_model=model)
    report = ws.ingest([tmp_path / "in"], fill_metadata=True)
    [record] = ws.records()
    # the text gives no stage: the local reader's guess was marked unsure, so it was asked
    assert (record.stage, record.company) == (Stage.PHONE_SCREEN, "")  # "Crumb & Co" is not there
    assert record.unsure == ()
    assert report.notes == [
        "The language model filled metadata the text left open in 1 records (each value "
        "checked against the record's own text)."
    ]
    assert len(SEEN) == 1
    # the same question again is answered from the cache: no request
    again = Workspace(settings, embedder=embedder, chat_model=model)
    assert again.fill_metadata() == []
    assert len(SEEN) == 1
    # offline (no model configured) nothing is asked
    assert Workspace(settings, embedder=embedder).fill_metadata() == []
