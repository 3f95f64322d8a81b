"""Feedback you asked for: marking replies sent, waiting, and linking the answer."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nextround import Settings, Workspace
from nextround.cli import EXIT_ERROR, EXIT_USAGE, app
from nextround.embed import MiniLMEmbedder
from nextround.errors import InputError, NotFoundError, UsageError
from nextround.models import FeedbackRecord
from nextround.progress.requests import (
    RequestStatus,
    SentRegistry,
    SentRequest,
    draft_file_target,
    name_key,
    request_statuses,
)

TODAY = dt.date.today()
ROWS = [
    # The request goes to Dana about this rejection, which carries no feedback.
    (
        "a1",
        "Acme Health",
        "Dana Whitfield",
        "2026-03-01",
        "We have decided to move forward with other candidates for the Data Analyst role.",
    ),
    # Earlier than the request: never its answer.
    (
        "a0",
        "Acme Health",
        "Dana Whitfield",
        "2026-02-20",
        "Thanks for completing the take-home exercise; the SQL was clean and well commented.",
    ),
    # Same company, another person: not Dana's answer, though it comes first.
    (
        "a3",
        "ACME Health",
        "Priya Natarajan",
        "2026-03-08",
        "The dashboard exercise was tidy but the statistics answers lacked confidence intervals.",
    ),
    # Dana's answer: later, same person, the company written differently.
    (
        "a2",
        "acme health.",
        "dana whitfield",
        "2026-03-12",
        "As promised, some feedback: your "
        "SQL was strong, but the case study did not size the problem before solving it.",
    ),
    (
        "k1",
        "Kestrel Cloud",
        "Malia Fonoti",
        "2026-03-03",
        "Unfortunately we will not be "
        "moving forward with your application for the Platform Engineer role.",
    ),
]

runner = CliRunner()


@pytest.fixture(scope="module")
def module_ws(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder) -> Workspace:
    root = tmp_path_factory.mktemp("requests")
    path = root / "rows.jsonl"
    rows = [
        {"id": i, "company": c, "role": "Data Analyst", "interviewer": p, "date": d, "feedback": f}
        for i, c, p, d, f in ROWS
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    settings = Settings.load(home=root / "home", profile="q", candidate_name="Jordan Ellis", env={})
    ws = Workspace(settings, embedder=embedder)
    assert ws.ingest([path]).added == len(ROWS)
    return ws


@pytest.fixture
def ws(module_ws: Workspace) -> Workspace:
    """The module's records, with nothing marked sent yet."""
    shutil.rmtree(module_ws.settings.home / "sent", ignore_errors=True)
    return module_ws


def rid(ws: Workspace, row: str) -> str:
    [record] = [r for r in ws.records() if r.source.endswith(f"#{row}")]
    return record.id


def mark(ws: Workspace, *args: str) -> tuple[int, str, str]:
    base = ["--home", str(ws.settings.home), "--profile", "q"]
    result = runner.invoke(app, ["mark-sent", *args, *base])
    return result.exit_code, result.stdout, result.stderr


def statuses(ws: Workspace, today: dt.date = TODAY, wait_days: int = 10) -> list[RequestStatus]:
    sent = SentRegistry(ws.settings.home, ws.profile).all()
    return request_statuses(sent, ws.records(), today, wait_days)


def days_ago(n: int) -> str:
    return (TODAY - dt.timedelta(days=n)).isoformat()


# -- marking through the CLI ------------------------------------------------------


def test_mark_sent_records_a_feedback_request(ws: Workspace) -> None:
    a1 = rid(ws, "a1")
    code, out, err = mark(ws, a1[:6], "--date", "2026-03-02")
    assert (code, err) == (0, "")
    assert out == (
        f"Marked the feedback_request to Dana Whitfield at Acme Health ({a1}) as sent on "
        "2026-03-02. nextround sent nothing.\n"
    )
    [stored] = SentRegistry(ws.settings.home, "q").all()
    assert stored == SentRequest(
        a1,
        "Acme Health",
        "Dana Whitfield",
        "feedback_request",
        dt.date(2026, 3, 2),
        known_ids=tuple(sorted(rid(ws, r) for r in ("a0", "a1", "a2", "a3"))),
    )
    saved = json.loads((ws.settings.home / "sent" / "q.json").read_text(encoding="utf-8"))
    assert [e["feedback_id"] for e in saved["sent"]] == [a1]


