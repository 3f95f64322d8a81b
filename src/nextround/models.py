"""Records that cross module boundaries.

A :class:`FeedbackRecord` is one piece of feedback as stored: one email, one
note, one row of an ATS export. Its ``id`` is derived from its content, so the
same feedback always gets the same id.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

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
    kind: str = "feedback"  # what triage made of it: see nextround.ingest.triage.KINDS
    format: str = "note"  # "email" | "note" | "row": what kind of input it came from
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
    kind: str
    reason: str


class DuplicateInput(BaseModel):
    """An input that repeats feedback already stored."""

    source: str
    duplicate_of: str


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
    source: str = "taxonomy"  # "taxonomy" | "discovered" | "boilerplate"
    score: float = 0.0
    written_by: str = "offline"  # "offline" | "llm" | "fallback" (the model's answer failed)
    merged_from: list[str] = Field(default_factory=list)  # ids of themes folded into this one


class ReducedConfidence(BaseModel):
    """A record analysed with less confidence, and why."""

    feedback_id: str
    language: str
    reason: str


class ThemeReport(BaseModel):
    """The result of a theme analysis (the ``themes --json`` contract)."""

    themes: list[Theme]
    non_actionable_ids: list[str]
    unassigned_ids: list[str]
    reduced_confidence: list[ReducedConfidence] = Field(default_factory=list)
    strengths: dict[str, list[Quote]] = Field(default_factory=dict)
    record_themes: dict[str, list[str]] = Field(default_factory=dict)
    engine: dict[str, object] = Field(default_factory=dict)
    llm: dict[str, object] | None = None


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
    engine: str = "offline"  # "offline" | "llm" | "fallback"
    injection_suspected: bool = False
    to: str = ""  # who it is for, as the source named them
    #: Facts the source gave that the draft leaves out, each with the reason ("field", "reason").
    left_out: list[dict[str, str]] = Field(default_factory=list)
