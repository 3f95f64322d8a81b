"""How themes are ranked, and in what order each record's themes are listed.

Themes are ordered by the number of distinct records that raise them, each
weighted by recency; a record's own themes by how strongly, and how early, it
raises them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from nextround.models import FeedbackRecord, Theme
from nextround.themes.run import ThemeGroup, ThemeOptions


def ranking_text(options: ThemeOptions) -> str:
    """The ranking in words, as the report's JSON and pages state it."""
    return (
        "themes are ordered by the number of distinct records that raise them, each "
        f"weighted by recency (half-life {options.half_life_days:g} days before the "
        "latest feedback); ties by record count, then label; non-actionable themes last"
    )


def recency_weight(
    records: Sequence[FeedbackRecord], latest: dt.date | None, half_life_days: float
) -> float:
    """The records counted, each weighted by its age before ``latest`` (halved every
    ``half_life_days``); an undated record counts as a half-life-old one."""
    total = 0.0
    for record in records:
        if record.date is None or latest is None:
            total += 0.5  # undated: counted, at the weight of a half-life-old record
        else:
            age = (latest - record.date).days
            total += 0.5 ** (age / half_life_days)
    return total


def record_themes(
    groups: list[ThemeGroup], themes: list[Theme], position_decay: float
) -> dict[str, list[str]]:
    """Each record's actionable themes, the most strongly raised first.

    A theme's weight in a record is the sum of its points' match scores; feedback
    tends to lead with what matters most, so the record's n-th point of feedback
    counts ``1 / (1 + position_decay * n)``.
    """
    shown = {t.id for t in themes if t.actionable}
    positions: dict[str, set[int]] = defaultdict(set)
    for group in groups:
        if group.source != "boilerplate":
            for member in group.members:
                positions[member.point.record_id].add(member.point.index)
    rank = {
        (rid, index): n
        for rid, indices in positions.items()
        for n, index in enumerate(sorted(indices))
    }
    decay = position_decay
    weight: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for group in groups:
        if group.id not in shown:
            continue
        for member in group.members:
            rid = member.point.record_id
            n = rank[(rid, member.point.index)]
            weight[rid][group.id] += member.score / (1 + decay * n)
    return {
        rid: [t for t, _ in sorted(c.items(), key=lambda x: (-x[1], x[0]))]
        for rid, c in sorted(weight.items())
    }
