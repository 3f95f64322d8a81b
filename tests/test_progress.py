"""What's getting better: theme status over time, strengths, the funnel, requests.

A planted timeline with explicit dates, read by the real engine and model:

* testing: criticised three times (Jan–Feb), then praised twice (May): resolved;
* system design: criticised three times (Jan–Feb), then silence: fading;
* communication: criticised twice, then praised once: never resolved (unclear);
* SQL: criticised twice, both in June: new;
* two "impressed with your background, but…" rejections: no strength.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nextround import Settings, Workspace
from nextround.cli import app
from nextround.embed import MiniLMEmbedder
from nextround.models import FeedbackRecord
from nextround.progress.model import DatedQuote, Progress

TODAY = dt.date(2026, 7, 1)
ROWS = [
    ("t1", "2026-01-10", "Acme", "technical",
     "Thanks for your time. You did not write any unit tests for your solution and missed "
     "several edge cases."),
    ("t2", "2026-01-24", "Birch", "onsite",
     "The interviewers noted that testing was weak: no tests for the edge cases such as empty "
     "input."),
    ("t3", "2026-02-07", "Cobalt", "technical",
     "Your code worked, but there were no unit tests and the edge cases were not considered."),
    ("d1", "2026-01-15", "Delta", "onsite",
     "Your system design lacked depth: you did not discuss scaling, bottlenecks or failure "
     "handling."),
    ("d2", "2026-02-12", "Ember", "onsite",
     "In the architecture round you struggled with trade-offs and did not explain how the "
     "system would scale."),
    ("d3", "2026-02-26", "Fjord", "final",
     "The system design discussion stayed at a high level, without scaling or failure handling."),
    ("c1", "2026-01-20", "Gale", "phone-screen",
     "Your explanations were hard to follow; try to structure your answers and communicate "
     "more concisely."),
    ("c2", "2026-02-20", "Harbor", "phone-screen",
     "The panel found your communication unclear: answers rambled and lacked structure."),
    ("b1", "2026-03-05", "Iris", "application",
     "We were impressed with your background, but we decided to move forward with other "
     "candidates."),
    ("p1", "2026-05-04", "Juniper", "onsite",
     "Your testing was excellent: you wrote thorough unit tests and covered the edge cases "
     "carefully. We went with another candidate."),
    ("p2", "2026-05-18", "Kestrel", "final",
     "The team loved how you tested your code, covering edge cases with clear unit tests. Your "
     "communication was clear and well structured. The role was filled internally."),
    ("s1", "2026-06-02", "Lumen", "onsite",
     "Your SQL queries had mistakes in the joins and the schema was not normalised."),
    ("s2", "2026-06-16", "Mistral", "final",
     "The data modelling was weak: the joins were wrong and the indexes were missing from the "
     "schema."),
    ("b2", "2026-06-25", "Nimbus", "onsite",
     "We were impressed with your background, but we decided to move forward with other "
     "candidates."),
]  # fmt: skip


class Timeline:
    def __init__(self, root: Path, embedder: MiniLMEmbedder) -> None:
        source = root / "in" / "feedback.jsonl"
        source.parent.mkdir(parents=True)
        with source.open("w", encoding="utf-8") as fh:
            for key, day, company, stage, text in ROWS:
                row = {"id": key, "company": company, "stage": stage, "date": day, "feedback": text}
                fh.write(json.dumps(row) + "\n")
        self.home = root / "home"
        self.settings = Settings.load(home=self.home, profile="timeline", env={})
        self.ws = Workspace(self.settings, embedder=embedder)
        assert self.ws.ingest([source]).added == len(ROWS)
        by_company = {r.company: r for r in self.ws.records()}
        #: planted key -> stored record
        self.rec: dict[str, FeedbackRecord] = {k: by_company[c] for k, _, c, _, _ in ROWS}
        self.progress = self.ws.progress(today=TODAY)

    def theme(self, theme_id: str, progress: Progress | None = None) -> Any:
        return next(t for t in (progress or self.progress).themes if t.id == theme_id)

    def verbatim(self, quote: DatedQuote | None, key: str) -> bool:
        record = self.rec[key]
        return (
            quote is not None
            and quote.feedback_id == record.id
            and record.text[quote.start : quote.end] == quote.text
            and quote.date == (record.date.isoformat() if record.date else None)
        )


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder) -> Timeline:
    return Timeline(tmp_path_factory.mktemp("progress"), embedder)


def test_statuses_and_the_default_change_point(timeline: Timeline) -> None:
    # 90 days before the latest record (2026-06-25), with 9 records before and 5 since
    assert timeline.progress.since == "2026-03-27"
    assert [(t.id, t.status.value) for t in timeline.progress.themes] == [
        ("testing", "resolved"),
        ("system_design", "fading"),
        ("sql_data_modeling", "new"),
        ("communication", "unclear"),
    ]


def test_a_weakness_that_turns_to_praise_is_resolved(timeline: Timeline) -> None:
    theme = timeline.theme("testing")
    assert theme.status == "resolved"
    assert theme.change_point == "2026-05-04"  # the first praise after the last criticism
    ev = theme.evidence
    assert (ev.critical, ev.critical_since, ev.praise_since) == (3, 0, 2)
    assert (ev.records_before, ev.records_since) == (9, 5)
    assert timeline.verbatim(ev.last_critical, "t3") and ev.last_critical.date == "2026-02-07"
    assert ev.last_critical.text == (
        "but there were no unit tests and the edge cases were not considered."
    )
    assert timeline.verbatim(ev.first_praise, "p1") and ev.first_praise.date == "2026-05-04"


def test_a_weakness_that_goes_quiet_is_fading(timeline: Timeline) -> None:
    theme = timeline.theme("system_design")
    assert theme.status == "fading" and theme.change_point == "2026-03-27"
    ev = theme.evidence
    assert (ev.critical, ev.critical_since, ev.praise_since) == (3, 0, 0)
    assert timeline.verbatim(ev.last_critical, "d3") and ev.first_praise is None


def test_a_theme_raised_twice_is_never_resolved(timeline: Timeline) -> None:
    theme = timeline.theme("communication")
    # criticised twice, then praised: still too little to call it resolved (or fading)
    assert theme.status == "unclear"
    ev = theme.evidence
    assert (ev.critical, ev.critical_since, ev.praise_since) == (2, 0, 1)
    assert timeline.verbatim(ev.last_critical, "c2")
    assert timeline.verbatim(ev.first_praise, "p2")
    for day in ("2026-02-21", "2026-03-01", "2026-05-01", "2026-05-18"):
        fixed = timeline.ws.progress(since=dt.date.fromisoformat(day), today=TODAY)
        assert timeline.theme("communication", fixed).status != "resolved", day


def test_a_theme_first_raised_recently_is_new(timeline: Timeline) -> None:
    ev = timeline.theme("sql_data_modeling").evidence
    assert timeline.theme("sql_data_modeling").status == "new"
    assert (ev.critical, ev.critical_since) == (0, 2)
    assert timeline.verbatim(ev.last_critical, "s2")


def test_since_fixes_the_change_point(timeline: Timeline) -> None:
    fixed = timeline.ws.progress(since=dt.date(2026, 3, 1), today=TODAY)
    assert fixed.since == "2026-03-01"
    assert {t.change_point for t in fixed.themes} == {"2026-03-01"}
    testing = timeline.theme("testing", fixed)
    assert testing.status == "resolved"
    assert (testing.evidence.records_before, testing.evidence.records_since) == (8, 6)


def test_strengths_come_from_praise_only(timeline: Timeline) -> None:
    rec = timeline.rec
    got = [
        (s.competency, s.count, [q.feedback_id for q in s.quotes])
        for s in timeline.progress.strengths
    ]
    assert got == [
        ("testing", 2, [rec["p2"].id, rec["p1"].id]),  # most recent first
        ("communication", 1, [rec["p2"].id]),
    ]
    quotes = [q for s in timeline.progress.strengths for q in s.quotes]
    assert [q.text for q in quotes] == [
        "The team loved how you tested your code, covering edge cases with clear unit tests.",
        "Your testing was excellent: you wrote thorough unit tests and covered the edge cases "
        "carefully.",
        "Your communication was clear and well structured.",
    ]
    assert all(timeline.verbatim(q, k) for q, k in zip(quotes, ["p2", "p1", "p2"], strict=True))
    # "we were impressed with your background, but…" is a cushion, not a strength
    cushions = {rec["b1"].id, rec["b2"].id}
    assert not cushions & {q.feedback_id for q in quotes}


def test_funnel_counts_are_exact(timeline: Timeline) -> None:
    funnel = [f.model_dump() for f in timeline.progress.funnel]
    zero = dict.fromkeys(
        ["application", "recruiter-screen", "phone-screen", "technical", "take-home", "onsite",
         "final", "unknown"], 0,
    )  # fmt: skip
    assert funnel == [
        {
            "period": "2026-Q1",
            "by_stage": zero | {"application": 1, "phone-screen": 2, "technical": 2, "onsite": 3,
                                "final": 1},
            "reached_interview": 8,
            "total": 9,
        },
        {"period": "2026-Q2", "by_stage": zero | {"onsite": 3, "final": 2},
         "reached_interview": 5, "total": 5},
    ]  # fmt: skip
    assert timeline.progress.summary == [
        "Of 4 recurring themes: 1 fading, 1 new, 1 resolved, 1 unclear.",
        "Since 2026-03-27, 5 of 5 rejections came after an interview, against 8 of 9 before.",
        "Since 2026-03-27, 5 of 5 rejections came after an onsite or final round, against 4 of "
        "9 before.",
    ]


def test_output_is_deterministic_and_states_its_thresholds(timeline: Timeline) -> None:
    again = timeline.ws.progress(today=TODAY)
    assert json.dumps(again.as_json()) == json.dumps(timeline.progress.as_json())
    assert timeline.progress.thresholds["resolved_min_critical"] == 3
    assert timeline.progress.thresholds["min_records_since"] == 3


def test_report_leads_with_whats_getting_better(timeline: Timeline, tmp_path: Path) -> None:
    html_path, md_path = timeline.ws.report(tmp_path / "out")
    text = md_path.read_text(encoding="utf-8")
    assert text.index("## What's getting better") < text.index("## At a glance")
    assert "| Testing and edge cases | resolved | 3 of 9 | 0 of 5 | 2 | 2026-05-04 |" in text
    assert "| 2026-Q1 | 1 | 0 | 2 | 2 | 0 | 3 | 1 | 0 | 8 of 9 |" in text
    page = html_path.read_text(encoding="utf-8")
    assert page.index(">What's getting better</h2>") < page.index(">At a glance</h2>")
    assert "<td>Testing and edge cases</td><td>resolved</td><td>3 of 9</td>" in page
    assert "Criticism (filled dots) and praise (rings) by theme" in page
    assert "Rejections that came after an interview, by period. 2026-Q1: 8 of 9" in page


def test_cli_progress(timeline: Timeline) -> None:
    base = ["progress", "--home", str(timeline.home), "--profile", "timeline"]
    result = CliRunner().invoke(app, [*base, "--json", "--since", "2026-03-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["since"] == "2026-03-01"
    assert [(t["id"], t["status"]) for t in data["themes"]][:2] == [
        ("testing", "resolved"),
        ("system_design", "fading"),
    ]
    shown = CliRunner().invoke(app, base)
    assert shown.exit_code == 0, shown.output
    assert "What's getting better" in shown.stdout and "resolved" in shown.stdout
    assert "Testing and edge cases (2 records)" in shown.stdout
    bad = CliRunner().invoke(app, [*base, "--since", "March"])
    assert bad.exit_code == 2 and "expected a date like 2026-03-14" in bad.output


def test_feedback_requests_are_followed_up(timeline: Timeline) -> None:
    # last in this module: it marks a request sent in the shared profile
    nimbus = timeline.rec["b2"]
    timeline.ws.mark_sent(nimbus.id, "feedback_request", sent="2026-06-20")
    waiting = timeline.ws.progress(today=TODAY)  # 11 days: overdue at the default 10
    assert [r.model_dump() for r in waiting.requests] == [
        {"feedback_id": nimbus.id, "company": "Nimbus", "sent": "2026-06-20",
         "status": "waiting", "answer_id": None},
    ]  # fmt: skip
    fresh = timeline.ws.progress(today=TODAY, wait_days=20)
    assert [r.status for r in fresh.requests] == ["sent"]
