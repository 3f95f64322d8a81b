"""Each input format is read into the right text and metadata."""

from __future__ import annotations

import base64
import datetime as dt
import mailbox
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from nextround import Settings, Workspace
from nextround.embed import Embedder, Vectors
from nextround.errors import InputError
from nextround.ingest.discover import Candidate, read_regular
from nextround.ingest.pipeline import Prepared, prepare, read_candidate, read_inputs
from nextround.ingest.raw import RawItem
from nextround.ingest.runner import IngestRunner
from nextround.limits import MAX_RECORD_CHARS
from nextround.models import IngestReport, SkippedInput, Stage

from samples import (
    REJECTION,
    REJECTION_CLEAN,
    email_message,
    fifo,
    multipart_email,
    random_base64,
    raw_email,
    write,
    write_email,
)

MB = 1024 * 1024


def read(path: Path, source: str | None = None, **kw: object) -> list[RawItem | SkippedInput]:
    return list(read_candidate(Candidate(path, source or path.name), 10 * MB, kw or None))  # type: ignore[arg-type]


def prepared(path: Path) -> list[Prepared]:
    out = []
    for item in read(path):
        assert isinstance(item, RawItem), item
        result = prepare(item)
        assert isinstance(result, Prepared), result
        out.append(result)
    return out


def test_plain_email_text_and_metadata(tmp_path: Path) -> None:
    path = write_email(tmp_path / "r.eml", email_message())
    [p] = prepared(path)
    r = p.record
    assert r.clean_text == REJECTION_CLEAN
    assert r.text == REJECTION.rstrip("\n")
    assert (r.company, r.role, r.stage) == (
        "Northwind Labs",
        "Senior Backend Engineer",
        Stage.ONSITE,
    )
    assert r.date == dt.date(2026, 3, 4)
    assert r.interviewer == "Dana Whitfield"
    assert r.sender == "Dana Whitfield"
    assert r.subject == "Your application to Northwind Labs"
    assert r.message_id == "<r1@northwindlabs.example>"
    assert r.format == "email"
    assert r.source == "r.eml"
    assert len(r.id) == 12


def test_multipart_prefers_plain_text(tmp_path: Path) -> None:
    msg = email_message(html="<p>HTML version that should not be used</p>")
    [p] = prepared(write_email(tmp_path / "m.eml", msg))
    assert p.record.clean_text == REJECTION_CLEAN


def test_html_only_email_is_converted(tmp_path: Path) -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Hi Jordan,</p><!-- internal: ignore -->"
        "<p>Thanks for the phone screen. We&rsquo;d like to see more depth in "
        "<b>testing</b>&nbsp;strategy:</p><ul><li>edge cases</li><li>load tests</li></ul>"
        '<div style="display:none">hidden tracking text</div>'
        "</body></html>"
    )
    msg = email_message(body="", html=html)
    [p] = prepared(write_email(tmp_path / "h.eml", msg))
    assert p.record.clean_text == (
        "Hi Jordan,\n\nThanks for the phone screen. We’d like to see more depth in testing "
        "strategy:\n\n- edge cases\n- load tests"
    )
    assert p.record.stage is Stage.PHONE_SCREEN


@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_transfer_encodings(tmp_path: Path, cte: str) -> None:
    body = "Hi Jordan,\n\nWe’d hoped for clearer answers — especially on caching. ✔\n"
    raw = email_message(body, cte=cte).as_bytes()
    assert cte.encode() in raw
    [p] = prepared(write(tmp_path / "e.eml", raw))
    assert p.record.clean_text == body.strip()


def test_latin1_charset(tmp_path: Path) -> None:
    body = "Hola Jordan,\n\nRené dijo que la entrevista técnica fue difícil.\n"
    raw = (
        b"From: Ren\xe9 <rene@solaria.example>\nTo: j@mailbox.example\nSubject: Resultado\n"
        b"Date: Tue, 10 Mar 2026 09:00:00 +0100\nMIME-Version: 1.0\n"
        b"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n"
        + body.encode("latin-1")
    )
    [p] = prepared(write(tmp_path / "l.eml", raw))
    assert p.record.clean_text == body.strip()
    assert p.record.stage is Stage.TECHNICAL


