"""Masking personal data before feedback text leaves the machine.

Rejection emails and interview notes name real people: recruiters, interviewers,
the candidate. Before any text is embedded remotely or sent to a language model,
:func:`redact` replaces people's names, email addresses, handles, phone numbers and
URLs with typed, numbered placeholders such as ``[PERSON_1]`` or ``[EMAIL_2]``, so a
reader (human or model) can still follow who said what without learning who they are.

Everything runs offline and deterministically: names are found with the word lists of
:mod:`nextround.ingest.name_lexicon` (given names and surnames in many scripts, words
that double as names), context patterns ("Hi X", sign-offs, "spoke with X", "X said",
"Interviewer: X", "Ms. X", "Smith, J."...) and the names the caller already knows from
the record's metadata. Names count in any case: "MARIA GONZALEZ" and "priya patel" are
names because no ordinary word is spelled like them, while "Rose", "Hunter" or "Will"
only count where they are used as names. Names in scripts without capitals (Han,
Hangul, Arabic, Hebrew, Devanagari) come from :mod:`nextround.ingest.script_names`;
addresses, disguised addresses ("jane dot doe at example dot com"), handles, phones and
URLs from :mod:`nextround.ingest.contacts`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from nextround.ingest.contacts import contact_key, contact_spans
from nextround.ingest.name_contexts import (
    _BLANK_TO_EOL_RE,
    _CONNECTORS,
    _DASH_SIGNOFF_RE,
    _DATE_AFTER_RE,
    _DATE_NAMES,
    _GAZ,
    _GREETING_END_RE,
    _GREETING_RE,
    _INITIAL_GAP_RE,
    _INITIALS_BEFORE_RE,
    _LINE,
    _LINE_CONTEXTS,
    _LINE_END_RE,
    _LIST_SEP_RE,
    _LOWER_WORD_RE,
    _NAME_SUFFIXES,
    _NEXT_WORD_RE,
    _ORG_BEFORE,
    _PARTICLES,
    _PLACE_AFTER,
    _PLACE_BEFORE,
    _PLACE_LIST_RE,
    _PLACE_MOVES,
    _PREV_WORDS_RE,
    _ROLE_PAREN_RE,
    _ROLE_WORD_RE,
    _SIGNOFF_RE,
    _SPACES_RE,
    _SPEECH_VERBS,
    _STATE_RE,
    _STRONG,
    _STRONG_BEFORE,
    _SURNAME_INITIALS_RE,
    _TEAM_BEFORE_RE,
    _TITLE_RE,
    _TITLE_WORDS,
    _WEAK,
    _WEAK_BEFORE,
    _WORD_NFC_RE,
    _WORD_RE,
)
from nextround.ingest.name_lexicon import Lexicon, fold, lexicon
from nextround.ingest.script_names import script_names

__all__ = ["Entity", "Redaction", "find_names", "people_named", "redact"]


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


# --------------------------------------------------------------------------- lexicon

_fold = fold
_lexicon = lexicon
_Lexicon = Lexicon


# --------------------------------------------------------------------------- tokens


@dataclass(slots=True)
class _Tok:
    text: str  # the word without a possessive 's
    start: int
    end: int  # end of ``text``
    full_end: int  # end including a possessive 's
    cap: bool  # capitalised, or a name in lower case or ALL CAPS (see _tokenize)
    upper: bool  # ALL CAPS, two letters or more
    key: str  # lookup key (see _fold)
    blocked: bool  # inside an email, URL or phone number
    lower: bool = False  # a name written all in lower case ("priya")


def _tokenize(text: str, blocked: list[tuple[int, int]]) -> list[_Tok]:
    """Capitalised words, name particles, and names written in lower case or capitals.

    A lower-case or ALL-CAPS word only becomes a token when it is a name that no ordinary
    word shares ("priya", "GONZALEZ", but not "will" or "GRANT"); it is then treated as if
    it were capitalised. Dropping other lowercase words keeps the scan fast, and it keeps
    name runs honest: two name words only count as adjacent when the text between them is
    blank.
    """
    lex = _lexicon()
    nfc = unicodedata.is_normalized("NFC", text)
    word_re = _WORD_NFC_RE if nfc else _WORD_RE
    matches = list(word_re.finditer(text))
    if nfc:
        matches += _lower_case_names(text, lex)
        matches.sort(key=lambda m: m.start())
    toks: list[_Tok] = []
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
            elif word.islower() and not nfc and lex.can_be_name_in_any_case(_fold(word)):
                cap = lower = True  # "priya patel" in decomposed text
            elif (
                word.islower() and not first.isascii() and lex.can_be_name_in_any_case(_fold(word))
            ):
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
        key = _fold(word) if cap or upper else word
        if upper:
            cap = lex.can_be_name_in_any_case(key)  # "MARIA GONZALEZ", not "SENIOR ENGINEER"
        while span is not None and span[1] <= start:
            span = next(spans, None)
        is_blocked = span is not None and span[0] < full_end
        toks.append(_Tok(word, start, end, full_end, cap, upper, key, is_blocked, lower))
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
        key = _fold(word)
        if not lex.can_be_name_in_any_case(key):
            continue
        if key in lex.core_first or (prev_end == m.start() - 1 and text[prev_end] == " "):
            out.append(m)
            prev_end = m.end()
    return out


def _lowered(text: str) -> str:
    """``text.lower()`` with the same length, so offsets stay valid ("İ" lowers to 2 chars)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _occurrences(low: str, word: str) -> list[int]:
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


