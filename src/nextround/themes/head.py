"""A competency head: a ridge classifier fitted on the taxonomy's own example sentences.

The nearest examples say how well a criticism fits a competency at all; this head,
fitted in closed form on every example of the competencies in use, says which of
them it fits best, weighing all of a competency's examples rather than its three
closest. It is fitted on each run's taxonomy (the general layer and the chosen
packs, a user's edits included), in a few milliseconds, and is deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nextround.themes.cluster import Vectors


@dataclass(frozen=True)
class CompetencyHead:
    """scores = vectors @ weights + bias, one column per competency."""

    weights: Vectors  # (dim, competencies)
    bias: Vectors  # (competencies,)

    def scores(self, vectors: Vectors) -> Vectors:
        return np.asarray(vectors @ self.weights + self.bias, dtype=np.float32)


def fit_head(example_vectors: Vectors, sizes: Sequence[int], ridge: float) -> CompetencyHead:
    """Least squares from example vectors to their competency (one-hot), L2 ``ridge``.

    ``sizes`` gives how many consecutive rows of ``example_vectors`` each competency has.
    """
    labels = np.repeat(np.arange(len(sizes)), sizes)
    x = np.asarray(example_vectors, dtype=np.float64)
    y = np.eye(len(sizes))[labels]
    mean = y.mean(axis=0)
    gram = x.T @ x + ridge * np.eye(x.shape[1])
    weights = np.linalg.solve(gram, x.T @ (y - mean))
    return CompetencyHead(weights.astype(np.float32), mean.astype(np.float32))
