"""The report, and the themes on their own, as Markdown.

Everything from records is escaped, so the Markdown renders as text in any
CommonMark viewer: no raw HTML, no links or images, no emphasis or table
breaks taken from the data.
"""

from __future__ import annotations

import datetime as dt
import re

from nextround.models import ThemeReport
from nextround.progress.model import DatedQuote, Progress
from nextround.progress.thresholds import thresholds_text
from nextround.report.analysis import STAGE_ORDER, Analysis, packs_line
from nextround.textnorm import one_line

# Markdown: everything from records is escaped, so report.md renders as text
# in any CommonMark viewer: no raw HTML, no links or images, no emphasis or
# table breaks taken from the data. Characters with meaning anywhere in a line
# get a backslash (CommonMark escapes any ASCII punctuation that way); & < >
# become entities, so an entity in the data shows as written.
_MD_INLINE = re.compile(r"([\\`*_\[\]!|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def md(text: object) -> str:
    """A value from data as Markdown text on one line, shown exactly as written."""
    flat = one_line(str(text))
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    flat = _MD_INLINE.sub(r"\\\1", flat)
    # a block marker at the start: "# x", "- x", "> x" get a backslash, "1. x" becomes "1\\. x"
    return _MD_LINE_START.sub(
        lambda m: (
            m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2))
        ),
        flat,
    )


