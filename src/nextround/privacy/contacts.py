"""Contact details in free text: e-mail addresses (plain and disguised), handles, URLs, phones.

:func:`contact_spans` returns character ranges and kinds (``EMAIL``, ``HANDLE``,
``URL``, ``PHONE``) for :mod:`nextround.privacy.scanner`. Disguised addresses are the
ones people type to dodge scrapers: "jane dot doe at example dot com",
"jane[at]example[dot]com", "jane (at) example (dot) com", "jane @ example.com".
Handles are "@jdoe"-style account names (Slack, GitHub, Telegram...).
"""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = ["contact_key", "contact_spans"]

_EMAIL_RE = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![\w\-])"
)
# Bare domains need a path and a real-looking TLD so that "Node.js/React" stays text.
_TLDS = (
    r"com|org|net|edu|gov|io|ai|co|dev|app|tech|jobs|careers|example|test|info|biz|me|us|uk|"
    r"de|fr|es|it|nl|pt|br|ca|au|in|ch|at|be|se|no|dk|fi|ie|pl|eu|jp|cn|sg|mx|ar|cl|nz|za|"
    r"xyz|ly|gg|fm|tv|cc|so|to|careers|work|team|site|page|link|cloud|digital|global"
)
_URL_CHARS = r"[^\s<>\"'()\[\]{}]"
_URL_RE = re.compile(
    rf"(?i:\bhttps?://{_URL_CHARS}+"
    rf"|(?<![\w@.\-/])www\.{_URL_CHARS}+"
    rf"|(?<![\w@.\-/])(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.)+(?:{_TLDS})(?::\d+)?/{_URL_CHARS}*)"
)
_EXT = r"(?:[ \t]*,?[ \t]*(?i:ext\.?|extension|x|\#)[ \t]*\d{1,5}(?!\d))?"
_PHONE_RE = re.compile(
    r"(?=[+(\d])(?<![\w+\-.$€£/])(?:"
    # International: +CC then digit groups, optionally a bracketed area code.
    rf"(?P<intl>\+\d{{1,3}}(?:[ \t.\-]?(?:\(\d{{1,4}}\)|\d{{1,6}})){{1,6}}){_EXT}"
    # North American: (415) 555-0188, 415.555.0188, 1-415-555-0188.
    rf"|(?P<us>(?:1[ \t.\-])?(?:\(\d{{3}}\)[ \t.\-]?|\d{{3}}[ \t.\-])\d{{3}}[ \t.\-]\d{{4}}){_EXT}"
    # National trunk-prefixed numbers: 020 7946 0321, 030 1234567, 01 23 45 67 89.
    rf"|(?P<dom>\(?0\d{{1,4}}\)?[ \t/\-]\d{{2,8}}(?:[ \t\-]\d{{2,4}}){{0,4}}){_EXT}"
    r")(?![\w\-/]|[.,]\d)"
)
_DIGIT_RANGE = {"intl": (8, 15), "us": (10, 11), "dom": (9, 12)}
# Disguised addresses: an "at" and at least one "dot" written out or bracketed.
_AT_WORD = (
    r"(?:[ \t]*[\[({<][ \t]*(?i:at|@)[ \t]*[\])}>][ \t]*|[ \t]+(?:at|AT|At)[ \t]+"
    r"|[ \t]*[@＠][ \t]*)"
)
_DOT_WORD = (
    r"(?:[ \t]*[\[({<][ \t]*(?i:dot|\.)[ \t]*[\])}>][ \t]*|[ \t]+(?:dot|DOT|Dot)[ \t]+|[.．])"
)
_AT_TRIGGER_RE = re.compile(
    r"[\[({<][ \t]*(?i:at|@)[ \t]*[\])}>]|(?<=[ \t])(?:at|AT|At)(?=[ \t])|[ \t][@＠]|[@＠][ \t]|＠"
)
_DOMAIN_AFTER_AT_RE = re.compile(
    rf"{_AT_WORD}((?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?{_DOT_WORD})+(?i:{_TLDS}))(?![\w\-])"
)
_LOCAL_BEFORE_AT_RE = re.compile(
    rf"(?<![\w.@+\-])([A-Za-z0-9][A-Za-z0-9_%+\-]*(?:{_DOT_WORD}[A-Za-z0-9_%+\-]+)*)$"
)
_LOCAL_PLAIN_RE = re.compile(r"[A-Za-z]+")
# "@jdoe", "@maria.gonzalez", "@elena-rossi-dev": not inside an address, starting with a letter.
_HANDLE_RE = re.compile(r"(?<![\w@.+\-/])@([^\W\d_][\w\-]*(?:\.[\w\-]+)*)")
_NOT_HANDLES = frozenset({"here", "channel", "everyone", "all"})


