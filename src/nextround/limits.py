"""Process-wide bounds on calls to a model.

Batch workers, notebook threads and the theme writer's thread pool all go
through one gate per model, and share one rate limiter per LLM endpoint, so N
batch workers never mean N times the embedding batches or LLM requests in
flight, or N times the requests per minute: the bounds are the settings',
whatever the number of workers.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from nextround.embed import Embedder, Vectors


class Gate:
    """At most ``limit`` holders at once; remembers the most it has seen."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("a gate lets at least one call through")
        self.limit = limit
        self._slots = threading.BoundedSemaphore(limit)
        self._count = threading.Lock()
        self.active = 0
        self.peak = 0

    def __enter__(self) -> Gate:
        self._slots.acquire()
        with self._count:
            self.active += 1
            self.peak = max(self.peak, self.active)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._count:
            self.active -= 1
        self._slots.release()


_gates: dict[tuple[str, int], Gate] = {}
_gates_lock = threading.Lock()


def shared_gate(name: str, limit: int) -> Gate:
    """The process's gate for ``name`` with ``limit`` slots (made on first use)."""
    with _gates_lock:
        return _gates.setdefault((name, limit), Gate(limit))


_limiters: dict[tuple[str, float], Any] = {}


def rate_limiter(endpoint: str, requests_per_minute: float) -> Any:
    """The process's LangChain rate limiter for ``endpoint``: one budget for all its clients."""
    from langchain_core.rate_limiters import InMemoryRateLimiter

    with _gates_lock:
        key = (endpoint, requests_per_minute)
        if key not in _limiters:
            _limiters[key] = InMemoryRateLimiter(
                requests_per_second=requests_per_minute / 60.0,
                check_every_n_seconds=0.05,
                max_bucket_size=2,
            )
        return _limiters[key]


def embedding_gate(embedder: Embedder, remote_limit: int) -> Gate:
    """The gate for an embedding model.

    The local model runs one batch at a time: it already uses every core, and
    two batches at once only take turns on them. A hosted API gets
    ``remote_limit`` requests in flight.
    """
    remote = bool(getattr(embedder, "remote", False))
    return shared_gate(f"embedding:{embedder.name}", remote_limit if remote else 1)


class GatedEmbedder:
    """An embedder whose calls pass through a :class:`Gate`."""

    def __init__(self, inner: Embedder, gate: Gate) -> None:
        self.inner = inner
        self.gate = gate
        self.name = inner.name
        self.dim = inner.dim
        self.remote = bool(getattr(inner, "remote", False))

    def embed(self, texts: Sequence[str]) -> Vectors:
        with self.gate:
            return self.inner.embed(texts)
