"""Records that cross module boundaries.

A :class:`FeedbackRecord` is one piece of feedback as stored: one email, one
note, one row of an ATS export. Its ``id`` is derived from its content, so the
same feedback always gets the same id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class Stage(StrEnum):
    """How far the candidate got before the feedback, earliest first."""

    APPLICATION = "application"  # turned down at the CV/application screen, before any interview
    RECRUITER_SCREEN = "recruiter-screen"
    PHONE_SCREEN = "phone-screen"
    TECHNICAL = "technical"
    TAKE_HOME = "take-home"
    ONSITE = "onsite"
    FINAL = "final"
    UNKNOWN = "unknown"


class RecordKind(StrEnum):
    """What triage made of a message (:mod:`nextround.ingest.triage`); only
    ``rejection`` and ``feedback`` are stored, the rest are set aside."""

    REJECTION = "rejection"
    FEEDBACK = "feedback"  # interview feedback that is not (yet) a rejection
    APPLICATION_RECEIVED = "application_received"
    INTERVIEW_INVITATION = "interview_invitation"
    ASSESSMENT = "assessment"
    RECRUITER_OUTREACH = "recruiter_outreach"
    JOB_ALERT = "job_alert"
    NOT_HIRING = "not_hiring"


class RecordFormat(StrEnum):
    """What kind of input a record came from."""

    EMAIL = "email"  # an .eml file or one message of an mbox
    NOTE = "note"  # a text or Markdown note
    ROW = "row"  # one row of a CSV/TSV/JSON export


class WrittenBy(StrEnum):
    """Who wrote a text the user sees (a theme's words, a reply draft)."""

    OFFLINE = "offline"  # nextround's own templates and summaries
    LLM = "llm"  # the configured language model, its answer checked
    FALLBACK = "fallback"  # the model's answer failed a check: the offline text stands


class ThemeSource(StrEnum):
    """Where a theme comes from."""

    TAXONOMY = "taxonomy"  # a competency of the taxonomy or of a role pack
    DISCOVERED = "discovered"  # a cluster of criticism no competency matched
    BOILERPLATE = "boilerplate"  # not about the candidate ("went with other candidates")


class FeedbackRecord(BaseModel):
    """One piece of feedback, cleaned, annotated and redacted.

    ``text`` is what the source held (the body of an email, a note, a cell);
    ``clean_text`` drops quoted replies, forwarded headers, signatures and
    legal footers; ``redacted_text`` is ``clean_text`` with personal data
    replaced by typed placeholders such as ``[PERSON_1]``. Only
    ``redacted_text`` is ever sent off the machine.
    """

    model_config = ConfigDict(frozen=True)

    id: str
    source: str
    text: str
    clean_text: str
    redacted_text: str
    company: str = ""
    role: str = ""
    stage: Stage = Stage.UNKNOWN
    date: dt.date | None = None
    interviewer: str = ""
    language: str = "unknown"
    content_hash: str
    subject: str = ""
    sender: str = ""
    message_id: str = ""
    kind: RecordKind = RecordKind.FEEDBACK  # what triage made of it
    format: RecordFormat = RecordFormat.NOTE  # what kind of input it came from
    injection_suspected: bool = False
    corrected: tuple[str, ...] = ()  # fields the user set with `nextround edit`
    unsure: tuple[str, ...] = ()  # fields the local reader only guessed (a model may be asked)

    def summary_line(self) -> str:
        """A one-line description: date, company, role, stage."""
        parts = [
            self.date.isoformat() if self.date else "????-??-??",
            self.company or "(company unknown)",
        ]
        if self.role:
            parts.append(self.role)
        if self.stage is not Stage.UNKNOWN:
            parts.append(self.stage.value)
        return " · ".join(parts)


class SkippedInput(BaseModel):
    """An input (file or row) that was not ingested, and why."""

    source: str
    reason: str


class SetAsideInput(BaseModel):
    """A message read but not stored: hiring mail without feedback, or not hiring mail."""

    source: str
    kind: RecordKind
    reason: str


class DuplicateInput(BaseModel):
    """An input that repeats feedback already stored."""

    source: str
    duplicate_of: str


class FolderRead(BaseModel):
    """What one ingest read from a mail folder, opened read-only (``imap://…``)."""

    source: str  # imap://USER@HOST/FOLDER, never with a password
    uidvalidity: int  # the server's UIDVALIDITY of the folder
    fetched: int  # messages fetched this run (only those above the last UID read before)
    last_uid: int  # the highest UID read so far: the next run starts above it
    #: The server renumbered the folder (its UIDVALIDITY changed) since the last run, so the
    #: whole folder was read again; what was stored before was recognised, not stored twice.
    renumbered: bool = False


class IngestReport(BaseModel):
    """What one ingest did. ``total`` counts the profile's records afterwards."""

    added: int = 0
    unchanged: int = 0
    total: int = 0
    added_ids: list[str] = Field(default_factory=list)
    removed_ids: list[str] = Field(default_factory=list)  # replaced by a changed file
    duplicates: list[DuplicateInput] = Field(default_factory=list)
    skipped: list[SkippedInput] = Field(default_factory=list)
    set_aside: list[SetAsideInput] = Field(default_factory=list)
    warnings: list[SkippedInput] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)  # things worth saying once
    mail: list[FolderRead] = Field(default_factory=list)  # mail folders read (imap://)

    @property
    def ok(self) -> bool:
        """True when no input was skipped."""
        return not self.skipped


