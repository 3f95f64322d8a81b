"""People's names in scripts without capital letters: Han, Hangul, Arabic, Hebrew, Devanagari.

Latin, Greek and Cyrillic names are found by :mod:`nextround.privacy.scanner` from their
capitals, contexts and the lexicon. The scripts here have no case, so other evidence
stands in for it:

- Arabic, Hebrew, Devanagari (words between spaces): a given name from the lexicon,
  with the surnames, given names, "bin"/"abd"/"al-" parts that follow it. A given name
  alone counts after a greeting or "with" in its own script, or when the phrase it stands
  in is a short insert in text of another script ("Interviewer: محمد").
- Hangul (names written without spaces, "김민준"): a family-name syllable followed by a
  known given name, or by one to three syllables when an honorific follows ("님", "씨",
  "드림") or the word stands alone in text of another script.
- Han (Chinese and Japanese): a short run that starts with a family name and stands alone
  in other text ("Feedback from 陈静", "面试官：王伟"), or a family name and given name
  before a title ("张明先生", "刘洋女士", "鈴木一郎様", "佐藤さん").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from nextround.privacy.lexicon import Lexicon, fold
from nextround.resources import data_lines

__all__ = ["script_names"]

_ANY_RE = re.compile(
    r"[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u0900-\u097f\u3040-\u30ff"
    r"\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]"
)
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = r"\u3040-\u30ff"
_HANGUL = r"\uac00-\ud7a3"
_HAN_RUN_RE = re.compile(rf"[{_HAN}]+")
_HANGUL_WORD_RE = re.compile(rf"[{_HANGUL}]+")

# Letters of each spaced script (punctuation such as "،", "؟" and "।" left out).
_PHRASE_RES = {
    script: re.compile(rf"{letters}+(?:[ \t]+{letters}+)*")
    for script, letters in (
        ("arabic", r"[\u0620-\u065f\u066e-\u06d3\u06d5-\u06ff\u0750-\u077f]"),
        ("hebrew", r"[\u0591-\u05c7\u05d0-\u05f4]"),
        ("devanagari", r"[\u0900-\u0963\u0966-\u097f]"),
    )
}
_WORD_IN_PHRASE_RE = re.compile(r"[^ \t]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that join parts of one name: "عبد الله", "بن", "أبو".
_JOINERS = _words("عبد بن بنت ابن أبو ابو آل")
# Words right before a lone given name that make it one: greetings, titles, "with".
_CONTEXT_BEFORE = _words(
    "عزيزي عزيزتي السيد السيدة الأستاذ الأستاذة الدكتور الدكتورة مع مرحبا "
    "שלום היי לכבוד עם מר גברת "
    "प्रिय श्री श्रीमती सुश्री डॉ नमस्ते"
)
_ARABIC_ARTICLE = "ال"

_HAN_TITLES = (
    "先生",
    "女士",
    "小姐",
    "经理",
    "經理",
    "老师",
    "老師",
    "总监",
    "總監",
    "博士",
    "教授",
    "主管",
    "同学",
    "様",
    "氏",
    "部長",
    "課長",
    "社長",
    "先輩",
)
_KANA_TITLES = ("さん", "さま", "くん", "ちゃん")
_HANGUL_SUFFIXES = (
    "님께서",
    "님께",
    "님이",
    "님은",
    "님의",
    "님을",
    "님과",
    "님",
    "씨가",
    "씨는",
    "씨의",
    "씨",
)
_HANGUL_PARTICLES = ("에게", "께서", "이", "가", "은", "는", "을", "를", "의", "과", "와", "도")
_HANGUL_AFTER = _words("님 씨 드림 올림 님이 님께서 님의 매니저 매니저님 팀장 팀장님 선생님 대표")
# Punctuation of Chinese and Japanese clauses, and what may introduce a name inserted in them.
_CLAUSE_MARKS = frozenset("，。、；！？「」『』")
_LEFT_OK = frozenset(":：")


@dataclass(frozen=True)
class _CJK:
    han_surnames: frozenset[str]
    han_given: frozenset[str]
    hangul_surnames: frozenset[str]
    hangul_given: frozenset[str]


@cache
def _cjk() -> _CJK:
    def split(name: str, pattern: str) -> frozenset[str]:
        rx = re.compile(rf"[{pattern}]+")
        return frozenset(w for w in data_lines(name) if rx.fullmatch(w))

    return _CJK(
        han_surnames=split("world_surnames.txt", _HAN),
        han_given=split("world_given_names.txt", _HAN),
        hangul_surnames=split("world_surnames.txt", _HANGUL),
        hangul_given=split("world_given_names.txt", _HANGUL),
    )


Span = tuple[int, int]


def script_names(text: str, lex: Lexicon) -> list[Span]:
    """Character ranges of people's names written in Han, Hangul, Arabic, Hebrew or Devanagari."""
    if text.isascii() or _ANY_RE.search(text) is None:
        return []
    found: list[Span] = []
    for rx in _PHRASE_RES.values():
        for m in rx.finditer(text):
            found += _spaced_names(text, m, lex)
    found += _han_names(text)
    found += _hangul_names(text)
    return found


