"""The word lists behind person-name recognition, and how words are looked up in them.

- given names: ``data/first_names.txt`` (US census) and ``data/world_given_names.txt``
  (many languages and scripts: Cyrillic, Greek, Arabic, Hebrew, Devanagari, Hangul, Han...);
- surnames: ``data/surnames.txt`` (US census) and ``data/world_surnames.txt``;
- ``data/name_stopwords.txt``: names that are also words (``[ambiguous]``), words that are
  never names (``[never]``), company suffixes (``[org]``) and city-like names (``[place]``);
- ordinary words (``data/common_words.txt`` and the other word lists), which tell a name
  written in lower case or in capitals ("priya patel", "MARIA GONZALEZ") from a word.

Lookups are case-, accent- and apostrophe-insensitive (:func:`fold`). Russian, Ukrainian
and Bulgarian names change their endings with grammatical case ("с Анной Морозовой"):
:meth:`Lexicon.is_given` and :meth:`Lexicon.is_surname` also try the nominative forms.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from nextround.resources import data_lines

__all__ = ["Lexicon", "fold", "is_given_name", "lexicon", "word_classes"]


@lru_cache(maxsize=65536)
def _fold_slow(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c not in "'’")


def fold(word: str) -> str:
    """Lookup key: case-, accent- and apostrophe-insensitive ("O'Neill" -> "oneill").

    Marks that carry the spelling of a script (Devanagari vowel signs, Arabic letters)
    are kept: only Latin, Greek and Cyrillic letters lose their accents.
    """
    if word.isascii():
        return word.lower().replace("'", "")
    if _is_abugida(word):
        return word.casefold()
    return _fold_slow(word)


def _is_abugida(word: str) -> bool:
    """Scripts whose combining marks are letters, not accents (Devanagari, Bengali...)."""
    return "\u0900" <= word[0] <= "\u0dff"


# Case endings of East Slavic and Bulgarian names, each with the nominative endings it can
# come from: "Анной" -> "Анна", "Морозовой" -> "Морозова", "Ивану" -> "Иван", "Олено" -> "Олена".
_CYRILLIC_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ой", ("а", "ая", "")),
    ("ою", ("а",)),
    ("ей", ("я", "ь")),
    ("ого", ("ий", "ой", "")),
    ("ому", ("ий", "ой", "")),
    ("ым", ("", "ий")),
    ("им", ("ий", "")),
    ("ом", ("",)),
    ("ем", ("ь", "й", "")),
    ("ы", ("а",)),
    ("и", ("а", "я", "ь", "ий")),
    ("е", ("а", "я", "")),
    ("у", ("а", "")),
    ("ю", ("я", "ь", "й")),
    ("а", ("", "й", "ь")),
    ("я", ("й", "ь")),
    ("о", ("а",)),
)


def _is_cyrillic(key: str) -> bool:
    return "\u0400" <= key[0] <= "\u04ff"


def _nominatives(key: str) -> list[str]:
    out: list[str] = []
    for ending, bases in _CYRILLIC_ENDINGS:
        if key.endswith(ending) and len(key) > len(ending) + 2:
            stem = key[: -len(ending)]
            out += [stem + b for b in bases]
    return out


@dataclass(frozen=True)
class Lexicon:
    """Folded word sets (see the module docstring)."""

    first: frozenset[str]
    surnames: frozenset[str]
    core_first: frozenset[str]  # the census and curated given names (first_names.txt)
    core_surnames: frozenset[str]  # the census surnames (surnames.txt)
    ambiguous: frozenset[str]
    never: frozenset[str]
    org: frozenset[str]
    place: frozenset[str]
    common: frozenset[str]  # ordinary lower-case words

    def is_given(self, key: str) -> bool:
        if key in self.first:
            return True
        return _is_cyrillic(key) and any(k in self.first for k in _nominatives(key))

    def is_surname(self, key: str) -> bool:
        if key in self.surnames:
            return True
        return _is_cyrillic(key) and any(k in self.surnames for k in _nominatives(key))

    def stands_alone(self, key: str) -> bool:
        """A given name sure enough to be a person on its own: a census or curated one, or one
        in a non-Latin script. The wider world lists also hold "Atlanta" or "Safari"."""
        return key in self.core_first or not key.isascii()

    def is_word(self, key: str) -> bool:
        """Whether ``key`` is an ordinary word (or a name that is one: "rose", "will")."""
        return key in self.common or key in self.ambiguous or key in self.never

    def can_be_name_in_any_case(self, key: str) -> bool:
        """A name written in lower case or capitals that no ordinary word shares."""
        return (
            len(key) > 1
            and not self.is_word(key)
            and key not in self.org
            and (self.is_given(key) or self.is_surname(key))
        )


@cache
def lexicon() -> Lexicon:
    """The word lists, loaded once."""
    sections: dict[str, set[str]] = {
        "ambiguous": set(),
        "never": set(),
        "org": set(),
        "place": set(),
    }
    current: set[str] | None = None
    for line in data_lines("name_stopwords.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = sections[line[1:-1]]
        elif current is not None:
            current.add(fold(line))
    common = {
        fold(w)
        for name in ("common_words.txt", "stopwords.txt", "verbs.txt", "job_nouns.txt")
        for w in data_lines(name)
    }
    core_first = {fold(n) for n in data_lines("first_names.txt")}
    first = core_first | {fold(n) for n in data_lines("world_given_names.txt")}
    core_surnames = {fold(n) for n in data_lines("surnames.txt")}
    surnames = core_surnames | {fold(n) for n in data_lines("world_surnames.txt")}
    return Lexicon(
        first=frozenset(first),
        surnames=frozenset(surnames),
        core_first=frozenset(core_first),
        core_surnames=frozenset(core_surnames),
        ambiguous=frozenset(sections["ambiguous"]),
        never=frozenset(sections["never"]),
        org=frozenset(sections["org"]),
        place=frozenset(sections["place"]),
        common=frozenset(common),
    )


def is_given_name(word: str) -> bool:
    """True when ``word`` is in the census gazetteer of given names (any case)."""
    return fold(word) in lexicon().core_first


def word_classes(word: str) -> set[str]:
    """The gazetteers ``word`` is in: given, surname, org, place, never (a common word).

    Given names and surnames are the census lists, as header and column sniffing expect.
    """
    key = fold(word)
    lex = lexicon()
    found = set()
    for name, words in (
        ("given", lex.core_first),
        ("surname", lex.core_surnames),
        ("org", lex.org),
        ("place", lex.place),
        ("never", lex.never),
    ):
        if key in words:
            found.add(name)
    return found
