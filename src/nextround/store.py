"""The Chroma store: one collection per profile.

Embedded (``PersistentClient`` under ``NEXTROUND_HOME``) by default, or a
``chroma run`` server through ``HttpClient`` when a Chroma URL is set: the
way for several processes to share one store.

Vectors are always computed by nextround and passed in; the collection also
carries nextround's own embedding function, so Chroma never falls back to
its default one (which downloads a model). Each collection records the
embedding model that built it, and refuses to be opened with another.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, cast
from urllib.parse import urlparse

import numpy as np

from nextround.embed import Embedder, Vectors
from nextround.errors import EmbeddingMismatchError, NotFoundError, StoreError
from nextround.models import FeedbackRecord, RecordFormat, RecordKind, Stage
from nextround.settings import Settings
from nextround.storelock import lock_store

COLLECTION_PREFIX = "nextround-"
SCHEMA_VERSION = 1
_META_FIELDS = (
    "source",
    "company",
    "role",
    "interviewer",
    "language",
    "content_hash",
    "subject",
    "sender",
    "message_id",
    "kind",
    "format",
    "text",
    "redacted_text",
)


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


_opening = threading.Lock()


def open_client(settings: Settings) -> Any:
    """A Chroma client for ``settings``: HTTP when a URL is set, else embedded."""
    import chromadb

    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:
            client = chromadb.HttpClient(
                host=url.hostname or "127.0.0.1",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=_chroma_settings(),
            )
            client.heartbeat()
        except Exception as exc:  # connection errors come in many types
            raise StoreError(
                f"cannot reach the Chroma server at {settings.chroma_url} "
                f"({type(exc).__name__}). Is `chroma run --path DIR --port N` running?"
            ) from exc
        return client
    settings.store_path.mkdir(parents=True, exist_ok=True)
    lock_store(settings.store_path, settings.store_lock_timeout)
    try:
        with _opening:  # chromadb builds a store's shared system unsafely across threads
            return chromadb.PersistentClient(
                path=str(settings.store_path), settings=_chroma_settings()
            )
    except Exception as exc:
        raise StoreError(f"cannot open the store at {settings.store_path}: {exc}") from exc


def release_embedded_stores() -> None:
    """Let go of every embedded store this process has opened.

    Embedded Chroma keeps each collection it has opened in memory (its vector
    index: a few MB, however few records it holds) until the process ends, so
    a long batch over thousands of profiles would grow without bound. Clients
    opened before this call must not be used after it; the store lock stays held.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    with _opening:
        gc.collect()  # finished workspaces may hold their clients in reference cycles
        SharedSystemClient.clear_system_cache()
        gc.collect()
    _return_freed_memory()