def test_unknown_charset_falls_back(tmp_path: Path) -> None:
    raw = (
        b"From: a@b.example\nSubject: x\nContent-Type: text/plain; charset=x-nonsense\n\n"
        b"Feedback: more depth on indexes please.\n"
    )
    [p] = prepared(write(tmp_path / "u.eml", raw))
    assert p.record.clean_text == "Feedback: more depth on indexes please."


def test_mbox_yields_one_item_per_message_and_skips_bad_one(tmp_path: Path) -> None:
    first = email_message("First: you were strong on APIs but light on testing.\n")
    second = email_message(
        "Second: we went with another candidate.\nFrom here on, good luck.\n",
        message_id="<r2@x.example>",
    )
    path = tmp_path / "box.mbox"
    box = mailbox.mbox(str(path))
    for msg in (first, second):
        box.add(msg)  # escapes the body's "From here" line as mbox requires
    box.flush()
    box.close()
    with path.open("ab") as fh:
        fh.write(b"\nFrom bad@x.example Thu Mar  5 10:12:00 2026\n\x00\x00garbage\n")
    items = read(path, "box.mbox")
    assert [type(i).__name__ for i in items] == ["RawItem", "RawItem", "SkippedInput"]
    assert [i.source for i in items] == ["box.mbox#1", "box.mbox#2", "box.mbox#3"]
    assert isinstance(items[1], RawItem)
    assert items[1].text == "Second: we went with another candidate.\nFrom here on, good luck."
    assert isinstance(items[2], SkippedInput)
    assert items[2].reason == "binary file, not an email"


def test_csv_with_multiline_quoted_fields_and_id_column(tmp_path: Path) -> None:
    csv_text = (
        "Application ID,Candidate,Company,Job Title,Stage,Rejected At,Interviewer,Feedback\n"
        "A-17,Jordan Ellis,Brightpath,Data Engineer,Onsite,2026-04-17,Priya Raman,"
        '"Strong SQL.\nBut the ""pipeline"" design, overall, lacked monitoring."\n'
        "A-18,Jordan Ellis,Kestrel,SRE,Phone Screen,04/20/2026,,Went with another candidate.\n"
    )
    items = read(write(tmp_path / "ats.csv", csv_text))
    assert [i.source for i in items] == ["ats.csv#A-17", "ats.csv#A-18"]
    first = items[0]
    assert isinstance(first, RawItem)
    assert first.text == 'Strong SQL.\nBut the "pipeline" design, overall, lacked monitoring.'
    assert (first.company, first.role, first.stage, first.interviewer) == (
        "Brightpath",
        "Data Engineer",
        "onsite",
        "Priya Raman",
    )
    assert first.date == dt.date(2026, 4, 17)
    assert "Jordan Ellis" in first.names and "Priya Raman" in first.names
    second = items[1]
    assert isinstance(second, RawItem)
    assert (second.stage, second.date) == ("phone-screen", dt.date(2026, 4, 20))


def test_semicolon_csv_without_id_uses_row_numbers(tmp_path: Path) -> None:
    text = (
        'Organization;Position;Round;Date;Notes\nAcme;Engineer;final;03/14/2026;"Good; but slow"\n'
        "Beta;Engineer;onsite;14.03.2026;Needs tests\n"
    )
    items = read(write(tmp_path / "h.csv", text))
    assert [i.source for i in items] == ["h.csv#1", "h.csv#2"]
    assert isinstance(items[0], RawItem) and isinstance(items[1], RawItem)
    assert items[0].text == "Good; but slow"
    assert items[0].date == dt.date(2026, 3, 14)
    assert items[1].date == dt.date(2026, 3, 14)
    assert items[0].stage == "final"


def test_csv_map_overrides_detection(tmp_path: Path) -> None:
    text = "Org,Scribbles,Comments\nAcme,the real feedback,ignore me\n"
    items = read(write(tmp_path / "m.csv", text), text="Scribbles", company="Org")
    assert isinstance(items[0], RawItem)
    assert (items[0].text, items[0].company) == ("the real feedback", "Acme")


