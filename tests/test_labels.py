"""Discovered themes are named with noun phrases of their own records (real model)."""

from __future__ import annotations

import numpy as np

from nextround.embed import MiniLMEmbedder
from nextround.themes.labels import label_clusters, phrases, word_classes

#: Words that once named discovered themes ("Component (ate, await)", "Aria (alt,
#: announce)", "Bar (elsewhere, fast)", "Gap (she'd, understood)", "Month (procurement,
#: arrives)", "Corrected to fourteen", "Different", "Defuse"): verb forms, adverbs,
#: adjectives, a contraction, a month, a number word.
ODD = {
    "ate",
    "await",
    "announce",
    "elsewhere",
    "she'd",
    "understood",
    "month",
    "arrives",
    "corrected",
    "fourteen",
    "different",
    "defuse",
    "sticking",
}


def test_candidates_are_noun_phrases_never_verbs_adverbs_numbers_or_names() -> None:
    got = {
        p
        for s in (
            "The component ate the slot because it would await data that never arrives.",
            "She'd understood the brief, but the procurement timeline slipped by a month.",
            "Elsewhere it was different: the alt text was missing on the chart component.",
            "In March, Dana Okafor at Kestrel said the procurement plan arrives too late.",
            "Corrected to fourteen after the second count of the controlled drugs.",
            "Tried to defuse the customer, and the dish was sticking.",
        )
        for p in phrases(s)
    }
    assert {"procurement timeline", "alt text", "chart component", "controlled drugs"} <= got
    words = {w for p in got for w in p.split()}
    assert not words & ODD, words & ODD
    assert not words & {"dana", "okafor", "kestrel", "march", "late"}
    # a participle may open a phrase only right before a noun
    assert "timed builds" in phrases("Timed builds overran again.")
    assert phrases("Corrected to fourteen.") == []


def test_word_classes_come_from_the_bundled_lexicon() -> None:
    assert word_classes("dish") == {"NOUN", "VERB"}
    assert word_classes("different") == {"ADJ"}
    assert word_classes("elsewhere") == {"ADV"}
    assert word_classes("handover") == frozenset()  # unknown: taken as a noun


def test_a_cluster_is_named_by_a_shared_noun_phrase_not_its_odd_words(
    embedder: MiniLMEmbedder,
) -> None:
    clusters = [
        [
            ("r1", "She'd understood it, but the procurement timeline arrives a month late."),
            ("r2", "The procurement timeline was vague elsewhere; we ate into the month."),
            ("r3", "He understood the procurement timeline only after it arrives."),
        ],
        [
            ("r4", "The component would await the fetch and the alt text was different."),
            ("r5", "Alt text was missing, and the component ate errors it should announce."),
        ],
    ]
    centroids = np.stack([embedder.embed([s for _, s in c]).mean(axis=0) for c in clusters]).astype(
        np.float32
    )
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    labels = label_clusters(clusters, centroids, embedder.embed)
    assert [label.name for label in labels] == ["Procurement timeline", "Alt text"]
    for label in labels:
        words = {w for p in label.phrases for w in p.split()}
        assert not words & ODD, (label, words & ODD)
        for phrase in label.phrases:  # drawn from the cluster's own words
            assert any(phrase in s.lower() for c in clusters for _, s in c)
