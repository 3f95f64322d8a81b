"""Readable labels for discovered themes: noun phrases drawn from the theme's own records.

A cluster of criticism that no competency covers needs a name a person can read
("Food safety records", "Allergen matrix"), not a pile of its most frequent words
("Stood (writing)", "Component (ate, await)"). KeyBERT-style:

1. Candidates are runs of one to three words of the cluster's sentences that
   occur in at least two of its records: no function word at either end, no
   month or weekday, no number (in figures or words), no redaction placeholder,
   no word written with a capital mid-sentence (a person, a company, a place). It
   must read as a noun phrase: its last word can be a noun, and its first can be a
   noun or an adjective (a participle only right before a noun: "timed builds"),
   so "ate", "await", "elsewhere", "different", "plan arrives" and "corrected to
   fourteen" are not candidates; nor does a common verb open it, even one that can
   be a noun ("look", "sitting": ``data/verbs.txt``). Word classes come from the lexicon
   bundled with ``lemminflect`` (derived from the SPECIALIST Lexicon: a broad
   dictionary of English, not a list grown for these labels); a word it does not
   know ("handover", "pushback") is taken as a noun.
2. Each candidate is embedded and scored by its similarity to the cluster's
   centroid; maximal marginal relevance then picks the label and two keywords that
   say different things.

Deterministic: ties fall to the shorter, then alphabetically first phrase.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from nextround.ingest.spans import job_nouns
from nextround.resources import data_lines
from nextround.themes.keywords import stopwords

Vectors = npt.NDArray[np.float32]
EmbedFn = Callable[[Sequence[str]], Vectors]

#: Candidates embedded per cluster, the most frequent first.
MAX_CANDIDATES = 40
#: Maximal marginal relevance: weight of relevance against novelty.
MMR_LAMBDA = 0.7
#: Inner words a phrase may keep ("speed of service", "food and drink").
_INNER = frozenset({"of", "and", "on", "for", "in", "with", "to"})
_MONTHS = frozenset(
    re.findall(
        r"\w+",
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
        "friday saturday sunday today yesterday tomorrow week weeks month months year years",
    )
)
_WORD = re.compile(r"\[[A-Z]+_\d+\]|[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*|\d+|[.!?;:,()\"]")


#: Numbers written as words: a label names a topic, not a count.
_NUMBER_WORDS = frozenset(
    re.findall(
        r"\w+",
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
        "eighty ninety hundred thousand million",
    )
)


@cache
def verb_forms() -> frozenset[str]:
    """Common verbs in every simple form (``data/verbs.txt``)."""
    out: set[str] = set()
    for word in data_lines("verbs.txt"):
        out |= {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
        if word.endswith("e"):
            out |= {word[:-1] + "ing", word[:-1] + "ed"}
        if word.endswith("y"):
            out |= {word[:-1] + "ies", word[:-1] + "ied"}
        if re.fullmatch(r"[a-z]*[^aeiou][aeiou][bdgklmnprt]", word):  # stop -> stopped
            out |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return frozenset(out)


@cache
def _lexicon() -> Callable[[str], dict[str, tuple[str, ...]]]:
    from lemminflect import getAllLemmas  # type: ignore[import-untyped]  # data in the wheel

    return getAllLemmas  # type: ignore[no-any-return]


def word_classes(word: str) -> frozenset[str]:
    """The universal part-of-speech tags the lexicon allows for a lower-case word
    ("dish": NOUN and VERB); empty when it does not know the word."""
    return frozenset(_lexicon()(word))


def _can_end(word: str) -> bool:
    """Can end a noun phrase: a noun, or a word the lexicon does not know."""
    classes = word_classes(word)
    return not classes or "NOUN" in classes or "PROPN" in classes


def _can_open(words: Sequence[str]) -> bool:
    """Can open a noun phrase of ``words``: a noun or an adjective ("allergen matrix",
    "clear structure"), or a participle right before a noun ("timed builds")."""
    classes = word_classes(words[0])
    if not classes or classes & {"NOUN", "PROPN", "ADJ"}:
        return True
    return (
        classes == {"VERB"}
        and len(words) > 1
        and words[0].endswith(("ing", "ed"))
        and words[1] not in _INNER
        and _can_end(words[1])
    )


@cache
def vague_words() -> frozenset[str]:
    """Words too vague to open or close a label (``data/vague_words.txt``)."""
    return frozenset(data_lines("vague_words.txt"))


def _usable(word: str) -> bool:
    return (
        len(word) >= 3
        and word.isalpha()
        and word not in stopwords()
        and word not in vague_words()
        and word not in _MONTHS
        and word not in _INNER
        and word not in _NUMBER_WORDS
    )


def phrases(sentence: str) -> list[str]:
    """The candidate phrases of one sentence, lower case (see the module's rules)."""
    tokens = _WORD.findall(sentence)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        for i in range(len(run)):
            for j in range(i, min(i + 3, len(run))):
                words = run[i : j + 1]
                if not (_usable(words[0]) and _usable(words[-1])):
                    continue
                if any(w not in _INNER and not _usable(w) for w in words):
                    continue
                if words[0] in verb_forms() or not (_can_open(words) and _can_end(words[-1])):
                    continue  # "trying ...", "plan arrives", "elsewhere": not a topic
                if words[-1] in job_nouns():
                    continue  # "head chef", "charge nurse": who, not what

                out.append(" ".join(words))
        run.clear()

    for index, token in enumerate(tokens):
        proper = token[:1].isupper() and index > 0 and tokens[index - 1] not in ".!?:"
        if not token[:1].isalpha() or proper or token.startswith("["):
            flush()
            continue
        run.append(token.lower().replace("’", "'"))
    flush()
    return out


@dataclass(frozen=True)
class Label:
    """A discovered theme's name and the phrases that describe it, best first."""

    name: str
    phrases: tuple[str, ...]


#: What names discovered themes: clusters of (record id, sentence), their centroids,
#: the embedding function and names already taken, to one label per cluster.
Labeler = Callable[
    [Sequence[Sequence[tuple[str, str]]], Vectors, EmbedFn, Sequence[str]], list[Label]
]


def label_clusters(
    clusters: Sequence[Sequence[tuple[str, str]]],
    centroids: Vectors,
    embed: EmbedFn,
    taken: Sequence[str] = (),
) -> list[Label]:
    """A label for each cluster of (record id, sentence) pairs, from its own words.

    ``taken`` names (competency names, say) are not reused. A cluster without a
    phrase that two of its records share is named from its own phrases; one with no
    usable phrase at all gets an empty name.
    """
    per_cluster: list[list[str]] = []
    for members in clusters:
        records_of: dict[str, set[str]] = {}
        for record_id, sentence in members:
            for phrase in set(phrases(sentence)):
                records_of.setdefault(phrase, set()).add(record_id)
        # shared by two records; a cluster with no such phrase falls back to all of its own
        shared = [p for p, ids in records_of.items() if len(ids) >= 2] or list(records_of)
        ranked = sorted(shared, key=lambda p: (-len(records_of[p]), len(p), p))
        per_cluster.append(ranked[:MAX_CANDIDATES])
    every = sorted({p for cands in per_cluster for p in cands})
    vectors = embed(every) if every else np.zeros((0, centroids.shape[1]), dtype=np.float32)
    row = {p: i for i, p in enumerate(every)}
    taken_keys = {t.casefold() for t in taken}
    labels = []
    for cands, centroid in zip(per_cluster, centroids, strict=True):
        cands = [c for c in cands if c.casefold() not in taken_keys]
        if not cands:
            labels.append(Label("", ()))
            continue
        vecs = vectors[[row[c] for c in cands]]
        relevance = vecs @ centroid
        chosen: list[int] = []
        while len(chosen) < min(3, len(cands)):
            best, best_score = -1, -np.inf
            for i in range(len(cands)):
                if i in chosen or any(cands[i] in cands[j] or cands[j] in cands[i] for j in chosen):
                    continue
                novelty = max((float(vecs[i] @ vecs[j]) for j in chosen), default=0.0)
                score = MMR_LAMBDA * float(relevance[i]) - (1 - MMR_LAMBDA) * novelty
                if score > best_score + 1e-9:
                    best, best_score = i, score
            if best < 0:
                break
            chosen.append(best)
        picked = tuple(cands[i] for i in chosen)
        labels.append(Label(picked[0][:1].upper() + picked[0][1:], picked))
    return labels
