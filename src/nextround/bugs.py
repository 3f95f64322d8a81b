"""When nextround itself fails: one line for the user, the details in a log file.

An exception that is not a :class:`~nextround.errors.NextroundError` is a bug
in nextround, not something the user did or can fix. The CLI reports it as
``nextround hit a bug: <type>: <message>; the details are in <log>`` and
appends the traceback to ``$NEXTROUND_HOME/logs/errors.log``, to attach to an
issue. A notebook or batch job can do the same with :func:`log_bug`.

The log holds the time, the nextround and Python versions, the command and the
traceback. It never holds settings values or the environment, and any secret
passed in ``secrets`` (API keys) is masked wherever it appears.
"""

from __future__ import annotations

import datetime as dt
import platform
import tempfile
import traceback
from collections.abc import Iterable
from pathlib import Path

from nextround.version import __version__

MASK = "***"


def errors_log(home: Path) -> Path:
    """The log of unexpected errors under the data directory ``home``."""
    return home / "logs" / "errors.log"


def mask(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every secret in ``secrets`` replaced by ``***``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return text


def log_bug(
    exc: BaseException,
    home: Path,
    *,
    command: str = "",
    secrets: Iterable[str | None] = (),
) -> Path:
    """Append ``exc`` and its traceback to the errors log, and return the log's path.

    When ``home`` cannot be written, the log goes to the temporary directory
    instead, so the details are never lost and never printed.
    """
    secrets = tuple(secrets)
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    header = (
        f"--- {now} nextround {__version__}, Python {platform.python_version()}, "
        f"command: {command or '(none)'}\n"
    )
    entry = mask(header + "".join(traceback.format_exception(exc)), secrets)
    for path in (errors_log(home), Path(tempfile.gettempdir()) / "nextround-errors.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(entry + "\n")
        except OSError:
            continue
        return path
    return errors_log(home)


def bug_message(exc: BaseException, log: Path, secrets: Iterable[str | None] = ()) -> str:
    """The one line a user sees about a bug, naming the log with the details."""
    summary = " ".join(str(exc).split())
    if len(summary) > 300:
        summary = summary[:299] + "…"
    text = f"{type(exc).__name__}: {summary}" if summary else type(exc).__name__
    return mask(f"nextround hit a bug: {text}; the details are in {log}", secrets)
