"""The ``nextround`` command: a thin layer over :class:`nextround.Workspace`.

Each command parses options, builds settings, calls one library method and
renders the result. Errors are mapped in one place (:class:`_Group`). The commands
live in modules by what they work on (:mod:`~nextround.cli.records`,
:mod:`~nextround.cli.analysis`, :mod:`~nextround.cli.replies`,
:mod:`~nextround.cli.batch`, :mod:`~nextround.cli.progress`,
:mod:`~nextround.cli.doctor`) and are registered
below, in the order ``nextround --help`` lists them.

Exit codes (defined in :mod:`nextround.errors`): 0 success; 1 an error (message
on stderr) or a bug (traceback in ``$NEXTROUND_HOME/logs/errors.log``); 2 bad
usage; 3 partly done (some inputs were skipped, listed in the output); 130
interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from typer._click.core import Context
from typer.core import TyperGroup
from typer.exceptions import TyperException

from nextround.cli import analysis, batch, doctor, progress, records, replies
from nextround.cli.options import SETTINGS_KEY
from nextround.errors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    NextroundError,
)
from nextround.settings import Settings, default_home
from nextround.textnorm import printable

__all__ = ["EXIT_ERROR", "EXIT_OK", "EXIT_PARTIAL", "EXIT_USAGE", "app", "main"]


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

    settings = ctx.meta.get(SETTINGS_KEY)
    secrets: tuple[str | None, ...] = ()
    if isinstance(settings, Settings):
        home = settings.home
        secrets = (settings.openai_api_key, settings.llm_api_key, settings.imap_password)
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

app.command()(records.ingest)
app.command("list")(records.list_records)
app.command()(records.search)
app.command()(records.show)
app.command()(records.edit)
app.command()(records.forget)
app.command()(analysis.themes)
app.command()(analysis.analyze)
app.command()(batch.batch)
app.command()(batch.migrate)
app.command()(replies.reply)
app.command("check-tone")(replies.check_tone_command)
app.command("mark-sent")(replies.mark_sent)
app.command()(progress.progress)
app.command()(records.stats)
app.command()(doctor.doctor)


def main() -> None:
    """Entry point of the ``nextround`` console script."""
    try:
        app()
    except NextroundError as exc:  # raised outside a command (e.g. while parsing)
        typer.echo(printable(f"Error: {exc}"), err=True)
        sys.exit(exc.exit_code)