def test_csv_without_text_column_is_explained(tmp_path: Path) -> None:
    [skip] = read(write(tmp_path / "x.csv", "Org,When\nAcme,2026-01-01\n"))
    assert isinstance(skip, SkippedInput)
    assert skip.reason == (
        "no feedback column found (looked for Feedback, Notes, Text, Message, Comments, …; "
        "columns are: Org, When); name it with --map text=COLUMN"
    )


def test_csv_map_to_missing_column(tmp_path: Path) -> None:
    [skip] = read(write(tmp_path / "x.csv", "Org,Notes\nAcme,hi\n"), text="Body")
    assert isinstance(skip, SkippedInput)
    assert skip.reason == "--map text=Body: no such column (columns: Org, Notes)"


def test_jsonl_and_json(tmp_path: Path) -> None:
    jsonl = (
        '{"id": "n-1", "company": "Zeta", "role": "SWE", "stage": "take-home", '
        '"date": "2026-07-09", "interviewer": "Ana Silva", "feedback": "Tests were missing."}\n'
        "\n"
        '{"company": "Eta", "notes": "No clarifying questions."}\n'
    )
    items = read(write(tmp_path / "n.jsonl", jsonl))
    assert [i.source for i in items] == ["n.jsonl#n-1", "n.jsonl#3"]
    assert isinstance(items[0], RawItem)
    assert (items[0].company, items[0].stage, items[0].date) == (
        "Zeta",
        "take-home",
        dt.date(2026, 7, 9),
    )
    data = (
        '[{"company": "Theta", "position": "Staff Engineer", "round": "final", '
        '"received": "2026-08-01", "from": "Lee Park <lee@theta.example>", '
        '"message": "Great depth; scope felt junior."}]'
    )
    [item] = read(write(tmp_path / "r.json", data))
    assert isinstance(item, RawItem)
    assert item.source == "r.json#1"
    assert (item.role, item.stage, item.interviewer, item.sender_email) == (
        "Staff Engineer",
        "final",
        "Lee Park",
        "lee@theta.example",
    )


def test_note_with_header_lines(tmp_path: Path) -> None:
    text = (
        "Company: Acme Health\nRole: Data Engineer\nStage: take-home\nDate: 2026-05-02\n"
        "Interviewer: Sam O'Neill\n\nThey said the take-home lacked tests.\n"
    )
    [p] = prepared(write(tmp_path / "note.txt", text))
    r = p.record
    assert r.clean_text == "They said the take-home lacked tests."
    assert r.text == text
    assert (r.company, r.role, r.stage, r.date, r.interviewer) == (
        "Acme Health",
        "Data Engineer",
        Stage.TAKE_HOME,
        dt.date(2026, 5, 2),
        "Sam O'Neill",
    )


def test_markdown_front_matter_and_filename_date(tmp_path: Path) -> None:
    text = (
        "---\ncompany: Kestrel\nstage: Final Round\n---\n"
        "# Debrief\n\n- Needed more ownership stories\n"
    )
    [p] = prepared(write(tmp_path / "2026-06-03-kestrel.md", text))
    r = p.record
    assert (r.company, r.stage, r.date) == ("Kestrel", Stage.FINAL, dt.date(2026, 6, 3))
    assert r.clean_text == "# Debrief\n\n- Needed more ownership stories"


def test_free_note_takes_stage_from_file_name(tmp_path: Path) -> None:
    path = write(
        tmp_path / "2026-04-02-brightpath-phone-screen.txt", "Felt rushed on the coding part."
    )
    [p] = prepared(path)
    assert (p.record.stage, p.record.date) == (Stage.PHONE_SCREEN, dt.date(2026, 4, 2))


