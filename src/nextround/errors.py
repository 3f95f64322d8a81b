"""The exceptions nextround raises, and the exit code of each.

Every error a user can cause or fix is a :class:`NextroundError`; library users
catch that. The CLI prints ``Error: <message>`` on stderr and exits with the
class's ``exit_code`` (:data:`EXIT_CODES` lists them all). Anything else that
escapes a command is a bug in nextround: the CLI says so, exits with
:data:`EXIT_ERROR` and writes the traceback to ``$NEXTROUND_HOME/logs/errors.log``.

>>> EXIT_CODES[UsageError]
2
"""

from __future__ import annotations

#: Done.
EXIT_OK = 0
#: An error: the message on stderr says what happened and what to do (or a bug).
EXIT_ERROR = 1
#: Bad usage: an unknown option, or a value the command does not accept.
EXIT_USAGE = 2
#: Partly done: some inputs were skipped or failed; each is listed with its reason.
EXIT_PARTIAL = 3
#: Interrupted (Ctrl-C); what was stored so far is kept.
EXIT_INTERRUPTED = 130


class NextroundError(Exception):
    """Base class: something went wrong that the user can act on."""

    exit_code = EXIT_ERROR


class UsageError(NextroundError, ValueError):
    """A value given to a command or a library call is not one it accepts.

    Also a ``ValueError``, so code that checked arguments with ``except
    ValueError`` keeps working.
    """

    exit_code = EXIT_USAGE


class ConfigError(NextroundError):
    """Settings are missing or invalid (bad option, bad config file, missing key)."""


class ModelError(NextroundError):
    """An embedding model is missing, corrupt, or cannot run."""


class EmbeddingMismatchError(NextroundError):
    """A profile was built with one embedding model and opened with another."""


class StoreError(NextroundError):
    """The Chroma store cannot be opened, reached, or written."""


class StoreLockedError(StoreError):
    """Another process holds the embedded store."""


class NotFoundError(NextroundError):
    """A record or profile that was asked for does not exist."""


class ReplyError(NextroundError):
    """A reply of that kind does not fit this record."""


class InputError(NextroundError):
    """An input file (or a row in it) cannot be read. Carries the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EndpointUnavailable(NextroundError):
    """The language model's endpoint cannot be reached or refuses every request."""


class MailError(NextroundError):
    """A mail account (IMAP) cannot be used: no such folder, no password, a refused command."""


class MailUnreachable(MailError):
    """The mail server cannot be reached, or no secure connection can be made to it."""


class MailLoginError(MailError):
    """The mail server refused the user name or password."""


#: Every user-facing error class and the exit code the CLI gives it.
EXIT_CODES: dict[type[NextroundError], int] = {
    cls: cls.exit_code
    for cls in (
        NextroundError,
        UsageError,
        ConfigError,
        ModelError,
        EmbeddingMismatchError,
        StoreError,
        StoreLockedError,
        NotFoundError,
        ReplyError,
        InputError,
        EndpointUnavailable,
        MailError,
        MailUnreachable,
        MailLoginError,
    )
}