def test_marking_twice_keeps_the_first_date_unless_given(ws: Workspace) -> None:
    k1 = rid(ws, "k1")
    assert mark(ws, k1, "--date", days_ago(3))[0] == 0
    code, out, _ = mark(ws, k1)
    what = f"feedback_request to Malia Fonoti at Kestrel Cloud ({k1})"
    assert code == 0
    assert out == (
        f"The {what} was already marked as sent on {days_ago(3)}; kept that date "
        "(give --date to change it).\n"
    )
    code, out, _ = mark(ws, k1, "--date", days_ago(1), "--json")
    assert code == 0
    assert json.loads(out) == {
        "feedback_id": k1,
        "company": "Kestrel Cloud",
        "interviewer": "Malia Fonoti",
        "kind": "feedback_request",
        "sent": days_ago(1),
        "previously_sent": days_ago(3),
    }
    [stored] = SentRegistry(ws.settings.home, "q").all()
    assert stored.sent == TODAY - dt.timedelta(days=1)
    # another kind for the same record is another entry
    code, out, _ = mark(ws, k1, "--kind", "thank_you")
    assert code == 0 and out.startswith(
        f"Marked the thank_you to Malia Fonoti at Kestrel Cloud ({k1})"
    )
    assert [s.kind for s in SentRegistry(ws.settings.home, "q").all()] == [
        "feedback_request",
        "thank_you",
    ]


def test_mark_sent_from_saved_draft_files(ws: Workspace, tmp_path: Path) -> None:
    k1, a1 = rid(ws, "k1"), rid(ws, "a1")
    eml = tmp_path / f"{k1}-feedback_request.eml"
    base = ["--home", str(ws.settings.home), "--profile", "q"]
    made = runner.invoke(app, ["reply", k1, "--kind", "feedback_request", "--eml", str(eml), *base])
    assert made.exit_code == 0 and eml.is_file()
    code, out, _ = mark(ws, str(eml), "--date", "2026-03-04")
    assert code == 0 and out.startswith(
        f"Marked the feedback_request to Malia Fonoti at Kestrel Cloud ({k1})"
    )
    drafts = ws.draft_pending(tmp_path / "drafts").drafts
    [txt] = (tmp_path / "drafts").glob(f"{a1}-*.txt")
    assert drafts and txt.name == f"{a1}-feedback_request.txt"
    assert mark(ws, str(txt), "--date", "2026-03-02")[0] == 0
    thanks = tmp_path / f"{a1}-thank_you.txt"  # the name is all that is read
    assert mark(ws, str(thanks))[0] == 0
    got = [(s.feedback_id, s.kind, s.sent) for s in SentRegistry(ws.settings.home, "q").all()]
    assert got == [
        (a1, "feedback_request", dt.date(2026, 3, 2)),
        (k1, "feedback_request", dt.date(2026, 3, 4)),
        (a1, "thank_you", TODAY),
    ]
    code, _, err = mark(ws, str(eml), "--kind", "thank_you")
    assert code == EXIT_USAGE
    assert err == "Error: the draft's file name says feedback_request, but --kind says thank_you\n"
    code, _, err = mark(ws, str(tmp_path / "notes.txt"))
    assert code == EXIT_USAGE
    assert err.startswith(f"Error: '{tmp_path / 'notes.txt'}' is not named like a saved draft")