def test_read_inputs_reports_every_bad_input_class(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "good.txt", "Good feedback about testing.")
    write(root / "empty.txt", "")
    write(root / "blank.md", "  \n\n ")
    write(root / "binary.txt", b"\x00\x01\x02PNG")
    write(root / "slides.pptx", b"PK\x03\x04")
    write(root / "big.txt", "x" * (2 * MB))
    write(root / "undecodable.txt", b"caf\x81\x8d\x8f\x90 feedback")
    write(root / "broken.eml", "this is not an email at all\n")
    write(root / "rows.jsonl", '{"feedback": "fine"}\n{oops\n')
    write(root / "bad.json", '{"feedback": ')
    (root / "escape.txt").symlink_to("/etc/hostname")
    items = list(
        read_inputs([root, tmp_path / "missing", str(tmp_path / "nomatch*.txt")], max_bytes=MB)
    )
    skipped = {i.source: i.reason for i in items if isinstance(i, SkippedInput)}
    good = sorted(i.source for i in items if isinstance(i, RawItem))
    assert good == ["good.txt", "rows.jsonl#1"]
    assert skipped == {
        "bad.json": "invalid JSON (Expecting value at line 1, column 14)",
        "big.txt": "file is 2.0 MB, over the 1 MB limit (raise it with --max-file-mb or "
        "max_file_mb in the config file)",
        "binary.txt": "binary file, not text",
        "blank.md": "empty file (only whitespace)",
        "broken.eml": "malformed email: it does not start with a header block",
        "empty.txt": "empty file (0 bytes)",
        "escape.txt": f"symlink points outside {root.as_posix()} (to /etc/hostname); not followed",
        "rows.jsonl#2": "line 2: invalid JSON (Expecting property name enclosed in double "
        "quotes at column 2)",
        "slides.pptx": "unsupported file type '.pptx' (supported: .txt .md .eml .mbox .msg .csv "
        ".tsv .jsonl .json .docx .pdf .html .htm)",
        "undecodable.txt": "cannot decode text: not UTF-8 (invalid byte 0x81 at offset 3) nor "
        "Windows-1252; save it as UTF-8",
        str(tmp_path / "missing"): "no such file or directory",
        str(tmp_path / "nomatch*.txt"): "no files match this pattern",
    }


def test_malformed_csv_rows_are_skipped_and_the_rest_land(tmp_path: Path) -> None:
    text = (
        "id,Company,Feedback\n"
        "1,Acme,fine\n"
        "2,Beta,\n"
        '3,Gamma,"bad"quote\n'
        "4,Delta,too,many\n"
        "5,Eps,also fine\n"
    )
    items = read(write(tmp_path / "t.csv", text))
    assert [(i.source, getattr(i, "reason", None)) for i in items] == [
        ("t.csv#1", None),
        ("t.csv#2", "empty feedback text"),
        ("t.csv#3", "malformed CSV at line 4: ',' expected after '\"'"),
        ("t.csv#4", "row 4 (line 5): expected 3 fields, found 4"),
        ("t.csv#5", None),
    ]


def test_email_with_bad_date_header_still_lands_with_warning(tmp_path: Path) -> None:
    raw = b"From: x@acme.example\nSubject: Update\nDate: not a date\n\nNeeds more tests.\n"
    [item] = read(write(tmp_path / "d.eml", raw))
    assert isinstance(item, RawItem)
    assert item.date is None
    assert item.warnings == ["unrecognised Date header 'not a date'; date left empty"]


def test_email_with_only_attachment_is_skipped(tmp_path: Path) -> None:
    msg = email_message("placeholder")
    msg.set_content(b"%PDF", maintype="application", subtype="pdf", filename="offer.pdf")
    [skip] = read(write_email(tmp_path / "a.eml", msg))
    assert isinstance(skip, SkippedInput)
    assert skip.reason == "email has no text body (only attachments or non-text parts)"


def test_base64_helper_round_trip() -> None:
    # guard for the sample builder itself: base64 bodies really are encoded
    raw = email_message("Plain words here.\n", cte="base64").as_bytes()
    encoded = base64.b64encode(b"Plain words here.\n")
    assert encoded in raw.replace(b"\n", b"")


def test_email_with_headers_but_none_known_is_malformed(tmp_path: Path) -> None:
    [skip] = read(write(tmp_path / "x.eml", "X-Thing: 1\nX-Other: 2\n\nbody text\n"))
    assert isinstance(skip, SkippedInput)
    assert skip.reason == (
        "malformed email headers: none of From, To, Subject, Date, Content-Type found"
    )


def test_email_with_garbled_from_header_still_lands(tmp_path: Path) -> None:
    raw = b"From: <<<@@@>>>\nSubject: Update\n\nWe needed more depth on caching.\n"
    [item] = read(write(tmp_path / "g.eml", raw))
    assert isinstance(item, RawItem)
    assert item.text == "We needed more depth on caching."
    assert item.sender_email == ""