def _return_freed_memory() -> None:
    """Give memory freed by native code back to the OS (glibc keeps it otherwise)."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):  # not glibc (e.g. musl): nothing to do
        ctypes.CDLL(None).malloc_trim(0)


def _embedding_function(embedder: Embedder) -> Any:
    """Wrap ``embedder`` as a Chroma embedding function (registered under one name)."""
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
    from chromadb.utils.embedding_functions import (
        known_embedding_functions,
        register_embedding_function,
    )

    class NextroundEmbeddingFunction(EmbeddingFunction[Documents]):
        def __init__(self, inner: Embedder | None = None, model: str = "") -> None:
            self._inner = inner
            self._model = inner.name if inner is not None else model

        def __call__(self, input: Documents) -> Embeddings:
            if self._inner is None:  # rebuilt from a stored config: load on first use
                from nextround.embed import get_embedder

                self._inner = get_embedder(self._model)
            return cast(Embeddings, list(self._inner.embed(list(input))))

        @staticmethod
        def name() -> str:
            return "nextround"

        def default_space(self) -> Any:
            return "cosine"

        def get_config(self) -> dict[str, Any]:
            return {"model": self._model}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> NextroundEmbeddingFunction:
            return NextroundEmbeddingFunction(model=str(config.get("model", "")))

    if "nextround" not in known_embedding_functions:
        register_embedding_function(NextroundEmbeddingFunction)  # type: ignore[no-untyped-call]
        return NextroundEmbeddingFunction(embedder)
    return known_embedding_functions["nextround"](embedder)


def record_to_metadata(record: FeedbackRecord) -> dict[str, str | int | bool]:
    """Chroma metadata for a record (Chroma stores no None: empty strings instead)."""
    meta: dict[str, str | int | bool] = {k: getattr(record, k) for k in _META_FIELDS}
    meta["stage"] = record.stage.value
    meta["kind"] = str(record.kind)
    meta["format"] = str(record.format)
    meta["date"] = record.date.isoformat() if record.date else ""
    meta["date_num"] = _date_num(record.date)
    meta["company_key"] = record.company.casefold()
    meta["injection_suspected"] = record.injection_suspected
    meta["corrected"] = ",".join(record.corrected)
    meta["unsure"] = ",".join(record.unsure)
    return meta


def metadata_to_record(record_id: str, document: str, meta: dict[str, Any]) -> FeedbackRecord:
    """The record stored under ``record_id``."""
    date = meta.get("date") or None
    fields = {k: str(meta.get(k, "")) for k in _META_FIELDS}
    if fields["kind"] in ("email", "note", "row", ""):  # stored before triage: all feedback
        fields["format"] = fields["format"] or fields["kind"] or "note"
        fields["kind"] = "feedback"
    kind, source_format = RecordKind(fields.pop("kind")), RecordFormat(fields.pop("format"))
    corrected = str(meta.get("corrected") or "")
    unsure = str(meta.get("unsure") or "")
    return FeedbackRecord(
        id=record_id,
        clean_text=document,
        stage=Stage(meta.get("stage") or Stage.UNKNOWN.value),
        date=dt.date.fromisoformat(date) if date else None,
        injection_suspected=bool(meta.get("injection_suspected", False)),
        corrected=tuple(c for c in corrected.split(",") if c),
        unsure=tuple(u for u in unsure.split(",") if u),
        kind=kind,
        format=source_format,
        **fields,
    )


def _date_num(date: dt.date | None) -> int:
    return date.year * 10000 + date.month * 100 + date.day if date else 0


def build_where(
    *,
    company: str | None = None,
    stage: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    kind: str | None = None,
) -> dict[str, Any] | None:
    """A Chroma ``where`` clause for the usual filters (None when there are none)."""
    clauses: list[dict[str, Any]] = []
    if kind:
        clauses.append({"kind": kind})
    if company:
        clauses.append({"company_key": company.casefold()})
    if stage:
        clauses.append({"stage": stage})
    if since:
        clauses.append({"date_num": {"$gte": _date_num(since)}})
    if until:
        clauses.append({"date_num": {"$lte": _date_num(until)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class FeedbackStore:
    """One profile's feedback in Chroma.

    >>> store = FeedbackStore(open_client(settings), "jordan", embedder)   # doctest: +SKIP
    >>> store.count()                                                     # doctest: +SKIP
    0
    """

    def __init__(self, client: Any, profile: str, embedder: Embedder) -> None:
        self.client = client
        self.profile = profile
        self.embedder = embedder
        self.name = COLLECTION_PREFIX + profile
        try:
            self._collection = client.get_or_create_collection(
                name=self.name,
                embedding_function=_embedding_function(embedder),
                metadata={
                    "nextround_schema": SCHEMA_VERSION,
                    "embedding_model": embedder.name,
                    "profile": profile,
                },
                configuration={"hnsw": {"space": "cosine"}},
            )
        except ValueError as exc:
            raise StoreError(f"cannot open profile {profile!r}: {exc}") from exc
        except Exception as exc:
            raise StoreError(
                f"cannot open profile {profile!r} ({type(exc).__name__}: {exc})"
            ) from exc
        built_with = (self._collection.metadata or {}).get("embedding_model")
        if built_with and built_with != embedder.name:
            raise EmbeddingMismatchError(
                f"profile {profile!r} was built with the embedding model {built_with!r}, "
                f"but {embedder.name!r} was asked for. Vectors from different models cannot "
                f"be compared: use --embedding {_option_name(built_with)} for this profile, "
                "or ingest into a new profile."
            )
        self.max_batch = int(client.get_max_batch_size())

    def count(self) -> int:
        return int(self._collection.count())

    def add(self, records: Sequence[FeedbackRecord], vectors: Vectors) -> list[str]:
        """Store records with their precomputed vectors, in batches Chroma accepts.

        A record whose id is already stored (another process sharing the store
        wrote it since it was looked up) is left as it is. Returns the ids this
        call stored.
        """
        if len(records) != len(vectors):
            raise ValueError("one vector per record")
        added: list[str] = []
        for start in range(0, len(records), self.max_batch):
            chunk = records[start : start + self.max_batch]
            present = self.existing(r.id for r in chunk)
            todo = [i for i, r in enumerate(chunk) if r.id not in present]
            if not todo:
                continue
            try:
                self._collection.add(
                    ids=[chunk[i].id for i in todo],
                    documents=[chunk[i].clean_text for i in todo],
                    metadatas=[record_to_metadata(chunk[i]) for i in todo],
                    embeddings=np.asarray(vectors[start : start + self.max_batch])[todo],
                )
            except Exception as exc:
                raise StoreError(f"cannot write to the store: {exc}") from exc
            added.extend(chunk[i].id for i in todo)
        return added

    def existing(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Metadata of the records among ``ids`` that are stored."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), self.max_batch):
            got = self._collection.get(
                ids=wanted[start : start + self.max_batch], include=["metadatas"]
            )
            for rid, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
                found[rid] = dict(meta or {})
        return found

    def by_content_hash(self, hashes: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        """Stored (id, company) pairs for each content hash among ``hashes``."""
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, list[tuple[str, str]]] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            got = self._collection.get(
                where={"content_hash": {"$in": chunk}}, include=["metadatas"]
            )
            for rid, meta in zip(got["ids"], got["metadatas"] or [], strict=False):
                meta = meta or {}
                found.setdefault(str(meta.get("content_hash")), []).append(
                    (rid, str(meta.get("company", "")))
                )
        return found

    def get(self, record_id: str) -> FeedbackRecord:
        got = self._collection.get(ids=[record_id], include=["documents", "metadatas"])
        if not got["ids"]:
            raise NotFoundError(
                f"no record {record_id!r} in profile {self.profile!r} "
                "(see `nextround list` for the ids)"
            )
        return metadata_to_record(got["ids"][0], got["documents"][0], got["metadatas"][0])

    def records(self, where: dict[str, Any] | None = None) -> list[FeedbackRecord]:
        """All records (matching ``where``), oldest first, then by id."""
        out: list[FeedbackRecord] = []
        for batch in self._pages(where, ["documents", "metadatas"]):
            ids, docs, metas = batch
            out.extend(
                metadata_to_record(i, d, dict(m or {}))
                for i, d, m in zip(ids, docs, metas, strict=True)
            )
        out.sort(key=lambda r: (r.date or dt.date.min, r.id))
        return out

    def vectors(self, ids: Sequence[str]) -> Vectors:
        """The stored vectors of ``ids``, in that order."""
        rows: dict[str, Any] = {}
        for start in range(0, len(ids), self.max_batch):
            got = self._collection.get(
                ids=list(ids[start : start + self.max_batch]), include=["embeddings"]
            )
            rows.update(zip(got["ids"], got["embeddings"], strict=True))
        if not ids:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.asarray([rows[i] for i in ids], dtype=np.float32)

    def _pages(
        self, where: dict[str, Any] | None, include: list[str]
    ) -> Iterator[tuple[list[str], list[str], list[Any]]]:
        offset = 0
        page = 2000
        while True:
            got = self._collection.get(where=where, include=include, limit=page, offset=offset)
            ids = list(got["ids"])
            if not ids:
                return
            docs = list(got.get("documents") or [""] * len(ids))
            metas = list(got.get("metadatas") or [{}] * len(ids))
            yield ids, docs, metas
            if len(ids) < page:
                return
            offset += page

    def query(
        self, vector: Vectors, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[FeedbackRecord, float]]:
        """The ``k`` records nearest to ``vector``, with cosine similarity."""
        total = self.count()
        if total == 0:
            return []
        got = self._collection.query(
            query_embeddings=[np.asarray(vector, dtype=np.float32)],
            n_results=min(k, total),
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        hits = []
        for rid, doc, meta, dist in zip(
            got["ids"][0],
            got["documents"][0],
            got["metadatas"][0],
            got["distances"][0],
            strict=True,
        ):
            hits.append((metadata_to_record(rid, doc, dict(meta or {})), 1.0 - float(dist)))
        return hits

    def sources(self) -> dict[str, str]:
        """Every stored id with its source."""
        out: dict[str, str] = {}
        for ids, _docs, metas in self._pages(None, ["metadatas"]):
            for rid, meta in zip(ids, metas, strict=True):
                out[rid] = str((meta or {}).get("source", ""))
        return out

    def known(self) -> tuple[set[str], set[str]]:
        """The companies and interviewers the profile's records name."""
        companies: set[str] = set()
        people: set[str] = set()
        for _ids, _docs, metas in self._pages(None, ["metadatas"]):
            for meta in metas:
                companies.add(str((meta or {}).get("company", "")))
                people.add(str((meta or {}).get("interviewer", "")))
        return companies - {""}, people - {""}

    def update(self, records: Sequence[FeedbackRecord]) -> None:
        """Rewrite stored records' metadata (their text and vectors stay)."""
        try:
            self._collection.update(
                ids=[r.id for r in records], metadatas=[record_to_metadata(r) for r in records]
            )
        except Exception as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), self.max_batch):
            self._collection.delete(ids=list(ids[start : start + self.max_batch]))


def _option_name(model: str) -> str:
    return "minilm" if model.startswith("minilm") else model
