"""The report: self-contained, accessible, and checked in a real headless browser."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from browser import headless_page
from nextround import Settings, Workspace
from nextround.cli import app
from nextround.embed import MiniLMEmbedder
from nextround.models import (
    AnalysisResult,
    Quote,
    ReducedConfidence,
    SkippedInput,
    Theme,
    ThemeReport,
)
from nextround.report import render_index, themes_markdown

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "feedback"


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder) -> AnalysisResult:
    root = tmp_path_factory.mktemp("report")
    settings = Settings.load(
        home=root / "home", profile="jordan", candidate_name="Jordan Ellis", env={}
    )
    return Workspace(settings, embedder=embedder).analyze([CORPUS], root / "out")


def test_analyze_writes_report_and_replies(analysed: AnalysisResult) -> None:
    # the Parcelly reschedule is an interview invitation: set aside, not feedback
    assert analysed.ingest.added == 172 and analysed.ingest.skipped == []
    assert [s.kind for s in analysed.ingest.set_aside] == ["interview_invitation"]
    assert analysed.html.name == "report.html" and analysed.markdown.name == "report.md"
    replies = analysed.html.parent / "replies"
    assert len(list(replies.glob("*.txt"))) == len(analysed.drafts) == 172
    assert all(d.tone_flags == [] and d.safety_flags == [] for d in analysed.drafts)


def test_html_is_self_contained_and_accessible(analysed: AnalysisResult) -> None:
    page = analysed.html.read_text(encoding="utf-8")
    for forbidden in ("<script", "<link", "<img", "src=", "url(", "@import", 'href="http'):
        assert forbidden not in page, forbidden
    assert page.startswith("<!doctype html>") and '<html lang="en">' in page
    svgs = re.findall(r"<svg[^>]*>", page)
    assert svgs and all('role="img"' in s for s in svgs)
    # every chart starts with its text alternative
    assert len(re.findall(r"<svg[^>]*><title", page)) == page.count("<svg")
    themes = [t for t in analysed.themes.themes if t.actionable]
    for rank, theme in enumerate(themes[:12], start=1):
        assert f"<h3>{rank}. {theme.label}</h3>" in page
    assert page.index(">What's getting better</h2>") < page.index(">At a glance</h2>")
    for section in (
        "What's getting better",
        "At a glance",
        "What keeps coming up",
        "Not about you",
        "Drafted replies",
        "Read with less confidence",
        "How this was made",
        "Sources",
    ):
        assert f">{section}</h2>" in page
    # every quote links to its source row
    for target in re.findall(r'href="#(rec-[0-9a-f]+)"', page):
        assert f'id="{target}"' in page


def test_markdown_has_the_same_content(analysed: AnalysisResult) -> None:
    text = analysed.markdown.read_text(encoding="utf-8")
    for rank, theme in enumerate([t for t in analysed.themes.themes if t.actionable][:12], 1):
        assert f"### {rank}. {theme.label}" in text
    assert "## Not about you" in text and "## Drafted replies" in text
    assert text.index("## What's getting better") < text.index("## At a glance")


def test_report_in_headless_chromium(analysed: AnalysisResult, tmp_path: Path) -> None:
    with headless_page(tmp_path / "profile") as tools:
        tools.open(analysed.html)
        headings = tools.evaluate(
            "JSON.stringify(Array.from(document.querySelectorAll('h3')).map(h => h.textContent))"
        )
        sections = tools.evaluate(
            "JSON.stringify(Array.from(document.querySelectorAll('h2')).map(h => h.textContent))"
        )
        shot = tools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        (tmp_path / "report.png").write_bytes(base64.b64decode(shot["data"]))
    assert tools.errors() == []
    requests = tools.requests()
    assert requests and all(url.startswith("file://") for url in requests), requests
    labels = [t.label for t in analysed.themes.themes if t.actionable][:3]
    shown = json.loads(headings)
    for rank, label in enumerate(labels, start=1):
        assert f"{rank}. {label}" in shown
    assert (tmp_path / "report.png").stat().st_size > 20_000
    # "What's getting better" leads the page as the browser shows it
    assert json.loads(sections)[:2] == ["What's getting better", "At a glance"]


def test_analyze_cli(tmp_path: Path) -> None:
    notes = tmp_path / "in"
    notes.mkdir()
    for i in range(4):
        (notes / f"n{i}.txt").write_text(
            f"Company: Co{i}\nStage: onsite\n\nYour system design skipped capacity estimates "
            f"and the write path never scaled (round {i}).",
            encoding="utf-8",
        )
    (notes / "x.pdf").write_bytes(b"%PDF")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["analyze", str(notes), "--out", str(out), "--json"])
    assert result.exit_code == 3  # one input skipped
    data = json.loads(result.stdout)
    assert data["ingest"]["added"] == 4 and len(data["ingest"]["skipped"]) == 1
    assert data["report"]["html"] == str(out / "report.html")
    assert next(t["id"] for t in data["themes"]["themes"] if t["actionable"]) == "system_design"
    assert (out / "report.html").is_file() and (out / "report.md").is_file()


HOSTILE = "Acme<script>alert(1)</script> ![p](https://evil.example/p.png) `code` *x*"


def _theme(actionable: bool) -> Theme:
    return Theme(
        id="t",
        label=f"Label {HOSTILE}",
        summary=f"# {HOSTILE}",
        actionable=actionable,
        feedback_ids=["a1"],
        quotes=[Quote(feedback_id="a`1", text=f"{HOSTILE}\n- not a list", start=0, end=1)],
        keywords=[],
        stages={},
        months={},
        first_seen=None,
        last_seen=None,
        practice=[f"1. {HOSTILE}"],
    )


def test_themes_markdown_shows_data_as_text() -> None:
    report = ThemeReport(
        themes=[_theme(True), _theme(False)],
        non_actionable_ids=["a1"],
        unassigned_ids=[],
        reduced_confidence=[ReducedConfidence(feedback_id="a1", language="<de>", reason="")],
        engine={"ranking": HOSTILE},
    )
    text = themes_markdown(report, "demo")
    assert text.startswith("# What keeps coming up — profile `demo`")
    assert "## 1. Label Acme&lt;script&gt;" in text and "Practice:" in text
    assert "— ``a`1``" in text  # an id in code that its backtick cannot close
    page = MarkdownIt("commonmark").render(text)
    assert not re.search(r"<(script|img|a )|<em>x</em>|<li>not a list", page), page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5


def test_cohort_index_escapes_every_value() -> None:
    @dataclass
    class Row:
        profile: str = "p<b>"
        status: str = "done"
        records: int = 3
        actionable_share: float = 0.5
        top_themes: list[str] = field(default_factory=lambda: ["<i>design</i>"])
        skipped: list[SkippedInput] = field(
            default_factory=lambda: [SkippedInput(source="<x>.pdf", reason="")]
        )
        error: str = ""

    page = render_index([Row(), Row(profile="q", status="failed", error="<oops>")])
    assert "1 of 2 profiles analysed" in page
    assert "<td>&lt;i&gt;design&lt;/i&gt;</td><td>1 of 1</td>" in page
    assert "<td>p&lt;b&gt;</td><td>done</td><td>3</td><td>50%</td>" in page
    assert "&lt;oops&gt;" in page and "&lt;x&gt;.pdf" in page