# --------------------------------------------------------------------------- detection


@dataclass(slots=True)
class _Mention:
    start: int  # character offsets
    end: int
    key: tuple[str, ...]  # name parts without particles/initials
    cluster: int = -1


class _Scanner:
    """Person-name detection over one text."""

    def __init__(self, text: str, toks: list[_Tok], lex: _Lexicon) -> None:
        self.text = text
        self.low = _lowered(text)
        self.toks = toks
        self.lex = lex
        self.by_start = {t.start: i for i, t in enumerate(toks)}
        self.by_end = {t.full_end: i for i, t in enumerate(toks)}
        self.org_hints = self._org_hints()

    def _org_hints(self) -> frozenset[str]:
        """Capitalised words used as an employer: "at Brightpath", "the Brightpath team"."""
        hints: set[str] = set()
        low = self.low
        for word in _ORG_BEFORE:
            for pos in _occurrences(low, word):
                if low.startswith("the ", pos):
                    pos += 4
                i = self.by_start.get(pos)
                if i is not None and self.toks[i].cap:
                    hints.add(self.toks[i].key)
        pos = low.find("team")
        while pos != -1:
            if not low[pos + 4 : pos + 5].isalpha():
                m = _TEAM_BEFORE_RE.search(self.text, max(0, pos - 60), pos)
                # "Dana's team" is a person's team; "Dana's hiring team" is a company's.
                if m is not None and (not m.group(2) or m.group(3)):
                    hints.add(_fold(m.group(1)))
            pos = low.find("team", pos + 4)
        return frozenset(hints)

    # -- token helpers

    def joined(self, i: int) -> bool:
        """Whether tokens i and i+1 are adjacent words of one name (same line, spaces only)."""
        a = self.toks[i]
        b = self.toks[i + 1]
        if a.full_end != a.end:
            return False  # "Dana's Whitfield" is not one name
        gap = self.text[a.end : b.start]
        if gap == " ":
            return True
        if len(a.text) == 1:
            m = _INITIAL_GAP_RE.fullmatch(gap)
            return m is not None and gap != "."
        return _SPACES_RE.fullmatch(gap) is not None

    def is_first_name(self, tok: _Tok) -> bool:
        if self.lex.is_given(tok.key):
            return True
        if "-" in tok.text:
            # "Jean-Luc", "Min-jun": the first part decides.
            head = tok.text.split("-")[0]
            return head[:1].isupper() and self.lex.is_given(_fold(head))
        return False

    def is_ambiguous(self, tok: _Tok) -> bool:
        """A given name that is also an ordinary word ("Rose", "Hunter", "Will")."""
        key = tok.key if "-" not in tok.text else _fold(tok.text.split("-")[0])
        return key in self.lex.ambiguous or key in self.lex.common

    def is_surname(self, tok: _Tok) -> bool:
        key = tok.key.replace("-", "")
        return self.lex.is_surname(key) or self.lex.is_given(tok.key)

    # -- runs

    def run(self, i: int, mode: int) -> tuple[int, int] | None:
        """Token range [i, j) of the person name starting at token i, or None."""
        toks = self.toks
        lex = self.lex
        n = len(toks)
        if i >= n:
            return None
        head = toks[i]
        if head.blocked or not head.cap or len(head.text) < 2:
            return None
        if head.key in lex.never or head.key in lex.org or head.key in _PARTICLES:
            return None
        if head.key in _TITLE_WORDS:
            return None  # "Dr." introduces a name but is not part of it
        head_ambiguous = self.is_ambiguous(head)
        head_given = self.is_first_name(head)
        if mode == _GAZ and not head_given and not self._surname_head(head):
            return None
        last = i  # last accepted name token
        caps = 1
        k = i
        while caps < 4 and k + 1 < n and self.joined(k):
            p = k + 1
            particles = 0
            while p < n and toks[p].key in _PARTICLES and particles < 2:
                if p + 1 >= n or not self.joined(p):
                    break
                p += 1
                particles += 1
            nxt = toks[p]
            if nxt.blocked or not nxt.cap or (particles and toks[p].key in _PARTICLES):
                break
            if nxt.key in lex.org:
                return None
            if nxt.key in lex.never:
                break
            if self.is_ambiguous(nxt) and not self.is_surname(nxt):
                break
            # A middle initial only counts when a surname follows it.
            if len(nxt.text) == 1 and (p + 1 >= n or not self.joined(p) or not toks[p + 1].cap):
                break
            # A fourth word ("Nguyen Thi Minh Khai", "María José García López") must be a name.
            if caps == 3 and mode == _GAZ and not self.is_surname(nxt):
                break
            k = p
            last = p
            caps += 1
        if last + 1 < n and self.joined(last):
            after = toks[last + 1]
            if after.cap and after.key in lex.org:
                return None  # "Grace Health", "Dana Whitfield Labs"
        if len(toks[last].text) == 1:
            return None
        name_toks = [t for t in toks[i : last + 1] if t.key not in _PARTICLES]
        single = len(name_toks) == 1
        if single and self.is_date(head):
            return None
        if mode == _GAZ and not head_given:
            # Surname first ("Zhang Wei", "Nguyen Thi Minh Khai"): a given name that is no
            # census surname must follow ("Park Lane" is a street).
            if single or not any(
                self.is_first_name(t) and t.key not in self.lex.core_surnames for t in name_toks[1:]
            ):
                return None
        elif mode == _GAZ and single and (head.lower or head.upper):
            return None  # "priya" or "ED" alone needs context; "priya patel" does not
        elif mode == _GAZ and single and not self.lex.stands_alone(head.key):
            return None
        elif mode == _GAZ:
            if head_ambiguous:
                # "Will" alone is a verb; "Will Smith" is a person.
                if single:
                    return None
                second = name_toks[1]
                if self.is_ambiguous(second) or not self.is_surname(second):
                    return None
            elif single and head.key in lex.place and self.place_reading(i):
                return None
        elif single and head.key not in lex.first and head.key in self.org_hints:
            return None
        if mode == _WEAK and not self.is_first_name(head):
            return None
        if mode == _LINE and not _LINE_END_RE.match(self.text, toks[last].full_end):
            return None
        return i, last + 1

    def _surname_head(self, tok: _Tok) -> bool:
        key = tok.key
        lex = self.lex
        return (
            self.lex.is_surname(key)
            and not _is_common(key, lex)
            and key not in lex.common
            and key not in lex.place
            and key not in _TITLE_WORDS
        )

    def is_date(self, tok: _Tok) -> bool:
        """Whether a month-like name starts a date: "Jan 5", "May 2026"."""
        return tok.key in _DATE_NAMES and _DATE_AFTER_RE.match(self.text, tok.full_end) is not None

    def place_reading(self, i: int) -> bool:
        """Whether a city-like given name is used as a place: "in Austin", "Austin office"."""
        tok = self.toks[i]
        before = _PREV_WORDS_RE.search(self.low, max(0, tok.start - 40), tok.start)
        if before is not None:
            prev = before.group(2)
            if prev in _PLACE_BEFORE or (prev == "to" and before.group(1) in _PLACE_MOVES):
                return True
        if i > 0:
            # "in Austin, Denver or Dallas": a list that starts with places goes on with them.
            prev_tok = self.toks[i - 1]
            if (
                prev_tok.key in self.lex.place
                and _PLACE_LIST_RE.fullmatch(self.low, prev_tok.full_end, tok.start)
                and self.place_reading(i - 1)
            ):
                return True
        after = _NEXT_WORD_RE.match(self.low, tok.full_end)
        if after is not None and after.group(1) in _PLACE_AFTER:
            return True
        return _STATE_RE.match(self.text, tok.full_end) is not None

    def runs_from(self, pos: int, mode: int, as_list: bool = True) -> list[tuple[int, int]]:
        """Names starting exactly at character ``pos``, following list separators."""
        found: list[tuple[int, int]] = []
        while True:
            i = self.by_start.get(pos)
            if i is None:
                return found
            r = self.run(i, mode)
            if r is None:
                return found
            found.append(r)
            if not as_list:
                return found
            m = _LIST_SEP_RE.match(self.text, self.toks[r[1] - 1].full_end)
            if m is None:
                return found
            pos = m.end()

    def run_ending_at(self, pos: int) -> tuple[int, int] | None:
        """The strong-context name that ends right before character ``pos``."""
        while pos > 0 and self.text[pos - 1] in " \t":
            pos -= 1
        j = self.by_end.get(pos)
        if j is None:
            return None
        start = j
        caps = 1
        while start > 0 and caps < 3 and self.joined(start - 1):
            prev = self.toks[start - 1]
            if not prev.cap and prev.key not in _PARTICLES:
                break
            if prev.key in self.lex.never or prev.key in self.lex.org:
                break
            start -= 1
            caps += prev.key not in _PARTICLES
        for s in range(start, j + 1):
            r = self.run(s, _STRONG)
            if r is not None and r[1] == j + 1:
                return r
        return None

    # -- all detectors

    def candidates(self) -> list[tuple[int, int]]:
        """Every person-name token range any detector proposes (overlaps resolved later)."""
        text = self.text
        toks = self.toks
        out: list[tuple[int, int]] = []
        # Line-anchored contexts: matching at line starts only is far cheaper than scanning.
        line_start = 0
        while line_start != -1:
            for rx, mode, as_list in _LINE_CONTEXTS:
                m = rx.match(text, line_start)
                if m is None:
                    continue
                if rx is _SIGNOFF_RE and _SIGNOFF_RE.match(text, m.end()):
                    continue  # "Thanks again.\nBest," : the next line signs off, it is no name
                found = self.runs_from(m.end(), mode, as_list)
                if not found:
                    continue
                if rx is _DASH_SIGNOFF_RE and not _BLANK_TO_EOL_RE.match(
                    text, toks[found[0][1] - 1].full_end
                ):
                    continue  # "— Dana" only when the name is all that is left on the line
                if rx is _GREETING_RE and not self._greeting_words(m.start(), m.end(), found):
                    continue
                out += found
            line_start = text.find("\n", line_start)
            if line_start != -1:
                line_start += 1
        for t in toks:
            if t.key in _TITLE_WORDS or (t.text == "M" and text.startswith(".", t.end)):
                m = _TITLE_RE.match(text, t.start)
                if m is not None:
                    out += self.runs_from(m.end(), _STRONG, as_list=False)
        for word in ("heer", "mevrouw"):
            for pos in _occurrences(self.low, word):
                out += self.runs_from(pos, _STRONG, as_list=False)
        for pos, mode in self._with_anchors():
            out += self.runs_from(pos, mode)
        out += self._speaker_names()
        out += self._initial_names()
        if "(" in text:
            for m in _ROLE_PAREN_RE.finditer(text):
                if _ROLE_WORD_RE.search(m.group(1)):
                    r = self.run_ending_at(m.start())
                    if r is not None:
                        out.append(r)
        i = 0
        while i < len(toks):
            t = toks[i]
            if t.cap and not t.blocked:
                r = self.run(i, _GAZ)
                if r is not None:
                    out.append(self._surname_first(r))
                    i = r[1]
                    continue
            i += 1
        return out

    def _speaker_names(self) -> list[tuple[int, int]]:
        """Given names as the subject of "said", "asked", "mentioned"...: "Summer said"."""
        out: list[tuple[int, int]] = []
        toks = self.toks
        for i, t in enumerate(toks):
            if not t.cap or t.blocked or not self.is_first_name(t):
                continue
            r = self.run(i, _STRONG)
            if r is None:
                continue
            m = _NEXT_WORD_RE.match(self.low, toks[r[1] - 1].full_end)
            if m is not None and m.group(1) in _SPEECH_VERBS:
                out.append(r)
        return out

    def _initial_names(self) -> list[tuple[int, int]]:
        """ "Smith, J.", "Kowalski, A.", "Whitfield, D.J.", "Иванов И.И.", "J. Smith"."""
        out: list[tuple[int, int]] = []
        toks = self.toks
        text = self.text
        lex = self.lex
        n = len(toks)
        for i, t in enumerate(toks):
            if t.blocked or not (t.cap or t.upper) or len(t.text) < 2 or t.full_end != t.end:
                continue
            if t.key in lex.never or t.key in lex.org or t.key in lex.common:
                continue
            # Surname, then initials: "Smith, J." (or "Иванов И.И." for a known surname).
            m = _SURNAME_INITIALS_RE.match(text, t.end)
            if m is not None and (m.group(1) or lex.is_surname(t.key)):
                j = i + 1
                while j < n and toks[j].start < m.end() and len(toks[j].text) == 1:
                    j += 1
                if j > i + 1:
                    out.append((i, j))
            # Initials, then surname: "J. Smith", "A. S. Kowalski".
            if i >= 1 and len(toks[i - 1].text) == 1 and toks[i - 1].text.isupper():
                k = i - 1
                while k >= 1 and len(toks[k - 1].text) == 1 and toks[k - 1].text.isupper():
                    k -= 1
                gap = _INITIALS_BEFORE_RE.fullmatch(text, toks[k].start, t.start)
                if gap is not None and (k == 0 or not self.joined(k - 1)):
                    out.append((k, i + 1))
        return out

    def _surname_first(self, r: tuple[int, int]) -> tuple[int, int]:
        """Extend "Wei" to "Zhang Wei": a known surname right before a given name."""
        i, j = r
        if i == 0 or j - i > 2 or not self.joined(i - 1):
            return r
        prev = self.toks[i - 1]
        lex = self.lex
        if (
            prev.cap
            and not prev.blocked
            and prev.key in lex.surnames
            and not _is_common(prev.key, lex)
            and prev.key not in lex.place
            and prev.key not in _TITLE_WORDS
        ):
            return i - 1, j
        return r

    def _greeting_words(self, start: int, end: int, found: list[tuple[int, int]]) -> bool:
        """Keep "Cher"/"Cara" out of the name they greet; False if they are a name themselves.

        A greeting that is also a given name ("Cara Smith wrote") only greets when the name
        after it closes the phrase: "Cara Giulia," or "Cher Thomas" alone on its line.
        """
        words = [t for t in self.toks if start <= t.start < end]
        if any(self.is_first_name(t) for t in words) and not _GREETING_END_RE.match(
            self.text, self.toks[found[-1][1] - 1].full_end
        ):
            return False
        for t in words:
            t.blocked = True
        return True

    def _with_anchors(self) -> list[tuple[int, int]]:
        """Where names start after "spoke with", "interview with", "feedback from"..."""
        low = self.low
        anchors: list[tuple[int, int]] = []
        for connector in _CONNECTORS:
            strong = _STRONG_BEFORE.get(connector, frozenset())
            weak = _WEAK_BEFORE.get(connector, frozenset())
            for pos in _occurrences(low, connector):
                if pos not in self.by_start:
                    continue
                at = low.rfind(connector, 0, pos)
                line = low[max(0, at - 30) : at].rsplit("\n", 1)[-1]
                words = [w.strip("(\"'“‘[*_") for w in line.split()]
                if not words:
                    continue
                last = words[-1]
                two = " ".join(words[-2:])
                if last in strong or two in strong:
                    anchors.append((pos, _STRONG))
                elif last in weak or two in weak or connector == "with":
                    # "coffee with Rose", "the final round was with Hunter": a given name
                    # after "with" is a person whatever comes before it.
                    anchors.append((pos, _WEAK))
        return anchors

    def known_candidates(self, known: list[tuple[str, ...]]) -> list[tuple[int, int]]:
        by_head: dict[str, list[tuple[str, ...]]] = {}
        for name in known:
            if len(name) == 1 and _is_common(name[0], self.lex):
                continue  # "Will" alone is a word; strong context still finds it
            by_head.setdefault(name[0], []).append(name)
        for seqs in by_head.values():
            seqs.sort(key=len, reverse=True)
        out: list[tuple[int, int]] = []
        toks = self.toks
        n = len(toks)
        for i, t in enumerate(toks):
            if t.blocked or not (t.cap or t.upper):
                continue
            for seq in by_head.get(t.key, ()):
                j = i + len(seq)
                if j > n:
                    continue
                if all(
                    (toks[i + k].cap or toks[i + k].upper or toks[i + k].key in _PARTICLES)
                    and not toks[i + k].blocked
                    and toks[i + k].key == seq[k]
                    and self.joined(i + k - 1)
                    for k in range(1, len(seq))
                ):
                    out.append((i, j))
                    break
        return out

    def mention(self, r: tuple[int, int]) -> _Mention:
        toks = self.toks
        key = tuple(t.key for t in toks[r[0] : r[1]] if t.key not in _PARTICLES and len(t.text) > 1)
        last = toks[r[1] - 1]
        end = last.end
        if len(last.text) == 1 and self.text.startswith(".", end):
            end += 1  # "Smith, J." keeps the dot of its initial
        return _Mention(toks[r[0]].start, end, key)


