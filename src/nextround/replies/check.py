"""Checking a reply someone wrote themselves (``nextround check-tone FILE``).

The same tone guard and safety checks every generated draft goes through::

    >>> result = check_reply("Thanks for nothing. Please reconsider!!")
    >>> [f.kind for f in result.tone_flags]
    ['sarcasm', 'pleading', 'arguing', 'sarcasm']
    >>> result.flagged
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nextround.errors import InputError
from nextround.ingest.discover import read_regular
from nextround.replies.safety import SafetyFlag, safety_flags
from nextround.replies.tone import ToneFlag, check_tone

#: The largest reply file read; a reply is a few hundred words.
MAX_REPLY_BYTES = 1_048_576


@dataclass(frozen=True)
class ReplyCheck:
    """What the checks found in one reply: tone flags, safety flags and its length in words."""

    tone_flags: tuple[ToneFlag, ...]
    safety_flags: tuple[SafetyFlag, ...]
    words: int

    @property
    def flagged(self) -> bool:
        """True when any tone or safety flag was raised."""
        return bool(self.tone_flags or self.safety_flags)

    @property
    def flags(self) -> tuple[ToneFlag | SafetyFlag, ...]:
        """Every flag: the tone flags, then the safety flags."""
        return (*self.tone_flags, *self.safety_flags)

    def as_dict(self) -> dict[str, object]:
        """``{"tone_flags": [...], "safety_flags": [...], "words": n}``, as ``--json`` prints."""
        return {
            "tone_flags": [f.as_dict() for f in self.tone_flags],
            "safety_flags": [f.as_dict() for f in self.safety_flags],
            "words": self.words,
        }


def check_reply(text: str) -> ReplyCheck:
    """Check ``text`` for tone (anger, arguing, blame, sarcasm, pleading, length) and safety."""
    return ReplyCheck(
        tone_flags=tuple(check_tone(text)),
        safety_flags=tuple(safety_flags(text)),
        words=len(text.split()),
    )


def read_reply(path: Path) -> str:
    """The text of the reply file at ``path`` (UTF-8, at most 1 MB).

    A FIFO or device is refused before anything is read, so it cannot hang the
    check. Raises :class:`~nextround.errors.InputError` with the reason when the
    file cannot be read.
    """
    try:
        return read_regular(path, MAX_REPLY_BYTES).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(exc)) from exc


def check_file(path: Path) -> ReplyCheck:
    """:func:`check_reply` on the file at ``path`` (see :func:`read_reply`)."""
    return check_reply(read_reply(path))
