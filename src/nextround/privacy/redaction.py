"""Masking personal data before feedback text leaves the machine.

Rejection emails and interview notes name real people: recruiters, interviewers,
the candidate. Before any text is embedded remotely or sent to a language model,
:func:`redact` replaces people's names, email addresses, handles, phone numbers and
URLs with typed, numbered placeholders such as ``[PERSON_1]`` or ``[EMAIL_2]``, so a
reader (human or model) can still follow who said what without learning who they are.

Names are found by :mod:`nextround.privacy.scanner` (word lists, context patterns and the
names the caller already knows), contact details by :mod:`nextround.privacy.contacts`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from nextround.privacy.contacts import contact_key
from nextround.privacy.scanner import find_contacts, find_people, numbered
from nextround.privacy.tokens import tokenize

__all__ = ["Entity", "Redaction", "redact"]


@dataclass(frozen=True)
class Entity:
    """One piece of personal data found in a text, and what replaces it."""

    kind: str  # "PERSON" | "EMAIL" | "PHONE" | "URL"
    text: str  # the exact span in the input
    start: int
    end: int
    placeholder: str  # e.g. "[PERSON_1]"


@dataclass(frozen=True)
class Redaction:
    """A redacted text and the entities that were replaced, in order of appearance."""

    text: str
    entities: tuple[Entity, ...]


def redact(text: str, known_names: Iterable[str] = ()) -> Redaction:
    """Replace people's names, emails, phone numbers and URLs with typed placeholders.

    Placeholders are numbered per text in order of first appearance and stay
    consistent within it: the same address is always ``[EMAIL_1]``, and a person
    keeps one number whether written "Dana Whitfield", "Dana" or "Ms. Whitfield".
    ``known_names`` are names from the record's metadata (sender, recipients,
    interviewer, the candidate): they and their first-name and surname parts are
    redacted wherever they appear, on top of the names found in the text itself.
    """
    contacts = find_contacts(text)
    toks = tokenize(text, [(s, e) for s, e, _ in contacts])
    mentions = find_people(text, toks, known_names)
    person_no = numbered(mentions)

    spans: list[tuple[int, int, str, str]] = []
    counters: dict[str, dict[str, int]] = {}
    for start, end, kind in contacts:
        numbers = counters.setdefault(kind, {})
        key = contact_key(kind, text[start:end])
        number = numbers.setdefault(key, len(numbers) + 1)
        spans.append((start, end, kind, f"[{kind}_{number}]"))
    for m in mentions:
        spans.append((m.start, m.end, "PERSON", f"[PERSON_{person_no[m.cluster]}]"))
    spans.sort()

    pieces: list[str] = []
    entities: list[Entity] = []
    pos = 0
    for start, end, kind, placeholder in spans:
        pieces.append(text[pos:start])
        pieces.append(placeholder)
        entities.append(Entity(kind, text[start:end], start, end, placeholder))
        pos = end
    pieces.append(text[pos:])
    return Redaction("".join(pieces), tuple(entities))
