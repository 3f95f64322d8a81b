"""The ``nextround`` command: a thin layer over :class:`nextround.Workspace`.

Each command parses options, builds settings, calls one library method and
renders the result. Errors are mapped in one place (:class:`_Group`).

Exit codes (defined in :mod:`nextround.errors`): 0 success; 1 an error (message
on stderr) or a bug (traceback in ``$NEXTROUND_HOME/logs/errors.log``); 2 bad
usage; 3 partly done (some inputs were skipped, listed in the output); 130
interrupted.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.core import Context
from typer._click.globals import get_current_context
from typer.core import TyperGroup
from typer.exceptions import TyperException

from nextround.errors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    NextroundError,
)
from nextround.settings import Settings, default_home, option_help
from nextround.textnorm import json_safe, printable

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "app", "main"]

#: Where a command keeps the settings it built, so a bug report knows home and secrets.
_SETTINGS_KEY = "nextround.settings"


class _Group(TyperGroup):
    """Maps whatever escapes a command to a message on stderr and an exit code.

    A :class:`NextroundError` is the user's to act on: ``Error: …`` and its exit
    code. Click's own usage errors keep their exit code 2. Anything else is a
    bug in nextround: one line naming the log, never a traceback on the terminal.
    """

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except NextroundError as exc:
            typer.echo(printable(f"Error: {exc}"), err=True)
            raise typer.Exit(code=exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted; what was stored so far is kept.", err=True)
            raise typer.Exit(code=EXIT_INTERRUPTED) from None
        except (TyperException, typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            _report_bug(ctx, exc)
            raise typer.Exit(code=EXIT_ERROR) from None


def _report_bug(ctx: Context, exc: Exception) -> None:
    """Log an unexpected exception under home and say where, in one line on stderr."""
    from nextround.bugs import bug_message, log_bug

    settings = ctx.meta.get(_SETTINGS_KEY)
    secrets: tuple[str | None, ...] = ()
    if isinstance(settings, Settings):
        home, secrets = settings.home, (settings.openai_api_key, settings.llm_api_key)
    else:
        home = _home_for_bug_report()
    log = log_bug(exc, home, command=ctx.invoked_subcommand or "", secrets=secrets)
    typer.echo(printable(bug_message(exc, log, secrets)), err=True)


def _home_for_bug_report() -> Path:
    """Home when the command had not built its settings yet (environment, config or default)."""
    try:
        return Settings.load().home
    except Exception:  # the bug may be in loading settings itself
        return default_home()


app = typer.Typer(
    cls=_Group,
    help="Learn from job rejections: ingest feedback, find what keeps coming up, reply well.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)

ProfileOpt = Annotated[
    str | None,
    typer.Option("--profile", "-p", help=option_help("profile")),
]
HomeOpt = Annotated[
    Path | None,
    typer.Option("--home", help=option_help("home")),
]
ChromaOpt = Annotated[
    str | None,
    typer.Option("--chroma-url", help=option_help("chroma_url")),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="Config file (TOML). Env: NEXTROUND_CONFIG."),
]
EmbeddingOpt = Annotated[
    str | None,
    typer.Option("--embedding", help=option_help("embedding")),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (the documented shape).")]
CompanyOpt = Annotated[str | None, typer.Option("--company", help="Only this company.")]
LLMOpt = Annotated[
    str | None,
    typer.Option("--llm", help=option_help("llm")),
]
LLMModelOpt = Annotated[
    str | None,
    typer.Option("--llm-model", help=option_help("llm_model")),
]
StageOpt = Annotated[
    str | None,
    typer.Option(
        "--stage",
        help="Only this stage: recruiter-screen, phone-screen, technical, take-home, onsite, "
        "final, unknown.",
    ),
]
PackOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--pack",
        help=option_help(
            "packs",
            "Role pack to use (repeatable), e.g. nursing_allied_health. Config: packs = [...].",
        ),
    ),
]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Only on or after this date (YYYY-MM-DD).")
]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Only on or before this date (YYYY-MM-DD).")
]


def _settings(
    profile: str | None,
    home: Path | None,
    chroma_url: str | None,
    config: Path | None,
    embedding: str | None = None,
    **extra: Any,
) -> Settings:
    settings = Settings.load(
        config_path=config,
        profile=profile,
        home=home,
        chroma_url=chroma_url,
        embedding=embedding,
        **extra,
    )
    ctx = get_current_context(silent=True)
    if ctx is not None:
        ctx.meta[_SETTINGS_KEY] = settings
    return settings


def _workspace(settings: Settings) -> Any:
    from nextround.workspace import Workspace

    return Workspace(settings)


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"expected a date like 2026-03-14, got {value!r}", param_hint=option
        ) from None


def _stage(value: str | None) -> str | None:
    from nextround.models import Stage

    if value is None:
        return None
    try:
        return Stage(value).value
    except ValueError:
        choices = ", ".join(s.value for s in Stage)
        raise typer.BadParameter(
            f"unknown stage {value!r} (choose from {choices})", param_hint="--stage"
        ) from None


def _print_json(data: Any) -> None:
    typer.echo(json_safe(json.dumps(data, indent=2, ensure_ascii=False, default=str)))


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories (recursive) or glob patterns.")
    ],
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    column_map: Annotated[
        list[str] | None,
        typer.Option("--map", help="Name a CSV column or JSON key: FIELD=COLUMN, e.g. text=Notes."),
    ] = None,
    max_file_mb: Annotated[
        float | None,
        typer.Option("--max-file-mb", help=option_help("max_file_mb")),
    ] = None,
    keep_all: Annotated[
        bool,
        typer.Option(
            "--keep-all",
            help="Store every message with its kind, not only rejections and feedback.",
        ),
    ] = False,
    fill_metadata: Annotated[
        bool,
        typer.Option(
            "--fill-metadata",
            help="Ask the language model (--llm) for company, role, interviewer and stage the "
            "text left open (redacted text only; answers checked against the record).",
        ),
    ] = False,
    llm: LLMOpt = None,
    llm_model: LLMModelOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Read feedback files into the store (txt, md, eml, mbox, csv, jsonl, json).

    Every message is triaged: rejections and feedback are stored; other hiring
    mail and the rest of an inbox are set aside and listed with their kind.
    Exit code 3 when some inputs were skipped; each is listed with its reason.
    """
    from nextround import render

    mapping = render.parse_map(column_map or [])
    settings = _settings(
        profile,
        home,
        chroma_url,
        config,
        embedding,
        max_file_mb=max_file_mb,
        llm=llm,
        llm_model=llm_model,
    )
    ws = _workspace(settings)
    with render.ingest_progress(enabled=not json_out) as progress:
        report = ws.ingest(
            paths,
            column_map=mapping,
            progress=progress,
            keep_all=keep_all,
            fill_metadata=fill_metadata,
        )
    if json_out:
        _print_json(render.ingest_json(report))
    else:
        render.print_ingest(report, settings.profile)
    raise typer.Exit(code=EXIT_PARTIAL if report.skipped else EXIT_OK)


