"""Terminal output for the CLI: JSON shapes, rich tables, progress.

Pages and documents (the report, the cohort overview, Markdown) are rendered
by :mod:`nextround.report`.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from nextround.batch import BatchReport
from nextround.ingest.runner import ProgressFn
from nextround.mail.drafts import DraftsUpload
from nextround.models import (
    AnalysisResult,
    DryRunRequest,
    FeedbackRecord,
    IngestReport,
    ReplyDraft,
    SearchHit,
    Stage,
    ThemeReport,
)
from nextround.progress.model import Progress as ProgressReport
from nextround.report import packs_line
from nextround.textnorm import one_line, printable

PROGRESS_MIN_FILES = 5


class SafeConsole(Console):
    """A console that never passes a control character from data to the terminal.

    Feedback text, file names and metadata can hold escape sequences (clear the
    screen, set the title, move the cursor to forge a line). Every string
    printed, and every cell of a :class:`SafeTable`, has them shown as visible
    escapes (``\\x1b``); values put into markup are escaped with :func:`esc` as well.
    """

    def print(self, *objects: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for obj in objects:
            if isinstance(obj, Table) and not isinstance(obj, SafeTable):
                raise TypeError("print a SafeTable: a plain Table's cells reach the terminal as is")
        super().print(
            *(printable(o, keep_newlines=True) if isinstance(o, str) else o for o in objects),
            **kwargs,
        )


class SafeTable(Table):
    """A table whose text cells are plain text with control characters made visible
    (a cell is never read as markup either: ``[bold]`` in a company name stays as is)."""

    def add_row(self, *renderables: Any, **kwargs: Any) -> None:
        super().add_row(
            *(Text(printable(r)) if isinstance(r, str) else r for r in renderables), **kwargs
        )


def esc(value: object) -> str:
    """A value from data, fit to go inside a rich markup string."""
    return escape(printable(str(value)))


def _console(stderr: bool = False) -> Console:
    return SafeConsole(stderr=stderr, highlight=False, soft_wrap=True)


def parse_map(pairs: Sequence[str]) -> dict[str, str]:
    """``["text=Notes", "company=Org"]`` → ``{"text": "Notes", "company": "Org"}``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        field_name, sep, column = pair.partition("=")
        if not sep or not field_name.strip() or not column.strip():
            raise typer.BadParameter(f"expected FIELD=COLUMN, got {pair!r}", param_hint="--map")
        mapping[field_name.strip()] = column.strip()
    return mapping


def _progress_bar(label: str) -> Progress:
    """A transient bar on stderr: label, bar, done/total, current item, time."""
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=_console(stderr=True),
        transient=True,
    )


