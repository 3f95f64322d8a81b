"""The report and the cohort overview as self-contained HTML pages.

No page makes a network request: styles are inline, charts are inline SVG with
text alternatives, and there is no script, so a page reads the same with
JavaScript off and prints cleanly. Every value from data goes through
:func:`_e`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from nextround.models import SkippedInput
from nextround.progress.model import DatedQuote, Progress
from nextround.progress.thresholds import thresholds_text
from nextround.report.analysis import STAGE_ORDER, Analysis, packs_line
from nextround.textnorm import one_line


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


# -- charts (inline SVG) ----------------------------------------------------------


def bar_chart(title: str, rows: Sequence[tuple[str, int]], width: int = 640) -> str:
    """Horizontal bars with labels and values; ``title`` is also the text alternative."""
    if not rows:
        return ""
    bar_h, gap, label_w = 22, 8, 260
    height = len(rows) * (bar_h + gap) + gap
    top = max(v for _, v in rows) or 1
    scale = (width - label_w - 50) / top
    desc = "; ".join(f"{label}: {value}" for label, value in rows)
    # a digest, not hash(): the same title gives the same id in every run
    ident = "t-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:12]
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{ident}">',
        f'<title id="{ident}">{_e(title)}. {_e(desc)}</title>',
    ]
    for i, (label, value) in enumerate(rows):
        y = gap + i * (bar_h + gap)
        w = max(2.0, value * scale)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="lbl">'
            f"{_e(label[:38])}</text>"
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" rx="3" class="bar"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" class="val">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def sparkline(values: Sequence[int], label: str, width: int = 160, height: int = 32) -> str:
    """A small trend line of monthly counts, with its numbers as the text alternative."""
    if not values:
        return ""
    top = max(values) or 1
    step = width / max(1, len(values) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 3 - v / top * (height - 6):.1f}" for i, v in enumerate(values)
    )
    return (
        f'<svg class="spark" role="img" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}"><title>{_e(label)}: {", ".join(map(str, values))} by month</title>'
        f'<polyline points="{points}" fill="none" class="line"/></svg>'
    )


def month_grid(analysis: Analysis) -> str:
    """Themes (rows) by month (columns): how often each came up when."""
    months = analysis.months()
    themes = analysis.actionable[:8]
    if not months or not themes:
        return ""
    cell, label_w, head = 26, 220, 40
    width = label_w + cell * len(months) + 10
    height = head + cell * len(themes) + 10
    top = max((v for t in themes for v in t.months.values()), default=1) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}">'
        f"<title>Themes by month, {months[0]} to {months[-1]}: darker cells mean more records "
        "raised the theme that month</title>"
    ]
    for j, month in enumerate(months):
        x = label_w + j * cell + cell / 2
        label = month[5:] if j and month[5:] != "01" else month  # the year where it changes
        parts.append(
            f'<text x="{x:.0f}" y="{head - 8}" text-anchor="middle" class="tiny">'
            f"{_e(label if len(label) == 2 else label[2:])}</text>"
        )
    for i, theme in enumerate(themes):
        y = head + i * cell
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" class="lbl">'
            f"{_e(theme.label[:30])}</text>"
        )
        for j, month in enumerate(months):
            count = theme.months.get(month, 0)
            alpha = 0.08 + 0.92 * count / top if count else 0.04
            parts.append(
                f'<rect x="{label_w + j * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'rx="3" class="cell" fill-opacity="{alpha:.2f}"><title>{_e(theme.label)}, '
                f"{month}: {count}</title></rect>"
            )
    parts.append("</svg>")
    return "".join(parts)


# -- HTML ---------------------------------------------------------------------------

_CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2933;
max-width:56rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.8rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #e4e7eb}
.muted{color:#616e7c}.cards{display:flex;flex-wrap:wrap;gap:.8rem;padding:0;list-style:none}
.cards li{background:#f5f7fa;border-radius:8px;padding:.7rem 1rem;min-width:9rem}
.cards b{display:block;font-size:1.5rem}.theme{border-left:4px solid #3e7bfa;padding-left:1rem;
margin:1.5rem 0}blockquote{margin:.5rem 0;padding:.4rem .8rem;background:#f5f7fa;
border-radius:6px}blockquote a{font-size:.85rem}.chart{max-width:100%;height:auto}
.bar{fill:#3e7bfa}.all{fill:#d9e2ec}.crit{fill:#c2410c}.praise{fill:#fff;stroke:#1f7a4d;
stroke-width:2.5}.axis{stroke:#e4e7eb}.cut{stroke:#616e7c;stroke-dasharray:3 2}
.cell{fill:#3e7bfa}.line{stroke:#3e7bfa;stroke-width:2}
.lbl{font-size:12px;fill:#1f2933}.val,.tiny{font-size:11px;fill:#616e7c}
pre{white-space:pre-wrap;background:#f5f7fa;padding:.8rem;border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{text-align:left;
padding:.25rem .5rem;border-bottom:1px solid #e4e7eb}.ok{color:#1f7a4d}.warn{color:#a35d00}
@media print{body{margin:0;max-width:none}.theme,pre,blockquote{break-inside:avoid}}
"""


