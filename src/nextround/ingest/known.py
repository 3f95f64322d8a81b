"""Names the profile already knows, found again in another record.

A company or person named in one record's signature or headers is recognised
when another record (or its file name) mentions it. Each function returns the
name as written, or ``""`` when the text names none or more than one, so nothing
is invented.
"""

from __future__ import annotations

import re
from collections.abc import Sequence


def name_in(text: str, names: Sequence[str]) -> str:
    """The one name of ``names`` that ``text`` mentions as a whole word, or ''."""
    flat = f" {_words(text)} "
    found = {n for n in names if n and _words(n) and f" {_words(n)} " in flat}
    return found.pop() if len(found) == 1 else ""


def _words(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text).casefold().strip()


def company_in(text: str, file_words: str, companies: Sequence[str]) -> str:
    """A known company this record names: in full in its text or file name, or by
    its first word in the file name (``kestrel_go_technical.txt`` for Kestrel Cloud)
    when no other known company starts with that word."""
    full = name_in(f"{text}\n{file_words}", companies)
    if full:
        return full
    by_first: dict[str, set[str]] = {}
    for company in companies:
        first = _words(company).split(" ")[0]
        if len(first) >= 4:
            by_first.setdefault(first, set()).add(company)
    named = set(_words(file_words).split())
    hits = [
        owners.pop() for first, owners in by_first.items() if len(owners) == 1 and first in named
    ]
    return hits[0] if len(hits) == 1 else ""


def known_person_in(text: str, people: Sequence[str]) -> str:
    """A known person named in ``text``: the full name, else a first name that fits one person.

    Returns the name as the text writes it, so nothing is invented.
    """
    full = name_in(text, people)
    if full:
        return full
    by_first: dict[str, set[str]] = {}
    for person in people:
        parts = person.split()
        if len(parts) >= 2:
            by_first.setdefault(parts[0], set()).add(person)
    hits = [
        first
        for first, owners in by_first.items()
        if len(owners) == 1 and re.search(rf"\b{re.escape(first)}\b", text)
    ]
    return hits[0] if len(hits) == 1 else ""


#: Legal forms that follow a company's name and do not change which company it is
#: ("Solenne SAS" is Solenne, "Copperleaf Finance, Inc." is Copperleaf Finance).
_LEGAL_FORMS = (
    "ltd",
    "limited",
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "plc",
    "gmbh",
    "ggmbh",
    "mbh",
    "mbb",
    "ag",
    "sas",
    "sa",
    "sarl",
    "sl",
    "slp",
    "srl",
    "spa",
    "nv",
    "bv",
    "pty",
    "pte",
    "co",
    "corp",
    "ltda",
    "lda",
    "de cv",
    "kg",
    "oy",
    "ab",
    "as",
)
_LEGAL_TAIL = re.compile(r"(?:\s(?:" + "|".join(_LEGAL_FORMS) + r"))+$")


def company_key(name: str) -> str:
    """What identifies a company whatever way it is written: case, punctuation, a
    leading "the" and trailing legal forms aside. ``company_key("The Copperleaf
    Finance, Inc.") == company_key("copperleaf finance")``."""
    flat = re.sub(r"[^\w&]+", " ", name.replace(".", "")).casefold().strip()
    flat = flat.removeprefix("the ").strip()
    return _LEGAL_TAIL.sub("", flat).strip() or flat
