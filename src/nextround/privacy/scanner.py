"""Finding personal data in text: people's names and contact details.

Names are found offline and deterministically with the word lists of
:mod:`nextround.privacy.lexicon` (given names and surnames in many scripts, words that
double as names), the context patterns of :mod:`nextround.privacy.contexts` ("Hi X",
sign-offs, "spoke with X", "X said", "Interviewer: X", "Ms. X", "Smith, J."...)
and the names the caller already knows from the record's metadata. Names count in any
case: "MARIA GONZALEZ" and "priya patel" are names because no ordinary word is spelled
like them, while "Rose", "Hunter" or "Will" only count where they are used as names.
Names in scripts without capitals come from :mod:`nextround.privacy.script_names`;
addresses, handles, phones and URLs from :mod:`nextround.privacy.contacts`.

Every mention of a person is tagged with its person, so that "Dana Whitfield", "Dana"
and "Ms. Whitfield" are known to be one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nextround.privacy.contacts import contact_spans
from nextround.privacy.contexts import (
    _NAME_SUFFIXES,
    _PARTICLES,
    _TITLE_WORDS,
    _WORD_RE,
)
from nextround.privacy.detectors import Mention, NameDetector, is_common
from nextround.privacy.lexicon import Lexicon, fold, lexicon
from nextround.privacy.script_names import script_names
from nextround.privacy.tokens import Token, tokenize

__all__ = ["Mention", "find_contacts", "find_names", "find_people", "numbered"]


def _parse_known(name: str, lex: Lexicon, org_hints: frozenset[str]) -> tuple[str, ...]:
    """Lookup keys of a name from metadata ("Whitfield, Dana <d@x>" -> ("dana", "whitfield"))."""
    s = re.sub(r"<[^>]*>|\([^)]*\)|\[[^\]]*\]|\S+@\S+", " ", name).replace('"', " ")
    if s.count(",") == 1:
        before, after = (part.strip() for part in s.split(","))
        after_words = [fold(w) for w in _WORD_RE.findall(after)]
        if after_words and all(w in _NAME_SUFFIXES for w in after_words):
            s = before
        elif before and after:
            s = f"{after} {before}"
    words = [
        w
        for w in _WORD_RE.findall(s)
        if fold(w) not in _TITLE_WORDS and fold(w) not in _NAME_SUFFIXES
    ]
    keys = tuple(fold(w) for w in words)
    if not keys or any(k in lex.never or k in lex.org for k in keys):
        return ()  # a team or company display name, e.g. "Northwind Labs Recruiting"
    if len(keys) == 1 and keys[0] not in lex.first and keys[0] in org_hints:
        return ()
    return keys


def find_people(text: str, toks: list[Token], known_names: Iterable[str]) -> list[Mention]:
    """Person mentions in order of appearance, each tagged with its person (cluster)."""
    lex = lexicon()
    scan = NameDetector(text, toks, lex)
    known = [k for k in (_parse_known(n, lex, scan.org_hints) for n in known_names) if k]
    ranges = scan.known_candidates(known) + scan.candidates()

    # Longest span wins; ties go to the earlier one.
    ranges = sorted(set(ranges), key=lambda r: (-(toks[r[1] - 1].end - toks[r[0]].start), r[0]))
    taken = bytearray(len(toks))
    mentions: list[Mention] = []
    for a, b in ranges:
        if any(taken[a:b]):
            continue
        taken[a:b] = b"\x01" * (b - a)
        mentions.append(scan.mention((a, b)))
    for a, b in script_names(text, lex):
        if all(b <= m.start or a >= m.end for m in mentions):
            mentions.append(Mention(a, b, (fold(text[a:b]),)))
    mentions.sort(key=lambda m: m.start)

    # Clusters: one per person. Full names first, so that "Dana" and "Ms. Whitfield"
    # join "Dana Whitfield" wherever they appear.
    by_key: dict[tuple[str, ...], int] = {}
    by_ends: dict[tuple[str, str], int] = {}
    by_part: dict[str, int] = {}
    count = 0

    def new_cluster(key: tuple[str, ...]) -> int:
        nonlocal count
        cid = count
        count += 1
        by_key[key] = cid
        if len(key) > 1:
            by_ends.setdefault((key[0], key[-1]), cid)
        for part in key:
            if len(part) > 1 and not is_common(part, lex):
                by_part.setdefault(part, cid)
        return cid

    for key in known:
        named = tuple(k for k in key if k not in _PARTICLES and len(k) > 1)
        if named and named not in by_key:
            new_cluster(named)
    for m in mentions:
        if len(m.key) > 1:
            cid = by_key.get(m.key)
            if cid is None:
                cid = by_ends.get((m.key[0], m.key[-1]))
            m.cluster = cid if cid is not None else new_cluster(m.key)
    for m in mentions:
        if len(m.key) == 1:
            part = m.key[0]
            cid = by_part.get(part, by_key.get(m.key))
            m.cluster = cid if cid is not None else new_cluster(m.key)

    # Parts of known and found names elsewhere in the text: "Dana", "Whitfield".
    for i, t in enumerate(toks):
        if taken[i] or t.blocked or not (t.cap or t.upper) or len(t.text) < 2:
            continue
        cid = by_part.get(t.key)
        if cid is None or scan.is_date(t) or (t.key in lex.place and scan.place_reading(i)):
            continue
        mentions.append(Mention(t.start, t.end, (t.key,), cid))
    mentions.sort(key=lambda m: m.start)
    return mentions


def find_contacts(text: str) -> list[tuple[int, int, str]]:
    """E-mail addresses, handles, URLs and phones: ``(start, end, kind)``, in order."""
    lex = lexicon()
    return contact_spans(text, lambda word: lex.is_word(fold(word)))


def numbered(mentions: list[Mention]) -> dict[int, int]:
    """Person numbers from 1, in order of each person's first mention, by cluster."""
    order: dict[int, int] = {}
    for m in mentions:
        order.setdefault(m.cluster, len(order) + 1)
    return order


def find_names(text: str) -> list[str]:
    """Names of the people mentioned in a text, one per person, in order of appearance.

    Each person is reported by the longest form used in the text ("Dana Whitfield"
    rather than "Dana"). Only the text is used: no metadata names. Useful to
    suggest an interviewer or to review what :func:`~nextround.privacy.redact` will hide.
    """
    contacts = find_contacts(text)
    toks = tokenize(text, [(s, e) for s, e, _ in contacts])
    mentions = find_people(text, toks, ())
    best: dict[int, Mention] = {}
    for m in mentions:
        current = best.get(m.cluster)
        if current is None or len(m.key) > len(current.key):
            best[m.cluster] = m
    order = numbered(mentions)
    ranked = sorted(best.values(), key=lambda m: order[m.cluster])
    return [text[m.start : m.end] for m in ranked]
