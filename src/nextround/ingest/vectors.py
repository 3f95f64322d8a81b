"""Record vectors built from the vectors of their points.

A record's vector is the normalised mean of its points' vectors (sentences and
clauses, as the theme engine splits them). Embedding the points at ingest does
the theme engine's embedding work once, as it reads nothing else of a record:
with a cached embedder, ``themes`` then finds every vector it needs in the
cache. The mean also covers the whole record, where one embedding of a long
record stops at the model's 256 tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from nextround.embed import Vectors
from nextround.models import FeedbackRecord
from nextround.points import split_points


def record_vectors(
    records: Sequence[FeedbackRecord], embed: Callable[[Sequence[str]], Vectors]
) -> Vectors:
    """One unit vector per record; embeds each distinct text once."""
    per_record = [split_points(r) for r in records]
    texts: list[str] = []
    for record, points in zip(records, per_record, strict=True):
        if points:
            texts += [p.flat for p in points]
        else:  # too short to split: the record as a whole
            texts.append(record.clean_text)
    unique = list(dict.fromkeys(texts))
    vectors = embed(unique)
    row = {text: i for i, text in enumerate(unique)}
    out = np.empty((len(records), vectors.shape[1]), dtype=np.float32)
    for i, (record, points) in enumerate(zip(records, per_record, strict=True)):
        rows = [row[p.flat] for p in points] if points else [row[record.clean_text]]
        mean = vectors[rows].mean(axis=0)
        out[i] = mean / max(float(np.linalg.norm(mean)), 1e-12)
    return out