def test_errors_are_specific(ws: Workspace) -> None:
    a1 = rid(ws, "a1")
    code, out, err = mark(ws, "zzzz9999")
    assert (code, out) == (EXIT_ERROR, "")
    assert err == "Error: no record 'zzzz9999' in profile 'q' (see `nextround list` for the ids)\n"
    code, _, err = mark(ws, a1, "--date", "2026-13-01")
    assert code == EXIT_USAGE
    assert err == (
        "Error: the sent date '2026-13-01' is not a date: give it as YYYY-MM-DD, like 2026-03-14\n"
    )
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    code, _, err = mark(ws, a1, "--date", tomorrow)
    assert code == EXIT_USAGE
    assert err == (
        f"Error: the sent date {tomorrow} is in the future (today is {TODAY.isoformat()}): "
        "mark a reply sent once you have sent it\n"
    )
    code, _, err = mark(ws, a1, "--kind", "poem")
    assert code == EXIT_USAGE
    assert err == (
        "Error: unknown reply kind 'poem' (kinds: thank_you, feedback_request, linkedin_note, "
        "stay_in_touch)\n"
    )
    assert "Traceback" not in err
    assert SentRegistry(ws.settings.home, "q").all() == []
    with pytest.raises(NotFoundError):
        ws.mark_sent("zzzz9999")
    with pytest.raises(UsageError):
        ws.mark_sent(a1, sent=TODAY + dt.timedelta(days=1))


# -- waiting and answered -----------------------------------------------------------


def test_waiting_after_ten_days_by_default_or_n(ws: Workspace) -> None:
    k1 = rid(ws, "k1")
    ws.mark_sent(k1, sent=TODAY - dt.timedelta(days=9))
    [status] = statuses(ws)
    assert (status.status, status.days, status.answer_id) == ("sent", 9, None)
    assert statuses(ws, TODAY + dt.timedelta(days=1))[0].status == "waiting"
    assert statuses(ws, wait_days=9)[0].status == "waiting"
    assert statuses(ws, wait_days=30)[0].status == "sent"
    ws.mark_sent(k1, sent=TODAY - dt.timedelta(days=10))
    assert statuses(ws)[0].as_dict() == {
        "feedback_id": k1,
        "company": "Kestrel Cloud",
        "sent": days_ago(10),
        "status": "waiting",
        "answer_id": None,
    }
    ws.mark_sent(k1, "thank_you", sent=TODAY - dt.timedelta(days=40))
    assert [s.feedback_id for s in statuses(ws)] == [k1]  # a thank-you is no request


def test_answer_is_the_later_record_from_the_same_company_and_person(ws: Workspace) -> None:
    a1, a2 = rid(ws, "a1"), rid(ws, "a2")
    ws.mark_sent(a1, sent="2026-03-02")
    ws.mark_sent(rid(ws, "k1"), sent="2026-03-02")
    got = [(s.feedback_id, s.status, s.answer_id) for s in statuses(ws)]
    # a3 (same company, 2026-03-08) is Priya's, not Dana's; a0 is earlier
    assert sorted(got) == sorted([(a1, "answered", a2), (rid(ws, "k1"), "waiting", None)])
    assert [s.feedback_id for s in statuses(ws)] == sorted([a1, rid(ws, "k1")])


def test_an_earlier_record_never_answers(ws: Workspace) -> None:
    a2 = rid(ws, "a2")
    ws.mark_sent(a2, sent="2026-03-13")  # a0, a1, a3 are all older; a2 is the request itself
    [status] = statuses(ws)
    assert (status.status, status.answer_id) == ("waiting", None)


# -- the linking rule, on records made here -----------------------------------------


def record(rid: str, company: str, person: str = "", date: str | None = None) -> FeedbackRecord:
    return FeedbackRecord(
        id=rid,
        source=f"notes/{rid}.txt",
        text="Feedback.",
        clean_text="Feedback.",
        redacted_text="Feedback.",
        company=company,
        interviewer=person,
        date=dt.date.fromisoformat(date) if date else None,
        content_hash=rid,
    )


def answer_to(request: SentRequest, *records: FeedbackRecord) -> str | None:
    [status] = request_statuses([request], list(records), dt.date(2026, 6, 1))
    return status.answer_id