def render_html(analysis: Analysis) -> str:
    """The whole report as one self-contained HTML page."""
    a = analysis
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>What to practise next — {_e(a.profile)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f'<header><h1>What to practise next</h1><p class="muted">Profile '
        f"<strong>{_e(a.profile)}</strong> · generated {a.generated.isoformat()}</p></header>",
        "<main>",
        *(progress_section(a.progress) if a.progress else []),
        '<section aria-labelledby="h-summary"><h2 id="h-summary">At a glance</h2>',
        '<ul class="cards">',
    ]
    for label, value in a.headline().items():
        out.append(f"<li><b>{_e(value)}</b>{_e(label)}</li>")
    out.append("</ul>")
    out.append(
        bar_chart(
            "Rejections by stage reached",
            [(s.value, sum(1 for r in a.records if r.stage is s)) for s in STAGE_ORDER],
        )
    )
    out.append("</section>")

    out.append('<section aria-labelledby="h-themes"><h2 id="h-themes">What keeps coming up</h2>')
    if not a.actionable:
        out.append("<p>No recurring actionable themes yet.</p>")
    else:
        out.append(
            bar_chart(
                "Records raising each theme", [(t.label, len(t.feedback_ids)) for t in a.actionable]
            )
        )
        out.append(month_grid(a))
        months = a.months()
        for rank, theme in enumerate(a.actionable, start=1):
            anchor = f"theme-{_e(theme.id)}"
            out.append(f'<article class="theme" id="{anchor}"><h3>{rank}. {_e(theme.label)}</h3>')
            trend = sparkline([theme.months.get(m, 0) for m in months], theme.label)
            out.append(f"<p>{_e(theme.summary)}</p><p>{trend}</p>")
            for quote in theme.quotes:
                out.append(
                    f"<blockquote>{_e(one_line(quote.text))} "
                    f'<a href="#rec-{_e(quote.feedback_id)}">source</a></blockquote>'
                )
            if theme.practice:
                out.append("<h4>Practice plan</h4><ol>")
                out.extend(f"<li>{_e(step)}</li>" for step in theme.practice)
                out.append("</ol>")
            out.append("</article>")
    out.append("</section>")

    out.append('<section aria-labelledby="h-not"><h2 id="h-not">Not about you</h2>')
    out.append(
        "<p>Some rejections say nothing about your interviews: the role was filled or closed, "
        "an internal candidate was chosen, or the company simply went another way. Don't take "
        "these personally.</p>"
    )
    if a.not_actionable:
        out.append("<ul>")
        out.extend(
            f"<li><strong>{_e(t.label)}</strong>: {len(t.feedback_ids)} records</li>"
            for t in a.not_actionable
        )
        out.append("</ul>")
    out.append("</section>")

    if a.drafts:
        out.append(
            '<section aria-labelledby="h-replies"><h2 id="h-replies">Drafted replies</h2>'
            "<p>Drafts to review, edit and send yourself. Nothing was sent."
            + (
                f" The {len(a.drafts) - len(a.shown_drafts)} others are in the "
                "<code>replies/</code> folder."
                if len(a.drafts) > len(a.shown_drafts)
                else ""
            )
            + "</p>"
        )
        by_id = {r.id: r for r in a.records}
        for draft in a.shown_drafts:
            record = by_id.get(draft.feedback_id)
            who = f"{record.company or 'unknown company'}" if record else draft.feedback_id
            flags = draft.tone_flags + draft.safety_flags
            check = (
                '<span class="ok">tone check passed</span>'
                if not flags
                else '<span class="warn">check: '
                + _e(", ".join(f["kind"] for f in flags))
                + "</span>"
            )
            subject = f"Subject: {draft.subject}\n\n" if draft.subject else ""
            out.append(
                f"<h3>{_e(draft.kind.replace('_', ' '))} — {_e(who)}</h3><p>{check}</p>"
                f"<pre>{_e(subject)}{_e(draft.body)}</pre>"
            )
        out.append("</section>")

    if a.themes.reduced_confidence:
        out.append(
            '<section aria-labelledby="h-lang"><h2 id="h-lang">Read with less '
            "confidence</h2><p>These records are not in English; the bundled model "
            "reads English best, so their themes may be missed.</p><ul>"
        )
        out.extend(
            f'<li><a href="#rec-{_e(r.feedback_id)}">{_e(r.feedback_id)}</a> ({_e(r.language)})'
            "</li>"
            for r in a.themes.reduced_confidence
        )
        out.append("</ul></section>")

    engine = a.themes.engine
    llm = a.themes.llm
    out.append('<section aria-labelledby="h-method"><h2 id="h-method">How this was made</h2><ul>')
    out.append(
        f"<li>Theme engine: {_e(engine.name)} {_e(engine.version)}, "
        f"embedding model {_e(engine.model)}, taxonomy {_e(engine.taxonomy)}"
        "</li>"
    )
    out.append(f"<li>{_e(packs_line(engine))}</li>")
    if not llm.offline and not llm.dry_run:
        out.append(
            f"<li>Language model: {_e(llm.backend)} {_e(llm.model)} "
            f"({_e(llm.calls)} calls, {_e(llm.cache_hits)} from cache, "
            f"{_e(llm.fallbacks)} fallbacks to offline text)</li>"
        )
    else:
        out.append("<li>No language model: everything was computed offline.</li>")
    out.append(f"<li>Ranking: {_e(engine.ranking)}.</li>")
    out.append(f"<li>Generated {a.generated.isoformat()}.</li></ul></section>")

    out.append(
        '<section aria-labelledby="h-sources"><h2 id="h-sources">Sources</h2>'
        "<table><thead><tr><th>id</th><th>date</th><th>company</th><th>stage</th>"
        "<th>source</th></tr></thead><tbody>"
    )
    for r in sorted(a.records, key=lambda r: (r.date or dt.date.min, r.id)):
        out.append(
            f'<tr id="rec-{_e(r.id)}"><td>{_e(r.id)}</td><td>{_e(r.date or "")}</td>'
            f"<td>{_e(r.company)}</td><td>{_e(r.stage.value)}</td><td>{_e(r.source)}</td></tr>"
        )
    out.append("</tbody></table></section></main></body></html>")
    return "\n".join(part for part in out if part)


