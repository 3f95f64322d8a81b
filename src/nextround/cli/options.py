"""What the commands share: option types, settings built at the edge, option parsing, JSON.

Settings are built once per command (option > environment > config file > default)
and kept on the Click context, so a bug report knows the home to log under and the
secrets to keep out of it.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.globals import get_current_context

from nextround.settings import Settings, option_help
from nextround.textnorm import json_safe

#: Where a command keeps the settings it built, so a bug report knows home and secrets.
SETTINGS_KEY = "nextround.settings"

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
MailSinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="imap://: only messages that arrived on or after this date (YYYY-MM-DD).",
    ),
]
MailSearchOpt = Annotated[
    str | None,
    typer.Option("--search", help="imap://: only messages the server finds TEXT in."),
]
StartTlsOpt = Annotated[
    bool,
    typer.Option(
        "--starttls",
        help="imap://: connect to port 143 and upgrade with STARTTLS before logging in "
        "(default: TLS from the first byte, port 993). Never unencrypted.",
    ),
]
InsecureOpt = Annotated[
    bool,
    typer.Option(
        "--insecure",
        help="imap://: do not check the server's certificate (still encrypted). Only for a "
        "test server of your own with a self-signed certificate; warned loudly.",
    ),
]


def load_settings(
    profile: str | None,
    home: Path | None,
    chroma_url: str | None,
    config: Path | None,
    embedding: str | None = None,
    **extra: Any,
) -> Settings:
    """The command's settings from its options (``None`` falls through to env, config, default)."""
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
        ctx.meta[SETTINGS_KEY] = settings
    return settings


def open_workspace(settings: Settings) -> Any:
    """The profile's :class:`~nextround.Workspace` (imported here so ``--help`` stays fast)."""
    from nextround.workspace import Workspace

    return Workspace(settings)


def mail_fetch(paths: list[str], since: str | None, search: str | None) -> Any:
    """What to fetch from ``imap://`` folders among ``paths`` (``--since``, ``--search``);
    None when no path is a mail folder (the options were then refused already)."""
    from nextround.mail import FetchOptions, is_mail_url

    if not any(is_mail_url(p) for p in paths):
        return None
    return FetchOptions(since=date_option(since, "--since"), search=search or "")


def only_for_mail(paths: list[str], given: dict[str, object]) -> None:
    """A usage error naming the first of the options ``given`` that was set when no path
    is a mail folder (``imap://…``)."""
    from nextround.mail import is_mail_url

    if any(is_mail_url(p) for p in paths):
        return
    for option, value in given.items():
        if value:
            raise typer.BadParameter("applies to mail folders (imap://…) only", param_hint=option)


def mail_access(starttls: bool, insecure: bool) -> Any:
    """How to reach a mail account: the TLS choice, and a password prompt in a terminal.

    With ``--insecure`` a warning goes to stderr first. Without a terminal on stdin
    nothing is asked: the password must come from the settings.
    """
    from nextround.mail.account import INSECURE_WARNING, MailAccess

    if insecure:
        typer.echo(INSECURE_WARNING, err=True)
    prompt = getpass.getpass if sys.stdin.isatty() else None
    return MailAccess(starttls=starttls, insecure=insecure, prompt=prompt)


def date_option(value: str | None, option: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` option as a date; anything else is a usage error naming ``option``."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"expected a date like 2026-03-14, got {value!r}", param_hint=option
        ) from None


def stage_option(value: str | None) -> str | None:
    """A ``--stage`` value checked against the known stages; a usage error lists them."""
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


def print_json(data: Any) -> None:
    """Print ``data`` as the documented JSON, with control and bidi characters escaped."""
    typer.echo(json_safe(json.dumps(data, indent=2, ensure_ascii=False, default=str)))
