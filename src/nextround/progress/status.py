"""Theme status over time: new, persisting, fading, resolved (or unclear), with evidence.

Each actionable theme's records are split at a change point and counted on
each side; the rules and thresholds are in :mod:`nextround.progress.thresholds`.
Criticism is what the theme engine grouped into the theme; praise is a
:class:`~nextround.progress.strengths.Praise` on the same competency (so only
a competency's theme, not a discovered one, can be ``resolved``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from nextround.models import FeedbackRecord, Theme, ThemeSource
from nextround.progress.model import DatedQuote, StatusEvidence, ThemeProgress, ThemeStatus
from nextround.progress.strengths import Praise
from nextround.progress.thresholds import (
    FADING_MAX_SINCE,
    FADING_MIN_CRITICAL,
    MIN_RECORDS_SIDE,
    MIN_RECORDS_SINCE,
    NEW_MIN_RECORDS,
    RECENT_DAYS,
    RESOLVED_MIN_CRITICAL,
    RESOLVED_MIN_PRAISE,
)
from nextround.themes.run import EngineReading, ScoredPoint

#: The order themes are listed in: good news first.
STATUS_ORDER = [
    ThemeStatus.RESOLVED,
    ThemeStatus.FADING,
    ThemeStatus.PERSISTING,
    ThemeStatus.NEW,
    ThemeStatus.UNCLEAR,
]


def default_split(records: Sequence[FeedbackRecord]) -> dt.date | None:
    """The change point when none is given: ``RECENT_DAYS`` before the latest record.

    When that leaves fewer than ``MIN_RECORDS_SIDE`` dated records on a side,
    the middle dated record's date instead; ``None`` when nothing is dated.
    """
    days = sorted(r.date for r in records if r.date)
    if not days:
        return None
    split = days[-1] - dt.timedelta(days=RECENT_DAYS)
    before = sum(1 for d in days if d < split)
    if before < MIN_RECORDS_SIDE or len(days) - before < MIN_RECORDS_SIDE:
        split = days[len(days) // 2]
    return split


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


class _Timeline:
    """One theme's criticised and praised records, dated, earliest first."""

    def __init__(
        self,
        theme: Theme,
        reading: EngineReading,
        by_id: dict[str, FeedbackRecord],
        praise: Sequence[Praise],
    ) -> None:
        self.theme = theme
        self.reading = reading
        self.by_id = by_id
        ids = {theme.id, *theme.merged_from} if theme.source is ThemeSource.TAXONOMY else set()
        self.indices = {i for i, c in enumerate(reading.taxonomy.competencies) if c.id in ids}
        dated = [by_id[i] for i in theme.feedback_ids if i in by_id and by_id[i].date]
        self.critical = sorted(dated, key=lambda r: (r.date or dt.date.min, r.id))
        first: dict[str, Praise] = {}
        for p in praise:
            if p.competency in ids and p.day and p.quote.feedback_id not in first:
                first[p.quote.feedback_id] = p
        self.praise = sorted(first.values(), key=lambda p: (p.day or dt.date.min, p.quote.text))

    def last_critical(self) -> dt.date | None:
        return self.critical[-1].date if self.critical else None

    def first_praise_after(self, day: dt.date | None) -> Praise | None:
        return next((p for p in self.praise if day is None or (p.day and p.day > day)), None)

    def critical_quote(self, record: FeedbackRecord) -> DatedQuote | None:
        """The theme's words in ``record``: its best-matching criticism there, verbatim."""
        for q in self.theme.quotes:
            if q.feedback_id == record.id:
                return DatedQuote(**q.model_dump(), date=_iso(record.date))
        points = [
            s
            for s in self.reading.points
            if s.point.record_id == record.id and s.kind == "actionable" and s.point.start >= 0
        ]
        own = [s for s in points if s.competency in self.indices] or [
            s for s in points if s.competency == -1
        ]
        for s in sorted(own, key=_best):
            p = s.point
            if record.text[p.start : p.end] == p.text:
                return DatedQuote(
                    feedback_id=record.id,
                    text=p.text,
                    start=p.start,
                    end=p.end,
                    date=_iso(record.date),
                )
        return None


