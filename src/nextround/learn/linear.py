"""A linear classifier head that runs on numpy alone, and its file format.

A model file is JSON (sorted keys, so training writes the same bytes every
time): the class names, an optional word vocabulary, and the weights as
little-endian float16 in base64. Loading checks the file's sha256 against the
digest pinned in :mod:`nextround.learn.shipped`, like the embedding model.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nextround.errors import ModelError

Matrix = npt.NDArray[np.float32]

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens with apostrophes kept ("didn't" is one token)."""
    return _TOKEN.findall(text.lower().replace("’", "'").replace("‘", "'"))


def terms(text: str) -> list[str]:
    """Word unigrams and bigrams: what the learned vocabulary is made of."""
    words = tokens(text)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(frozen=True)
class Vocabulary:
    """Terms to columns; a text becomes a binary bag of terms, L2-normalised."""

    index: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.index)

    def row(self, features: Iterable[str]) -> tuple[list[int], float]:
        """One row: the sorted columns of the known ``features`` and the value each holds."""
        cols = sorted({self.index[f] for f in features if f in self.index})
        return cols, (float(1.0 / np.sqrt(len(cols))) if cols else 0.0)

    def transform(self, texts: Sequence[str]) -> Matrix:
        return self.encode([terms(text) for text in texts])

    def encode(self, feature_sets: Sequence[Iterable[str]]) -> Matrix:
        """Like :meth:`transform`, for rows given as named features instead of text."""
        out = np.zeros((len(feature_sets), len(self.index)), dtype=np.float32)
        for number, features in enumerate(feature_sets):
            cols, value = self.row(features)
            if cols:
                out[number, cols] = value
        return out


@dataclass(frozen=True)
class LinearModel:
    """softmax(features @ weights + bias) over ``classes``."""

    name: str
    classes: tuple[str, ...]
    weights: Matrix  # (n_features, n_classes)
    bias: Matrix  # (n_classes,)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    info: dict[str, Any] = field(default_factory=dict)

    def proba(self, features: Matrix) -> Matrix:
        """Class probabilities, one row per feature row."""
        if features.shape[1] != self.weights.shape[0]:
            raise ValueError(
                f"{self.name}: {features.shape[1]} features given, "
                f"the model takes {self.weights.shape[0]}"
            )
        logits = features.astype(np.float32) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True), dtype=np.float32)

    def to_json(self) -> str:
        """The model file's text (deterministic)."""
        data = {
            "name": self.name,
            "classes": list(self.classes),
            "shape": list(self.weights.shape),
            "weights": _pack(self.weights),
            "bias": _pack(self.bias),
            "vocabulary": sorted(self.vocabulary.index, key=self.vocabulary.index.__getitem__),
            "info": self.info,
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=0) + "\n"

    @classmethod
    def from_json(cls, text: str) -> LinearModel:
        data = json.loads(text)
        rows, cols = data["shape"]
        return cls(
            name=data["name"],
            classes=tuple(data["classes"]),
            weights=_unpack(data["weights"]).reshape(rows, cols),
            bias=_unpack(data["bias"]),
            vocabulary=Vocabulary({t: i for i, t in enumerate(data["vocabulary"])}),
            info=dict(data.get("info", {})),
        )


def _pack(array: Matrix) -> str:
    return base64.b64encode(np.asarray(array, dtype="<f2").tobytes()).decode("ascii")


def _unpack(text: str) -> Matrix:
    return np.frombuffer(base64.b64decode(text), dtype="<f2").astype(np.float32)


def load_model(path: Path, expected_sha256: str) -> LinearModel:
    """Load a shipped model file after checking its digest."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ModelError(
            f"classifier weights missing at {path}: reinstall nextround (pip install "
            f"--force-reinstall nextround)"
        ) from exc
    actual = hashlib.sha256(raw).hexdigest()
    if actual != expected_sha256:
        raise ModelError(
            f"classifier weights at {path} are corrupt or not this release's "
            f"(sha256 {actual[:16]}…, expected {expected_sha256[:16]}…); reinstall nextround"
        )
    return LinearModel.from_json(raw.decode("utf-8"))
