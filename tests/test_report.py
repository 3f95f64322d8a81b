"""The report: self-contained, accessible, and checked in a real headless browser."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from browser import headless_page
from nextround import Settings, Workspace
from nextround.cli import app
from nextround.embed import MiniLMEmbedder
from nextround.workspace import AnalysisResult

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
    for section in (
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


def test_report_in_headless_chromium(analysed: AnalysisResult, tmp_path: Path) -> None:
    with headless_page(tmp_path / "profile") as tools:
        tools.open(analysed.html)
        headings = tools.evaluate(
            "JSON.stringify(Array.from(document.querySelectorAll('h3')).map(h => h.textContent))"
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