def _spaced_names(text: str, phrase: re.Match[str], lex: Lexicon) -> list[Span]:
    words = [(w.start(), w.end(), w.group()) for w in _WORD_IN_PHRASE_RE.finditer(phrase.group())]
    base = phrase.start()
    insert = len(words) <= 4  # a short phrase inside text of another script
    out: list[Span] = []
    i = 0
    while i < len(words):
        key = fold(words[i][2])
        if not lex.is_given(key) or key in _JOINERS:
            i += 1
            continue
        j = i + 1
        named = 1
        while j < len(words) and j - i < 4:
            w = fold(words[j][2])
            if w in _JOINERS and j + 1 < len(words):
                j += 2
                named += 1
            elif lex.is_given(w) or lex.is_surname(w):
                j += 1
                named += 1
            elif w.startswith(_ARABIC_ARTICLE) and len(w) > 3 and j == i + 1:
                j += 1  # "محمد العلي", "نور الهدى"
                named += 1
            else:
                break
        before = fold(words[i - 1][2]) if i > 0 else _word_before(text, base + words[i][0])
        if named > 1 or insert or before in _CONTEXT_BEFORE:
            out.append((base + words[i][0], base + words[j - 1][1]))
        i = j
    return out


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"(\S+)[ \t]+$", text[max(0, pos - 30) : pos])
    return fold(m.group(1)) if m is not None else ""


def _inserted(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is an insert: no word of a space-less script touches it.

    "Interviewer: 王伟", "面试官：王伟" and "with 이지은 about" are inserts; a clause of a
    Chinese or Korean sentence ("，周一上午，", "이번 면접은 정말") is not.
    """
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i >= 0 and text[i] not in _LEFT_OK and (text[i] in _CLAUSE_MARKS or _is_cjk(text[i])):
        return False
    j = end
    while j < len(text) and text[j] in " \t":
        j += 1
    return not (j < len(text) and (text[j] in _CLAUSE_MARKS or _is_cjk(text[j])))


def _is_cjk(c: str) -> bool:
    return "\u3040" <= c <= "\u30ff" or "\u3400" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7a3"


def _han_names(text: str) -> list[Span]:
    cjk = _cjk()
    out: list[Span] = []
    for m in _HAN_RUN_RE.finditer(text):
        start, end = m.span()
        run = m.group()
        if _inserted(text, start, end):
            core = run
            for title in _HAN_TITLES:
                if core.endswith(title) and len(core) > len(title) + 1:
                    core = core[: -len(title)]
                    break
            if 2 <= len(core) <= 4 and _han_surname_len(core, cjk):
                out.append((start, start + len(core)))
                continue
        kana_title = any(text.startswith(t, end) for t in _KANA_TITLES)
        for k in _title_positions(run, kana_title):
            name = _han_name_before(run, k, cjk)
            if name:
                out.append((start + k - name, start + k))
    return out


def _han_surname_len(core: str, cjk: _CJK) -> int:
    for n in (2, 1):
        if core[:n] in cjk.han_surnames and len(core) > n - (n == 2):
            return n
    return 0


def _title_positions(run: str, kana_title: bool) -> list[int]:
    positions = [len(run)] if kana_title else []
    for title in _HAN_TITLES:
        pos = run.find(title, 1)
        while pos != -1:
            positions.append(pos)
            pos = run.find(title, pos + 1)
    return positions


def _han_name_before(run: str, k: int, cjk: _CJK) -> int:
    """Length of the family-and-given name that ends at ``k`` in ``run`` (0 if none)."""
    best = 0
    for size in (4, 3, 2):
        if k - size < 0:
            continue
        cand = run[k - size : k]
        n = _han_surname_len(cand, cjk)
        if not n:
            continue
        given = cand[n:]
        if (
            given in cjk.han_given
            or (size == 2 and n == 2)
            or (size <= 3 and n == 1 and k - size == 0)
        ):
            return size
        if not best and size <= 3:
            best = size
    return best


def _hangul_names(text: str) -> list[Span]:
    cjk = _cjk()
    out: list[Span] = []
    for m in _HANGUL_WORD_RE.finditer(text):
        word = m.group()
        start = m.start()
        if len(word) < 2 or word[0] not in cjk.hangul_surnames:
            continue
        if len(word) == 3 and word[1:] in cjk.hangul_given:
            out.append((start, start + 3))
            continue
        core, titled = word, False
        for suffix in _HANGUL_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 2:
                core, titled = word[: -len(suffix)], True
                break
        else:
            for particle in _HANGUL_PARTICLES:
                if word.endswith(particle) and len(word) - len(particle) == 3:
                    if word[1:3] in cjk.hangul_given:
                        core = word[:3]
                    break
        if not 2 <= len(core) <= 4:
            continue
        nxt = re.match(rf"[ \t]+([{_HANGUL}]+)", text[m.end() : m.end() + 12])
        if (
            titled
            or core[1:] in cjk.hangul_given
            or (nxt is not None and nxt.group(1) in _HANGUL_AFTER)
            or (core == word and _inserted(text, start, m.end()))
        ):
            out.append((start, start + len(core)))
    return out
