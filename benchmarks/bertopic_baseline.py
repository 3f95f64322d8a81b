"""BERTopic baseline: topics from precomputed embeddings, no torch, no downloads.

Fits BERTopic (UMAP -> HDBSCAN -> c-TF-IDF) on embeddings we already have, so it
can be compared with nextround's theme engine on exactly the same vectors.
``embedding_model=None`` plus ``embeddings=`` means BERTopic never loads
sentence-transformers, so neither it nor torch is installed. Setup, in a venv
that already has nextround::

    pip install -c constraints.txt -e '.[bench]'
    pip install --no-deps 'bertopic>=0.17,<0.18'

Demo (200 synthetic sentences, offline MiniLM embeddings)::

    python benchmarks/bertopic_baseline.py
"""

from __future__ import annotations

import random
import sys
import time
import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

#: BERTopic's own default neighbourhood size for UMAP.
UMAP_NEIGHBORS = 15
UMAP_COMPONENTS = 5


def _load_bertopic() -> tuple[Any, Any, Any]:
    """BERTopic, UMAP and HDBSCAN, imported without leaking warning filters.

    ``import bertopic`` calls ``warnings.filterwarnings("ignore", ...)`` for every
    UserWarning and FutureWarning in the process; ``catch_warnings`` undoes that.
    """
    with warnings.catch_warnings():
        try:
            from bertopic import BERTopic  # type: ignore[import-untyped]
            from hdbscan import HDBSCAN  # type: ignore[import-untyped]
            from umap import UMAP  # type: ignore[import-untyped]
        except ImportError as exc:
            raise ImportError(
                f"the BERTopic baseline needs the bench extra ({exc.name} is missing): "
                "pip install -c constraints.txt -e '.[bench]' && "
                "pip install --no-deps 'bertopic>=0.17,<0.18'"
            ) from exc
    return BERTopic, UMAP, HDBSCAN


def _all_outliers(n: int, reason: str) -> list[int]:
    print(
        f"warning: BERTopic baseline gave up ({reason}); all {n} docs are outliers",
        file=sys.stderr,
    )
    return [-1] * n


def bertopic_labels(
    docs: list[str],
    embeddings: npt.NDArray[np.floating[Any]],
    *,
    min_topic_size: int = 5,
    seed: int = 42,
) -> list[int]:
    """Topic id per document (-1 = outlier), BERTopic fitted on the given embeddings.

    Topic ids are BERTopic's: 0 is the largest topic. UMAP is seeded, which makes
    the result reproducible (and UMAP single-threaded). Corpora too small for
    UMAP/HDBSCAN (fewer than about 7 docs) give all -1 and a warning on stderr.
    """
    vectors = np.asarray(embeddings)
    if vectors.ndim != 2 or vectors.shape[0] != len(docs):
        raise ValueError(
            f"embeddings must have one row per doc: got shape {vectors.shape} for {len(docs)} docs"
        )
    n = len(docs)
    if n == 0:
        return []
    # UMAP needs 2 <= n_neighbors < n.
    n_neighbors = min(UMAP_NEIGHBORS, n - 1)
    if n_neighbors < 2:
        return _all_outliers(n, f"{n} docs is too few for UMAP")

    bertopic_cls, umap_cls, hdbscan_cls = _load_bertopic()
    model = bertopic_cls(
        embedding_model=None,
        umap_model=umap_cls(
            n_neighbors=n_neighbors,
            n_components=UMAP_COMPONENTS,
            min_dist=0.0,
            metric="cosine",
            random_state=seed,
        ),
        hdbscan_model=hdbscan_cls(
            min_cluster_size=min_topic_size,
            metric="euclidean",
            cluster_selection_method="eom",
            prediction_data=True,
        ),
        min_topic_size=min_topic_size,
        calculate_probabilities=False,
        verbose=False,
    )
    with warnings.catch_warnings():
        # Expected noise: seeding UMAP forces n_jobs=1; tiny inputs trip its spectral init.
        warnings.filterwarnings("ignore", message=r"n_jobs value", category=UserWarning)
        warnings.filterwarnings("ignore", message=r"k >= N", category=RuntimeWarning)
        try:
            topics, _ = model.fit_transform(docs, embeddings=vectors)
        except Exception as exc:  # UMAP/HDBSCAN/CountVectorizer raise many types on tiny inputs
            return _all_outliers(n, f"{type(exc).__name__}: {exc}")
    return [int(t) for t in topics]


