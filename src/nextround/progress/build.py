"""What's getting better, put together from one reading of the records.

>>> progress = build_progress(engine.read(records), records, today=dt.date.today())
... # doctest: +SKIP
>>> [(t.label, t.status.value) for t in progress.themes][:2]          # doctest: +SKIP
[('Testing and edge cases', 'resolved'), ('System design depth', 'persisting')]
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence

from nextround.models import FeedbackRecord
from nextround.progress.funnel import funnel, funnel_sentences
from nextround.progress.model import Progress, RequestLine, ThemeProgress
from nextround.progress.requests import RequestStatus
from nextround.progress.status import default_split, theme_statuses
from nextround.progress.strengths import praise_points, strengths
from nextround.progress.thresholds import thresholds
from nextround.themes.run import EngineReading


def build_progress(
    reading: EngineReading,
    records: Sequence[FeedbackRecord],
    *,
    since: dt.date | None = None,
    requests: Sequence[RequestStatus] = (),
) -> Progress:
    """Theme statuses, strengths, the funnel and feedback requests of ``records``.

    ``reading`` is the theme engine's reading of the same records; ``since``
    fixes the change point (else it is chosen, see
    :func:`~nextround.progress.status.default_split`).
    """
    split = since or default_split(records)
    praise = praise_points(reading, records)
    themes = theme_statuses(reading, records, praise, split, fixed=since is not None)
    return Progress(
        since=split.isoformat() if split else None,
        themes=themes,
        strengths=strengths(praise),
        funnel=funnel(records),
        requests=[RequestLine.model_validate(r.as_dict()) for r in requests],
        thresholds=thresholds(),
        summary=_status_sentences(themes) + funnel_sentences(records, split),
    )


def _status_sentences(themes: Sequence[ThemeProgress]) -> list[str]:
    """How many themes have each status, as one sentence."""
    counts = Counter(t.status.value for t in themes)
    if not themes:
        return ["No recurring themes yet, so nothing to compare over time."]
    parts = [f"{n} {status}" for status, n in sorted(counts.items())]
    return [f"Of {len(themes)} recurring themes: " + ", ".join(parts) + "."]