def _parse_known(name: str, lex: _Lexicon, org_hints: frozenset[str]) -> tuple[str, ...]:
    """Lookup keys of a name from metadata ("Whitfield, Dana <d@x>" -> ("dana", "whitfield"))."""
    s = re.sub(r"<[^>]*>|\([^)]*\)|\[[^\]]*\]|\S+@\S+", " ", name).replace('"', " ")
    if s.count(",") == 1:
        before, after = (part.strip() for part in s.split(","))
        after_words = [_fold(w) for w in _WORD_RE.findall(after)]
        if after_words and all(w in _NAME_SUFFIXES for w in after_words):
            s = before
        elif before and after:
            s = f"{after} {before}"
    words = [
        w
        for w in _WORD_RE.findall(s)
        if _fold(w) not in _TITLE_WORDS and _fold(w) not in _NAME_SUFFIXES
    ]
    keys = tuple(_fold(w) for w in words)
    if not keys or any(k in lex.never or k in lex.org for k in keys):
        return ()  # a team or company display name, e.g. "Northwind Labs Recruiting"
    if len(keys) == 1 and keys[0] not in lex.first and keys[0] in org_hints:
        return ()
    return keys


def _is_common(key: str, lex: _Lexicon) -> bool:
    return key in lex.ambiguous or key in lex.never or key in lex.org or key in _PARTICLES