NASTY: dict[str, list[bytes]] = {
    ".eml": [
        b"From: a@b.example\n",
        b"Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\n",
        b"Subject: =?utf-8?b?!!!notbase64?=\nContent-Transfer-Encoding: base64\n\n@@@@\n",
        b'From: x\nContent-Type: text/plain; charset=""\n\n\xff\xfe\xfd feedback\n',
    ],
    ".mbox": [b"From \n", b"From a@b Thu Jan  1 00:00:00 2026\n\n", b"no from line at all\n"],
    ".csv": [b"Feedback\n", b'"unterminated,quote\n', b"a,b\n1,2\n", b"\xef\xbb\xbfNotes\n\n\n"],
    ".jsonl": [b"[]\n", b"null\n", b'{"feedback": 12}\n', b'{"feedback": ["a", null]}\n'],
    ".json": [b"[[[]]]", b'{"records": 5}', b"3", b'[{"notes": {"nested": true}}]'],
    ".txt": [b"\n\n\n", b"Company:\n", b"\xef\xbb\xbf", b"---\n: : :\n---\n"],
    ".md": [b"---\n[unclosed\n---\nbody\n", b"---\n- a list\n---\ntext\n", b"# only a heading"],
}


@pytest.mark.parametrize("suffix", sorted(NASTY))
def test_odd_inputs_are_landed_or_explained_never_raised(tmp_path: Path, suffix: str) -> None:
    for index, payload in enumerate(NASTY[suffix]):
        path = write(tmp_path / f"odd{index}{suffix}", payload)
        for item in read(path):
            if isinstance(item, SkippedInput):
                assert item.reason, item
            else:
                assert isinstance(prepare(item), Prepared | SkippedInput)


# --- Line-level errors in tables: the line is skipped, the file still lands ---------------


def test_jsonl_line_errors_skip_the_line_not_the_file(tmp_path: Path) -> None:
    deep_value = "[" * 900 + "]" * 900  # valid JSON, too deep to read as text
    lines = [
        '{"company": "Acme", "feedback": "More depth on caching."}',
        "[" * 100_000,
        '{"company": "Beta", "feedback": 1' + "0" * 5000 + "}",
        '["an", "array"]',
        '{"company": "Gamma", "feedback": ' + deep_value + "}",
        "42",
        '{"company": "Delta", "feedback": "Clearer trade-offs next time."}',
    ]
    items = read(write(tmp_path / "rows.jsonl", "\n".join(lines) + "\n"))
    assert [(i.source, getattr(i, "reason", None)) for i in items] == [
        ("rows.jsonl#2", "line 2: JSON nested too deeply to read"),
        (
            "rows.jsonl#3",
            "line 3: cannot read this JSON (Exceeds the limit (4300 digits) for integer string "
            "conversion: value has 5001 digits)",
        ),
        ("rows.jsonl#4", "line 4: expected a JSON object, found array"),
        ("rows.jsonl#5", "line 5: nested too deeply to read"),
        ("rows.jsonl#6", "line 6: expected a JSON object, found number"),
        ("rows.jsonl#1", None),
        ("rows.jsonl#7", None),
    ]
    texts = [i.text for i in items if isinstance(i, RawItem)]
    assert texts == ["More depth on caching.", "Clearer trade-offs next time."]


def test_json_file_nested_too_deeply_is_explained(tmp_path: Path) -> None:
    [skip] = read(write(tmp_path / "deep.json", "[" * 100_000))
    assert skip == SkippedInput(source="deep.json", reason="JSON nested too deeply to read")
    [skip] = read(write(tmp_path / "n.json", "3"))
    assert skip == SkippedInput(
        source="n.json", reason="expected a JSON array of objects, found number"
    )


def test_csv_unterminated_last_row_is_skipped_with_its_line(tmp_path: Path) -> None:
    text = 'id,Company,Feedback\n1,Acme,fine\n2,Beta,"multi\nline"\n3,Gamma,"never closed\n'
    items = read(write(tmp_path / "t.csv", text))
    assert [(i.source, getattr(i, "reason", None)) for i in items] == [
        ("t.csv#1", None),
        ("t.csv#2", None),
        ("t.csv#3", "malformed CSV at line 5: unexpected end of data"),
    ]