class SearchHit(BaseModel):
    """A record returned by a search, with its similarity (1 is identical)."""

    record: FeedbackRecord
    score: float


class Quote(BaseModel):
    """A verbatim span of a record's ``text``: ``text == record.text[start:end]``."""

    model_config = ConfigDict(frozen=True)

    feedback_id: str
    text: str
    start: int
    end: int


class Theme(BaseModel):
    """Something that keeps coming up, grounded in the records that raise it."""

    id: str
    label: str
    summary: str
    actionable: bool
    feedback_ids: list[str]
    quotes: list[Quote]
    keywords: list[str]
    stages: dict[str, int]
    months: dict[str, int]
    first_seen: str | None
    last_seen: str | None
    practice: list[str]
    source: ThemeSource = ThemeSource.TAXONOMY
    score: float = 0.0
    written_by: WrittenBy = WrittenBy.OFFLINE
    merged_from: list[str] = Field(default_factory=list)  # ids of themes folded into this one


class ReducedConfidence(BaseModel):
    """A record analysed with less confidence, and why."""

    feedback_id: str
    language: str
    reason: str


class PackChoice(StrEnum):
    """How the role packs of an analysis were chosen."""

    GIVEN = "given"  # --pack or the config's ``packs``
    FROM_FEEDBACK = "from the feedback"  # scored against the records


class ChosenPack(BaseModel):
    """A role pack an analysis used, with its score and the reason in words."""

    id: str
    name: str
    score: float
    why: str


class ThemeFilters(BaseModel):
    """Which records an analysis read (``None``: not filtered on that)."""

    since: str | None = None  # ISO date
    until: str | None = None  # ISO date
    stage: str | None = None
    company: str | None = None


class EngineInfo(BaseModel):
    """What the theme engine is and how it was set: the ``engine`` of ``themes --json``."""

    name: str = "offline"
    version: str = ""
    summarizer: str = "offline"  # "offline", "dry-run" or "llm:<model>"
    model: str = ""  # the embedding model
    taxonomy: str = ""  # digest of the taxonomy and packs in use
    threshold: float = 0.0
    discovery_similarity: float = 0.0
    min_records: int = 0
    ranking: str = ""  # how themes are ordered, in words
    packs: list[ChosenPack] = Field(default_factory=list)
    pack_scores: dict[str, float] = Field(default_factory=dict)  # every pack id -> score
    pack_choice: PackChoice = PackChoice.FROM_FEEDBACK
    filters: ThemeFilters = Field(default_factory=ThemeFilters)


class NotAsked(BaseModel):
    """A question a run did not put to the model, and why (asked next run)."""

    question: str
    reason: str


class ChatMessage(BaseModel):
    """One message of a prompt."""

    role: str  # "system" | "user"
    content: str


class DryRunRequest(BaseModel):
    """A request ``--dry-run`` would have sent about one theme."""

    theme: str
    messages: list[ChatMessage]
    estimated_tokens: int  # about four characters per token


class LLMRun(BaseModel):
    """What the language model did in one analysis: the ``llm`` of ``themes --json``.

    The default is the offline run: no model, no calls. A ``--dry-run`` sets
    ``dry_run`` and lists the ``requests`` it would have sent.
    """

    backend: str = "offline"  # "offline", "openai" or "compatible"
    model: str | None = None
    calls: int = 0
    cache_hits: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    fallbacks: int = 0  # themes whose answer failed, shown with the offline text
    timeouts: int = 0
    not_asked: list[NotAsked] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    dry_run: bool = False
    requests: list[DryRunRequest] = Field(default_factory=list)

    @property
    def offline(self) -> bool:
        """True when no model was configured."""
        return self.backend == "offline" and not self.dry_run


class ThemeReport(BaseModel):
    """The result of a theme analysis (the ``themes --json`` contract)."""

    themes: list[Theme]
    non_actionable_ids: list[str]
    unassigned_ids: list[str]
    reduced_confidence: list[ReducedConfidence] = Field(default_factory=list)
    strengths: dict[str, list[Quote]] = Field(default_factory=dict)
    record_themes: dict[str, list[str]] = Field(default_factory=dict)
    engine: EngineInfo = Field(default_factory=EngineInfo)
    llm: LLMRun = Field(default_factory=LLMRun)  # offline unless a model was configured


class ReplyDraft(BaseModel):
    """A reply for the candidate to review and send themselves. Never sent by nextround."""

    feedback_id: str
    kind: str
    tone: str
    subject: str
    body: str
    chars: int
    words: int
    tone_flags: list[dict[str, str]] = Field(default_factory=list)
    safety_flags: list[dict[str, str]] = Field(default_factory=list)
    #: A :class:`WrittenBy` value from the shipped drafters; a drafter of your own may
    #: name itself.
    engine: str = WrittenBy.OFFLINE.value
    injection_suspected: bool = False
    to: str = ""  # who it is for, as the source named them
    #: Facts the source gave that the draft leaves out, each with the reason ("field", "reason").
    left_out: list[dict[str, str]] = Field(default_factory=list)


@dataclass(frozen=True)
class AnalysisResult:
    """What ``analyze`` did and where the report is."""

    ingest: IngestReport
    themes: ThemeReport
    drafts: list[ReplyDraft]
    html: Path
    markdown: Path
    reply_failures: list[SkippedInput] = field(default_factory=list)
