"""Every number that decides what "What's getting better" claims, in one place.

A status is a claim about a person's progress, so each one needs enough records
on both sides of its change point; below these counts a theme is ``unclear``
and the report says so rather than guessing. The values are shown in every
``progress`` output (``thresholds`` in the JSON, a line under the table and in
the report) and documented in README.md ("What's getting better").

The change point
    ``--since DATE`` when given. Otherwise the day :data:`RECENT_DAYS` before
    the latest dated record; when that leaves fewer than :data:`MIN_RECORDS_SIDE`
    dated records on either side, the date of the middle dated record. A theme
    that turned to praise has its own change point: the first praise after its
    last criticism (when that makes it ``resolved``).

The statuses, decided in this order
    ``resolved``
        criticised by at least :data:`RESOLVED_MIN_CRITICAL` records before the
        change point, by none since, praised on the same competency by at least
        :data:`RESOLVED_MIN_PRAISE` record after the last criticism, with at
        least :data:`MIN_RECORDS_SINCE` records since.
    ``new``
        criticised by no record before the change point and by at least
        :data:`NEW_MIN_RECORDS` since.
    ``fading``
        criticised by at least :data:`FADING_MIN_CRITICAL` records before, by at
        most :data:`FADING_MAX_SINCE` since, with at least
        :data:`MIN_RECORDS_SINCE` records since, and at most half as often (per
        record) as before.
    ``persisting``
        criticised both before and since.
    ``unclear``
        anything else: too few records to say (a theme raised twice and then
        quiet, or quiet because little feedback came since).

Strengths and the funnel
    A strength is praise only (see :mod:`nextround.progress.strengths`), up to
    :data:`MAX_STRENGTH_QUOTES` quotes each. The funnel counts by month when the
    dated records average at least :data:`MONTHLY_MIN_RECORDS` a month, else by
    quarter; its before/since sentence needs :data:`MIN_RECORDS_SIDE` dated
    rejections on each side.
"""

from __future__ import annotations

RECENT_DAYS = 90
MIN_RECORDS_SIDE = 3
MIN_RECORDS_SINCE = 3
RESOLVED_MIN_CRITICAL = 3
RESOLVED_MIN_PRAISE = 1
NEW_MIN_RECORDS = 2
FADING_MIN_CRITICAL = 3
FADING_MAX_SINCE = 1
MAX_STRENGTH_QUOTES = 3
MONTHLY_MIN_RECORDS = 10


def thresholds() -> dict[str, int]:
    """The thresholds by name, as the JSON's ``thresholds`` shows them."""
    return {
        "recent_days": RECENT_DAYS,
        "min_records_side": MIN_RECORDS_SIDE,
        "min_records_since": MIN_RECORDS_SINCE,
        "resolved_min_critical": RESOLVED_MIN_CRITICAL,
        "resolved_min_praise": RESOLVED_MIN_PRAISE,
        "new_min_records": NEW_MIN_RECORDS,
        "fading_min_critical": FADING_MIN_CRITICAL,
        "fading_max_since": FADING_MAX_SINCE,
        "max_strength_quotes": MAX_STRENGTH_QUOTES,
        "monthly_min_records": MONTHLY_MIN_RECORDS,
    }


def thresholds_text() -> str:
    """The status rules in one sentence, for the terminal and the report."""
    return (
        f"resolved: criticised by {RESOLVED_MIN_CRITICAL}+ records before the change point, "
        f"none since, praised on the same competency after the last criticism, "
        f"{MIN_RECORDS_SINCE}+ records since; new: none before, {NEW_MIN_RECORDS}+ since; "
        f"fading: {FADING_MIN_CRITICAL}+ before, at most {FADING_MAX_SINCE} since out of "
        f"{MIN_RECORDS_SINCE}+ records, at half the rate or less; persisting: raised before "
        "and since; otherwise unclear (too few records to say)."
    )