def _find_people(text: str, toks: list[_Tok], known_names: Iterable[str]) -> list[_Mention]:
    """Person mentions in order of appearance, each tagged with its person (cluster)."""
    lex = _lexicon()
    scan = _Scanner(text, toks, lex)
    known = [k for k in (_parse_known(n, lex, scan.org_hints) for n in known_names) if k]
    ranges = scan.known_candidates(known) + scan.candidates()

    # Longest span wins; ties go to the earlier one.
    ranges = sorted(set(ranges), key=lambda r: (-(toks[r[1] - 1].end - toks[r[0]].start), r[0]))
    taken = bytearray(len(toks))
    mentions: list[_Mention] = []
    for a, b in ranges:
        if any(taken[a:b]):
            continue
        taken[a:b] = b"\x01" * (b - a)
        mentions.append(scan.mention((a, b)))
    for a, b in script_names(text, lex):
        if all(b <= m.start or a >= m.end for m in mentions):
            mentions.append(_Mention(a, b, (_fold(text[a:b]),)))
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
            if len(part) > 1 and not _is_common(part, lex):
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
        mentions.append(_Mention(t.start, t.end, (t.key,), cid))
    mentions.sort(key=lambda m: m.start)
    return mentions


def _contact_spans(text: str) -> list[tuple[int, int, str]]:
    lex = lexicon()
    return contact_spans(text, lambda word: lex.is_word(fold(word)))