# --- Binary parts, many parts and long texts -------------------------------------------


def test_email_whose_text_part_is_random_bytes_is_skipped(tmp_path: Path) -> None:
    raw = raw_email(random_base64(200_000), cte="base64")
    assert 270_000 < len(raw) < 271_000
    [skip] = read(write(tmp_path / "noise.eml", raw))
    assert skip == SkippedInput(
        source="noise.eml",
        reason="email has no readable text: its text/plain part decoded to binary data, not text",
    )


def test_binary_text_part_beside_a_real_one_is_left_out_with_a_warning(tmp_path: Path) -> None:
    raw = multipart_email(
        [
            ("text/plain", b"The take-home lacked tests.", ""),
            ("text/plain", random_base64(3000), "base64"),
            ("text/plain", b"We would welcome a new application next year.", ""),
        ]
    )
    [item] = read(write(tmp_path / "mixed.eml", raw))
    assert isinstance(item, RawItem)
    assert item.text == (
        "The take-home lacked tests.\n\nWe would welcome a new application next year."
    )
    assert item.warnings == [
        "1 of its 3 text/plain parts decoded to binary data, not text; not read"
    ]


def test_email_with_many_text_parts_reads_the_first_twenty_and_says_so(tmp_path: Path) -> None:
    parts = [("text/plain", f"Point {n}: more tests.".encode(), "") for n in range(1, 501)]
    [item] = read(write(tmp_path / "many.eml", multipart_email(parts)))
    assert isinstance(item, RawItem)
    assert item.text == "\n\n".join(f"Point {n}: more tests." for n in range(1, 21))
    assert item.warnings == ["email has 500 text/plain parts; the first 20 were read, 480 were not"]
    # a few parts are all read, without a warning
    [item] = read(write(tmp_path / "three.eml", multipart_email(parts[:3])))
    assert isinstance(item, RawItem)
    assert item.text.split("\n\n") == [f"Point {n}: more tests." for n in (1, 2, 3)]
    assert item.warnings == []


def test_a_forward_attached_as_a_message_is_not_joined_to_the_body(tmp_path: Path) -> None:
    inner = b"From: hr@acme.example\nSubject: Outcome\n\nWe chose another candidate.\n"
    raw = multipart_email(
        [
            ("text/plain", b"Forwarding the outcome, see attached.", ""),
            ("message/rfc822", inner, ""),
        ]
    )
    [item] = read(write(tmp_path / "fwd.eml", raw))
    assert isinstance(item, RawItem)
    assert (item.text, item.warnings) == ("Forwarding the outcome, see attached.", [])


