"""The shape of a profile's feedback: counts by stage, company, month and language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from nextround.models import FeedbackRecord


def feedback_stats(profile: str, records: Sequence[FeedbackRecord]) -> dict[str, Any]:
    """The ``stats --json`` shape for ``records`` of ``profile``."""
    dates = [r.date for r in records if r.date]
    return {
        "profile": profile,
        "records": len(records),
        "companies": len({r.company for r in records if r.company}),
        "by_stage": dict(Counter(r.stage.value for r in records).most_common()),
        "by_company": dict(Counter(r.company or "(unknown)" for r in records).most_common()),
        "by_month": dict(sorted(Counter(d.strftime("%Y-%m") for d in dates).items())),
        "by_language": dict(Counter(r.language for r in records).most_common()),
        "first_date": min(dates).isoformat() if dates else None,
        "last_date": max(dates).isoformat() if dates else None,
        "injection_suspected": [r.id for r in records if r.injection_suspected],
    }
