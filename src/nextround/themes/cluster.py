"""Clustering that works at 8 points and at 10,000: average linkage with a cut.

Agglomerative clustering needs no number of clusters and no minimum density,
so a handful of similar sentences still form a group (where density-based
topic models call everything an outlier). Above ``max_exact`` points, an
evenly spaced sample is clustered exactly and the rest join their nearest
cluster if it is close enough.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


def average_linkage(vectors: Vectors, min_similarity: float) -> list[int]:
    """Cluster labels (0..k-1, in order of first member) for L2-normalised rows.

    Two clusters merge while their average pairwise cosine similarity is at
    least ``min_similarity``. Uses the nearest-neighbour-chain algorithm:
    O(n²) time and memory, deterministic.
    """
    n = len(vectors)
    if n == 0:
        return []
    if n == 1:
        return [0]
    sim = (vectors @ vectors.T).astype(np.float64)
    np.fill_diagonal(sim, -np.inf)
    sizes = np.ones(n)
    active = np.ones(n, dtype=bool)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    chain: list[int] = []
    remaining = n
    while remaining > 1:
        if not chain:
            chain.append(int(np.flatnonzero(active)[0]))
        a = chain[-1]
        row = sim[a]
        b = int(np.argmax(row))
        best = row[b]
        if len(chain) >= 2 and row[chain[-2]] >= best:
            b, best = chain[-2], row[chain[-2]]
        if best < min_similarity:
            # a's best partner is too far; by reducibility nothing later gets closer
            active[a] = False
            sim[a, :] = -np.inf
            sim[:, a] = -np.inf
            chain.pop()
            remaining -= 1
            if chain:
                chain.clear()  # neighbours changed: restart the chain
            continue
        if len(chain) >= 2 and b == chain[-2]:
            chain.pop()
            chain.pop()
            keep, gone = min(a, b), max(a, b)
            merged = (sizes[a] * sim[a] + sizes[b] * sim[b]) / (sizes[a] + sizes[b])
            sim[keep, :] = merged
            sim[:, keep] = merged
            sim[gone, :] = -np.inf
            sim[:, gone] = -np.inf
            sim[keep, keep] = -np.inf
            sizes[keep] += sizes[gone]
            active[gone] = False
            parent[find(gone)] = find(keep)
            remaining -= 1
        else:
            chain.append(b)
    return _relabel([find(i) for i in range(n)])


def _relabel(roots: list[int]) -> list[int]:
    mapping: dict[int, int] = {}
    return [mapping.setdefault(r, len(mapping)) for r in roots]


def cluster(vectors: Vectors, min_similarity: float, max_exact: int = 2500) -> list[int]:
    """Average-linkage labels; large inputs are clustered on a sample, then assigned.

    Points of a large input that are not close enough to any sampled cluster get
    their own singleton label.
    """
    n = len(vectors)
    if n <= max_exact:
        return average_linkage(vectors, min_similarity)
    sample = np.linspace(0, n - 1, max_exact).round().astype(int)
    sample_labels = average_linkage(vectors[sample], min_similarity)
    k = max(sample_labels) + 1
    centroids = np.zeros((k, vectors.shape[1]), dtype=np.float32)
    for idx, label in zip(sample, sample_labels, strict=True):
        centroids[label] += vectors[idx]
    centroids /= np.clip(np.linalg.norm(centroids, axis=1, keepdims=True), 1e-12, None)
    labels = np.empty(n, dtype=int)
    next_label = k
    for start in range(0, n, 4096):
        block = vectors[start : start + 4096] @ centroids.T
        best = block.argmax(axis=1)
        for offset, (choice, score) in enumerate(zip(best, block.max(axis=1), strict=True)):
            if score >= min_similarity:
                labels[start + offset] = choice
            else:
                labels[start + offset] = next_label
                next_label += 1
    labels[sample] = sample_labels
    return _relabel([int(x) for x in labels])