def _numbered(mentions: list[_Mention]) -> dict[int, int]:
    order: dict[int, int] = {}
    for m in mentions:
        order.setdefault(m.cluster, len(order) + 1)
    return order


# --------------------------------------------------------------------------- public API


def redact(text: str, known_names: Iterable[str] = ()) -> Redaction:
    """Replace people's names, emails, phone numbers and URLs with typed placeholders.

    Placeholders are numbered per text in order of first appearance and stay
    consistent within it: the same address is always ``[EMAIL_1]``, and a person
    keeps one number whether written "Dana Whitfield", "Dana" or "Ms. Whitfield".
    ``known_names`` are names from the record's metadata (sender, recipients,
    interviewer, the candidate): they and their first-name and surname parts are
    redacted wherever they appear, on top of the names found in the text itself.
    """
    contacts = _contact_spans(text)
    toks = _tokenize(text, [(s, e) for s, e, _ in contacts])
    mentions = _find_people(text, toks, known_names)
    person_no = _numbered(mentions)

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


def is_given_name(word: str) -> bool:
    """True when ``word`` is in the census gazetteer of given names (any case)."""
    return _fold(word) in _lexicon().core_first


def word_classes(word: str) -> set[str]:
    """The gazetteers ``word`` is in: given, surname, org, place, never (a common word).

    Given names and surnames are the census lists, as header and column sniffing expect.
    """
    key = _fold(word)
    lex = _lexicon()
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


