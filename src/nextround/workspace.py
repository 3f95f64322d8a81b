"""The library API: one profile's feedback, from files to answers.

Everything the CLI does goes through here, so notebooks and batch jobs can do
the same without Typer::

    from nextround import Settings, Workspace

    ws = Workspace(Settings.load(profile="jordan"))
    report = ws.ingest(["~/feedback"])
    for hit in ws.search("system design depth", k=3):
        print(hit.score, hit.record.summary_line())
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from nextround.embed import CachedEmbedder, Embedder, EmbeddingCache, get_embedder
from nextround.errors import NotFoundError
from nextround.ingest.discover import Candidate, discover
from nextround.ingest.pipeline import Prepared, prepare, read_candidate
from nextround.models import (
    DuplicateInput,
    FeedbackRecord,
    IngestReport,
    SearchHit,
    SkippedInput,
)
from nextround.settings import Settings
from nextround.store import FeedbackStore, build_where, open_client

#: Called with (files done, files in all, current source) while ingesting.
ProgressFn = Callable[[int, int, str], None]

_CHUNK = 256  # records prepared, deduplicated, embedded and written together


class Workspace:
    """One profile in one store.

    ``client`` (a chromadb client) and ``embedder`` may be injected; by default
    they come from ``settings``.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        client: Any | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings or Settings.load()
        self._client = client
        self._embedder = embedder
        self._store: FeedbackStore | None = None

    @property
    def profile(self) -> str:
        return self.settings.profile

    @property
    def embedder(self) -> CachedEmbedder:
        if not isinstance(self._embedder, CachedEmbedder):
            inner = self._embedder or get_embedder(
                self.settings.embedding, api_key=self.settings.openai_api_key
            )
            cache = EmbeddingCache(self.settings.cache_path, inner.name)
            self._embedder = CachedEmbedder(inner, cache)
        return self._embedder

    @property
    def store(self) -> FeedbackStore:
        if self._store is None:
            if self._client is None:
                self._client = open_client(self.settings)
            self._store = FeedbackStore(self._client, self.profile, self.embedder)
        return self._store

    # -- ingest ---------------------------------------------------------------

    def ingest(
        self,
        paths: Sequence[str | Path],
        *,
        column_map: Mapping[str, str] | None = None,
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Read ``paths`` (files, directories, globs) into the store.

        Nothing stops the batch: unreadable inputs are listed in
        ``report.skipped`` with their reason, copies of stored feedback in
        ``report.duplicates``; everything else is stored. Re-ingesting the same
        files adds nothing and embeds nothing.
        """
        report = IngestReport()
        found = list(discover(paths))
        files = [f for f in found if isinstance(f, Candidate)]
        report.skipped.extend(f for f in found if isinstance(f, SkippedInput))
        state = _DedupState()
        pending: list[Prepared] = []
        # Messages that quote others wait until the end, so the original is stored
        # first and the quoting copy is recognised whatever the file order.
        quoting: list[Prepared] = []
        for done, candidate in enumerate(files):
            if progress is not None:
                progress(done, len(files), candidate.source)
            for item in read_candidate(candidate, self.settings.max_file_bytes, column_map):
                if isinstance(item, SkippedInput):
                    report.skipped.append(item)
                    continue
                prepared = prepare(item, self.settings.candidate_name)
                if isinstance(prepared, SkippedInput):
                    report.skipped.append(prepared)
                    continue
                report.warnings.extend(
                    SkippedInput(source=prepared.record.source, reason=w) for w in prepared.warnings
                )
                (quoting if prepared.quoted_hashes else pending).append(prepared)
                if len(pending) >= _CHUNK:
                    self._store_chunk(pending, state, report)
                    pending = []
        for rest in (pending, quoting):
            for start in range(0, len(rest), _CHUNK):
                self._store_chunk(rest[start : start + _CHUNK], state, report)
        if progress is not None:
            progress(len(files), len(files), "")
        report.total = self.store.count()
        return report

    def _store_chunk(self, chunk: list[Prepared], state: _DedupState, report: IngestReport) -> None:
        store = self.store
        stored = store.existing(p.record.id for p in chunk)
        hashes = {p.record.content_hash for p in chunk}
        hashes.update(h for p in chunk for h in p.quoted_hashes)
        by_hash = store.by_content_hash(hashes)
        new: list[FeedbackRecord] = []
        for prepared in chunk:
            record = prepared.record
            if record.id in stored:
                if stored[record.id].get("source") == record.source:
                    report.unchanged += 1
                else:
                    report.duplicates.append(
                        DuplicateInput(source=record.source, duplicate_of=record.id)
                    )
                continue
            original = state.find(record, prepared.quoted_hashes, by_hash)
            if original is not None:
                report.duplicates.append(
                    DuplicateInput(source=record.source, duplicate_of=original)
                )
                continue
            state.remember(record)
            new.append(record)
        if not new:
            return
        texts = [r.redacted_text if self.embedder.remote else r.clean_text for r in new]
        vectors = self.embedder.embed(texts)
        store.add(new, vectors)
        report.added += len(new)
        report.added_ids.extend(r.id for r in new)

    # -- reading --------------------------------------------------------------

    def records(
        self,
        *,
        company: str | None = None,
        stage: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[FeedbackRecord]:
        """Stored records, oldest first, optionally filtered."""
        where = build_where(company=company, stage=stage, since=since, until=until)
        return self.store.records(where)

    def get(self, record_id: str) -> FeedbackRecord:
        """One record by id, or by a unique prefix of at least 4 characters."""
        return self.store.get(self.resolve_id(record_id))

    def resolve_id(self, record_id: str) -> str:
        """The full id for ``record_id`` (an id or a unique prefix of it)."""
        if self.store.existing([record_id]):
            return record_id
        if len(record_id) >= 4:
            matches = [i for i in self.store.sources() if i.startswith(record_id)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise NotFoundError(
                    f"{record_id!r} matches {len(matches)} records; give more characters"
                )
        raise NotFoundError(
            f"no record {record_id!r} in profile {self.profile!r} "
            "(see `nextround list` for the ids)"
        )

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        company: str | None = None,
        stage: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[SearchHit]:
        """The ``k`` records closest in meaning to ``query``."""
        if not query.strip():
            raise ValueError("empty search query")
        if k < 1:
            raise ValueError("k must be at least 1")
        vector = self.embedder.embed([query])[0]
        where = build_where(company=company, stage=stage, since=since, until=until)
        return [
            SearchHit(record=r, score=round(s, 4)) for r, s in self.store.query(vector, k, where)
        ]

    def forget(self, ids: Iterable[str] = (), *, source: str | None = None) -> list[str]:
        """Delete records by id and/or by source, and return the deleted ids.

        ``source`` matches a record's source exactly, a file's rows
        (``export.csv`` matches ``export.csv#17``) or a folder's files
        (``notes`` matches ``notes/a.txt``).
        """
        targets = [self.resolve_id(i) for i in ids]
        if source is not None:
            prefix = source.rstrip("/")
            matched = [
                rid
                for rid, src in self.store.sources().items()
                if src == prefix or src.startswith((prefix + "#", prefix + "/"))
            ]
            if not matched:
                raise NotFoundError(f"no records come from {source!r} in profile {self.profile!r}")
            targets.extend(matched)
        targets = list(dict.fromkeys(targets))
        self.store.delete(targets)
        return targets

    def stats(self) -> dict[str, Any]:
        """Counts by company, stage, month and language: the shape of the feedback."""
        records = self.records()
        dates = [r.date for r in records if r.date]
        return {
            "profile": self.profile,
            "records": len(records),
            "companies": len({r.company for r in records if r.company}),
            "by_stage": dict(Counter(r.stage.value for r in records).most_common()),
            "by_company": dict(Counter(r.company or "(unknown)" for r in records).most_common()),
            "by_month": dict(sorted(Counter(d.strftime("%Y-%m") for d in dates).items())),
            "by_language": dict(Counter(r.language for r in records).most_common()),
            "first_date": min(dates).isoformat() if dates else None,
            "last_date": max(dates).isoformat() if dates else None,
            "injection_suspected": [r.id for r in records if r.injection_suspected],
        }


class _DedupState:
    """What this ingest has stored so far, for duplicates within one run."""

    def __init__(self) -> None:
        self.by_hash: dict[str, list[tuple[str, str]]] = {}

    def remember(self, record: FeedbackRecord) -> None:
        self.by_hash.setdefault(record.content_hash, []).append((record.id, record.company))

    def find(
        self,
        record: FeedbackRecord,
        quoted_hashes: Sequence[str],
        stored: Mapping[str, list[tuple[str, str]]],
    ) -> str | None:
        """The id of the stored or earlier record this one repeats, if any."""

        def match(digest: str, check_company: bool) -> str | None:
            for rid, company in [*stored.get(digest, []), *self.by_hash.get(digest, [])]:
                same = (
                    not company
                    or not record.company
                    or (company.casefold() == record.company.casefold())
                )
                if same or not check_company:
                    return rid
            return None

        found = match(record.content_hash, check_company=True)
        if found is None:
            for digest in quoted_hashes:
                found = match(digest, check_company=False)
                if found is not None:
                    break
        return found
