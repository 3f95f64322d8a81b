"""What the feedback says: ``themes`` and the main job, ``analyze``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nextround.cli.options import (
    ChromaOpt,
    CompanyOpt,
    ConfigOpt,
    EmbeddingOpt,
    HomeOpt,
    InsecureOpt,
    JsonOpt,
    LLMModelOpt,
    LLMOpt,
    MailSearchOpt,
    MailSinceOpt,
    PackOpt,
    ProfileOpt,
    SinceOpt,
    StageOpt,
    StartTlsOpt,
    UntilOpt,
    date_option,
    load_settings,
    mail_access,
    mail_fetch,
    only_for_mail,
    open_workspace,
    print_json,
    stage_option,
)
from nextround.errors import EXIT_OK, EXIT_PARTIAL
from nextround.settings import option_help
from nextround.textnorm import printable


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
    from nextround import render, shapes
    from nextround.themes import ThemeOptions

    if output_format not in ("table", "md"):
        raise typer.BadParameter("choose table or md", param_hint="--format")
    settings = load_settings(
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
    ws = open_workspace(settings)
    report = ws.themes(
        since=date_option(since, "--since"),
        until=date_option(until, "--until"),
        stage=stage_option(stage),
        company=company,
        options=ThemeOptions(min_records=min_records),
        dry_run=dry_run,
    )
    if dry_run:
        if json_out:
            print_json(shapes.dry_run_json(report.llm))
        else:
            render.print_dry_run(report.llm.requests)
        return
    for warning in report.llm.warnings:
        typer.echo(printable(f"Warning: {warning}"), err=True)
    if json_out:
        print_json(shapes.themes_json(report))
    elif output_format == "md":
        from nextround.report import themes_markdown

        typer.echo(printable(themes_markdown(report, settings.profile), keep_newlines=True))
    else:
        render.print_themes(report)


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
    since: MailSinceOpt = None,
    search: MailSearchOpt = None,
    starttls: StartTlsOpt = False,
    insecure: InsecureOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """The main job: ingest, find themes, draft replies, write a report.

    Exit code 3 when some inputs were skipped (listed, as for ingest).
    """
    from nextround import render, shapes

    only_for_mail(
        paths,
        {"--since": since, "--search": search, "--starttls": starttls, "--insecure": insecure},
    )
    fetch = mail_fetch(paths, since, search)
    access = mail_access(starttls, insecure)

    settings = load_settings(
        profile,
        home,
        chroma_url,
        config,
        embedding,
        packs=pack or None,
        llm=llm,
        llm_model=llm_model,
    )
    ws = open_workspace(settings)
    with render.stage_progress(enabled=not json_out) as (on_stage, progress):
        result = ws.analyze(
            paths, out, progress=progress, on_stage=on_stage, mail=access, fetch=fetch
        )
    for warning in result.themes.llm.warnings:
        typer.echo(printable(f"Warning: {warning}"), err=True)
    if json_out:
        print_json(shapes.analysis_json(result))
    else:
        render.print_analysis(result, settings.profile)
    if open_report:
        import webbrowser

        webbrowser.open(result.html.resolve().as_uri())
    raise typer.Exit(
        code=EXIT_PARTIAL if result.ingest.skipped or result.reply_failures else EXIT_OK
    )
