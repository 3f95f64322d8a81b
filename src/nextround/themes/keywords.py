"""Keyphrases for groups of sentences: class-based TF-IDF over words and bigrams.

Each group's sentences are one "document"; a term scores high when it is
frequent in the group and rare across groups. Used to label discovered themes
from their own words and to list keywords for every theme.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

from nextround.resources import data_lines


@cache
def stopwords() -> frozenset[str]:
    """Words too common to label a theme with (``data/stopwords.txt``)."""
    return frozenset(data_lines("stopwords.txt"))


_WORD = re.compile(r"[a-zà-ÿ][a-zà-ÿ0-9+#'-]*[a-z0-9+#]|[a-z]", re.I)


def terms(text: str) -> list[str]:
    """Lower-cased words (no stopwords) and adjacent-word bigrams of ``text``."""
    text = re.sub(r"\[[A-Z]+_\d+\]", " ", text)  # redaction placeholders are not words
    words = [w.lower().strip("'") for w in _WORD.findall(text)]
    kept = [w for w in words if w not in stopwords() and len(w) > 2 and not w.isdigit()]
    bigrams = []
    for left, right in pairwise(words):
        if left in stopwords() or right in stopwords() or len(left) < 3 or len(right) < 3:
            continue
        bigrams.append(f"{left} {right}")
    return kept + bigrams


def class_tfidf(groups: Sequence[Sequence[str]], top: int = 6) -> list[list[str]]:
    """The ``top`` keyphrases of each group of sentences, best first (deterministic)."""
    counts = [Counter(t for sentence in group for t in terms(sentence)) for group in groups]
    document_frequency: Counter[str] = Counter()
    for counter in counts:
        document_frequency.update(counter.keys())
    average = sum(sum(c.values()) for c in counts) / max(1, len(counts))
    result = []
    for counter in counts:
        total = sum(counter.values()) or 1
        scored = []
        for term, count in counter.items():
            if " " in term and count < 2:
                continue  # a two-word phrase said once is usually an accident of wording
            idf = math.log(1 + average / document_frequency[term])
            bonus = 1.3 if " " in term else 1.0  # phrases read better than single words
            scored.append((-(count / total) * idf * bonus, term))
        scored.sort()
        chosen: list[str] = []
        for _score, term in scored:
            if any(term in c.split() or c in term.split() for c in chosen):
                continue  # "screen" after "screen reader" adds nothing
            if " " in term and any(part in chosen for part in term.split()):
                chosen = [c for c in chosen if c not in term.split()]
            chosen.append(term)
            if len(chosen) == top:
                break
        result.append(chosen)
    return result