# -- cohort overview ------------------------------------------------------------------


class CohortProfile(Protocol):
    """What the cohort overview shows of one profile of a batch."""

    @property
    def profile(self) -> str: ...
    @property
    def status(self) -> str: ...  # "done" or "failed"
    @property
    def records(self) -> int: ...
    @property
    def actionable_share(self) -> float: ...
    @property
    def top_themes(self) -> Sequence[str]: ...
    @property
    def skipped(self) -> Sequence[SkippedInput]: ...
    @property
    def error(self) -> str: ...


def render_index(profiles: Sequence[CohortProfile]) -> str:
    """A self-contained page comparing profiles, led by the themes they share."""
    done = [p for p in profiles if p.status == "done"]
    common = Counter(t for p in done for t in set(p.top_themes))
    rows = "".join(
        f"<tr><td>{_e(p.profile)}</td><td>{_e(p.status)}</td><td>{p.records}</td>"
        f"<td>{p.actionable_share:.0%}</td><td>{_e(', '.join(p.top_themes[:3]))}</td>"
        f"<td>{_e(p.error)}{_e('; '.join(s.source for s in p.skipped))}</td></tr>"
        for p in profiles
    )
    shared = "".join(
        f"<tr><td>{_e(theme)}</td><td>{count} of {len(done)}</td></tr>"
        for theme, count in sorted(common.items(), key=lambda x: (-x[1], x[0]))
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cohort overview'
        "</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem "
        "auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{text-align:left;"
        "padding:.3rem .5rem;border-bottom:1px solid #ddd}</style></head><body><main>"
        f"<h1>Cohort overview</h1><p>{len(done)} of {len(profiles)} profiles analysed.</p>"
        "<h2>Themes common across the cohort</h2><table><thead><tr><th>theme</th>"
        f"<th>profiles (top 5 themes)</th></tr></thead><tbody>{shared}</tbody></table>"
        "<h2>Profiles</h2><table><thead><tr><th>profile</th><th>status</th><th>records</th>"
        "<th>actionable</th><th>top themes</th><th>problems</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></main></body></html>"
    )


