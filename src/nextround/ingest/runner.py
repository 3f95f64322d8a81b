"""One ingest: files (or fetched e-mail messages) in, records stored, a report out.

Files are read and prepared one by one; records are deduplicated, embedded
and written in chunks. Unchanged files are recognised by the manifest and
replayed without being read again. Messages fetched from a mail server
(:meth:`IngestRunner.run_messages`) take the same way, batch by batch, each
message as if it were an ``.eml`` file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

from nextround.corrections import Corrections
from nextround.embed import Vectors
from nextround.errors import InputError
from nextround.ingest.discover import Candidate, discover, precheck
from nextround.ingest.emails import parse_message
from nextround.ingest.known import company_in, known_person_in
from nextround.ingest.manifest import FileOutcome, Manifest, bytes_key, file_key
from nextround.ingest.pipeline import (
    Opened,
    Prepared,
    finish,
    load,
    open_item,
    read_candidate,
)
from nextround.ingest.raw import RawItem
from nextround.ingest.stages import screened_out
from nextround.ingest.triage import Triage, Verdict
from nextround.ingest.vectors import record_vectors
from nextround.models import (
    DuplicateInput,
    FeedbackRecord,
    IngestReport,
    RecordKind,
    SetAsideInput,
    SkippedInput,
    Stage,
)

#: Called with (files done, files in all, current source) while ingesting.
ProgressFn = Callable[[int, int, str], None]

#: Records embedded and written together: large enough that length-sorted
#: batching pads little, small enough to bound memory at any corpus size.
CHUNK = 1024


#: The learned reader's probability above which its company stands against a known one.
SURE_OF_COMPANY = 0.9


class RecordStore(Protocol):
    """What ingest needs from a store (see :class:`nextround.store.FeedbackStore`)."""

    def existing(self, ids: Sequence[str]) -> dict[str, dict[str, object]]: ...
    def by_content_hash(self, hashes: Sequence[str]) -> dict[str, list[tuple[str, str]]]: ...
    def add(self, records: Sequence[FeedbackRecord], vectors: Vectors) -> list[str]: ...
    def delete(self, ids: Sequence[str]) -> None: ...
    def known(self) -> tuple[set[str], set[str]]: ...
    def count(self) -> int: ...


class MessageBatch(Protocol):
    """E-mail messages fetched together (from an IMAP folder), stored before the next batch."""

    @property
    def messages(self) -> Sequence[tuple[str, bytes | SkippedInput]]:
        """``(source, the message's bytes)``, or why a message was not fetched."""
        ...

    @property
    def renumbered(self) -> str:
        """The folder's source prefix when the server renumbered it since the last run
        (its records are these messages under their old UIDs), else ""."""
        ...

    def done(self) -> None:
        """Called once every message of the batch is stored: the fetcher saves how far it got."""
        ...


class TextEmbedder(Protocol):
    remote: bool

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class IngestRunner:
    """Runs one ingest into ``store`` with ``embedder``."""

    def __init__(
        self,
        store: RecordStore,
        embedder: TextEmbedder,
        *,
        manifest: Manifest | None = None,
        max_bytes: int,
        candidate_name: str = "",
        column_map: Mapping[str, str] | None = None,
        options: str = "",
        keep_all: bool = False,
        triage: Triage | None = None,
        corrections: Corrections | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.manifest = manifest
        self.max_bytes = max_bytes
        self.candidate_name = candidate_name
        self.column_map = column_map
        self.options = options
        self.keep_all = keep_all
        self.triage = triage or Triage.shipped()
        self.corrections = corrections
        self._known: tuple[set[str], set[str]] | None = None
        self.report = IngestReport()
        self._outcomes: dict[str, FileOutcome] = {}
        self._sources: dict[str, str] = {}  # outcome key -> file source
        self._messages: set[str] = set()  # outcome keys of fetched messages (never stale)
        self._by_hash: dict[str, list[tuple[str, str]]] = {}

    def run(self, paths: Sequence[str | Path], progress: ProgressFn | None = None) -> IngestReport:
        found = list(discover(paths))
        files = [f for f in found if isinstance(f, Candidate)]
        self.report.skipped.extend(f for f in found if isinstance(f, SkippedInput))
        keyed = [(c, self._key(c)) for c in files]
        replayable = self._replayable(key for _, key in keyed)
        pending: list[Prepared | Opened] = []
        # Forwards and replies that quote stored messages wait until the end, so
        # the original is kept and the copy recognised whatever the file order.
        quoting: list[Prepared | Opened] = []
        for done, (candidate, key) in enumerate(keyed):
            if progress is not None:
                progress(done, len(files), candidate.source)
            if key in replayable:
                self._replay(replayable[key])
                continue
            # The bytes are read once: what is parsed is what the manifest's key
            # is the hash of, even when the file changed since it was looked up.
            data = load(candidate, self.max_bytes)
            key = ""
            if self.manifest is not None and isinstance(data, bytes):
                key = bytes_key(data, candidate.source, self.options)
            outcome = self._outcomes.setdefault(key or candidate.source, FileOutcome())
            self._sources[key or candidate.source] = candidate.source
            for prepared in self._prepare_file(candidate, data, outcome):
                prepared.origin = key or candidate.source
                (quoting if prepared.quoted_hashes else pending).append(prepared)
                if len(pending) >= CHUNK:
                    self._store_chunk(pending)
                    pending = []
        for rest in (pending, quoting):
            for start in range(0, len(rest), CHUNK):
                self._store_chunk(rest[start : start + CHUNK])
        self._remove_stale()
        if self.manifest is not None:
            self.manifest.save(
                {k: (self._sources[k], v) for k, v in self._outcomes.items() if len(k) == 64}
            )
        if progress is not None:
            progress(len(files), len(files), "")
        self.report.total = self.store.count()
        return self.report

    def _remove_stale(self) -> None:
        """Records a changed file stored last time and no longer produces: replaced."""
        if self.manifest is None:
            return
        stale: list[str] = []
        for key, outcome in self._outcomes.items():
            if key in self._messages:  # a message's UID never holds other bytes
                continue
            before = self.manifest.previous(self._sources[key])
            if before is None:
                continue
            now = {i for _, i in outcome.stored}
            stale.extend(i for _, i in before.stored if i not in now)
        if stale:
            self.store.delete(stale)
            self.report.removed_ids.extend(stale)

    def _key(self, candidate: Candidate) -> str:
        """The manifest key of the file as it is now ("" for one that will not be read)."""
        if self.manifest is None or precheck(candidate, self.max_bytes):
            return ""
        try:
            return file_key(candidate.path, candidate.source, self.options)
        except OSError:
            return ""  # unreadable: the reader reports why

    def run_messages(
        self,
        batches: Iterable[MessageBatch],
        total: int,
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Ingest e-mail messages fetched from a server, ``total`` of them, batch by batch.

        Each message goes the way an ``.eml`` file does (triage, cleaning,
        metadata, dedup) and its outcome is kept in the manifest under the hash
        of its bytes and its source, so a message fetched again is replayed.
        Every batch is stored before ``batch.done()`` is called, so a run that is
        interrupted resumes after the last batch done.
        """
        done = 0
        for batch in batches:
            keys = {
                source: bytes_key(data, source, self.options)
                for source, data in batch.messages
                if self.manifest is not None and isinstance(data, bytes)
            }
            replayable = self._replayable(keys.values())
            pending: list[Prepared | Opened] = []
            quoting: list[Prepared | Opened] = []
            for source, data in batch.messages:
                if progress is not None:
                    progress(done, total, source)
                done += 1
                key = keys.get(source, "")
                if key in replayable:
                    self._replay(replayable[key])
                    continue
                origin = key or source
                outcome = self._outcomes.setdefault(origin, FileOutcome())
                self._sources[origin] = source
                self._messages.add(origin)
                if isinstance(data, SkippedInput):
                    self._skip(data, outcome)
                    continue
                for prepared in self._prepare_items(_read_message(source, data), outcome):
                    prepared.origin = origin
                    (quoting if prepared.quoted_hashes else pending).append(prepared)
            for rest in (pending, quoting):
                for start in range(0, len(rest), CHUNK):
                    self._store_chunk(rest[start : start + CHUNK], batch.renumbered)
            if self.manifest is not None:
                # a replayed message's outcome is in the manifest already
                self.manifest.save(
                    {
                        k: (self._sources[k], self._outcomes[k])
                        for k in keys.values()
                        if k and k not in replayable
                    }
                )
            batch.done()
        if progress is not None:
            progress(total, total, "")
        self.report.total = self.store.count()
        return self.report

    def _replayable(self, keys: Iterable[str]) -> dict[str, FileOutcome]:
        """Manifest hits whose records are all still in the store."""
        if self.manifest is None:
            return {}
        hits = {key: o for key in keys if key and (o := self.manifest.lookup(key))}
        needed = [
            i
            for o in hits.values()
            for i in [*(s[1] for s in o.stored), *(d[1] for d in o.duplicates)]
        ]
        present = set(self.store.existing(needed)) if needed else set()
        return {
            key: o
            for key, o in hits.items()
            if all(i in present for _, i in [*o.stored, *o.duplicates])
        }

    def _replay(self, outcome: FileOutcome) -> None:
        report = self.report
        report.unchanged += len(outcome.stored)
        report.duplicates.extend(
            DuplicateInput(source=s, duplicate_of=i) for s, i in outcome.duplicates
        )
        report.skipped.extend(SkippedInput(source=s, reason=r) for s, r in outcome.skipped)
        report.warnings.extend(SkippedInput(source=s, reason=r) for s, r in outcome.warnings)
        report.set_aside.extend(
            SetAsideInput(source=s, kind=RecordKind(k), reason=r) for s, k, r in outcome.set_aside
        )

    def _prepare_file(
        self, candidate: Candidate, data: bytes | SkippedInput, outcome: FileOutcome
    ) -> list[Prepared | Opened]:
        """The items of the file's ``data``, decided (:class:`Prepared`) or left to the
        full model (:class:`Opened`); what the quick model sets aside is reported here."""
        if isinstance(data, SkippedInput):
            self._skip(data, outcome)
            return []
        items = read_candidate(candidate, self.max_bytes, self.column_map, data)
        return self._prepare_items(items, outcome)

    def _prepare_items(
        self, items: Iterable[RawItem | SkippedInput], outcome: FileOutcome
    ) -> list[Prepared | Opened]:
        """:meth:`_prepare_file` of the items one input was read into."""
        out: list[Prepared | Opened] = []
        for item in items:
            if isinstance(item, SkippedInput):
                self._skip(item, outcome)
                continue
            # Most of an inbox is settled from its words, before cleaning or embedding.
            verdict = self.triage.quick(item)
            if verdict is not None and not verdict.stored and not self.keep_all:
                self._set_aside(item.source, verdict, outcome)
                continue
            try:
                opened = open_item(item)
            except Exception as exc:  # one odd item must not end the batch
                opened = _cannot(item.source, exc)
            if isinstance(opened, SkippedInput):
                self._skip(opened, outcome)
                continue
            if verdict is None:
                out.append(opened)  # cleaned only: the full model decides (_triage)
                continue
            prepared = self._finish(opened, verdict.kind, outcome)
            if prepared is not None:
                out.append(prepared)
        return out

    def _finish(self, opened: Opened, kind: str, outcome: FileOutcome) -> Prepared | None:
        """Read the metadata of a decided item and make its record (None: skipped)."""
        try:
            prepared = finish(opened, self.candidate_name)
        except Exception as exc:  # one odd item must not end the batch
            self._skip(_cannot(opened.item.source, exc), outcome)
            return None
        for warning in prepared.warnings:
            self.report.warnings.append(SkippedInput(source=prepared.record.source, reason=warning))
            outcome.warnings.append((prepared.record.source, warning))
        prepared.record = prepared.record.model_copy(update={"kind": RecordKind(kind)})
        return prepared

    def _fill_from_profile(self, chunk: list[Prepared]) -> None:
        """What one record leaves open, the others may answer.

        A company or interviewer named in another record (a signature, a header)
        is recognised in this one's text or file name; a rejection that mentions
        no interview was at the application stage. Values are as this record
        writes them, never invented.
        """
        if self._known is None:
            self._known = self.store.known()
        companies, people = self._known
        seen_before = set(companies)
        in_chunk = Counter(p.record.company for p in chunk if p.record.company)
        companies.update(in_chunk)
        people.update(p.record.interviewer for p in chunk if p.record.interviewer)
        for prepared in chunk:
            record = prepared.record
            confirmed = (
                record.company in seen_before
                or in_chunk[record.company] > 1
                or prepared.sure.get("company", 0.0) >= SURE_OF_COMPANY
            )
            update: dict[str, object] = {}
            # A known company this record names beats what the reader guessed from the
            # text alone, unless a column gave it, or the guess is a known company too,
            # or the reader was sure of it.
            if "company" not in prepared.explicit and not confirmed:
                others = sorted(companies - {record.company})
                company = company_in(record.text, _file_words(record.source), others)
                if company:
                    update["company"] = company
            if not record.interviewer:
                person = known_person_in(record.text, sorted(people))
                if person:
                    update["interviewer"] = person
            if (
                record.kind == "rejection"
                and record.stage is Stage.UNKNOWN
                and screened_out(record.clean_text)
            ):
                update["stage"] = Stage.APPLICATION
            if update:
                prepared.record = record.model_copy(update=update)

    def _set_aside(self, source: str, verdict: Verdict, outcome: FileOutcome) -> None:
        self.report.set_aside.append(
            SetAsideInput(source=source, kind=RecordKind(verdict.kind), reason=verdict.reason())
        )
        outcome.set_aside.append((source, verdict.kind, verdict.reason()))

    def _triage(self, chunk: list[Prepared | Opened]) -> list[Prepared]:
        """Decide what the quick model left open; set aside what is not feedback."""
        open_ = [p for p in chunk if isinstance(p, Opened)]
        verdicts = self.triage.full(
            [o.item for o in open_],
            [o.text for o in open_],
            self.embedder.embed if not self.embedder.remote else _local_embed(),
        )
        decided = iter(verdicts)  # in chunk order
        out: list[Prepared] = []
        for entry in chunk:
            if isinstance(entry, Prepared):  # decided by the quick model: kept or --keep-all
                out.append(entry)
                continue
            verdict = next(decided)
            outcome = self._outcomes[entry.origin]
            if not verdict.stored and not self.keep_all:
                self._set_aside(entry.item.source, verdict, outcome)
                continue
            prepared = self._finish(entry, verdict.kind, outcome)
            if prepared is not None:
                out.append(prepared)
        return out

    def _skip(self, skipped: SkippedInput, outcome: FileOutcome) -> None:
        self.report.skipped.append(skipped)
        outcome.skipped.append((skipped.source, skipped.reason))

    def _store_chunk(self, chunk: list[Prepared | Opened], renumbered: str = "") -> None:
        """Triage, dedup, embed and store ``chunk``.

        ``renumbered`` is a mail folder's source prefix when the server renumbered
        it: a record stored from there before is the same message, so unchanged.
        """
        ready = self._triage(chunk)
        self._fill_from_profile(ready)
        if self.corrections is not None:
            for prepared in ready:
                prepared.record = self.corrections.apply(prepared.record)
        report = self.report
        stored = self.store.existing([p.record.id for p in ready])
        hashes = {p.record.content_hash for p in ready}
        hashes.update(h for p in ready for h in p.quoted_hashes)
        by_hash = self.store.by_content_hash(sorted(hashes))
        new: list[Prepared] = []
        for prepared in ready:
            record = prepared.record
            outcome = self._outcomes[prepared.origin]
            if record.id in stored:
                before = str(stored[record.id].get("source", ""))
                if before == record.source or (renumbered and before.startswith(renumbered)):
                    report.unchanged += 1
                    outcome.stored.append((record.source, record.id))
                else:
                    self._duplicate(record.source, record.id, outcome)
                continue
            original = self._original(record, prepared.quoted_hashes, by_hash)
            if original is not None:
                self._duplicate(record.source, original, outcome)
                continue
            self._by_hash.setdefault(record.content_hash, []).append((record.id, record.company))
            new.append(prepared)
        if not new:
            return
        records = [p.record for p in new]
        if self.embedder.remote:  # only redacted text leaves the machine
            vectors = self.embedder.embed([r.redacted_text for r in records])
        else:
            vectors = record_vectors(records, self.embedder.embed)
        # What this process stored: another one sharing the store may have
        # written some of the same records meanwhile; those count as unchanged.
        added = set(self.store.add(records, vectors))
        report.added += len(added)
        report.added_ids.extend(r.id for r in records if r.id in added)
        report.unchanged += len(records) - len(added)
        for prepared in new:
            self._outcomes[prepared.origin].stored.append(
                (prepared.record.source, prepared.record.id)
            )

    def _duplicate(self, source: str, original: str, outcome: FileOutcome) -> None:
        self.report.duplicates.append(DuplicateInput(source=source, duplicate_of=original))
        outcome.duplicates.append((source, original))

    def _original(
        self,
        record: FeedbackRecord,
        quoted_hashes: Sequence[str],
        stored: Mapping[str, list[tuple[str, str]]],
    ) -> str | None:
        """The id of the stored or earlier record this one repeats, if any.

        The same text from two different companies is two records (templated
        rejections read alike); a quoted copy matches whatever its company.
        """

        def match(digest: str, check_company: bool) -> str | None:
            for rid, company in [*stored.get(digest, []), *self._by_hash.get(digest, [])]:
                same = (
                    not company
                    or not record.company
                    or company.casefold() == record.company.casefold()
                )
                if same or not check_company:
                    return rid
            return None

        found = match(record.content_hash, check_company=True)
        for digest in quoted_hashes:
            if found is not None:
                break
            found = match(digest, check_company=False)
        return found


def _read_message(source: str, data: bytes) -> Iterator[RawItem | SkippedInput]:
    """One fetched message as an item (its text capped), or why it cannot be read."""
    try:
        item = parse_message(data, source)
    except InputError as exc:
        yield SkippedInput(source=source, reason=exc.reason)
        return
    except Exception as exc:  # one unreadable message must not end the batch
        yield SkippedInput(
            source=source, reason=f"cannot parse message: {type(exc).__name__}: {exc}"
        )
        return
    item.cap()
    yield item


def _cannot(source: str, exc: Exception) -> SkippedInput:
    return SkippedInput(
        source=source, reason=f"cannot process this item: {type(exc).__name__}: {exc}"
    )


def _local_embed() -> Callable[[Sequence[str]], Vectors]:
    """The bundled model, for triage when the store's embedder is a remote API.

    Triage reads whole messages, which are not redacted yet: they never leave
    the machine, so a hosted embedding model is not asked.
    """
    from nextround.embed import get_embedder

    return get_embedder("minilm").embed


def _file_words(source: str) -> str:
    """A file name as words: ``kestrel_go_technical.txt`` -> ``kestrel go technical``."""
    name = source.rsplit("/", 1)[-1].split("#", 1)[0]
    return re.sub(r"[-_.]+", " ", name.rsplit(".", 1)[0])
