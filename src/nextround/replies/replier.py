"""Replies for one profile: which kind fits a rejection, the facts, the draft.

:class:`Replier` reads each record once (does it carry feedback? what did it
praise?), refuses a ``feedback_request`` where feedback was already given,
builds the checked facts and hands them to a
:class:`~nextround.replies.drafter.Drafter`. :meth:`Replier.draft_pending`
drafts a reply for every rejection that has none yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.errors import MessageError
from pathlib import Path
from typing import Any

from nextround.errors import ReplyError
from nextround.models import FeedbackRecord, ReplyDraft, SkippedInput
from nextround.replies.drafter import Drafter
from nextround.replies.eml import write_draft
from nextround.replies.offline import LINKEDIN_LIMIT, facts_for
from nextround.replies.registry import DraftRegistry
from nextround.themes.engine import RecordReading

#: Reads one record: does it carry feedback, and what did it praise (``ThemeEngine.read_record``).
ReadRecord = Callable[[FeedbackRecord], RecordReading]


@dataclass
class PendingReplies:
    """Drafts made for records without one, and records whose draft failed (with the reason)."""

    drafts: list[ReplyDraft] = field(default_factory=list)
    failed: list[SkippedInput] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """``{"drafts": [...], "failed": [...]}``, as ``reply --pending --json`` prints."""
        return {
            "drafts": [d.model_dump() for d in self.drafts],
            "failed": [f.model_dump() for f in self.failed],
        }


class Replier:
    """Drafts replies for one profile, reading each record once.

    ``read`` tells what a record says (usually ``ThemeEngine.read_record``),
    ``companies`` are every company in the profile (a draft names only its
    own), ``candidate`` signs the drafts and ``drafter`` writes them.
    """

    def __init__(
        self,
        read: ReadRecord,
        companies: Iterable[str],
        candidate: str,
        drafter: Drafter,
    ) -> None:
        self.read = read
        self.companies = sorted(set(companies))
        self.candidate = candidate
        self.drafter = drafter
        self._readings: dict[str, RecordReading] = {}

    def reading(self, record: FeedbackRecord) -> RecordReading:
        """What ``record`` says, read once per replier."""
        if record.id not in self._readings:
            self._readings[record.id] = self.read(record)
        return self._readings[record.id]

    def kind_for(self, record: FeedbackRecord) -> str:
        """The reply a rejection needs: a thank-you when it carries feedback, else a request."""
        return "thank_you" if self.reading(record).actionable else "feedback_request"

    def draft(
        self,
        record: FeedbackRecord,
        kind: str,
        *,
        tone: str = "warm",
        seed: int = 0,
        max_chars: int = LINKEDIN_LIMIT,
    ) -> ReplyDraft:
        """A checked draft of ``kind`` for ``record``.

        Raises :class:`~nextround.errors.ReplyError` for a ``feedback_request``
        to a record that already carries feedback, and
        :class:`~nextround.errors.UsageError` for an unknown kind or tone.
        """
        reading = self.reading(record)
        if kind == "feedback_request" and reading.actionable:
            raise ReplyError(
                f"record {record.id} already carries feedback you can act on, so asking for "
                "feedback would read oddly; try --kind thank_you"
            )
        facts = facts_for(
            record,
            self.candidate,
            reading.strengths[0] if reading.strengths else "",
            other_companies=self.companies,
        )
        return self.drafter.draft(
            record,
            kind,
            facts,
            tone=tone,
            seed=seed,
            max_chars=max_chars,
            other_companies=self.companies,
        )

    def draft_pending(
        self,
        records: Iterable[FeedbackRecord],
        registry: DraftRegistry,
        out_dir: Path | None = None,
    ) -> PendingReplies:
        """Draft a reply for every record ``registry`` does not list, and save the registry.

        The kind is :meth:`kind_for`. With ``out_dir`` each draft is also written
        there (see :func:`~nextround.replies.eml.write_draft`). A record whose
        draft cannot be made or written is reported in ``failed``, left out of
        the registry so the next run tries it again, and never stops the others.
        """
        result = PendingReplies()
        for record in records:
            if record.id in registry:
                continue
            kind = self.kind_for(record)
            try:
                draft = self.draft(record, kind)
                if out_dir is not None:
                    write_draft(draft, record, out_dir)
            except (ValueError, UnicodeError, MessageError) as exc:
                reason = f"no {kind.replace('_', ' ')} drafted: {type(exc).__name__}: {exc}"
                result.failed.append(SkippedInput(source=record.id, reason=reason))
                continue
            result.drafts.append(draft)
            registry.add(record.id, kind)
        registry.save()
        return result