@contextmanager
def ingest_progress(enabled: bool) -> Iterator[ProgressFn | None]:
    """A progress bar on stderr for ingests of more than a handful of files (TTY only)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    progress = _progress_bar("Ingesting")
    task: list[Any] = []

    def update(done: int, total: int, source: str) -> None:
        if total <= PROGRESS_MIN_FILES:
            return
        if not task:
            progress.start()
            task.append(progress.add_task(source, total=total))
        progress.update(task[0], completed=done, description=esc(source[-40:]))

    try:
        yield update
    finally:
        if task:
            progress.stop()


def print_ingest(report: IngestReport, profile: str) -> None:
    out = _console()
    out.print(
        f"Added {report.added}, unchanged {report.unchanged}, "
        f"duplicates {len(report.duplicates)}, skipped {len(report.skipped)}. "
        f"Profile '{profile}' now holds {report.total} records."
    )
    for folder in report.mail:
        if folder.renumbered:
            out.print(
                f"The server renumbered {esc(folder.source)} (a new UIDVALIDITY) since the last "
                "run, so the whole folder was read again; what was stored already was "
                "recognised, not stored twice."
            )
        new = "no new messages" if not folder.fetched else f"{folder.fetched} new messages"
        out.print(
            f"Read {esc(folder.source)} read-only: {new} (UIDs up to {folder.last_uid} read); "
            "nothing on the server was changed."
        )
    for dup in report.duplicates:
        out.print(f"  duplicate  {esc(dup.source)}  (same as {esc(dup.duplicate_of)})")
    if report.set_aside:
        kinds = Counter(s.kind for s in report.set_aside)
        out.print(
            f"Set aside {len(report.set_aside)} messages without feedback ("
            + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
            + "); `ingest --json` lists them, `--keep-all` stores them."
        )
    for note in report.notes:
        out.print(note, markup=False)
    err = _console(stderr=True)
    for skip in report.skipped:
        err.print(f"  skipped    {esc(skip.source)}: {esc(skip.reason)}")
    for warning in report.warnings:
        err.print(f"  warning    {esc(warning.source)}: {esc(warning.reason)}")


def _snippet(text: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def print_records(records: Sequence[FeedbackRecord], *, redact: bool) -> None:
    out = _console()
    if not records:
        out.print("No records. Add some with: nextround ingest PATH")
        return
    table = SafeTable("id", "date", "company", "stage", "feedback", box=None, pad_edge=False)
    for r in records:
        text = r.redacted_text if redact else r.clean_text
        flag = "⚠ " if r.injection_suspected else ""
        table.add_row(
            r.id,
            r.date.isoformat() if r.date else "",
            r.company,
            r.stage.value,
            flag + _snippet(text, 70),
        )
    out.print(table)
    out.print(f"{len(records)} records")


def print_hits(hits: Sequence[SearchHit], *, redact: bool) -> None:
    out = _console()
    if not hits:
        out.print("No matches.")
        return
    for hit in hits:
        r = hit.record
        out.print(f"[bold]{hit.score:.2f}[/bold]  {esc(r.id)}  {esc(r.summary_line())}")
        out.print(
            f"      {_snippet(r.redacted_text if redact else r.clean_text, 160)}", markup=False
        )


def print_record(record: FeedbackRecord, *, redact: bool) -> None:
    out = _console()
    out.print(f"[bold]{esc(record.id)}[/bold]  {esc(record.summary_line())}")
    for label, value in (
        ("source", record.source),
        ("kind", record.kind),
        ("company", record.company),
        ("role", record.role),
        ("stage", record.stage.value if record.stage is not Stage.UNKNOWN else ""),
        ("date", record.date.isoformat() if record.date else ""),
        ("interviewer", "" if redact else record.interviewer),
        ("subject", record.subject),
        ("language", record.language),
    ):
        if value:
            mark = "  (corrected)" if label in record.corrected else ""
            mark = mark or ("  (a guess)" if label in record.unsure else "")
            out.print(f"{label:>12}: {value}{mark}", markup=False)
    if record.injection_suspected:
        out.print(
            "[yellow]⚠ This text contains wording aimed at AI assistants; "
            "nextround treats it as data only.[/yellow]"
        )
    out.print()
    out.print(record.redacted_text if redact else record.clean_text, markup=False)


def print_stats(summary: dict[str, Any]) -> None:
    out = _console()
    span = ""
    if summary["first_date"]:
        span = f", {summary['first_date']} to {summary['last_date']}"
    out.print(
        f"[bold]Profile '{summary['profile']}'[/bold]: {summary['records']} pieces of feedback "
        f"from {summary['companies']} companies{span}."
    )
    for title, key in (("Stage", "by_stage"), ("Month", "by_month"), ("Language", "by_language")):
        table = SafeTable(title.lower(), "records", box=None, pad_edge=False)
        for name, count in summary[key].items():
            table.add_row(str(name), str(count))
        out.print(table)
    top = list(summary["by_company"].items())[:10]
    if top:
        out.print("Most feedback from: " + ", ".join(f"{c} ({n})" for c, n in top), markup=False)


#: What ``themes --json`` shows of an offline run (no model: no timeouts, nothing unasked).
def print_themes(report: ThemeReport) -> None:
    out = _console()
    out.print(packs_line(report.engine), markup=False, highlight=False)
    out.print()
    actionable = [t for t in report.themes if t.actionable]
    if not actionable:
        out.print("No recurring actionable themes yet (see --min-records).")
    else:
        table = SafeTable("#", "theme", "records", "stages", "last seen", box=None, pad_edge=False)
        for rank, t in enumerate(actionable, start=1):
            ranked = sorted(t.stages.items(), key=lambda x: (-x[1], x[0]))
            stages = ", ".join(f"{s} {n}" for s, n in ranked[:2]) + (
                ", …" if len(ranked) > 2 else ""
            )
            table.add_row(str(rank), t.label, str(len(t.feedback_ids)), stages, t.last_seen or "")
        out.print(table)
        out.print()
        for t in actionable[:5]:
            gist = t.summary.removeprefix("Raised in ").split(". ")[0]
            line = f"[bold]{esc(t.label)}[/bold]: {esc(gist)}"
            out.print(line)
            if t.quotes:
                out.print(f"  “{one_line(t.quotes[0].text)}”", markup=False)
            if t.practice:
                out.print(f"  practise: {t.practice[0]}", markup=False)
    other = [t for t in report.themes if not t.actionable]
    if other:
        out.print()
        out.print(
            "Not about you: "
            + "; ".join(f"{t.label.lower()} ({len(t.feedback_ids)})" for t in other)
        )
    if report.reduced_confidence:
        out.print(
            f"{len(report.reduced_confidence)} record(s) in other languages were analysed with "
            "reduced confidence."
        )


def print_dry_run(requests: Sequence[DryRunRequest]) -> None:
    """Exactly what would be sent, message by message; nothing is sent."""
    out = _console()
    if not requests:
        out.print("Nothing would be sent: no actionable theme has quotes (or the LLM is offline).")
        return
    total = 0
    for request in requests:
        out.print(
            f"=== theme {request.theme} (~{request.estimated_tokens} tokens) ===",
            markup=False,
        )
        for message in request.messages:
            out.print(f"--- {message.role} ---", markup=False)
            out.print(message.content, markup=False)
        total += request.estimated_tokens
    out.print(f"{len(requests)} request(s), about {total} tokens in all. Nothing was sent.")


def print_reply(draft: ReplyDraft) -> None:
    out = _console()
    if draft.injection_suspected:
        out.print(
            "[yellow]⚠ The original message contains wording aimed at AI assistants; it was "
            "treated as data and did not shape this draft.[/yellow]"
        )
    if draft.subject:
        out.print(f"Subject: {draft.subject}", markup=False)
        out.print()
    out.print(draft.body, markup=False)
    out.print()
    for flag in draft.tone_flags + draft.safety_flags:
        out.print(
            f"[yellow]check: {flag['kind']}[/yellow] “{esc(flag['text'])}” — "
            f"{esc(flag['explanation'])}"
        )
    for item in draft.left_out:
        field = item["field"].replace("_", " ")
        out.print(f"[yellow]left out: {esc(field)}[/yellow] — {esc(item['reason'])}")
    out.print(
        f"[dim]{draft.words} words, {draft.chars} characters, {draft.engine}. "
        "Nothing was sent.[/dim]"
    )


def print_drafts_upload(upload: DraftsUpload) -> None:
    """What ``reply --to-drafts`` put in the Drafts folder (and what was there already)."""
    out = _console()
    n = len(upload.appended)
    out.print(
        f"Put {n} draft{'' if n == 1 else 's'} in {esc(upload.folder)} of {esc(upload.account)}, "
        f"flagged \\Draft; {len(upload.already_there)} already there. Nothing was sent."
    )
    for placed, where in [(p, "put") for p in upload.appended] + [
        (p, "already there") for p in upload.already_there
    ]:
        thread = ", threaded" if placed.threaded else ""
        out.print(
            f"  {esc(placed.draft.feedback_id)}  {esc(placed.draft.kind)}  "
            f"“{esc(one_line(placed.subject))}” ({where}{thread})"
        )
    err = _console(stderr=True)
    for failure in upload.failed:
        err.print(f"  no draft   {esc(failure.source)}: {esc(failure.reason)}")


@contextmanager
def stage_progress(
    enabled: bool,
) -> Iterator[tuple[Callable[[str], None], ProgressFn | None]]:
    """A line per stage of ``analyze`` on stderr, and the ingest progress bar."""
    err = _console(stderr=True)
    names = {
        "ingest": "Reading feedback",
        "themes": "Finding themes",
        "replies": "Drafting replies",
        "report": "Writing the report",
    }

    def on_stage(stage: str) -> None:
        if enabled:
            err.print(f"[bold]•[/bold] {names.get(stage, stage)}…")

    with ingest_progress(enabled) as progress:
        yield on_stage, progress


def print_analysis(result: AnalysisResult, profile: str) -> None:
    out = _console()
    ingest = result.ingest
    out.print(
        f"Ingested: added {ingest.added}, unchanged {ingest.unchanged}, duplicates "
        f"{len(ingest.duplicates)}, skipped {len(ingest.skipped)}; profile '{profile}' holds "
        f"{ingest.total} records."
    )
    err = _console(stderr=True)
    for skip in ingest.skipped:
        err.print(f"  skipped    {esc(skip.source)}: {esc(skip.reason)}")
    for failure in result.reply_failures:
        err.print(f"  no draft   {esc(failure.source)}: {esc(failure.reason)}")
    top = [t for t in result.themes.themes if t.actionable][:3]
    if top:
        out.print(
            "Top themes: " + "; ".join(f"{t.label} ({len(t.feedback_ids)})" for t in top),
            markup=False,
        )
    out.print(f"Drafted {len(result.drafts)} new repl{'y' if len(result.drafts) == 1 else 'ies'}.")
    out.print(f"Report: {result.html}", markup=False)
    out.print(f"        {result.markdown}", markup=False)


@contextmanager
def batch_progress(enabled: bool) -> Iterator[BatchBars | None]:
    """Overall and per-profile progress of a batch on stderr (TTY only)."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    bars = BatchBars()
    bars.progress.start()
    try:
        yield bars
    finally:
        bars.progress.stop()


