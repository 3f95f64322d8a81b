"""Feedback points: the sentences and clauses of a record that each say one thing.

A point keeps its exact span in the record's ``text`` so that anything built
on it can quote the record verbatim. Ingest embeds a record as the mean of its
points (:mod:`nextround.ingest.vectors`) and the theme engine reads, classifies
and groups them (:mod:`nextround.themes.engine`), so points sit below both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nextround.models import FeedbackRecord


@dataclass
class Point:
    """One sentence or clause of one record."""

    record_id: str
    text: str  # the span as it appears in the record (may contain newlines)
    start: int  # offsets into the record's ``text``; -1 when it cannot be located
    end: int
    index: int  # position within the record
    context: str = ""  # the whole sentence when the point is a clause of it

    @property
    def flat(self) -> str:
        """The point on one line, for models and matching."""
        return " ".join(self.text.split())


_ABBREVIATIONS = re.compile(
    r"\b(?:e\.g|i\.e|etc|vs|Dr|Mr|Mrs|Ms|Prof|Sr|Jr|approx|incl|No|St|U\.S|a\.m|p\.m)\.$", re.I
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)")
# Always a new point: "X; Y" and "X, but Y" (praise and criticism are different points).
_STRONG_BREAK = re.compile(r";\s+|,?\s+(?=but\s)|,\s+(?=(?:yet|though|although)\s)")
# A new point only in long sentences.
_WEAK_BREAK = re.compile(r",\s+(?=(?:however|whereas|while)\s)|\s+[–—]\s+(?=[a-z])")
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d{1,2}[.)])\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s")
_MIN_WORDS = 3
_LONG_SENTENCE_WORDS = 24


def _sentences(paragraph: str, offset: int) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(paragraph):
        end = m.end()
        candidate = paragraph[start:end]
        if _ABBREVIATIONS.search(candidate.rstrip("\"'”’)]")):
            continue
        nxt = paragraph[end:].lstrip()
        if nxt and nxt[0].islower():
            continue  # "approx. three" or a decimal: not a sentence end
        spans.append((offset + start, offset + end))
        start = end
    if paragraph[start:].strip():
        spans.append((offset + start, offset + len(paragraph)))
    return spans


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    body = text[start:end]
    cuts = list(_STRONG_BREAK.finditer(body))
    if len(body.split()) >= _LONG_SENTENCE_WORDS:
        cuts.extend(_WEAK_BREAK.finditer(body))
    spans = []
    position = 0
    for cut in sorted(cuts, key=lambda m: m.start()):
        if cut.start() < position:
            continue
        left, right = body[position : cut.start()], body[cut.end() :]
        if len(left.split()) >= _MIN_WORDS and len(right.split()) >= _MIN_WORDS:
            spans.append((start + position, start + cut.start()))
            position = cut.end()
    spans.append((start + position, end))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n\r\"'“‘(*_":
        start += 1
    while end > start and text[end - 1] in " \t\n\r,;:*_":
        end -= 1
    return start, end


def split_points(record: FeedbackRecord) -> list[Point]:
    """The points of a record's clean text, each located in ``record.text``.

    Headings and lines too short to say anything are skipped.
    """
    clean = record.clean_text
    points: list[Point] = []
    cursor = 0  # search position in record.text, so repeated phrases map in order
    for block in _blocks(clean):
        b_start, b_text = block
        for s_start, s_end in _sentences(b_text, b_start):
            sentence = " ".join(clean[s_start:s_end].split())
            for c_start, c_end in _clauses(clean, s_start, s_end):
                c_start, c_end = _trim(clean, c_start, c_end)
                piece = clean[c_start:c_end]
                if len(piece.split()) < _MIN_WORDS:
                    continue
                found = record.text.find(piece, cursor)
                if found < 0:
                    found = record.text.find(piece)
                if found >= 0:
                    span = (found, found + len(piece))
                    cursor = span[1]
                else:
                    span = (-1, -1)
                flat = " ".join(piece.split())
                context = sentence if sentence != flat else ""
                points.append(Point(record.id, piece, span[0], span[1], len(points), context))
    return points


def _blocks(clean: str) -> list[tuple[int, str]]:
    """Paragraphs and list items, with their offsets in ``clean``."""
    out: list[tuple[int, str]] = []
    position = 0
    paragraph_start = -1
    for line in clean.split("\n"):
        line_start = position
        position += len(line) + 1
        if _HEADING.match(line) or not line.strip():
            if paragraph_start >= 0:
                out.append((paragraph_start, clean[paragraph_start : line_start - 1]))
                paragraph_start = -1
            continue
        bullet = _BULLET.match(line)
        if bullet:
            if paragraph_start >= 0:
                out.append((paragraph_start, clean[paragraph_start : line_start - 1]))
            paragraph_start = line_start + bullet.end()
            continue
        if paragraph_start < 0:
            paragraph_start = line_start
    if paragraph_start >= 0:
        out.append((paragraph_start, clean[paragraph_start:].rstrip("\n")))
    return out
