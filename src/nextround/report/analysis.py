"""What one analysis found, ready to render: the numbers both report formats show."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from nextround.models import (
    EngineInfo,
    FeedbackRecord,
    IngestReport,
    ReplyDraft,
    Stage,
    Theme,
    ThemeReport,
)
from nextround.progress.model import Progress

STAGE_ORDER: list[Stage] = [s for s in Stage if s is not Stage.UNKNOWN]
MAX_THEMES = 12
MAX_DRAFTS = 8  # the rest are in the replies folder


@dataclass
class Analysis:
    """Everything one analysis found, ready to render."""

    profile: str
    records: list[FeedbackRecord]
    themes: ThemeReport
    drafts: list[ReplyDraft] = field(default_factory=list)
    ingest: IngestReport | None = None
    generated: dt.date = field(default_factory=dt.date.today)
    progress: Progress | None = None  # "What's getting better", when computed

    @property
    def actionable(self) -> list[Theme]:
        return [t for t in self.themes.themes if t.actionable][:MAX_THEMES]

    @property
    def shown_drafts(self) -> list[ReplyDraft]:
        """The drafts for the most recent rejections."""
        dates = {r.id: r.date or dt.date.min for r in self.records}
        ordered = sorted(
            self.drafts,
            key=lambda d: (dates.get(d.feedback_id, dt.date.min), d.feedback_id),
            reverse=True,
        )
        return ordered[:MAX_DRAFTS]

    @property
    def not_actionable(self) -> list[Theme]:
        return [t for t in self.themes.themes if not t.actionable]

    def headline(self) -> dict[str, object]:
        n = len(self.records)
        non = len(self.themes.non_actionable_ids)
        reached = [STAGE_ORDER.index(r.stage) for r in self.records if r.stage in STAGE_ORDER]
        furthest = STAGE_ORDER[max(reached)] if reached else None
        return {
            "feedback analysed": n,
            "with actionable feedback": f"{n - non} ({(n - non) / n:.0%})" if n else "0",
            "companies": len({r.company for r in self.records if r.company}),
            "furthest stage reached": furthest.value if furthest else "unknown",
        }

    def months(self) -> list[str]:
        found = sorted({r.date.strftime("%Y-%m") for r in self.records if r.date})
        if not found:
            return []
        year, month = map(int, found[0].split("-"))
        out = []
        while f"{year:04d}-{month:02d}" <= found[-1]:
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def packs_line(engine: EngineInfo) -> str:
    """Which role packs the themes used, and why (one line, plain text)."""
    packs = engine.packs
    how = engine.pack_choice
    if not packs:
        return (
            "Role packs: none applied (chosen from the feedback); themes use the general "
            "competencies and what was discovered in the feedback itself."
        )
    parts = [f"{p.name} (score {p.score}: {p.why})" for p in packs]
    return f"Role packs ({how}): " + "; ".join(parts) + "."
