"""What ``progress`` found, typed: the ``progress --json`` contract (README.md)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class ThemeStatus(StrEnum):
    """Where a theme stands; the rules are in :mod:`nextround.progress.thresholds`."""

    RESOLVED = "resolved"  # criticism stopped and praise on the same competency followed
    FADING = "fading"  # raised often before, rarely since
    NEW = "new"  # first raised after the change point
    PERSISTING = "persisting"  # raised before and since
    UNCLEAR = "unclear"  # too few records to say


class DatedQuote(BaseModel):
    """A verbatim span of a record's ``text`` (``text == record.text[start:end]``) and its date."""

    feedback_id: str
    text: str
    start: int
    end: int
    date: str | None = None  # ISO date of the record


class StatusEvidence(BaseModel):
    """The counts and dates that decide a theme's status.

    ``critical`` counts records criticising the theme before the change point,
    ``critical_since`` on or after it; ``praise_since`` records praising the
    same competency on or after it. ``records_before``/``records_since`` count
    every dated record on each side.
    """

    critical: int
    critical_since: int
    praise_since: int
    records_before: int
    records_since: int
    last_critical: DatedQuote | None = None
    first_praise: DatedQuote | None = None  # the first praise after the last criticism


class ThemeProgress(BaseModel):
    """One theme's status over time, with its evidence."""

    id: str
    label: str
    status: ThemeStatus
    evidence: StatusEvidence
    change_point: str | None  # ISO date; None when no record is dated
    critical_dates: list[str] = Field(default_factory=list, exclude=True)  # for the timeline
    praise_dates: list[str] = Field(default_factory=list, exclude=True)


class Strength(BaseModel):
    """Praise on one competency: what to keep doing and mention next time."""

    competency: str
    label: str
    count: int  # records praising it
    quotes: list[DatedQuote]


class FunnelPeriod(BaseModel):
    """Rejections of one quarter (``2026-Q1``) or month (``2026-03``), by stage reached."""

    period: str
    by_stage: dict[str, int]
    reached_interview: int
    total: int


class RequestLine(BaseModel):
    """A feedback request you sent, and whether it was answered."""

    feedback_id: str
    company: str
    sent: str  # ISO date
    status: str  # "sent" | "waiting" | "answered"
    answer_id: str | None


class Progress(BaseModel):
    """What's getting better: theme statuses, strengths, the funnel and requests.

    ``since`` is the change point the comparison uses; ``summary`` says the
    main findings in plain sentences.
    """

    since: str | None
    themes: list[ThemeProgress]
    strengths: list[Strength]
    funnel: list[FunnelPeriod]
    requests: list[RequestLine]
    thresholds: dict[str, int]
    summary: list[str]

    def as_json(self) -> dict[str, Any]:
        """The ``progress --json`` shape."""
        return self.model_dump(mode="json")
