"""Marking untrusted text so a model treats it as data (spotlighting).

Each excerpt is delimited by ``<feedback id="N">`` tags and *datamarked*: the
spaces between its words become ``^``, a signal the system prompt explains
and that text smuggled into feedback cannot imitate. Anything that looks like
the delimiters themselves is removed from the excerpt first.
"""

from __future__ import annotations

import re

_TAGS = re.compile(r"</?\s*feedback[^>]*>", re.IGNORECASE)
MARK = "^"


def datamark(text: str) -> str:
    """``text`` with tags stripped and whitespace runs replaced by the mark."""
    cleaned = _TAGS.sub(" ", text).replace(MARK, " ")
    return MARK.join(cleaned.split())


def unmark(text: str) -> str:
    """The readable form of a datamarked string (models sometimes echo marks)."""
    return " ".join(text.replace(MARK, " ").split())


def excerpts(texts: list[str]) -> str:
    """Numbered, delimited, datamarked excerpts for a prompt."""
    return "\n".join(
        f'<feedback id="{i}">{datamark(t)}</feedback>' for i, t in enumerate(texts, start=1)
    )
