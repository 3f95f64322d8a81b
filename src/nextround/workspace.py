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
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from nextround.candidate import infer_candidate_name, load_inferred, save_inferred
from nextround.corrections import Corrections, check_fields
from nextround.corrections import apply as apply_corrections
from nextround.embed import CachedEmbedder, Embedder, EmbeddingCache, Vectors, get_embedder
from nextround.errors import NotFoundError, UsageError
from nextround.ingest.manifest import Manifest
from nextround.ingest.runner import IngestRunner, ProgressFn
from nextround.limits import GatedEmbedder, embedding_gate
from nextround.llm.metadata import MetadataFiller
from nextround.llm.session import make_client, make_summarizer
from nextround.llm.summarizer import DryRunSummarizer, LLMSummarizer
from nextround.mail.account import (
    MailAccess,
    is_mail_url,
    message_folder,
    parse_account,
    password_for,
)
from nextround.mail.drafts import DraftsUpload, mail_registry, put_drafts, put_pending
from nextround.mail.fetch import FetchOptions, read_folder
from nextround.models import (
    AnalysisResult,
    FeedbackRecord,
    IngestReport,
    ReplyDraft,
    SearchHit,
    ThemeFilters,
    ThemeReport,
)
from nextround.privacy import people_named, redact
from nextround.progress.build import build_progress
from nextround.progress.model import Progress
from nextround.progress.requests import (
    SentRegistry,
    SentRequest,
    parse_sent_date,
    request_statuses,
)
from nextround.replies.drafter import make_drafter
from nextround.replies.offline import KINDS
from nextround.replies.registry import DraftRegistry
from nextround.replies.replier import PendingReplies, Replier
from nextround.report import Analysis, write_report
from nextround.settings import Settings
from nextround.stats import feedback_stats
from nextround.store import FeedbackStore, build_where, open_client
from nextround.themes import Summarizer, ThemeEngine, ThemeOptions, load_taxonomy
from nextround.themes.packs import load_packs
from nextround.themes.run import EngineReading
from nextround.version import __version__


