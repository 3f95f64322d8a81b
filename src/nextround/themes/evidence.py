"""What a theme shows as evidence and advice: verbatim quotes, praise, and a
practice plan for a theme no competency covers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from nextround.models import FeedbackRecord, Quote
from nextround.themes.run import ScoredPoint


def pick_quotes(
    members: list[ScoredPoint], by_id: dict[str, FeedbackRecord], max_quotes: int
) -> list[Quote]:
    """The best-matching points, one per record, verified verbatim."""
    ranked = sorted(
        members,
        key=lambda m: (
            -m.score,
            -(by_id[m.point.record_id].date or dt.date.min).toordinal(),
            m.point.record_id,
            m.point.index,
        ),
    )
    quotes: list[Quote] = []
    seen: set[str] = set()
    for m in ranked:
        p = m.point
        if p.record_id in seen or p.start < 0:
            continue
        if by_id[p.record_id].text[p.start : p.end] != p.text:
            continue  # never show a quote that is not the record's own words
        quotes.append(Quote(feedback_id=p.record_id, text=p.text, start=p.start, end=p.end))
        seen.add(p.record_id)
        if len(quotes) == max_quotes:
            break
    return quotes


def praise_quotes(
    scored: list[ScoredPoint], by_id: dict[str, FeedbackRecord]
) -> dict[str, list[Quote]]:
    """Each record's praise, as verbatim quotes (the report's strengths)."""
    out: dict[str, list[Quote]] = {}
    for s in scored:
        p = s.point
        if (
            s.kind == "praise"
            and p.start >= 0
            and by_id[p.record_id].text[p.start : p.end] == p.text
        ):
            out.setdefault(p.record_id, []).append(
                Quote(feedback_id=p.record_id, text=p.text, start=p.start, end=p.end)
            )
    return dict(sorted(out.items()))


def discovered_practice(label: str, quotes: Sequence[Quote], records: int) -> list[str]:
    """A practice plan for a theme no competency covers, from its own label and quotes."""
    topic = label[:1].lower() + label[1:]
    plan = [
        f"Re-read what {records} interviewers said about {topic} (the quotes below) and write, "
        "in one line each, what they expected to see that you did not show.",
    ]
    if quotes:
        first = quotes[0].text.strip().rstrip(".")
        if len(first) > 120:
            first = first[:117].rsplit(" ", 1)[0] + "…"
        plan.append(
            f'Take the first quote ("{first}") and prepare a two-minute answer or a short '
            "demonstration that shows you doing exactly that, with one real example from your work."
        )
    plan += [
        f"Ask a colleague or mentor who is strong on {topic} to watch you practise it once this "
        "week and name the one thing to change.",
        f"Before your next interview, write down one recent example of {topic} from your own "
        "work: what you did, and what changed because of it.",
    ]
    return plan