def test_long_note_is_read_up_to_the_cap_with_a_warning(tmp_path: Path) -> None:
    paragraph = "The system design round needed more depth on sharding and caching.\n"
    body = paragraph * (3_500_000 // len(paragraph))
    [item] = read(write(tmp_path / "long.txt", body))
    assert isinstance(item, RawItem)
    assert len(item.text) == len(paragraph) * (MAX_RECORD_CHARS // len(paragraph)) - 1
    assert item.text == body[: len(item.text)]
    assert item.warnings == [
        f"text is {len(body):,} characters long; only the first 50,000 were read "
        "(the rest is not stored or searched)"
    ]
    [p] = prepared(tmp_path / "long.txt")
    assert p.record.language == "en"
    assert p.warnings == item.warnings


@pytest.mark.parametrize("shape", ["x", "Acme Dana "])
def test_huge_note_of_one_token_or_of_names_is_prepared_quickly(tmp_path: Path, shape: str) -> None:
    path = write(tmp_path / "odd.txt", shape * (3_400_000 // len(shape)))
    start = time.perf_counter()
    [p] = prepared(path)
    assert time.perf_counter() - start < 60
    assert len(p.record.text) <= MAX_RECORD_CHARS
    assert p.warnings[0].startswith("text is 3,400,000 characters long; only the first 50,000")


def test_huge_csv_cell_is_cut_and_its_row_still_lands(tmp_path: Path) -> None:
    cell = "Needs deeper SQL. " * 550_000  # 9.9 MB
    path = write(tmp_path / "big.csv", f'Company,Feedback\nAcme,"{cell}"\nBeta,Short and fine.\n')
    items = read(path)
    assert [i.source for i in items] == ["big.csv#1", "big.csv#2"]
    first, second = items
    assert isinstance(first, RawItem) and isinstance(second, RawItem)
    assert (first.company, len(first.text)) == ("Acme", 49_998)  # cut at a space
    assert first.text == cell[:49_998] and first.text.endswith("Needs deeper")
    assert first.warnings == [
        "text is 9,899,999 characters long; only the first 50,000 were read "
        "(the rest is not stored or searched)"
    ]
    assert (second.company, second.text, second.warnings) == ("Beta", "Short and fine.", [])


# --- Files that are not read are named, and FIFOs never opened ----------------------------


def test_hidden_files_and_fifos_are_reported_never_opened(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "good.txt", "Good feedback about testing.")
    write(root / "..txt", "A note nobody sees.")
    write(root / ".drafts" / "note.txt", "Draft.")
    fifo(root / "pipe.txt")
    fifo(root / "sub" / "pipe.eml")
    items = list(read_inputs([root], max_bytes=MB))
    assert [(i.source, getattr(i, "reason", None)) for i in items] == [
        ("..txt", "hidden file (its name starts with '.'); not read"),
        (".drafts", "hidden directory (its name starts with '.'); not searched"),
        ("good.txt", None),
        ("pipe.txt", "not a regular file (FIFO); not read"),
        ("sub/pipe.eml", "not a regular file (FIFO); not read"),
    ]
    # named directly, or matched by a pattern: reported as what it is, once
    given = [str(root / "pipe.txt"), str(root / "*.txt"), str(root / "..txt")]
    items = list(read_inputs(given, max_bytes=MB))
    assert [(i.source, getattr(i, "reason", None)) for i in items] == [
        (str(root / "pipe.txt"), "not a regular file (FIFO); not read"),
        ("good.txt", None),
        ("pipe.txt", "not a regular file (FIFO); not read"),
        ("..txt", None),
    ]


def test_files_the_system_writes_into_folders_are_passed_by(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "good.txt", "Good feedback about testing.")
    for name in (".DS_Store", "._good.txt", "Thumbs.db", "desktop.ini", "sub/.DS_Store"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"\x00\x00\x00\x01Bud1\x00")
    write(root / ".notes.txt", "A hidden note: still named.")
    items = list(read_inputs([root], max_bytes=MB))
    assert [(i.source, getattr(i, "reason", None)) for i in items] == [
        (".notes.txt", "hidden file (its name starts with '.'); not read"),
        ("good.txt", None),
    ]
    # named directly, it is reported like any other file
    [item] = list(read_inputs([root / "Thumbs.db"], max_bytes=MB))
    assert isinstance(item, SkippedInput)
    assert (item.source, item.reason.split(" (")[0]) == ("Thumbs.db", "unsupported file type '.db'")


# --- mbox: a "From " line in a body stays in the body -------------------------------------


def test_mbox_keeps_unescaped_from_lines_in_the_body(tmp_path: Path) -> None:
    box = (
        b"From dana@acme.example Wed Mar  4 10:12:00 2026\n"
        b"From: Dana Whitfield <dana@acme.example>\nSubject: Your onsite\n\n"
        b"The panel liked your API design.\n\n"
        b"From what I heard, the SQL round was the gap.\n"
        b"From here on, practise joins.\n\n"
        b"From the hiring manager\nNote: apply again in spring.\n\n"
        b"From - Thu Mar  5 09:00:00 2026\n"
        b"From: hr@beta.example\nSubject: Outcome\n\nWe chose another candidate.\n\n"
        b"From hr@gamma.example\nSubject: Update\n\nNot this time, sorry.\n"
    )
    items = read(write(tmp_path / "in.mbox", box))
    assert [i.source for i in items] == ["in.mbox#1", "in.mbox#2", "in.mbox#3"]
    assert all(isinstance(i, RawItem) for i in items)
    assert [i.text for i in items if isinstance(i, RawItem)] == [
        "The panel liked your API design.\n\n"
        "From what I heard, the SQL round was the gap.\n"
        "From here on, practise joins.\n\n"
        "From the hiring manager\nNote: apply again in spring.",
        "We chose another candidate.",
        "Not this time, sorry.",
    ]


# --- The manifest records the bytes that were parsed -------------------------------------


def test_file_edited_while_ingest_runs_is_recorded_as_read(
    tmp_path: Path, workspace: Workspace
) -> None:
    root = tmp_path / "in"
    first = write(root / "a.txt", "Company: Acme\n\nThe take-home lacked tests.")
    note = write(root / "b.txt", "Company: Beta\n\nOld words: the SQL round was weak.")
    old = note.read_bytes()
    new = b"Company: Beta\n\nNew words: the system design round was weak."

    def edit_before_b_is_read(done: int, total: int, source: str) -> None:
        if source == "b.txt" and note.read_bytes() == old:
            note.write_bytes(new)  # after ingest looked the file up, before it reads it

    report = workspace.ingest([root], progress=edit_before_b_is_read)
    assert (report.added, report.unchanged, report.skipped) == (2, 0, [])
    by_source = {r.source: r for r in workspace.store.records()}
    new_id = by_source["b.txt"].id
    assert by_source["b.txt"].clean_text == "New words: the system design round was weak."
    # the old words, back in the file, are read: the manifest held the new bytes' hash
    note.write_bytes(old)
    report = workspace.ingest([root])
    [old_record] = [r for r in workspace.store.records() if r.source == "b.txt"]
    assert old_record.clean_text == "Old words: the SQL round was weak."
    assert (report.added, report.unchanged) == (1, 1)
    assert (report.added_ids, report.removed_ids) == ([old_record.id], [new_id])
    # and unchanged from then on
    report = workspace.ingest([root, first])
    assert (report.added, report.unchanged, report.removed_ids) == (0, 2, [])


def test_reading_checks_what_the_file_is_when_it_is_opened(tmp_path: Path) -> None:
    # a file swapped for a FIFO, or grown, after it was found: never a hang, never too much
    with pytest.raises(InputError) as raised:
        read_regular(fifo(tmp_path / "late.txt"), MB)
    assert raised.value.reason == "not a regular file (FIFO); not read"
    with pytest.raises(InputError) as raised:
        read_regular(write(tmp_path / "grown.txt", "x" * (MB + 1)), MB)
    assert raised.value.reason == (
        "file grew past the 1 MB limit while it was read (raise it with --max-file-mb or "
        "max_file_mb in the config file)"
    )
    assert read_regular(write(tmp_path / "ok.txt", "x" * MB), MB) == b"x" * MB


# --- Two ingests sharing a store each count what they stored ------------------------------


class _MeanwhileEmbedder:
    """The real model; before its first call returns, ``meanwhile`` runs (another ingest)."""

    def __init__(self, inner: Embedder, meanwhile: Callable[[], None]) -> None:
        self.inner, self.meanwhile = inner, meanwhile
        self.name, self.dim, self.remote = inner.name, inner.dim, inner.remote
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.calls += 1
        if self.calls == 1:
            self.meanwhile()
        return self.inner.embed(texts)


def test_two_ingests_of_the_same_files_into_one_store_add_them_once(
    tmp_path: Path, workspace: Workspace, settings: Settings, embedder: Embedder
) -> None:
    root = tmp_path / "in"
    write(root / "a.txt", "Company: Acme\n\nThe take-home lacked tests.")
    write(root / "b.txt", "Company: Beta\n\nThe SQL round was weak on joins.")
    other: list[IngestReport] = []

    def other_ingest() -> None:
        other.append(Workspace(settings, embedder=embedder).ingest([root]))

    # the other ingest stores both records after this one found them missing
    racing = _MeanwhileEmbedder(embedder, other_ingest)
    mine = IngestRunner(workspace.store, racing, max_bytes=MB).run([root])
    [theirs] = other
    assert (theirs.added, theirs.unchanged, len(theirs.added_ids)) == (2, 0, 2)
    assert (mine.added, mine.unchanged, mine.added_ids) == (0, 2, [])
    assert (mine.total, workspace.store.count()) == (2, 2)