class BatchBars:
    """One bar for the cohort, one for each profile in flight (rich, thread-safe)."""

    def __init__(self) -> None:
        self.progress = _progress_bar("Profiles")
        self.total = self.progress.add_task("", total=None)
        self.tasks: dict[str, Any] = {}
        self.lock = threading.Lock()

    def overall(self, done: int, total: int) -> None:
        self.progress.update(self.total, completed=done, total=total)

    def step(self, profile: str, step: str, done: int, total: int) -> None:
        with self.lock:
            task = self.tasks.get(profile)
            if not step:
                if task is not None:
                    self.progress.remove_task(self.tasks.pop(profile))
                return
            label = f"  {profile[-24:]} · {step}"
            if task is None:
                self.tasks[profile] = self.progress.add_task(label, total=total or None)
            else:
                self.progress.update(task, description=label, completed=done, total=total or None)


def print_batch(report: BatchReport) -> None:
    out = _console()
    done = [o for o in report.outcomes if o.status == "done"]
    out.print(
        f"{len(done)} of {len(report.outcomes)} profiles done"
        + (f" ({len(report.resumed)} already finished earlier)" if report.resumed else "")
        + "."
    )
    err = _console(stderr=True)
    for o in report.outcomes:
        if o.status != "done":
            err.print(f"  failed     {esc(o.profile)}: {esc(o.error)}")
        for skip in o.skipped:
            err.print(f"  skipped    {esc(o.profile)}: {esc(skip.source)}: {esc(skip.reason)}")
    out.print(f"Summary: {report.summary}", markup=False)
    out.print(f"Overview: {report.index}", markup=False)