def _best(s: ScoredPoint) -> tuple[float, int]:
    return (-s.score, s.point.index)


def theme_progress(
    theme: Theme,
    reading: EngineReading,
    records: Sequence[FeedbackRecord],
    praise: Sequence[Praise],
    split: dt.date | None,
    *,
    fixed: bool = False,
) -> ThemeProgress:
    """One theme's status and the evidence that decides it.

    ``split`` is the change point; unless ``fixed`` (``--since`` given), a theme
    whose criticism turned to praise is judged at the first praise after its
    last criticism.
    """
    by_id = {r.id: r for r in records}
    line = _Timeline(theme, reading, by_id, praise)
    last = line.last_critical()
    turned = line.first_praise_after(last)
    if not fixed and turned is not None and turned.day is not None:
        at_praise = _judge(line, records, turned.day)
        if at_praise.status is ThemeStatus.RESOLVED:
            return at_praise
    return _judge(line, records, split)


def _judge(
    line: _Timeline, records: Sequence[FeedbackRecord], split: dt.date | None
) -> ThemeProgress:
    theme = line.theme
    days = [r.date for r in records if r.date]
    if split is None:
        before_n = since_n = crit_before = crit_since = praise_since = 0
    else:
        before_n = sum(1 for d in days if d < split)
        since_n = len(days) - before_n
        crit_before = sum(1 for r in line.critical if r.date and r.date < split)
        crit_since = len(line.critical) - crit_before
        praise_since = sum(1 for p in line.praise if p.day and p.day >= split)
    last_record = line.critical[-1] if line.critical else None
    turned = line.first_praise_after(last_record.date if last_record else None)
    evidence = StatusEvidence(
        critical=crit_before,
        critical_since=crit_since,
        praise_since=praise_since,
        records_before=before_n,
        records_since=since_n,
        last_critical=line.critical_quote(last_record) if last_record else None,
        first_praise=turned.quote if turned else None,
    )
    if split is None:
        status = ThemeStatus.UNCLEAR
    elif (
        line.indices
        and crit_since == 0
        and crit_before >= RESOLVED_MIN_CRITICAL
        and praise_since >= RESOLVED_MIN_PRAISE
        and turned is not None
        and since_n >= MIN_RECORDS_SINCE
    ):
        status = ThemeStatus.RESOLVED
    elif crit_before == 0 and crit_since >= NEW_MIN_RECORDS:
        status = ThemeStatus.NEW
    elif (
        crit_before >= FADING_MIN_CRITICAL
        and crit_since <= FADING_MAX_SINCE
        and since_n >= MIN_RECORDS_SINCE
        # at most half the rate per record: since/since_n <= (before/before_n) / 2
        and 2 * crit_since * before_n <= crit_before * since_n
    ):
        status = ThemeStatus.FADING
    elif crit_before >= 1 and crit_since >= 1:
        status = ThemeStatus.PERSISTING
    else:
        status = ThemeStatus.UNCLEAR
    return ThemeProgress(
        id=theme.id,
        label=theme.label,
        status=status,
        evidence=evidence,
        change_point=_iso(split),
        critical_dates=[r.date.isoformat() for r in line.critical if r.date],
        praise_dates=[p.day.isoformat() for p in line.praise if p.day],
    )


def theme_statuses(
    reading: EngineReading,
    records: Sequence[FeedbackRecord],
    praise: Sequence[Praise],
    split: dt.date | None,
    *,
    fixed: bool = False,
) -> list[ThemeProgress]:
    """Every actionable theme's status: good news first, then in the report's rank order."""
    out = [
        theme_progress(t, reading, records, praise, split, fixed=fixed)
        for t in reading.report.themes
        if t.actionable
    ]
    out.sort(key=lambda t: STATUS_ORDER.index(t.status))
    return out
