"""Words of a text as name detection sees them.

A :class:`Token` is a capitalised word, a name particle ("van", "de"), or a name
written in lower case or capitals that no ordinary word shares ("priya", "GONZALEZ").
Other lower-case words are left out: that keeps the scan fast, and two name words only
count as adjacent when the text between them is blank.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from nextround.privacy.contexts import (
    _LOWER_WORD_RE,
    _PARTICLES,
    _WORD_NFC_RE,
    _WORD_RE,
)
from nextround.privacy.lexicon import Lexicon, fold, lexicon

__all__ = ["Token", "lowered", "occurrences", "tokenize"]


@dataclass(slots=True)
class Token:
    """One word of a text, with what name detection needs to know about it."""

    text: str  # the word without a possessive 's
    start: int
    end: int  # end of ``text``
    full_end: int  # end including a possessive 's
    cap: bool  # capitalised, or a name in lower case or ALL CAPS (see tokenize)
    upper: bool  # ALL CAPS, two letters or more
    key: str  # lookup key (see fold)
    blocked: bool  # inside an email, URL or phone number
    lower: bool = False  # a name written all in lower case ("priya")


def tokenize(text: str, blocked: list[tuple[int, int]]) -> list[Token]:
    """Capitalised words, name particles, and names written in lower case or capitals.

    A lower-case or ALL-CAPS word only becomes a token when it is a name that no ordinary
    word shares ("priya", "GONZALEZ", but not "will" or "GRANT"); it is then treated as if
    it were capitalised. Dropping other lowercase words keeps the scan fast, and it keeps
    name runs honest: two name words only count as adjacent when the text between them is
    blank.
    """
    lex = lexicon()
    nfc = unicodedata.is_normalized("NFC", text)
    word_re = _WORD_NFC_RE if nfc else _WORD_RE
    matches = list(word_re.finditer(text))
    if nfc:
        matches += _lower_case_names(text, lex)
        matches.sort(key=lambda m: m.start())
    toks: list[Token] = []
    spans = iter(blocked)
    span = next(spans, None)
    for m in matches:
        word = m.group()
        first = word[0]
        lower = False
        if not first.isupper():
            if word in _PARTICLES:
                cap = False
            elif len(word) > 2 and word[1] in "'’" and word[2].isupper() and first in "dl":
                cap = True  # d'Alembert, l'Hôte
            elif nfc and first.isascii():
                cap = lower = True  # from _lower_case_names
            elif word.islower() and not nfc and lex.can_be_name_in_any_case(fold(word)):
                cap = lower = True  # "priya patel" in decomposed text
            elif word.islower() and not first.isascii() and lex.can_be_name_in_any_case(fold(word)):
                cap = lower = True  # "анна морозова"
            else:
                continue
        else:
            cap = True
        start, full_end = m.span()
        end = full_end
        if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS":
            word = word[:-2]
            end -= 2
        upper = len(word) > 1 and word.isupper()
        key = fold(word) if cap or upper else word
        if upper:
            cap = lex.can_be_name_in_any_case(key)  # "MARIA GONZALEZ", not "SENIOR ENGINEER"
        while span is not None and span[1] <= start:
            span = next(spans, None)
        is_blocked = span is not None and span[0] < full_end
        toks.append(Token(word, start, end, full_end, cap, upper, key, is_blocked, lower))
    return toks


def _lower_case_names(text: str, lex: Lexicon) -> list[re.Match[str]]:
    """ASCII lower-case words that are names: a given name no word shares ("priya"), and a
    surname right after one ("priya patel"; "showers" alone is a word)."""
    out: list[re.Match[str]] = []
    prev_end = -2
    for m in _LOWER_WORD_RE.finditer(text):
        word = m.group()
        if word in _PARTICLES:
            continue
        key = fold(word)
        if not lex.can_be_name_in_any_case(key):
            continue
        if key in lex.core_first or (prev_end == m.start() - 1 and text[prev_end] == " "):
            out.append(m)
            prev_end = m.end()
    return out


def lowered(text: str) -> str:
    """``text.lower()`` with the same length, so offsets stay valid ("İ" lowers to 2 chars)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def occurrences(low: str, word: str) -> list[int]:
    """Offsets just after each whole-word ``word`` followed by blanks ("with ")."""
    found: list[int] = []
    n = len(word)
    pos = low.find(word)
    while pos != -1:
        after = pos + n
        if (pos == 0 or low[pos - 1] in " \t\n(\"'“>") and low[after : after + 1] in (" ", "\t"):
            while low[after : after + 1] in (" ", "\t"):
                after += 1
            found.append(after)
        pos = low.find(word, pos + 1)
    return found
