"""What one feedback point says: criticism, praise, context, chatter, or boilerplate.

A linear head over the point's sentence embedding and a learned vocabulary
(:mod:`nextround.learn.linear`), trained on thousands of labelled sentences
from many writers and professions (``corpus/sentences/``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nextround.learn.linear import LinearModel, Matrix, Vocabulary
from nextround.learn.shipped import POINTS_FILE, shipped_model

#: Boilerplate reasons: rejection language that says nothing about the candidate.
BOILERPLATE_REASONS = (
    "other_candidates",
    "role_filled",
    "role_closed",
    "internal_candidate",
    "eligibility",
    "no_feedback",
    "scheduling",
)
POINT_LABELS = (
    "criticism",
    "praise",
    "context",
    "chatter",
    *(f"boilerplate:{r}" for r in BOILERPLATE_REASONS),
)
#: A point is criticism only when the model gives it at least this probability, else
#: its next most likely label. Chosen on leave-one-writer-out CV over the training
#: sentences (0.5: criticism precision 0.93, recall 0.79; at argmax 0.90 and 0.87).
CRITICISM_MIN = 0.5
#: The engine's name for each label's family.
_KIND = {"criticism": "actionable", "praise": "praise", "context": "neutral", "chatter": "chatter"}


@dataclass(frozen=True)
class PointReading:
    """The classifier's reading of one point."""

    label: str  # one of POINT_LABELS
    confidence: float  # the probability of that label

    @property
    def kind(self) -> str:
        """actionable | praise | neutral | chatter | boilerplate."""
        return _KIND.get(self.label, "boilerplate")

    @property
    def reason(self) -> str:
        """The boilerplate reason, or "" for other labels."""
        return self.label.partition(":")[2]


class PointClassifier:
    """Reads points from their text and their sentence vectors.

    >>> clf = PointClassifier.shipped()                                  # doctest: +SKIP
    >>> clf.read(["We went with another candidate."], vectors)[0].label  # doctest: +SKIP
    'boilerplate:other_candidates'
    """

    def __init__(self, model: LinearModel) -> None:
        if tuple(model.classes) != POINT_LABELS:
            raise ValueError(f"{model.name}: classes {model.classes} are not {POINT_LABELS}")
        self.model = model

    @classmethod
    def shipped(cls) -> PointClassifier:
        return cls(shipped_model(POINTS_FILE))

    def features(self, texts: Sequence[str], vectors: Matrix) -> Matrix:
        return point_features(self.model.vocabulary, texts, vectors)

    def proba(self, texts: Sequence[str], vectors: Matrix) -> Matrix:
        """Label probabilities, columns in POINT_LABELS order."""
        if not len(texts):
            return np.zeros((0, len(POINT_LABELS)), dtype=np.float32)
        return self.model.proba(self.features(texts, vectors))

    def read(self, texts: Sequence[str], vectors: Matrix) -> list[PointReading]:
        out = []
        for row in self.proba(texts, vectors):
            best = int(row.argmax())
            if best == 0 and row[0] < CRITICISM_MIN:  # unsure criticism: the next reading
                best = 1 + int(row[1:].argmax())
            out.append(PointReading(POINT_LABELS[best], round(float(row[best]), 4)))
        return out


def point_features(vocabulary: Vocabulary, texts: Sequence[str], vectors: Matrix) -> Matrix:
    """[sentence vector | bag of learned terms]: what the point head reads."""
    return np.hstack([np.asarray(vectors, dtype=np.float32), vocabulary.transform(texts)])