class Workspace:
    """One profile in one store.

    ``Workspace(settings)``, or ``Workspace(home, profile)`` for the defaults with
    that home. ``client`` (a chromadb client), ``embedder`` and ``chat_model``
    (any LangChain chat model) may be injected; by default they come from the
    settings.
    """

    def __init__(
        self,
        settings: Settings | str | Path | None = None,
        profile: str | None = None,
        *,
        client: Any | None = None,
        embedder: Embedder | None = None,
        chat_model: Any | None = None,
    ) -> None:
        if isinstance(settings, str | Path):  # Workspace(home, profile)
            settings = Settings.load(home=settings, profile=profile)
        elif profile is not None:
            settings = (settings or Settings.load()).with_profile(profile)
        self.settings = settings or Settings.load()
        self._client = client
        self._embedder = embedder
        self.chat_model = chat_model
        self._store: FeedbackStore | None = None

    @property
    def profile(self) -> str:
        return self.settings.profile

    @property
    def candidate_name(self) -> str:
        """The candidate's name: the setting, else the name the feedback greets them with."""
        if self.settings.candidate_name:
            return self.settings.candidate_name
        inferred = load_inferred(self._inferred_path)
        return inferred.name if inferred else ""

    @property
    def _inferred_path(self) -> Path:
        return self.settings.home / "candidate" / f"{self.profile}.json"

    def _infer_candidate_name(self, report: IngestReport) -> None:
        """Read the name from greetings once, and say so once."""
        if self.settings.candidate_name or not report.added:
            return
        found = infer_candidate_name(self.records())
        before = load_inferred(self._inferred_path)
        if found is not None and (before is None or before.name != found.name):
            save_inferred(self._inferred_path, found)
            report.notes.append(found.message())

    @property
    def embedder(self) -> CachedEmbedder:
        if not isinstance(self._embedder, CachedEmbedder):
            inner = self._embedder or get_embedder(
                self.settings.embedding, api_key=self.settings.openai_api_key
            )
            gate = embedding_gate(inner, self.settings.embed_concurrency)
            cache = EmbeddingCache.shared(self.settings.cache_path, inner.name)
            self._embedder = CachedEmbedder(GatedEmbedder(inner, gate), cache)
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
        keep_all: bool = False,
        fill_metadata: bool = False,
        mail: MailAccess | None = None,
        fetch: FetchOptions | None = None,
    ) -> IngestReport:
        """Read ``paths`` (files, directories, globs, ``imap://USER@HOST/FOLDER``) into the store.

        Nothing stops the batch: unreadable inputs are listed in
        ``report.skipped`` with their reason, copies of stored feedback in
        ``report.duplicates``, messages that carry no feedback (job alerts,
        receipts, interview invitations, ...) in ``report.set_aside`` with
        their kind; everything else is stored. ``keep_all`` stores every
        message with its kind. With ``fill_metadata`` and a language model
        configured, metadata the local reader left open in the new records is
        asked of the model (see :meth:`fill_metadata`). Re-ingesting the same
        files adds nothing and embeds nothing.

        A mail folder is opened read-only and only the messages that arrived since
        the last run are fetched (``fetch``: only since a date, or holding a text);
        ``mail`` says how to connect, the password is the ``imap_password`` setting
        or what ``mail.prompt`` asks for (see :mod:`nextround.mail`).
        ``report.mail`` says what was read from each folder.
        """
        folders = [str(p) for p in paths if is_mail_url(p)]
        files = [p for p in paths if not is_mail_url(p)]
        if fetch is not None and (fetch.since or fetch.search) and not folders:
            raise UsageError("--since and --search select messages of a mail folder (imap://…)")
        access = mail or MailAccess()
        accounts = [parse_account(url, access) for url in folders]
        passwords = {
            a.address: password_for(a, self.settings.imap_password, access) for a in accounts
        }
        manifest = Manifest(self.settings.manifest_path)
        try:
            runner = IngestRunner(
                self.store,
                self.embedder,
                manifest=manifest,
                max_bytes=self.settings.max_file_bytes,
                candidate_name=self.candidate_name,
                column_map=column_map,
                keep_all=keep_all,
                corrections=Corrections(self.settings.corrections_path),
                options=json.dumps(
                    [
                        __version__,
                        self.settings.max_file_bytes,
                        self.candidate_name,
                        sorted((column_map or {}).items()),
                        keep_all,
                    ]
                ),
            )
            report = runner.run(files, progress) if files or not accounts else runner.report
            for account in accounts:
                read = read_folder(
                    runner,
                    manifest,
                    account,
                    passwords[account.address],
                    access=access,
                    options=fetch,
                    progress=progress,
                )
                report.mail.append(read)
        finally:
            manifest.close()
        self._infer_candidate_name(report)
        if fill_metadata and report.added_ids:
            filled = self.fill_metadata(report.added_ids)
            if filled:
                report.notes.append(
                    f"The language model filled metadata the text left open in {len(filled)} "
                    "records (each value checked against the record's own text)."
                )
        return report

    def fill_metadata(self, ids: Sequence[str] | None = None) -> list[FeedbackRecord]:
        """Ask the configured language model for the company, role, interviewer and stage
        the local reader left open; store and return the records it could fill.

        Only redacted text is sent; an answer is kept only where the record itself
        contains it; answers are cached. Does nothing (returns ``[]``) offline.
        """
        client = make_client(self.settings, self.chat_model)
        if client is None:
            return []
        records = self.records() if ids is None else [self.get(i) for i in ids]
        filled = MetadataFiller(client, [self.candidate_name]).fill(records)
        if filled:
            self.store.update(filled)
        return filled

    # -- reading --------------------------------------------------------------

    def records(
        self,
        *,
        company: str | None = None,
        stage: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        kind: str | None = None,
    ) -> list[FeedbackRecord]:
        """Stored records, oldest first, optionally filtered."""
        where = build_where(company=company, stage=stage, since=since, until=until, kind=kind)
        return self.store.records(where)

    def get(self, record_id: str) -> FeedbackRecord:
        """One record by id, or by a unique prefix of at least 4 characters."""
        return self.store.get(self.resolve_id(record_id))

    def edit(
        self,
        record_id: str,
        *,
        company: str | None = None,
        role: str | None = None,
        interviewer: str | None = None,
        stage: str | None = None,
        date: str | None = None,
    ) -> FeedbackRecord:
        """Correct a record's metadata; the correction outlives re-ingest and migrate.

        Only the fields given change; ``""`` clears one. Returns the corrected record.

        >>> ws.edit("3f2a", company="Kestrel Cloud", stage="onsite")   # doctest: +SKIP
        """
        fields = check_fields(
            {
                "company": company,
                "role": role,
                "interviewer": interviewer,
                "stage": stage,
                "date": date,
            }
        )
        record = self.get(record_id)
        corrected = apply_corrections(record, fields)
        Corrections(self.settings.corrections_path).set(record.id, fields)
        self.store.update([corrected])
        return corrected

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
            raise UsageError("the search query is empty: say what to look for")
        if k < 1:
            raise UsageError(f"k must be at least 1, got {k}")
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
        gone = self.store.existing(targets)  # their sources, read before they go
        self.store.delete(targets)
        # A mail folder is read on from where it was left; a forgotten message would
        # never come back, so its folder is read from the start next time (what is
        # still stored is recognised, not stored twice).
        folders = {message_folder(str(m.get("source", ""))) for m in gone.values()} - {""}
        if folders:
            manifest = Manifest(self.settings.manifest_path)
            try:
                manifest.forget_folders(folders)
            finally:
                manifest.close()
        return targets

    def themes(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        stage: str | None = None,
        company: str | None = None,
        options: ThemeOptions | None = None,
        summarizer: Summarizer | None = None,
        dry_run: bool = False,
    ) -> ThemeReport:
        """Recurring themes in this profile's feedback, ranked, with quotes and practice.

        >>> report = ws.themes(since=dt.date(2026, 3, 1), stage="onsite")   # doctest: +SKIP
        >>> [t.label for t in report.themes if t.actionable][:3]             # doctest: +SKIP
        ['System design depth', 'Testing and edge cases', 'Communication']
        """
        records = self.records(company=company, stage=stage, since=since, until=until)
        filters = ThemeFilters(
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
            stage=stage,
            company=company,
        )
        return self._read_themes(records, filters, options, summarizer, dry_run).report

    def _read_themes(
        self,
        records: Sequence[FeedbackRecord],
        filters: ThemeFilters | None = None,
        options: ThemeOptions | None = None,
        summarizer: Summarizer | None = None,
        dry_run: bool = False,
    ) -> EngineReading:
        """:meth:`themes` of ``records`` with every point as the engine read it."""
        llm: LLMSummarizer | DryRunSummarizer | None = None
        if summarizer is None and dry_run:
            summarizer = llm = DryRunSummarizer()
        elif summarizer is None:
            summarizer = llm = make_summarizer(self.settings, self.chat_model)
        reading = self._engine(records, options, summarizer).read(records)
        report = reading.report
        if llm is not None:
            report.llm = llm.report()
        report.engine.filters = filters or ThemeFilters()
        return reading

    def _engine(
        self,
        records: Sequence[FeedbackRecord],
        options: ThemeOptions | None = None,
        summarizer: Summarizer | None = None,
    ) -> ThemeEngine:
        """The theme engine for ``records`` with this profile's taxonomy, packs and names."""
        return ThemeEngine(
            load_taxonomy(self.settings.taxonomy_path),
            self._private_embed(records),
            options,
            summarizer,
            model_name=self.embedder.name,
            known_names=[self.candidate_name] if self.candidate_name else [],
            packs=load_packs(self.settings.packs_dir),
            chosen_packs=self.settings.packs,
        )

    def progress(
        self,
        since: dt.date | None = None,
        *,
        today: dt.date | None = None,
        wait_days: int = 10,
    ) -> Progress:
        """What's getting better: theme statuses, strengths, the funnel, feedback requests.

        ``since`` fixes the change point that "before" and "since" are counted
        at (else it is chosen from the dates; the rules and thresholds are in
        :mod:`nextround.progress.thresholds`). ``today`` and ``wait_days`` decide
        which feedback requests are overdue ("waiting"). Offline: no model is asked.

        >>> p = ws.progress(since=dt.date(2026, 3, 1))                    # doctest: +SKIP
        >>> [(t.label, t.status.value) for t in p.themes][:1]             # doctest: +SKIP
        [('Testing and edge cases', 'resolved')]
        """
        records = self.records()
        reading = self._engine(records).read(records)
        return self._progress(reading, records, since=since, today=today, wait_days=wait_days)

    def _progress(
        self,
        reading: EngineReading,
        records: Sequence[FeedbackRecord],
        *,
        since: dt.date | None = None,
        today: dt.date | None = None,
        wait_days: int = 10,
    ) -> Progress:
        """:meth:`progress` from a reading of ``records`` already made (by :meth:`analyze`)."""
        sent = SentRegistry(self.settings.home, self.profile).all()
        requests = request_statuses(sent, records, today or dt.date.today(), wait_days)
        return build_progress(reading, records, since=since, requests=requests)

    def reply(
        self,
        record_id: str,
        kind: str = "thank_you",
        *,
        tone: str = "warm",
        seed: int = 0,
        max_chars: int = 300,
    ) -> ReplyDraft:
        """A reply to one rejection, checked for tone and safety. Nothing is sent.

        ``feedback_request`` is refused for a record that already carries
        feedback (a thank-you fits better). With an LLM configured the draft
        comes from the model when it passes every check, else from templates.
        """
        return self._replier().draft(
            self.get(record_id), kind, tone=tone, seed=seed, max_chars=max_chars
        )

    def reply_to_drafts(
        self,
        url: str,
        record_id: str | None = None,
        kind: str = "thank_you",
        *,
        tone: str = "warm",
        seed: int = 0,
        access: MailAccess | None = None,
    ) -> DraftsUpload:
        """Put reply drafts in the Drafts folder of the account ``url`` names. Nothing is sent.

        One ``kind`` reply to ``record_id``, or with ``record_id=None`` one for every
        rejection not given one there before (as :meth:`draft_pending` chooses).
        Each is APPENDed with ``\\Draft`` unless its Message-ID is there already;
        see :mod:`nextround.mail.drafts`.

        >>> ws.reply_to_drafts("imaps://jordan@imap.example.com", "3f9a1c")   # doctest: +SKIP
        """
        if kind == "linkedin_note":
            raise UsageError("a LinkedIn note is not an e-mail, so it has no place in Drafts")
        access = access or MailAccess()
        account = parse_account(url, access)
        password = password_for(account, self.settings.imap_password, access)
        replier = self._replier()
        if record_id is None:
            registry = mail_registry(self.settings.home, self.profile, account)
            return put_pending(account, password, replier, self.records(), registry, access)
        record = self.get(record_id)
        draft = replier.draft(record, kind, tone=tone, seed=seed)
        return put_drafts(account, password, [(draft, record)], access)

    def pending_replies(self, out_dir: Path | None = None) -> list[ReplyDraft]:
        """The drafts of :meth:`draft_pending` (records that failed are left for the next run)."""
        return self.draft_pending(out_dir).drafts

    def draft_pending(self, out_dir: Path | None = None) -> PendingReplies:
        """Draft a reply for every rejection that has none yet (and remember them).

        A ``thank_you``, or a ``feedback_request`` where the record carries no
        feedback. With ``out_dir`` each draft is also written there as
        ``<id>-<kind>.txt`` (and ``.eml`` for emails). A record whose draft
        cannot be made or written is reported in ``failed`` and tried again
        next time; it never stops the others.
        """
        registry = DraftRegistry.for_profile(self.settings.home, self.profile)
        return self._replier().draft_pending(self.records(), registry, out_dir)

    def mark_sent(
        self,
        record_id: str,
        kind: str = "feedback_request",
        sent: dt.date | str | None = None,
    ) -> SentRequest:
        """Record that you sent a ``kind`` reply to ``record_id`` (nextround sends nothing).

        ``sent`` is the day (a date or ``YYYY-MM-DD``; today by default, never in
        the future). Marking the same record and kind again keeps the first date
        unless ``sent`` is given; the returned request's ``previously_sent`` says
        what it was. Feedback requests are then followed up by
        :func:`nextround.progress.requests.request_statuses`.

        >>> ws.mark_sent("3f9a1c", sent="2026-03-02").sent         # doctest: +SKIP
        datetime.date(2026, 3, 2)
        """
        if kind not in KINDS:
            raise UsageError(f"unknown reply kind {kind!r} (kinds: {', '.join(KINDS)})")
        day = parse_sent_date(sent, dt.date.today())
        record = self.get(record_id)
        request = SentRequest.for_record(record, kind, day, self.records())
        registry = SentRegistry(self.settings.home, self.profile)
        return registry.add(request, keep_date=sent is None)

    def _private_embed(
        self, records: Sequence[FeedbackRecord]
    ) -> Callable[[Sequence[str]], Vectors]:
        """The embedding function for sentences of ``records``.

        A remote embedding model sees them only with personal data redacted.
        """
        embedder = self.embedder
        if not embedder.remote:
            return embedder.embed
        names = people_named(records, [self.candidate_name])

        def embed(texts: Sequence[str]) -> Vectors:
            return embedder.embed([redact(t, known_names=names).text for t in texts])

        return embed

    def _replier(self) -> Replier:
        """A replier over this profile's records, with the drafter the settings choose."""
        records = self.records()
        engine = self._engine(records)
        companies = {r.company for r in records if r.company}
        candidate = self.candidate_name
        named = replace(self.settings, candidate_name=candidate)
        drafter = make_drafter(named, self.chat_model)
        return Replier(engine.read_record, companies, candidate, drafter)

    def analyze(
        self,
        paths: Sequence[str | Path],
        out_dir: Path,
        *,
        column_map: Mapping[str, str] | None = None,
        replies: bool = True,
        progress: ProgressFn | None = None,
        on_stage: Callable[[str], None] | None = None,
        mail: MailAccess | None = None,
        fetch: FetchOptions | None = None,
    ) -> AnalysisResult:
        """The main job: ingest, find themes, draft pending replies, write the report.

        The report goes to ``out_dir`` and the drafts to ``out_dir/replies``;
        ``replies=False`` drafts none. ``on_stage`` is told each stage as it
        starts ("ingest", "themes", "replies", "report") and ``progress`` each
        file ingested; ``mail`` says how to reach ``imap://`` folders among ``paths``
        and ``fetch`` what to fetch from them (as for :meth:`ingest`).
        An exception raised by either ends the run there, before
        the next stage: a batch stops an interrupted candidate this way.

        >>> result = ws.analyze(["~/feedback"], Path("my-report"))   # doctest: +SKIP
        >>> result.html                                               # doctest: +SKIP
        PosixPath('my-report/report.html')
        """
        step = on_stage or (lambda _name: None)
        step("ingest")
        ingest = self.ingest(
            paths, column_map=column_map, progress=progress, mail=mail, fetch=fetch
        )
        step("themes")
        records = self.records()
        reading = self._read_themes(records)  # one reading serves the themes and the progress
        themes = reading.report
        pending = PendingReplies()
        if replies:
            step("replies")
            pending = self.draft_pending(out_dir / "replies")
        step("report")
        html_path, md_path = self.report(
            out_dir,
            themes=themes,
            drafts=pending.drafts,
            ingest=ingest,
            progress=self._progress(reading, records),
        )
        return AnalysisResult(ingest, themes, pending.drafts, html_path, md_path, pending.failed)

    def report(
        self,
        out_dir: Path,
        *,
        themes: ThemeReport | None = None,
        drafts: Sequence[ReplyDraft] = (),
        ingest: IngestReport | None = None,
        progress: Progress | None = None,
    ) -> tuple[Path, Path]:
        """Write ``report.html`` (self-contained) and ``report.md`` into ``out_dir``.

        Both open with "What's getting better" (``progress``, else :meth:`progress`),
        then the themes.
        """
        analysis = Analysis(
            profile=self.profile,
            records=self.records(),
            themes=themes or self.themes(),
            drafts=list(drafts),
            ingest=ingest,
            progress=progress or self.progress(),
        )
        return write_report(analysis, out_dir)

    def migrate(self, chroma_url: str) -> int:
        """Copy this profile, vectors included, to a Chroma server; return how many were new.

        Records already on the server are left alone, so a migration can be re-run.
        """
        records = self.records()
        target = FeedbackStore(
            open_client(replace(self.settings, chroma_url=chroma_url)), self.profile, self.embedder
        )
        # add() leaves records already stored alone and returns the ids it stored
        return len(target.add(records, self.store.vectors([r.id for r in records])))

    def stats(self) -> dict[str, Any]:
        """Counts by company, stage, month and language: the shape of the feedback."""
        return feedback_stats(self.profile, self.records())
