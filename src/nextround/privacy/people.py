"""The names a profile knows: who its records name, gathered in one place.

Text taken from records (a quote for a language model, a sentence for a hosted
embedding model, an excerpt for metadata filling) is redacted with these names on top of
the ones found in the text itself, so that every path hides the same people.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from nextround.privacy.scanner import find_names

__all__ = ["people_named"]


class _Named(Protocol):
    @property
    def interviewer(self) -> str: ...
    @property
    def sender(self) -> str: ...
    @property
    def text(self) -> str: ...


def people_named(records: Iterable[_Named], also: Iterable[str] = ()) -> list[str]:
    """Everyone the records name (interviewer, sender, people their text mentions), and
    ``also``: the names to pass to :func:`~nextround.privacy.redact` for text taken from them.

    This is the one place names are gathered from records; every path that redacts their
    text (LLM quotes and excerpts, hosted embeddings) calls it.
    """
    names = {n for n in also if n}
    for record in records:
        names.update(n for n in (record.interviewer, record.sender, *find_names(record.text)) if n)
    return sorted(names)