# -- what's getting better --------------------------------------------------------------


def _day(iso: str) -> int:
    return dt.date.fromisoformat(iso).toordinal()


def progress_timeline(progress: Progress, width: int = 640) -> str:
    """Each theme's criticism (dots) and praise (rings) over time, the change point marked."""
    rows = [t for t in progress.themes if t.critical_dates or t.praise_dates][:8]
    days = [_day(d) for t in rows for d in t.critical_dates + t.praise_dates]
    if not rows or not days:
        return ""
    first, last = min(days), max(days)
    span = max(1, last - first)
    row_h, label_w, head = 26, 220, 24
    plot_w = width - label_w - 20
    height = head + row_h * len(rows) + 10

    def x(iso: str) -> float:
        return label_w + 8 + (_day(iso) - first) / span * (plot_w - 16)

    desc = "; ".join(
        f"{t.label}: {t.status.value}, criticised {len(t.critical_dates)} times, praised "
        f"{len(t.praise_dates)} times"
        + (f", change point {t.change_point}" if t.change_point else "")
        for t in rows
    )
    lo, hi = dt.date.fromordinal(first).isoformat(), dt.date.fromordinal(last).isoformat()
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%">',
        f"<title>Criticism (filled dots) and praise (rings) by theme, {lo} to {hi}. "
        f"{_e(desc)}</title>",
        f'<text x="{label_w + 8}" y="{head - 8}" class="tiny">{lo}</text>'
        f'<text x="{width - 12}" y="{head - 8}" text-anchor="end" class="tiny">{hi}</text>',
    ]
    for i, t in enumerate(rows):
        y = head + i * row_h + row_h / 2
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 4:.0f}" text-anchor="end" class="lbl">'
            f"{_e(t.label[:30])} ({_e(t.status.value)})</text>"
            f'<line x1="{label_w + 8}" y1="{y:.0f}" x2="{width - 12}" y2="{y:.0f}" class="axis"/>'
        )
        if t.change_point and first <= _day(t.change_point) <= last:
            cx = x(t.change_point)
            parts.append(
                f'<line x1="{cx:.1f}" y1="{y - 10:.0f}" x2="{cx:.1f}" y2="{y + 10:.0f}" '
                'class="cut"/>'
            )
        parts.extend(
            f'<circle cx="{x(d):.1f}" cy="{y:.0f}" r="5" class="crit"><title>criticised '
            f"{_e(d)}</title></circle>"
            for d in t.critical_dates
        )
        parts.extend(
            f'<circle cx="{x(d):.1f}" cy="{y:.0f}" r="5" class="praise"><title>praised '
            f"{_e(d)}</title></circle>"
            for d in t.praise_dates
        )
    parts.append("</svg>")
    return "".join(parts)


