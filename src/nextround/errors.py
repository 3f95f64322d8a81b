"""The exceptions nextround raises.

Every error a user can cause or fix is a :class:`NextroundError`. The CLI maps
each subclass to a message on stderr and an exit code (see ``EXIT_CODES``);
library users catch :class:`NextroundError`.
"""

from __future__ import annotations


class NextroundError(Exception):
    """Base class: something went wrong that the user can act on."""

    exit_code = 1


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