def print_progress(progress: ProgressReport) -> None:
    """What's getting better: theme statuses with their evidence, strengths, the funnel."""
    from nextround.progress.thresholds import thresholds_text

    out = _console()
    out.print("[bold]What's getting better[/bold]")
    for line in progress.summary:
        out.print(line, markup=False)
    out.print()
    if progress.themes:
        table = SafeTable(
            "theme", "status", "before", "since", "praise since", "change point", "last criticism",
            box=None, pad_edge=False,
        )  # fmt: skip
        for t in progress.themes:
            ev = t.evidence
            last = ev.last_critical.date if ev.last_critical else None
            table.add_row(
                t.label,
                t.status.value,
                f"{ev.critical} of {ev.records_before}",
                f"{ev.critical_since} of {ev.records_since}",
                str(ev.praise_since),
                t.change_point or "",
                last or "",
            )
        out.print(table)
        for t in progress.themes:
            ev = t.evidence
            if ev.last_critical and ev.first_praise:
                out.print(
                    f"{t.label}: last criticised {ev.last_critical.date} "
                    f"(“{one_line(ev.last_critical.text)}”), praised {ev.first_praise.date} "
                    f"(“{one_line(ev.first_praise.text)}”)",
                    markup=False,
                )
        out.print(f"Rules: {thresholds_text()}", markup=False, style="dim")
        out.print()
    out.print("[bold]Strengths[/bold] (praise only: keep doing these, mention them next time)")
    if not progress.strengths:
        out.print("No praise on a competency yet.")
    for s in progress.strengths:
        out.print(f"{s.label} ({s.count} record{'s' if s.count != 1 else ''})", markup=False)
        for q in s.quotes:
            out.print(f"  {q.date or '????-??-??'} “{one_line(q.text)}”", markup=False)
    out.print()
    if progress.funnel:
        # stages no rejection came at are left out of the terminal table (the JSON has them)
        stages = [
            s for s in progress.funnel[0].by_stage if any(p.by_stage[s] for p in progress.funnel)
        ]
        table = SafeTable("period", *stages, "reached interview", box=None, pad_edge=False)
        for p in progress.funnel:
            table.add_row(
                p.period,
                *(str(p.by_stage[s]) for s in stages),
                f"{p.reached_interview} of {p.total}",
            )
        out.print("[bold]Getting further[/bold] (rejections by stage reached)")
        out.print(table)
        out.print()
    out.print("[bold]Feedback you asked for[/bold]")
    if not progress.requests:
        out.print("No feedback requests marked sent (nextround mark-sent ID).", markup=False)
    for r in progress.requests:
        answered = f" by {r.answer_id}" if r.answer_id else ""
        out.print(f"{r.sent} {r.company}: {r.status}{answered}", markup=False)