# --- demo -------------------------------------------------------------------------------

THEMES = {
    "system design": [
        "The system design round stayed high level; we wanted depth on the write path.",
        "Your architecture sketch skipped how the database would scale under load.",
        "We missed a discussion of caching, sharding and failure modes in the design.",
        "The distributed systems answer did not cover consistency or replication.",
    ],
    "coding speed": [
        "You ran out of time before finishing the coding exercise.",
        "The implementation was correct but far too slow to arrive at during the session.",
        "Edge cases in the algorithm were never handled because time ran short.",
        "The live coding problem was only half solved when the interview ended.",
    ],
    "communication": [
        "You started coding without asking any clarifying questions.",
        "Explanations of your reasoning were hard to follow during the call.",
        "The panel wanted you to talk through trade-offs out loud.",
        "It was unclear what you were thinking while you worked on the problem.",
    ],
    "impact": [
        "The behavioural answers lacked concrete examples with measurable impact.",
        "Your stories did not quantify results or the outcome for the business.",
        "We could not tell what you personally owned in the projects you described.",
        "Examples of leadership were vague and had no numbers behind them.",
    ],
    "testing": [
        "Testing came up late and there was no plan to validate the code.",
        "You did not write any unit tests for the take-home assignment.",
        "We expected automated tests and a way to check correctness.",
        "The solution had no test coverage for the failure cases.",
    ],
}
LEADS = ["", "Feedback: ", "From the panel: ", "Interviewer note: ", "Hiring manager: "]
TAILS = ["", " Sorry we could not move forward.", " Good luck with your search.", " Thanks again."]


def demo_corpus(size: int = 200, seed: int = 7) -> tuple[list[str], list[int], list[int]]:
    """``size`` short feedback sentences, each one's theme index and base-sentence index."""
    rng = random.Random(seed)
    themes = list(THEMES.values())
    docs: list[str] = []
    theme_ids: list[int] = []
    sentence_ids: list[int] = []
    for i in range(size):
        theme = i % len(themes)
        pick = rng.randrange(len(themes[theme]))
        docs.append(f"{rng.choice(LEADS)}{themes[theme][pick]}{rng.choice(TAILS)}")
        theme_ids.append(theme)
        sentence_ids.append(theme * 100 + pick)
    return docs, theme_ids, sentence_ids


def main() -> None:
    from sklearn.metrics import adjusted_rand_score  # type: ignore[import-untyped]

    from nextround.embed import MiniLMEmbedder

    docs, theme_ids, sentence_ids = demo_corpus()
    start = time.perf_counter()
    vectors = MiniLMEmbedder().embed(docs)
    embed_s = time.perf_counter() - start

    start = time.perf_counter()
    labels = bertopic_labels(docs, vectors)
    fit_s = time.perf_counter() - start

    topics = sorted({t for t in labels if t != -1})
    outliers = labels.count(-1)
    print(
        f"docs: {len(docs)} ({len(THEMES)} planted themes, {len(set(sentence_ids))} base "
        f"sentences), embeddings {vectors.shape}"
    )
    print(f"embed: {embed_s:.1f}s  bertopic (incl. import + numba JIT): {fit_s:.1f}s")
    print(f"topics: {len(topics)}")
    print(f"outliers: {outliers}/{len(docs)} = {outliers / len(docs):.1%}")
    print(f"topic sizes: {[labels.count(t) for t in topics]}")
    print(f"ARI vs planted themes: {adjusted_rand_score(theme_ids, labels):.3f}")
    print(f"ARI vs base sentences: {adjusted_rand_score(sentence_ids, labels):.3f}")
    print(f"tiny corpus (5 docs): {bertopic_labels(docs[:5], vectors[:5])}")


if __name__ == "__main__":
    main()
