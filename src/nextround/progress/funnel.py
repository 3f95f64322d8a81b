"""Getting further: how far rejections came, period by period, and before/since.

Only dated records count. A rejection "reached an interview" when its stage is
a screen or later (not ``application``, not ``unknown``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from nextround.models import FeedbackRecord, Stage
from nextround.progress.model import FunnelPeriod
from nextround.progress.thresholds import MIN_RECORDS_SIDE, MONTHLY_MIN_RECORDS

STAGES: list[str] = [s.value for s in Stage]  # earliest first, "unknown" last
LATE_STAGES = (Stage.ONSITE, Stage.FINAL)


def reached_interview(stage: Stage) -> bool:
    """True for a rejection after a screen or later."""
    return stage not in (Stage.APPLICATION, Stage.UNKNOWN)


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _month(day: dt.date) -> str:
    return day.strftime("%Y-%m")


def _periods(first: dt.date, last: dt.date, monthly: bool) -> list[str]:
    """Every period from ``first`` to ``last``, empty ones included."""
    out: list[str] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        label = _month(dt.date(year, month, 1)) if monthly else _quarter(dt.date(year, month, 1))
        if not out or out[-1] != label:
            out.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def funnel(records: Sequence[FeedbackRecord]) -> list[FunnelPeriod]:
    """Rejections per period by stage: by month when there are enough, else by quarter."""
    dated = [r for r in records if r.date]
    if not dated:
        return []
    first = min(r.date for r in dated if r.date)
    last = max(r.date for r in dated if r.date)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    monthly = len(dated) >= MONTHLY_MIN_RECORDS * months
    key = _month if monthly else _quarter
    rows = {p: dict.fromkeys(STAGES, 0) for p in _periods(first, last, monthly)}
    for r in dated:
        if r.date:
            rows[key(r.date)][r.stage.value] += 1
    return [
        FunnelPeriod(
            period=period,
            by_stage=counts,
            reached_interview=sum(n for s, n in counts.items() if reached_interview(Stage(s))),
            total=sum(counts.values()),
        )
        for period, counts in rows.items()
    ]


def funnel_sentences(records: Sequence[FeedbackRecord], since: dt.date | None) -> list[str]:
    """Before and since ``since`` in plain words, as numbers ("6 of 10"), never percentages."""
    if since is None:
        return []
    before = [r for r in records if r.date and r.date < since]
    after = [r for r in records if r.date and r.date >= since]
    if len(before) < MIN_RECORDS_SIDE or len(after) < MIN_RECORDS_SIDE:
        return [
            f"Too few dated rejections to compare before and since {since.isoformat()} "
            f"({len(before)} before, {len(after)} since; {MIN_RECORDS_SIDE} each are needed)."
        ]

    def count(rs: list[FeedbackRecord], stages: tuple[Stage, ...] | None) -> int:
        if stages is None:
            return sum(1 for r in rs if reached_interview(r.stage))
        return sum(1 for r in rs if r.stage in stages)

    return [
        f"Since {since.isoformat()}, {count(after, None)} of {len(after)} rejections came after "
        f"an interview, against {count(before, None)} of {len(before)} before.",
        f"Since {since.isoformat()}, {count(after, LATE_STAGES)} of {len(after)} rejections came "
        f"after an onsite or final round, against {count(before, LATE_STAGES)} of {len(before)} "
        "before.",
    ]
