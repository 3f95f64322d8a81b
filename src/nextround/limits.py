"""Process-wide bounds: how much of one input is read, and calls to a model.

Feedback is a few paragraphs; an input far longer than that (a whole book
pasted into a note, a log dumped into a CSV cell) is read up to
:data:`MAX_RECORD_CHARS`, with a warning, so one input cannot take the memory
or the hours that reading, redacting and embedding all of it would.

Batch workers, notebook threads and the theme writer's thread pool all go
through one gate per model, and share one rate limiter per LLM endpoint, so N
batch workers never mean N times the embedding batches or LLM requests in
flight, or N times the requests per minute: the bounds are the settings',
whatever the number of workers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from nextround.embed import Embedder, Vectors

#: Characters of one record's text that are read, stored and embedded (about 8,000
#: words, twenty pages); the rest is not read, and a warning says so.
MAX_RECORD_CHARS = 50_000

#: Characters of a long record the metadata readers look at: its opening and its
#: closing lines (a signature), where a company, role or interviewer is named.
METADATA_HEAD_CHARS = 4_000
METADATA_TAIL_CHARS = 1_500

#: Inline text parts of one e-mail that are read (a message split around images).
MAX_TEXT_PARTS = 20


class Gate(threading.BoundedSemaphore):
    """At most ``limit`` holders at once (``with gate: ...``)."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("a gate lets at least one call through")
        super().__init__(limit)
        self.limit = limit


_shared: dict[tuple[str, str, float], Any] = {}
_shared_lock = threading.Lock()


def _once(kind: str, name: str, setting: float, make: Callable[[], Any]) -> Any:
    """The process's one ``kind`` object for ``name`` and ``setting`` (made on first use)."""
    with _shared_lock:
        key = (kind, name, setting)
        if key not in _shared:
            _shared[key] = make()
        return _shared[key]


def reset_shared() -> None:
    """Forget every gate and rate limiter; the next call makes fresh ones.

    For tests and long-running notebooks (see :func:`nextround.reset_caches`).
    Calls already holding a slot of an old gate finish normally.
    """
    with _shared_lock:
        _shared.clear()


def shared_gate(name: str, limit: int) -> Gate:
    """The process's gate for ``name`` with ``limit`` slots."""
    gate: Gate = _once("gate", name, limit, lambda: Gate(limit))
    return gate


def rate_limiter(endpoint: str, requests_per_minute: float) -> Any:
    """The process's LangChain rate limiter for ``endpoint``: one budget for all its clients."""
    from langchain_core.rate_limiters import InMemoryRateLimiter

    return _once(
        "rate",
        endpoint,
        requests_per_minute,
        lambda: InMemoryRateLimiter(
            requests_per_second=requests_per_minute / 60.0,
            check_every_n_seconds=0.05,
            max_bucket_size=2,
        ),
    )


def embedding_gate(embedder: Embedder, remote_limit: int) -> Gate:
    """The gate for an embedding model.

    The local model runs one batch at a time: it already uses every core, and
    two batches at once only take turns on them. A hosted API gets
    ``remote_limit`` requests in flight.
    """
    return shared_gate(f"embedding:{embedder.name}", remote_limit if embedder.remote else 1)


class GatedEmbedder:
    """An embedder whose calls pass through a :class:`Gate`."""

    def __init__(self, inner: Embedder, gate: Gate) -> None:
        self.inner = inner
        self.gate = gate
        self.name = inner.name
        self.dim = inner.dim
        self.remote = inner.remote

    def embed(self, texts: Sequence[str]) -> Vectors:
        with self.gate:
            return self.inner.embed(texts)