def funnel_chart(progress: Progress, width: int = 640) -> str:
    """Per period: all rejections (light bar) and those after an interview (dark bar)."""
    rows = progress.funnel
    if not rows:
        return ""
    bar_h, gap, label_w = 22, 8, 90
    height = len(rows) * (bar_h + gap) + gap
    top = max(p.total for p in rows) or 1
    scale = (width - label_w - 110) / top
    desc = "; ".join(f"{p.period}: {p.reached_interview} of {p.total}" for p in rows)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%">',
        f"<title>Rejections that came after an interview, by period. {_e(desc)}</title>",
    ]
    for i, p in enumerate(rows):
        y = gap + i * (bar_h + gap)
        total_w, reached_w = p.total * scale, p.reached_interview * scale
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="lbl">'
            f"{_e(p.period)}</text>"
            f'<rect x="{label_w}" y="{y}" width="{max(2.0, total_w):.1f}" height="{bar_h}" '
            'rx="3" class="all"/>'
            f'<rect x="{label_w}" y="{y}" width="{reached_w:.1f}" height="{bar_h}" rx="3" '
            'class="bar"/>'
            f'<text x="{label_w + max(2.0, total_w) + 6:.1f}" y="{y + 15}" class="val">'
            f"{p.reached_interview} of {p.total}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _quote_html(label: str, quote: DatedQuote) -> str:
    return (
        f"<blockquote>{_e(label)} {_e(quote.date or 'undated')}: {_e(one_line(quote.text))} "
        f'<a href="#rec-{_e(quote.feedback_id)}">source</a></blockquote>'
    )


def progress_section(progress: Progress) -> list[str]:
    """The report's "What's getting better" section."""
    out = [
        '<section aria-labelledby="h-better"><h2 id="h-better">What\'s getting better</h2>',
        *(f"<p>{_e(line)}</p>" for line in progress.summary),
    ]
    if progress.themes:
        out.append(progress_timeline(progress))
        out.append(
            "<table><thead><tr><th>theme</th><th>status</th><th>criticised before</th>"
            "<th>criticised since</th><th>praised since</th><th>change point</th></tr></thead>"
            "<tbody>"
        )
        for t in progress.themes:
            ev = t.evidence
            out.append(
                f"<tr><td>{_e(t.label)}</td><td>{_e(t.status.value)}</td>"
                f"<td>{ev.critical} of {ev.records_before}</td>"
                f"<td>{ev.critical_since} of {ev.records_since}</td><td>{ev.praise_since}</td>"
                f"<td>{_e(t.change_point or '')}</td></tr>"
            )
        out.append("</tbody></table>")
        for t in progress.themes:
            ev = t.evidence
            if t.status.value in ("resolved", "fading") and ev.last_critical:
                out.append(f"<h3>{_e(t.label)}: {_e(t.status.value)}</h3>")
                out.append(_quote_html("Last criticised", ev.last_critical))
                if ev.first_praise:
                    out.append(_quote_html("Then praised", ev.first_praise))
        out.append(f'<p class="muted">How a status is decided: {_e(thresholds_text())}</p>')
    out.append("<h3>Strengths</h3>")
    if not progress.strengths:
        out.append("<p>No praise on a competency yet.</p>")
    else:
        out.append("<p>Praise only: keep doing these, and mention them in your next interview.</p>")
    for s in progress.strengths:
        plural = "s" if s.count != 1 else ""
        out.append(f"<h4>{_e(s.label)} ({s.count} record{plural})</h4>")
        out.extend(_quote_html("Praised", q) for q in s.quotes)
    if progress.funnel:
        out.append("<h3>Getting further</h3>")
        out.append(funnel_chart(progress))
    out.append("<h3>Feedback you asked for</h3>")
    if not progress.requests:
        out.append("<p>No feedback requests marked sent (<code>nextround mark-sent ID</code>).</p>")
    else:
        out.append("<ul>")
        out.extend(
            f"<li>{_e(r.sent)} {_e(r.company)}: {_e(r.status)}"
            + (f' (<a href="#rec-{_e(r.answer_id)}">answer</a>)' if r.answer_id else "")
            + "</li>"
            for r in progress.requests
        )
        out.append("</ul>")
    out.append("</section>")
    return out
