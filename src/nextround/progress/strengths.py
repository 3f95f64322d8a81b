"""Strengths: what interviewers praised, by competency, in their own words.

Only praise counts. A praise point becomes a strength when the theme engine
read it as praise and matched it to a competency (its score reaches the
taxonomy's threshold), it is the record's own words, and none of these hold:

- it cushions a rejection: the same sentence also carries boilerplate ("we
  were impressed with your background, but we went with another candidate");
- the same record criticises the same competency (mixed feedback is not a
  strength);
- the record looks like text aimed at a language model (it shapes nothing).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from nextround.models import FeedbackRecord
from nextround.progress.model import DatedQuote, Strength
from nextround.progress.thresholds import MAX_STRENGTH_QUOTES
from nextround.themes.run import EngineReading


@dataclass(frozen=True)
class Praise:
    """One praise point that counts: its record's date and the competency it praises."""

    competency: str  # competency id
    label: str
    quote: DatedQuote
    day: dt.date | None


def praise_points(reading: EngineReading, records: Sequence[FeedbackRecord]) -> list[Praise]:
    """Every praise point that counts as a strength, in record and point order."""
    by_id = {r.id: r for r in records}
    tax = reading.taxonomy
    criticised: set[tuple[str, int]] = set()
    cushioned: set[tuple[str, str]] = set()  # (record, sentence) holding boilerplate
    for s in reading.points:
        if s.kind == "actionable":
            criticised.add((s.point.record_id, s.topic))
            criticised.add((s.point.record_id, s.competency))
        if s.kind == "boilerplate" and s.point.context:
            cushioned.add((s.point.record_id, s.point.context))
    out = []
    for s in sorted(reading.points, key=lambda s: (s.point.record_id, s.point.index)):
        p = s.point
        record = by_id.get(p.record_id)
        if (
            record is None
            or s.kind != "praise"
            or p.start < 0
            or record.text[p.start : p.end] != p.text
            or s.score < tax.threshold
            or not 0 <= s.topic < len(tax.competencies)
            or (p.record_id, s.topic) in criticised
            or (p.context and (p.record_id, p.context) in cushioned)
            or record.injection_suspected
        ):
            continue
        competency = tax.competencies[s.topic]
        quote = DatedQuote(
            feedback_id=p.record_id,
            text=p.text,
            start=p.start,
            end=p.end,
            date=record.date.isoformat() if record.date else None,
        )
        out.append(Praise(competency.id, competency.name, quote, record.date))
    return out


def strengths(praise: Sequence[Praise]) -> list[Strength]:
    """Praise grouped by competency: most praised first, each with its latest quotes.

    One quote per record, most recent first, at most ``MAX_STRENGTH_QUOTES``.
    """
    groups: dict[str, list[Praise]] = defaultdict(list)
    for p in praise:
        groups[p.competency].append(p)
    out = []
    for competency, items in groups.items():
        latest = sorted(
            items, key=lambda p: (-(p.day or dt.date.min).toordinal(), p.quote.feedback_id)
        )
        quotes: list[DatedQuote] = []
        seen: set[str] = set()
        for p in latest:
            if p.quote.feedback_id not in seen:
                seen.add(p.quote.feedback_id)
                quotes.append(p.quote)
        out.append(
            Strength(
                competency=competency,
                label=items[0].label,
                count=len(seen),
                quotes=quotes[:MAX_STRENGTH_QUOTES],
            )
        )
    # most praised first, then the most recently praised, then by name (stable sorts)
    out.sort(key=lambda s: s.label)
    out.sort(key=lambda s: s.quotes[0].date or "", reverse=True)
    out.sort(key=lambda s: -s.count)
    return out