_CHUNK_STOP = frozenset(" \t\r\n\f\v\u00a0<>\"'()[]{}")


def _chunks(text: str, triggers: tuple[str, ...]) -> list[tuple[int, int]]:
    """Maximal runs of URL-ish characters that contain one of ``triggers``."""
    chunks: set[tuple[int, int]] = set()
    n = len(text)
    for trigger in triggers:
        pos = text.find(trigger)
        while pos != -1:
            a = pos
            while a > 0 and text[a - 1] not in _CHUNK_STOP:
                a -= 1
            b = pos
            while b < n and text[b] not in _CHUNK_STOP:
                b += 1
            chunks.add((a, b))
            pos = text.find(trigger, max(b, pos + 1))
    return sorted(chunks)


def _disguised_emails(text: str, is_word: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """ "jane dot doe at example dot com", "jane[at]example[dot]com", "jane @ example.com"."""
    found: list[tuple[int, int, str]] = []
    for m in _AT_TRIGGER_RE.finditer(text):
        at = m.start()
        while at > 0 and text[at - 1] in " \t":
            at -= 1
        domain = _DOMAIN_AFTER_AT_RE.match(text, at)
        if domain is None:
            continue
        local = _LOCAL_BEFORE_AT_RE.search(text, max(0, at - 80), at)
        if local is None:
            continue
        written_at = text[at : domain.start(1)].strip().lower() == "at"
        if written_at and _LOCAL_PLAIN_RE.fullmatch(local.group(1)) and is_word(local.group(1)):
            continue  # "worked at acme.io": a word, not a mailbox, before a written-out "at"
        found.append((local.start(1), domain.end(), "EMAIL"))
    return found


def _handles(text: str) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    for m in _HANDLE_RE.finditer(text):
        end = m.end()
        while text[end - 1] in ".-":
            end -= 1  # "@jdoe." ends a sentence
        if m.group(1).lower() not in _NOT_HANDLES:
            found.append((m.start(), end, "HANDLE"))
    return found


def contact_spans(
    text: str, is_word: Callable[[str], bool] = lambda w: False
) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, kind) of the contact details in ``text``, in order.

    ``is_word`` tells an ordinary word from a mailbox name in "worked at acme.io".
    """
    found: list[tuple[int, int, str]] = []
    # Emails and URLs are only searched for in the whitespace-delimited chunks around an
    # "@", "/" or "www.": scanning whole texts with these patterns is the expensive part.
    for a, b in _chunks(text, ("@",)):
        for m in _EMAIL_RE.finditer(text, a, b):
            found.append((m.start(), m.end(), "EMAIL"))
    if "@" in text or "＠" in text:
        found += _handles(text)
    found += _disguised_emails(text, is_word)
    for a, b in _chunks(text, ("/", "www.", "WWW.")):
        for m in _URL_RE.finditer(text, a, b):
            start, end = m.span()
            # Sentence punctuation after a link is not part of it.
            while end > start and text[end - 1] in ".,;:!?":
                end -= 1
            found.append((start, end, "URL"))
    for m in _PHONE_RE.finditer(text):
        group = next(g for g in ("intl", "us", "dom") if m.group(g) is not None)
        digits = sum(c.isdigit() for c in m.group(group))
        low, high = _DIGIT_RANGE[group]
        if low <= digits <= high:
            found.append((m.start(), m.end(), "PHONE"))
    # Longest wins; an email inside a URL's query string is part of the URL.
    found.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    kept: list[tuple[int, int, str]] = []
    for span in found:
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    kept.sort()
    return kept


def contact_key(kind: str, value: str) -> str:
    """What makes two mentions the same contact: digits of a phone, case-folded text otherwise."""
    if kind == "PHONE":
        return "".join(c for c in value if c.isdigit())
    if kind == "URL":
        return value.lower().rstrip("/")
    return value.lower()