def md_code(text: str, info: str = "text") -> list[str]:
    """``text`` as a fenced code block whose fence no line of ``text`` can close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{info}", text, fence]


def md_span(text: object) -> str:
    """A value from data as inline code on one line, in backticks it cannot close."""
    flat = one_line(str(text))
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{ticks}{pad}{flat}{pad}{ticks}"


def render_markdown(analysis: Analysis) -> str:
    """The same content as Markdown (charts become tables); every value from data escaped."""
    a = analysis
    lines = [
        f"# What to practise next — profile {md(a.profile)}",
        "",
        f"Generated {a.generated.isoformat()}.",
        "",
        *(progress_markdown(a.progress) if a.progress else []),
        "## At a glance",
        "",
    ]
    lines += [f"- **{md(value)}** {md(label)}" for label, value in a.headline().items()]
    lines += ["", "| stage | rejections |", "|---|---:|"]
    lines += [f"| {s.value} | {sum(1 for r in a.records if r.stage is s)} |" for s in STAGE_ORDER]
    lines += ["", "## What keeps coming up", ""]
    if not a.actionable:
        lines += ["No recurring actionable themes yet.", ""]
    months = a.months()
    for rank, theme in enumerate(a.actionable, start=1):
        trend = " ".join(str(theme.months.get(m, 0)) for m in months)
        lines += [
            f"### {rank}. {md(theme.label)}",
            "",
            md(theme.summary),
            "",
            f"By month ({months[0] if months else ''} to {months[-1] if months else ''}): {trend}",
            "",
        ]
        lines += [f"> {md(q.text)} — {md(q.feedback_id)}" for q in theme.quotes]
        if theme.practice:
            lines += ["", "Practice plan:", ""]
            lines += [f"{i}. {md(step)}" for i, step in enumerate(theme.practice, start=1)]
        lines.append("")
    lines += [
        "## Not about you",
        "",
        "Some rejections say nothing about your interviews: the role was filled or closed, "
        "an internal candidate was chosen, or the company went another way. Don't take "
        "these personally.",
        "",
    ]
    lines += [f"- **{md(t.label)}**: {len(t.feedback_ids)} records" for t in a.not_actionable]
    if a.drafts:
        lines += [
            "",
            "## Drafted replies",
            "",
            "Drafts to review and send yourself. Nothing was sent.",
            "",
        ]
        for draft in a.shown_drafts:
            flags = draft.tone_flags + draft.safety_flags
            check = (
                "tone check passed"
                if not flags
                else "check: " + ", ".join(f["kind"] for f in flags)
            )
            lines += [
                f"### {md(draft.kind.replace('_', ' '))} — {md(draft.feedback_id)} ({md(check)})",
                "",
            ]
            text = (f"Subject: {one_line(draft.subject)}\n\n" if draft.subject else "") + draft.body
            lines += [*md_code(text), ""]
    if a.themes.reduced_confidence:
        lines += ["", "## Read with less confidence", ""]
        lines += [f"- {md(r.feedback_id)} ({md(r.language)})" for r in a.themes.reduced_confidence]
    engine = a.themes.engine
    lines += [
        "",
        "## How this was made",
        "",
        f"- Theme engine: {md(engine.name)} {md(engine.version)}, embedding model "
        f"{md(engine.model)}, taxonomy {md(engine.taxonomy)}",
        f"- {md(packs_line(engine))}",
        f"- Ranking: {md(engine.ranking)}.",
        "",
        "## Sources",
        "",
        "| id | date | company | stage | source |",
        "|---|---|---|---|---|",
    ]
    for r in sorted(a.records, key=lambda r: (r.date or dt.date.min, r.id)):
        lines.append(
            f"| {md(r.id)} | {r.date or ''} | {md(r.company)} | {r.stage.value} | {md(r.source)} |"
        )
    return "\n".join(lines) + "\n"


def themes_markdown(report: ThemeReport, profile: str) -> str:
    """The themes on their own (``themes --format md``): ranked, with quotes and practice."""
    actionable = [t for t in report.themes if t.actionable]
    other = [t for t in report.themes if not t.actionable]
    lines = [f"# What keeps coming up — profile {md_span(profile)}", ""]
    if not actionable:
        lines += ["No recurring actionable themes yet.", ""]
    for rank, theme in enumerate(actionable, start=1):
        lines += [f"## {rank}. {md(theme.label)}", "", md(theme.summary), ""]
        lines += [f"> {md(q.text)} — {md_span(q.feedback_id)}" for q in theme.quotes]
        if theme.quotes:
            lines.append("")
        if theme.practice:
            lines += ["Practice:", ""] + [f"- {md(step)}" for step in theme.practice] + [""]
    if other:
        lines += ["## Not about you", ""]
        lines += [
            f"- **{md(t.label)}**: {len(t.feedback_ids)} records. {md(t.summary)}" for t in other
        ]
        lines.append("")
    if report.reduced_confidence:
        ids = ", ".join(
            f"{md_span(r.feedback_id)} ({md(r.language)})" for r in report.reduced_confidence
        )
        lines += [f"Analysed with reduced confidence (language): {ids}", ""]
    lines += [f"_{md(packs_line(report.engine))}_", ""]
    lines += [f"_Ranking: {md(report.engine.ranking)}._", ""]
    return "\n".join(lines)


def progress_markdown(progress: Progress) -> list[str]:
    """The report's "What's getting better" section as Markdown (charts become tables)."""
    lines = ["## What's getting better", ""]
    for line in progress.summary:
        lines += [md(line), ""]
    if progress.themes:
        lines += [
            "| theme | status | criticised before | criticised since | praised since "
            "| change point |",
            "|---|---|---:|---:|---:|---|",
        ]
        for t in progress.themes:
            ev = t.evidence
            lines.append(
                f"| {md(t.label)} | {t.status.value} | {ev.critical} of {ev.records_before} "
                f"| {ev.critical_since} of {ev.records_since} | {ev.praise_since} "
                f"| {t.change_point or ''} |"
            )
        lines.append("")
        for t in progress.themes:
            ev = t.evidence
            if t.status.value in ("resolved", "fading") and ev.last_critical:
                lines += [f"### {md(t.label)}: {t.status.value}", ""]
                lines.append(f"> Last criticised {_dated(ev.last_critical)}")
                if ev.first_praise:
                    lines += [">", f"> Then praised {_dated(ev.first_praise)}"]
                lines.append("")
        lines += [f"How a status is decided: {md(thresholds_text())}", ""]
    lines += ["### Strengths", ""]
    if not progress.strengths:
        lines += ["No praise on a competency yet.", ""]
    else:
        lines += ["Praise only: keep doing these, and mention them in your next interview.", ""]
    for s in progress.strengths:
        lines += [f"#### {md(s.label)} ({s.count} record{'s' if s.count != 1 else ''})", ""]
        lines += [f"> {_dated(q)}\n" for q in s.quotes]
    if progress.funnel:
        stages = list(progress.funnel[0].by_stage)
        lines += [
            "### Getting further",
            "",
            "| period | " + " | ".join(stages) + " | reached an interview |",
            "|---|" + "---:|" * (len(stages) + 1),
        ]
        lines += [
            f"| {md(p.period)} | "
            + " | ".join(str(p.by_stage[s]) for s in stages)
            + f" | {p.reached_interview} of {p.total} |"
            for p in progress.funnel
        ]
        lines.append("")
    lines += ["### Feedback you asked for", ""]
    if not progress.requests:
        lines += ["No feedback requests marked sent (`nextround mark-sent ID`).", ""]
    else:
        lines += [
            f"- {md(r.sent)} {md(r.company)}: {md(r.status)}"
            + (f" (answer {md(r.answer_id)})" if r.answer_id else "")
            for r in progress.requests
        ]
        lines.append("")
    return lines


def _dated(quote: DatedQuote) -> str:
    return f"{md(quote.date or 'undated')}: {md(quote.text)} — {md(quote.feedback_id)}"
