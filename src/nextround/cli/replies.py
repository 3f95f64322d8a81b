"""Replies to rejections: ``reply`` drafts one (nothing is sent), ``check-tone`` checks
yours, ``mark-sent`` records that you sent one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from nextround.cli.options import (
    ChromaOpt,
    ConfigOpt,
    EmbeddingOpt,
    HomeOpt,
    InsecureOpt,
    JsonOpt,
    LLMModelOpt,
    LLMOpt,
    ProfileOpt,
    StartTlsOpt,
    load_settings,
    mail_access,
    open_workspace,
    print_json,
)
from nextround.errors import EXIT_PARTIAL
from nextround.textnorm import printable


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
    to_drafts: Annotated[
        str | None,
        typer.Option(
            "--to-drafts",
            metavar="imap://USER@HOST",
            help="Put the draft (with --pending: every one not put there before) in this mail "
            "account's Drafts folder, flagged \\Draft and threaded to the original. Never sent.",
        ),
    ] = None,
    starttls: StartTlsOpt = False,
    insecure: InsecureOpt = False,
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
    from nextround import render, shapes
    from nextround.replies.eml import write_reply
    from nextround.replies.offline import KINDS, TONES

    if kind not in KINDS:
        raise typer.BadParameter(f"choose one of {', '.join(KINDS)}", param_hint="--kind")
    if tone not in TONES:
        raise typer.BadParameter(f"choose one of {', '.join(TONES)}", param_hint="--tone")
    settings = load_settings(
        profile, home, chroma_url, config, embedding, llm=llm, llm_model=llm_model
    )
    ws = open_workspace(settings)
    if to_drafts is not None:
        if out is not None or eml is not None:
            raise typer.BadParameter(
                "puts drafts in your mail account; write files in another run",
                param_hint="--to-drafts",
            )
        if not pending and record_id is None:
            raise typer.BadParameter("give a record ID, or --pending", param_hint="ID")
        upload = ws.reply_to_drafts(
            to_drafts,
            None if pending else record_id,
            kind,
            tone=tone,
            seed=seed,
            access=mail_access(starttls, insecure),
        )
        if json_out:
            print_json(upload.as_dict())
        else:
            render.print_drafts_upload(upload)
        if upload.failed:
            raise typer.Exit(code=EXIT_PARTIAL)
        return
    if starttls or insecure:
        raise typer.BadParameter("applies to --to-drafts only", param_hint="--starttls/--insecure")
    if pending:
        made = ws.draft_pending(out)
        drafts = made.drafts
        if json_out:
            print_json(made.as_dict())
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
        print_json(shapes.reply_json(draft))
    elif out is None and eml is None:
        render.print_reply(draft)
    else:
        typer.echo(printable(f"Draft written to {out or eml}. Nothing was sent."))


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
        print_json(result.as_dict())
    elif not result.flagged:
        typer.echo("No tone or safety problems found.")
    else:
        for flag in result.flags:
            typer.echo(printable(f"- {flag.kind}: “{flag.text}” — {flag.explanation}"))
    if result.flagged:
        raise typer.Exit(code=EXIT_PARTIAL)


def mark_sent(
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="The rejection you replied to (id or prefix), or the saved draft "
            "(<id>-<kind>.txt or .eml) you sent.",
        ),
    ],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="The kind of reply sent: feedback_request (default), thank_you, "
            "linkedin_note, stay_in_touch. A draft's file name gives it.",
            show_default=False,
        ),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="The day you sent it (YYYY-MM-DD); default today."),
    ] = None,
    profile: ProfileOpt = None,
    home: HomeOpt = None,
    chroma_url: ChromaOpt = None,
    config: ConfigOpt = None,
    embedding: EmbeddingOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Record that you sent a reply (nextround sends nothing), to follow up on feedback requests.

    Marking the same reply again keeps the first date unless --date is given.
    """
    from nextround.errors import UsageError
    from nextround.progress.requests import FEEDBACK_REQUEST, draft_file_target

    target = draft_file_target(record_id)
    if target is not None:
        record_id, named = target
        if kind is not None and kind != named:
            raise UsageError(f"the draft's file name says {named}, but --kind says {kind}")
        kind = named
    settings = load_settings(profile, home, chroma_url, config, embedding)
    marked = open_workspace(settings).mark_sent(record_id, kind or FEEDBACK_REQUEST, date)
    if json_out:
        print_json(marked.as_dict())
        return
    who = [f"to {marked.interviewer}"] if marked.interviewer else []
    who += [f"at {marked.company}"] if marked.company else []
    what = " ".join([marked.kind, *who, f"({marked.feedback_id})"])
    sent = marked.sent.isoformat()
    before = marked.previously_sent
    if before is None:
        typer.echo(printable(f"Marked the {what} as sent on {sent}. nextround sent nothing."))
    elif before == marked.sent:
        typer.echo(
            printable(
                f"The {what} was already marked as sent on {sent}; kept that date "
                "(give --date to change it)."
            )
        )
    else:
        typer.echo(
            printable(f"The {what} was marked as sent on {before.isoformat()}; now on {sent}.")
        )
    if marked.kind == FEEDBACK_REQUEST and not marked.company:
        typer.echo(
            "Its record names no company, so no answer can be linked to it; "
            f"add one with `nextround edit {marked.feedback_id} --company NAME`.",
            err=True,
        )