@app.command("list")
def list_records(
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    company: CompanyOpt = None,
    stage: StageOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="Only this kind: rejection, feedback, job_alert, …"),
    ] = None,
    redact: Annotated[bool, typer.Option("--redact", help="Show redacted text only.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """List stored feedback, oldest first."""
    from nextround import render
    from nextround.ingest.triage import KINDS

    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"choose one of {', '.join(KINDS)}", param_hint="--kind")
    ws = _workspace(_settings(profile, home, chroma_url, config, embedding))
    records = ws.records(
        kind=kind,
        company=company,
        stage=_stage(stage),
        since=_date(since, "--since"),
        until=_date(until, "--until"),
    )
    if json_out:
        _print_json({"records": [render.record_json(r, redact=redact) for r in records]})
    else:
        render.print_records(records, redact=redact)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in your own words.")],
    k: Annotated[int, typer.Option("-k", min=1, max=1000, help="How many results.")] = 5,
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    company: CompanyOpt = None,
    stage: StageOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    redact: Annotated[bool, typer.Option("--redact", help="Show redacted text only.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Find feedback by meaning, e.g. `nextround search "system design depth"`."""
    from nextround import render

    if not query.strip():
        raise typer.BadParameter("the query is empty", param_hint="QUERY")
    ws = _workspace(_settings(profile, home, chroma_url, config, embedding))
    hits = ws.search(
        query,
        k,
        company=company,
        stage=_stage(stage),
        since=_date(since, "--since"),
        until=_date(until, "--until"),
    )
    if json_out:
        _print_json(
            {
                "query": query,
                "results": [
                    {"score": h.score, **render.record_json(h.record, redact=redact)} for h in hits
                ],
            }
        )
    else:
        render.print_hits(hits, redact=redact)


@app.command()
def show(
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="A record id (or a unique prefix).")
    ],
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    redact: Annotated[bool, typer.Option("--redact", help="Show redacted text only.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Show one record in full."""
    from nextround import render

    ws = _workspace(_settings(profile, home, chroma_url, config, embedding))
    record = ws.get(record_id)
    if json_out:
        _print_json(render.record_full_json(record, redact=redact))
    else:
        render.print_record(record, redact=redact)


@app.command()
def edit(
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="A record id (or a unique prefix).")
    ],
    company: Annotated[str | None, typer.Option("--company", help="The employer.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="The role applied for.")] = None,
    interviewer: Annotated[
        str | None, typer.Option("--interviewer", help="Who interviewed or wrote the feedback.")
    ] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            "--stage",
            help="application, recruiter-screen, phone-screen, technical, "
            "take-home, onsite, final or unknown.",
        ),
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD.")] = None,
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Correct a record's company, role, interviewer, stage or date ("" clears one).

    Corrections are kept with the profile and survive re-ingest and migrate;
    `show` marks corrected fields.
    """
    from nextround import render

    ws = _workspace(_settings(profile, home, chroma_url, config, embedding))
    record = ws.edit(
        record_id, company=company, role=role, interviewer=interviewer, stage=stage, date=date
    )
    if json_out:
        _print_json(render.record_full_json(record))
    else:
        render.print_record(record, redact=False)


@app.command()
def forget(
    record_ids: Annotated[
        list[str] | None, typer.Argument(metavar="[ID]...", help="Record ids to delete.")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Delete everything from this file or folder.")
    ] = None,
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Delete records for good (by id, or everything from a source)."""
    if not record_ids and source is None:
        raise typer.BadParameter("give record ids or --source PATH", param_hint="ID")
    ws = _workspace(_settings(profile, home, chroma_url, config, embedding))
    deleted = ws.forget(record_ids or [], source=source)
    if json_out:
        _print_json({"deleted": deleted})
    else:
        typer.echo(f"Deleted {len(deleted)} record{'s' if len(deleted) != 1 else ''}.")


@app.command()
def themes(
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    stage: StageOpt = None,
    company: CompanyOpt = None,
    min_records: Annotated[
        int, typer.Option("--min-records", min=1, help="Drop themes raised by fewer records.")
    ] = 2,
    taxonomy: Annotated[
        Path | None,
        typer.Option("--taxonomy", help=option_help("taxonomy")),
    ] = None,
    pack: PackOpt = None,
    llm: LLMOpt = None,
    llm_model: LLMModelOpt = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print what would be sent to the LLM; send nothing."),
    ] = False,
    json_out: JsonOpt = False,
    output_format: Annotated[
        str, typer.Option("--format", help="Human output: table (default) or md.")
    ] = "table",
) -> None:
    """What keeps coming up: ranked themes with quotes and a practice plan."""
    from nextround import render
    from nextround.themes import ThemeOptions

    if output_format not in ("table", "md"):
        raise typer.BadParameter("choose table or md", param_hint="--format")
    settings = _settings(
        profile,
        home,
        chroma_url,
        config,
        embedding,
        taxonomy=taxonomy,
        packs=pack or None,
        llm=llm,
        llm_model=llm_model,
    )
    ws = _workspace(settings)
    report = ws.themes(
        since=_date(since, "--since"),
        until=_date(until, "--until"),
        stage=_stage(stage),
        company=company,
        options=ThemeOptions(min_records=min_records),
        dry_run=dry_run,
    )
    if dry_run:
        requests = (report.llm or {}).get("requests", [])
        if json_out:
            _print_json({"dry_run": True, "sent": 0, "requests": requests})
        else:
            render.print_dry_run(requests)
        return
    for warning in (report.llm or {}).get("warnings", []):  # type: ignore[union-attr]
        typer.echo(printable(f"Warning: {warning}"), err=True)
    if json_out:
        _print_json(render.themes_json(report))
    elif output_format == "md":
        from nextround.report import themes_markdown

        typer.echo(printable(themes_markdown(report, settings.profile), keep_newlines=True))
    else:
        render.print_themes(report)


@app.command()
def analyze(
    paths: Annotated[list[str], typer.Argument(help="Feedback files, directories or globs.")],
    out: Annotated[
        Path, typer.Option("--out", help="Where to write report.html, report.md and replies/.")
    ] = Path("nextround-report"),
    open_report: Annotated[
        bool, typer.Option("--open", help="Open report.html in your browser afterwards.")
    ] = False,
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    pack: PackOpt = None,
    llm: LLMOpt = None,
    llm_model: LLMModelOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """The main job: ingest, find themes, draft replies, write a report.

    Exit code 3 when some inputs were skipped (listed, as for ingest).
    """
    from nextround import render

    settings = _settings(
        profile,
        home,
        chroma_url,
        config,
        embedding,
        packs=pack or None,
        llm=llm,
        llm_model=llm_model,
    )
    ws = _workspace(settings)
    with render.stage_progress(enabled=not json_out) as (on_stage, progress):
        result = ws.analyze(paths, out, progress=progress, on_stage=on_stage)
    for warning in (result.themes.llm or {}).get("warnings", []):  # type: ignore[union-attr]
        typer.echo(printable(f"Warning: {warning}"), err=True)
    if json_out:
        _print_json(render.analysis_json(result))
    else:
        render.print_analysis(result, settings.profile)
    if open_report:
        import webbrowser

        webbrowser.open(result.html.resolve().as_uri())
    raise typer.Exit(
        code=EXIT_PARTIAL if result.ingest.skipped or result.reply_failures else EXIT_OK
    )


@app.command()
def batch(
    source: Annotated[
        Path, typer.Argument(help="A folder with one sub-folder per candidate, or a manifest.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Where reports and summaries go.")] = Path(
        "nextround-batch"
    ),
    replies: Annotated[bool, typer.Option("--replies", help="Also draft pending replies.")] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=32,
            help="Profiles processed at once (they share the model and LLM call limits).",
        ),
    ] = 1,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    llm: LLMOpt = None,
    llm_model: LLMModelOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Analyse many candidates, resumably; write a report each and a cohort overview.

    Exit code 0 when everything finished cleanly, 3 when a profile failed or inputs
    were skipped (see summary.jsonl).
    """
    from nextround import render
    from nextround.batch import find_jobs, run_batch

    settings = _settings(None, home, chroma_url, config, embedding, llm=llm, llm_model=llm_model)
    jobs = find_jobs(source)
    with render.batch_progress(enabled=not json_out) as progress:
        report = run_batch(settings, jobs, out, replies=replies, workers=workers, progress=progress)
    if json_out:
        _print_json(
            {
                "profiles": [o.__dict__ for o in report.outcomes],
                "resumed": report.resumed,
                "summary": str(report.summary),
                "index": str(report.index),
            }
        )
    else:
        render.print_batch(report)
    raise typer.Exit(code=EXIT_OK if report.ok else EXIT_PARTIAL)


@app.command()
def migrate(
    to: Annotated[str, typer.Option("--to", help="The Chroma server, e.g. http://127.0.0.1:8000.")],
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Copy a profile from the embedded store to a Chroma server (safe to re-run)."""
    from nextround.settings import _check_url

    settings = _settings(profile, home, None, config, embedding)
    copied = _workspace(settings).migrate(_check_url(to))
    if json_out:
        _print_json({"profile": settings.profile, "copied": copied, "to": to})
    else:
        typer.echo(f"Copied {copied} records of profile '{settings.profile}' to {to}.")


@app.command()
def reply(
    record_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="The rejection to reply to.")
    ] = None,
    kind: Annotated[
        str,
        typer.Option("--kind", help="thank_you, feedback_request, linkedin_note, stay_in_touch."),
    ] = "thank_you",
    tone: Annotated[str, typer.Option("--tone", help="warm, formal or brief.")] = "warm",
    seed: Annotated[int, typer.Option("--seed", help="Another seed gives other wording.")] = 0,
    max_chars: Annotated[
        int, typer.Option("--max-chars", min=50, help="Length limit of a LinkedIn note.")
    ] = 300,
    pending: Annotated[
        bool, typer.Option("--pending", help="Draft for every rejection without a draft yet.")
    ] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the draft to FILE (with --pending: DIR).")
    ] = None,
    eml: Annotated[
        Path | None, typer.Option("--eml", help="Write an .eml draft for your mail client.")
    ] = None,
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    llm: LLMOpt = None,
    llm_model: LLMModelOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Draft a gracious reply to a rejection. Nothing is ever sent."""
    from nextround import render
    from nextround.replies.eml import write_reply
    from nextround.replies.offline import KINDS, TONES

    if kind not in KINDS:
        raise typer.BadParameter(f"choose one of {', '.join(KINDS)}", param_hint="--kind")
    if tone not in TONES:
        raise typer.BadParameter(f"choose one of {', '.join(TONES)}", param_hint="--tone")
    settings = _settings(profile, home, chroma_url, config, embedding, llm=llm, llm_model=llm_model)
    ws = _workspace(settings)
    if pending:
        made = ws.draft_pending(out)
        drafts = made.drafts
        if json_out:
            _print_json(made.as_dict())
        else:
            where = f" in {out}" if out else ""
            typer.echo(f"Drafted {len(drafts)} repl{'y' if len(drafts) == 1 else 'ies'}{where}.")
            for failure in made.failed:
                typer.echo(printable(f"  no draft   {failure.source}: {failure.reason}"), err=True)
        if made.failed:
            raise typer.Exit(code=EXIT_PARTIAL)
        return
    if record_id is None:
        raise typer.BadParameter("give a record ID, or --pending", param_hint="ID")
    draft = ws.reply(record_id, kind, tone=tone, seed=seed, max_chars=max_chars)
    if out is not None or eml is not None:
        write_reply(draft, ws.get(draft.feedback_id), text=out, eml=eml)
    if json_out:
        _print_json(render.reply_json(draft))
    elif out is None and eml is None:
        render.print_reply(draft)
    else:
        typer.echo(printable(f"Draft written to {out or eml}. Nothing was sent."))


@app.command("check-tone")
def check_tone_command(
    path: Annotated[str, typer.Argument(metavar="FILE", help="A draft to check ('-' for stdin).")],
    json_out: JsonOpt = False,
) -> None:
    """Check a reply you wrote: anger, arguing, blame, sarcasm, pleading, length, safety.

    Exit code 0 when nothing is flagged, 3 when something is.
    """
    from nextround.errors import InputError
    from nextround.replies.check import check_file, check_reply

    try:
        result = check_reply(sys.stdin.read()) if path == "-" else check_file(Path(path))
    except InputError as exc:
        raise typer.BadParameter(
            printable(f"cannot read {path}: {exc.reason}"), param_hint="FILE"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:  # stdin
        raise typer.BadParameter(
            printable(f"cannot read {path}: {exc}"), param_hint="FILE"
        ) from None
    if json_out:
        _print_json(result.as_dict())
    elif not result.flagged:
        typer.echo("No tone or safety problems found.")
    else:
        for flag in result.flags:
            typer.echo(printable(f"- {flag.kind}: “{flag.text}” — {flag.explanation}"))
    if result.flagged:
        raise typer.Exit(code=EXIT_PARTIAL)


@app.command()
def stats(
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Summarise a profile: how much feedback, from whom, at which stages, when."""
    from nextround import render

    ws = _workspace(_settings(profile, home, chroma_url, config, embedding))
    summary = ws.stats()
    if json_out:
        _print_json(summary)
    else:
        render.print_stats(summary)


@app.command()
def doctor(
    home: HomeOpt = None,
    config: ConfigOpt = None,
    llm: LLMOpt = None,
    llm_model: LLMModelOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Check the setup: embedding model, store, and whether the LLM answers (no secrets shown)."""
    from nextround.doctor import run_checks

    settings = _settings(None, home, None, config, None, llm=llm, llm_model=llm_model)
    checks = run_checks(settings)
    if json_out:
        _print_json({"checks": checks})
    else:
        for check in checks:
            mark = "ok " if check["ok"] else "FAIL"
            typer.echo(printable(f"[{mark}] {check['name']}: {check['detail']}"))
    if not all(c["ok"] for c in checks):
        raise typer.Exit(code=EXIT_ERROR)


def main() -> None:
    """Entry point of the ``nextround`` console script."""
    try:
        app()
    except NextroundError as exc:  # raised outside a command (e.g. while parsing)
        typer.echo(printable(f"Error: {exc}"), err=True)
        sys.exit(exc.exit_code)