def find_names(text: str) -> list[str]:
    """Names of the people mentioned in a text, one per person, in order of appearance.

    Each person is reported by the longest form used in the text ("Dana Whitfield"
    rather than "Dana"). Only the text is used: no metadata names. Useful to
    suggest an interviewer or to review what :func:`redact` will hide.
    """
    contacts = _contact_spans(text)
    toks = _tokenize(text, [(s, e) for s, e, _ in contacts])
    mentions = _find_people(text, toks, ())
    best: dict[int, _Mention] = {}
    for m in mentions:
        current = best.get(m.cluster)
        if current is None or len(m.key) > len(current.key):
            best[m.cluster] = m
    order = _numbered(mentions)
    ranked = sorted(best.values(), key=lambda m: order[m.cluster])
    return [text[m.start : m.end] for m in ranked]


class _Named(Protocol):
    @property
    def interviewer(self) -> str: ...
    @property
    def sender(self) -> str: ...
    @property
    def text(self) -> str: ...


def people_named(records: Iterable[_Named], also: Iterable[str] = ()) -> list[str]:
    """Everyone the records name (interviewer, sender, people their text mentions),
    and ``also``: the names to pass to :func:`redact` for text taken from them."""
    names = {n for n in also if n}
    for record in records:
        names.update(n for n in (record.interviewer, record.sender, *find_names(record.text)) if n)
    return sorted(names)