def test_names_compare_without_case_or_punctuation() -> None:
    assert name_key("Acme Health") == name_key("acme health.") == "acme health"
    assert name_key("O'Neil-Smith") == name_key("o neil smith")
    assert name_key("Acme Health") != name_key("Acme Healthcare")


def test_person_matters_only_when_both_are_named() -> None:
    asked = record("r1", "Acme Health", "Dana Whitfield", "2026-03-01")
    request = SentRequest.for_record(asked, "feedback_request", dt.date(2026, 3, 2), [asked])
    assert answer_to(request, asked, record("x", "Acme Health", "Sam Ortiz", "2026-03-05")) is None
    assert answer_to(request, asked, record("y", "Acme Health", "", "2026-03-05")) == "y"
    assert (
        answer_to(request, asked, record("z", "Other Co", "Dana Whitfield", "2026-03-05")) is None
    )
    same_day = record("s", "Acme Health", "Dana Whitfield", "2026-03-02")
    assert answer_to(request, asked, same_day) is None
    nobody = SentRequest.for_record(
        record("r2", "Acme Health", "", "2026-03-01"), "feedback_request", dt.date(2026, 3, 2), []
    )
    assert answer_to(nobody, record("x", "Acme Health", "Sam Ortiz", "2026-03-05")) == "x"
    # the earliest qualifying record is the answer
    later = record("w", "Acme Health", "Dana Whitfield", "2026-04-01")
    sooner = record("v", "acme health", "DANA WHITFIELD", "2026-03-20")
    assert answer_to(request, asked, later, sooner) == "v"


def test_undated_records_answer_only_when_stored_after_the_request() -> None:
    asked = record("r1", "Acme Health", "Dana Whitfield", "2026-03-01")
    old = record("old", "Acme Health", "Dana Whitfield")
    request = SentRequest.for_record(asked, "feedback_request", dt.date(2026, 3, 2), [asked, old])
    assert request.known_ids == ("old", "r1")
    assert answer_to(request, asked, old) is None
    new = record("new", "Acme Health", "Dana Whitfield")
    assert answer_to(request, asked, old, new) == "new"
    dated = record("zz", "Acme Health", "Dana Whitfield", "2026-03-09")
    assert answer_to(request, asked, old, new, dated) == "zz"  # a dated answer comes first


def test_a_request_without_a_company_is_never_answered() -> None:
    asked = record("r1", "", "Dana Whitfield", "2026-03-01")
    request = SentRequest.for_record(asked, "feedback_request", dt.date(2026, 3, 2), [asked])
    assert answer_to(request, record("x", "", "Dana Whitfield", "2026-03-05")) is None


def test_draft_file_names() -> None:
    assert draft_file_target("out/3f9a1c0b2d4e-feedback_request.txt") == (
        "3f9a1c0b2d4e",
        "feedback_request",
    )
    assert draft_file_target("3f9a1c0b2d4e-linkedin_note.eml") == ("3f9a1c0b2d4e", "linkedin_note")
    assert draft_file_target("3f9a1c") is None
    with pytest.raises(UsageError, match="not named like a saved draft"):
        draft_file_target("3f9a1c-poem.txt")


def test_registry_survives_reopening_and_rejects_a_broken_file(tmp_path: Path) -> None:
    reg = SentRegistry(tmp_path, "p")
    first = SentRequest("b", "Acme", "", "feedback_request", dt.date(2026, 3, 5))
    second = SentRequest("a", "Acme", "", "feedback_request", dt.date(2026, 3, 5))
    assert reg.add(first).previously_sent is None
    reg.add(second)
    again = reg.add(replace(first, sent=dt.date(2026, 3, 9)))
    assert (again.sent, again.previously_sent) == (dt.date(2026, 3, 5), dt.date(2026, 3, 5))
    assert [s.feedback_id for s in SentRegistry(tmp_path, "p").all()] == ["a", "b"]
    assert sorted(p.name for p in (tmp_path / "sent").iterdir()) == ["p.json"]  # no temp left
    (tmp_path / "sent" / "p.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read the replies marked sent"):
        SentRegistry(tmp_path, "p").all()
