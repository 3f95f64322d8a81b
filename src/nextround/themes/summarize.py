"""Turning a grounded theme into words: its label, summary and practice plan.

:class:`Summarizer` is the interface; :class:`OfflineSummarizer` writes from
templates and the taxonomy, deterministically. An LLM-backed summarizer is a
drop-in replacement: it gets the same :class:`ThemeDraft` and returns the
same :class:`ThemeText`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from nextround.models import Quote, Stage

GENERIC_PRACTICE = (
    "Re-read the quotes below and write down, in one sentence each, what the interviewer "
    "expected that you did not show.",
    "Prepare one concrete example or worked answer that shows exactly that, and say it out "
    "loud twice.",
    "Do one mock interview this week that targets this area and ask the mock interviewer "
    "to score only this.",
)


@dataclass
class ThemeDraft:
    """What the engine found for one theme, before it is put into words."""

    id: str
    source: str  # "taxonomy" | "discovered" | "boilerplate"
    name: str  # a competency name, keyphrase label or boilerplate kind label
    description: str
    keywords: list[str]
    quotes: list[Quote]
    record_count: int
    total_records: int
    stage: str | None  # the stage most of its records reached
    stage_count: int
    stage_total: int
    last_seen: str | None
    since: str | None
    practice: list[str] = field(default_factory=list)
    #: the quotes with personal data replaced: all a remote model may see
    redacted_quotes: list[str] = field(default_factory=list)


@dataclass
class ThemeText:
    label: str
    summary: str
    practice: list[str]
    written_by: str = "offline"  # "offline" | "llm" | "fallback" (the model failed)
    quote_order: list[int] = field(default_factory=list)  # preferred quotes first


class Summarizer(Protocol):
    """Puts themes into words."""

    name: str
    # True when the summarizer reads ``ThemeDraft.redacted_quotes`` (a model does;
    # templates do not), so the engine redacts quotes only when someone reads them.
    reads_quotes: bool

    def summarize_many(self, drafts: list[ThemeDraft]) -> list[ThemeText]:
        """One text per draft, in the same order."""
        ...

    def merges(self, drafts: list[ThemeDraft]) -> list[list[int]]:
        """Groups of draft indexes that name the same skill (``[]`` to merge nothing)."""
        ...


def headline(draft: ThemeDraft) -> str:
    """ "7 of 11 onsite rejections, most recent 2026-09-14"."""
    if draft.stage and draft.stage != Stage.UNKNOWN.value and draft.stage_total:
        count = f"{draft.stage_count} of {draft.stage_total} {draft.stage} rejections"
        if draft.record_count > draft.stage_count:
            count += f" ({draft.record_count} of {draft.total_records} in all)"
    else:
        count = f"{draft.record_count} of {draft.total_records} rejections"
    if draft.last_seen:
        count += f", most recent {draft.last_seen}"
    return count


class OfflineSummarizer:
    """Template summaries from the engine's counts and the taxonomy's words."""

    name = "offline"
    reads_quotes = False

    def summarize_many(self, drafts: list[ThemeDraft]) -> list[ThemeText]:
        return [self.summarize(d) for d in drafts]

    def merges(self, drafts: list[ThemeDraft]) -> list[list[int]]:
        return []  # the offline engine already keeps competencies apart

    def summarize(self, draft: ThemeDraft) -> ThemeText:
        if draft.source == "boilerplate":
            summary = (
                f"{headline(draft)}. This is how companies close a search; it says nothing "
                "about your interviews."
            )
            return ThemeText(label=draft.name, summary=summary, practice=[])
        summary = f"Raised in {headline(draft)}."
        if draft.description:
            summary += f" {draft.description}"
        elif draft.keywords:
            summary += f" Recurring words: {', '.join(draft.keywords[:4])}."
        practice = list(draft.practice) or list(GENERIC_PRACTICE)
        return ThemeText(label=draft.name, summary=summary, practice=practice)
