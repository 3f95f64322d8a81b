"""Synthetic feedback for benchmarks: realistic length, every sentence different.

Real feedback rarely repeats a sentence word for word, and nextround embeds
each distinct sentence once, so a benchmark corpus built from a small pool of
sentences would flatter it: every sentence here carries its own reference.
"""

from __future__ import annotations

import itertools
import json
import random
import re
from pathlib import Path

_SENTENCE_END = re.compile(r"(?<=\w\w)([.!?])(?=\s|$)")


def unique_sentences(text: str, tag: str) -> str:
    """``text`` with a reference unique to ``tag`` before each sentence's full stop."""
    counter = itertools.count(1)
    return _SENTENCE_END.sub(lambda m: f" (ref {tag}-{next(counter)}){m.group(1)}", text)


OPENERS = [
    "Thank you for taking the time to interview with us.",
    "Thanks again for meeting the team last week.",
    "We appreciated the energy you brought to the process.",
    "I wanted to follow up after your conversations with the panel.",
]
POINTS = [
    "The system design discussion stayed at a high level; we wanted depth on the write path.",
    "Your coding was clean but you ran out of time before handling the edge cases.",
    "We would have liked to hear clarifying questions before you started on the solution.",
    "The behavioural answers lacked concrete examples with measurable impact.",
    "Testing came up late; the interviewers wanted to see a plan for validating the code.",
    "Communication was clear, although the explanation of trade-offs felt rushed.",
    "The take-home was well structured but the README did not explain how to run it.",
    "We were looking for more ownership of cross-team projects at this level.",
    "The SQL exercise showed gaps in indexing and query planning.",
    "Debugging the failing service took longer than expected and the approach was unsystematic.",
]
CLOSERS = [
    "We have decided to move forward with other candidates.",
    "We will not be moving forward at this time.",
    "The team chose a candidate whose experience more closely matches the role.",
    "We wish you the very best in your search.",
]
COMPANIES = [f"Company{n:03d}" for n in range(200)]
STAGES = ["phone screen", "technical", "take-home", "onsite", "final"]


def feedback_text(rng: random.Random, index: int) -> str:
    points = rng.sample(POINTS, 2)
    text = f"{rng.choice(OPENERS)} {points[0]} {points[1]} {rng.choice(CLOSERS)}"
    return unique_sentences(text, str(index))


def write_jsonl(path: Path, count: int, seed: int = 7, offset: int = 0) -> list[str]:
    """Write ``count`` feedback rows to ``path``; return their texts."""
    rng = random.Random(seed)
    texts = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(offset, offset + count):
            text = feedback_text(rng, i)
            texts.append(text)
            row = {
                "id": f"r{i}",
                "company": rng.choice(COMPANIES),
                "role": "Software Engineer",
                "stage": rng.choice(STAGES),
                "date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
                "feedback": text,
            }
            fh.write(json.dumps(row) + "\n")
    return texts
