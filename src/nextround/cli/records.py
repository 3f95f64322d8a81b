"""Commands over one profile's records: ingest, list, search, show, edit, forget, stats."""

from __future__ import annotations

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


def ingest(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Files, directories (recursive), glob patterns, or a mail folder "
            "imap://USER@HOST[:PORT]/FOLDER (read-only; the password from "
            "NEXTROUND_IMAP_PASSWORD, the config file or a prompt, never the URL)."
        ),
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
    since: MailSinceOpt = None,
    search: MailSearchOpt = None,
    starttls: StartTlsOpt = False,
    insecure: InsecureOpt = False,
    json_out: JsonOpt = False,
) -> None:
    """Read feedback files or a mail folder into the store (txt, md, eml, mbox, Maildir,
    msg, docx, pdf, html, csv, tsv, jsonl, json, LinkedIn messages.csv, imap://).

    Every message is triaged: rejections and feedback are stored; other hiring
    mail and the rest of an inbox are set aside and listed with their kind. A mail
    folder is only read (EXAMINE, BODY.PEEK): nothing on the server changes, and a
    re-run fetches only new messages.
    Exit code 3 when some inputs were skipped; each is listed with its reason.
    """
    from nextround import render, shapes

    mapping = render.parse_map(column_map or [])
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
        max_file_mb=max_file_mb,
        llm=llm,
        llm_model=llm_model,
    )
    ws = open_workspace(settings)
    with render.ingest_progress(enabled=not json_out) as progress:
        report = ws.ingest(
            paths,
            column_map=mapping,
            progress=progress,
            keep_all=keep_all,
            fill_metadata=fill_metadata,
            mail=access,
            fetch=fetch,
        )
    if json_out:
        print_json(shapes.ingest_json(report))
    else:
        render.print_ingest(report, settings.profile)
    raise typer.Exit(code=EXIT_PARTIAL if report.skipped else EXIT_OK)


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
    from nextround import render, shapes
    from nextround.ingest.triage import KINDS

    if kind is not None and kind not in KINDS:
        raise typer.BadParameter(f"choose one of {', '.join(KINDS)}", param_hint="--kind")
    ws = open_workspace(load_settings(profile, home, chroma_url, config, embedding))
    records = ws.records(
        kind=kind,
        company=company,
        stage=stage_option(stage),
        since=date_option(since, "--since"),
        until=date_option(until, "--until"),
    )
    if json_out:
        print_json({"records": [shapes.record_json(r, redact=redact) for r in records]})
    else:
        render.print_records(records, redact=redact)


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
    from nextround import render, shapes

    if not query.strip():
        raise typer.BadParameter("the query is empty", param_hint="QUERY")
    ws = open_workspace(load_settings(profile, home, chroma_url, config, embedding))
    hits = ws.search(
        query,
        k,
        company=company,
        stage=stage_option(stage),
        since=date_option(since, "--since"),
        until=date_option(until, "--until"),
    )
    if json_out:
        print_json(
            {
                "query": query,
                "results": [
                    {"score": h.score, **shapes.record_json(h.record, redact=redact)} for h in hits
                ],
            }
        )
    else:
        render.print_hits(hits, redact=redact)


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
    from nextround import render, shapes

    ws = open_workspace(load_settings(profile, home, chroma_url, config, embedding))
    record = ws.get(record_id)
    if json_out:
        print_json(shapes.record_full_json(record, redact=redact))
    else:
        render.print_record(record, redact=redact)


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
    from nextround import render, shapes

    ws = open_workspace(load_settings(profile, home, chroma_url, config, embedding))
    record = ws.edit(
        record_id, company=company, role=role, interviewer=interviewer, stage=stage, date=date
    )
    if json_out:
        print_json(shapes.record_full_json(record))
    else:
        render.print_record(record, redact=False)


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
    ws = open_workspace(load_settings(profile, home, chroma_url, config, embedding))
    deleted = ws.forget(record_ids or [], source=source)
    if json_out:
        print_json({"deleted": deleted})
    else:
        typer.echo(f"Deleted {len(deleted)} record{'s' if len(deleted) != 1 else ''}.")


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

    ws = open_workspace(load_settings(profile, home, chroma_url, config, embedding))
    summary = ws.stats()
    if json_out:
        print_json(summary)
    else:
        render.print_stats(summary)
