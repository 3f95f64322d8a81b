"""What people look at: the report, the cohort overview, the themes in Markdown.

One package renders every page and document nextround writes, so the same
escaping covers them all: :mod:`nextround.report.html` (``report.html`` and a
batch's ``index.html``) and :mod:`nextround.report.markdown` (``report.md`` and
``themes --format md``). Terminal output lives in :mod:`nextround.render`.

>>> html_path, md_path = write_report(analysis, Path("my-report"))   # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from nextround.report.analysis import MAX_DRAFTS, MAX_THEMES, STAGE_ORDER, Analysis, packs_line
from nextround.report.html import (
    CohortProfile,
    bar_chart,
    funnel_chart,
    month_grid,
    progress_timeline,
    render_html,
    render_index,
    sparkline,
)
from nextround.report.markdown import md, md_code, md_span, render_markdown, themes_markdown

__all__ = [
    "MAX_DRAFTS",
    "MAX_THEMES",
    "STAGE_ORDER",
    "Analysis",
    "CohortProfile",
    "bar_chart",
    "funnel_chart",
    "md",
    "md_code",
    "md_span",
    "month_grid",
    "packs_line",
    "progress_timeline",
    "render_html",
    "render_index",
    "render_markdown",
    "sparkline",
    "themes_markdown",
    "write_report",
]


def write_report(analysis: Analysis, folder: Path) -> tuple[Path, Path]:
    """Write ``report.html`` and ``report.md`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    html_path, md_path = folder / "report.html", folder / "report.md"
    html_path.write_text(render_html(analysis), encoding="utf-8")
    md_path.write_text(render_markdown(analysis), encoding="utf-8")
    return html_path, md_path
