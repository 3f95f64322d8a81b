"""Person-name detectors over one text, and the mentions they yield.

:class:`NameDetector` proposes the token ranges that may be people's names: after
greetings, sign-offs, labels and titles, after "spoke with" and before "said", as
initials with a surname, and wherever the lexicon knows a full name. Overlaps between
the proposals are resolved by :func:`nextround.privacy.scanner.find_people`.
"""

from __future__ import annotations

from dataclasses import dataclass

from nextround.privacy.contexts import (
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
)
from nextround.privacy.lexicon import Lexicon, fold
from nextround.privacy.tokens import Token, lowered, occurrences

__all__ = ["Mention", "NameDetector", "is_common"]


@dataclass(slots=True)
class Mention:
    """One mention of a person in a text; ``cluster`` numbers the person."""

    start: int  # character offsets
    end: int
    key: tuple[str, ...]  # name parts without particles/initials
    cluster: int = -1


class NameDetector:
    """Person-name detection over one text."""

    def __init__(self, text: str, toks: list[Token], lex: Lexicon) -> None:
        self.text = text
        self.low = lowered(text)
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
            for pos in occurrences(low, word):
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
                    hints.add(fold(m.group(1)))
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

    def is_first_name(self, tok: Token) -> bool:
        if self.lex.is_given(tok.key):
            return True
        if "-" in tok.text:
            # "Jean-Luc", "Min-jun": the first part decides.
            head = tok.text.split("-")[0]
            return head[:1].isupper() and self.lex.is_given(fold(head))
        return False

    def is_ambiguous(self, tok: Token) -> bool:
        """A given name that is also an ordinary word ("Rose", "Hunter", "Will")."""
        key = tok.key if "-" not in tok.text else fold(tok.text.split("-")[0])
        return key in self.lex.ambiguous or key in self.lex.common

    def is_surname(self, tok: Token) -> bool:
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

    def _surname_head(self, tok: Token) -> bool:
        key = tok.key
        lex = self.lex
        return (
            self.lex.is_surname(key)
            and not is_common(key, lex)
            and key not in lex.common
            and key not in lex.place
            and key not in _TITLE_WORDS
        )

    def is_date(self, tok: Token) -> bool:
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
            for pos in occurrences(self.low, word):
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
            and not is_common(prev.key, lex)
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
            for pos in occurrences(low, connector):
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
            if len(name) == 1 and is_common(name[0], self.lex):
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

    def mention(self, r: tuple[int, int]) -> Mention:
        toks = self.toks
        key = tuple(t.key for t in toks[r[0] : r[1]] if t.key not in _PARTICLES and len(t.text) > 1)
        last = toks[r[1] - 1]
        end = last.end
        if len(last.text) == 1 and self.text.startswith(".", end):
            end += 1  # "Smith, J." keeps the dot of its initial
        return Mention(toks[r[0]].start, end, key)


def is_common(key: str, lex: Lexicon) -> bool:
    return key in lex.ambiguous or key in lex.never or key in lex.org or key in _PARTICLES
