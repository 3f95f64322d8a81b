"""Message triage: is this hiring feedback, other hiring mail, or the rest of an inbox?

Every item ingest reads gets a kind. Only ``rejection`` and ``feedback`` become
records by default; the rest is set aside and reported with its kind.

Two trained models decide (see :mod:`nextround.learn`):

1. the *quick* model reads the words of the sender, subject and body (no
   embedding), so a whole inbox is sorted cheaply: when it is sure a message
   is not feedback (newsletters, receipts, alerts), that is the verdict;
2. the *full* model reads the same words plus the sentence embedding of the
   message's cleaned opening (quotes, signature and footer removed); it
   decides everything the quick model left open. Only what it keeps is read
   further (metadata, redaction).

Both were chosen by leave-one-writer-out CV on the training messages: adding
the embedding raised accuracy from 0.924 to 0.933; adding what the point
classifier makes of each sentence lowered it (0.912), so it is not used.

Notes the user wrote and rows of a table the user exported are decided by the
quick model alone: they are feedback unless it is sure they are something else.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from nextround.embed import Vectors
from nextround.ingest.raw import RawItem
from nextround.learn.linear import LinearModel, Matrix, Vocabulary
from nextround.learn.shipped import TRIAGE_FULL_FILE, TRIAGE_QUICK_FILE, shipped_model

KINDS = (
    "rejection",
    "feedback",
    "application_received",
    "interview_invitation",
    "assessment",
    "recruiter_outreach",
    "job_alert",
    "not_hiring",
)
STORED_KINDS = ("rejection", "feedback")
KIND_TEXT = {
    "rejection": "a rejection",
    "feedback": "interview feedback",
    "application_received": "an application confirmation",
    "interview_invitation": "an interview invitation or scheduling message",
    "assessment": "an assessment invitation or result",
    "recruiter_outreach": "recruiter outreach",
    "job_alert": "a job alert",
    "not_hiring": "not hiring mail",
}
#: The quick model settles a message that is not feedback when it is at least this sure
#: of its kind, or when P(rejection) + P(feedback) is below QUICK_MARGIN. Chosen by
#: leave-one-writer-out CV on the training messages (``python -m nextround.learn.train
#: --cv-quick``), weighting kinds as an inbox holds them (2% kept, 8% other hiring mail,
#: 90% the rest): 0.8 / 0.15 leaves 13.2% of an inbox to the embedding step and sets aside
#: 6 of 447 e-mailed rejections and feedback; the earlier 0.7 / 0.1 left 18.2% and set
#: aside 5. (0.8 / 0.2 leaves 9.9% but sets aside 9.) Most of those lost are in German,
#: French or Spanish, which the words of the quick model barely cover.
QUICK_SURE = 0.8
QUICK_MARGIN = 0.15
#: A note or table row is set aside only when the model is at least this sure.
USER_WRITTEN_CONFIDENCE = 0.9
#: The opening of a message embedded for the full model. (300 characters embed 1.5 times
#: faster and did as well in CV, 0.938 vs 0.930, but took two more non-rejections for
#: rejections among the 65 real e-mails; with m6 in training, its kept precision on them
#: was 0.943 against 0.971.)
HEAD_CHARS = 600

_ATS_HINTS = (
    "greenhouse",
    "lever",
    "workday",
    "myworkday",
    "smartrecruiters",
    "icims",
    "jobvite",
    "taleo",
    "successfactors",
    "workable",
    "teamtailor",
    "ashby",
    "bamboohr",
    "recruitee",
    "pinpoint",
    "personio",
    "breezy",
    "jazzhr",
    "pageup",
)
_BULK_LOCAL = ("noreply", "no-reply", "donotreply", "do-not-reply", "notification", "alert", "news")
#: Gmail labels (a Takeout mbox's X-Gmail-Labels header) that settle a message's kind
#: before any model reads it, a rule beside the models rather than a feature of them
#: (that would mean retraining). Kept to the one label that is clearly right: mail
#: Gmail filed as spam and the user left there is not hiring mail. "Category
#: Promotions" and "Category Social" are not: job alerts land in Promotions (they are
#: job_alert, not not_hiring) and LinkedIn messages from recruiters in Social; "Trash"
#: holds rejections people deleted. What a label sets aside is reported with the label
#: named, and --keep-all stores it.
GMAIL_LABEL_KINDS = {"spam": "not_hiring"}


@dataclass(frozen=True)
class Verdict:
    """What a message is, how sure the model is, and which step decided."""

    kind: str
    confidence: float
    by: str  # "quick" | "full" | "user-written" | "gmail-label"
    label: str = ""  # the Gmail label that decided, for "gmail-label"

    @property
    def stored(self) -> bool:
        return self.kind in STORED_KINDS

    def reason(self) -> str:
        if self.label:
            return f"labelled {self.label!r} in Gmail: taken as {KIND_TEXT[self.kind]}"
        return f"looks like {KIND_TEXT[self.kind]} ({self.by} model, {self.confidence:.2f})"


def gmail_labels(item: RawItem) -> list[str]:
    """The Gmail labels of a message from a Takeout mbox (``"Inbox,Category Updates"``;
    a label holding a comma is quoted)."""
    value = item.headers.get("X-Gmail-Labels", "")
    if not value:
        return []
    return [label.strip() for label in next(csv.reader([value], skipinitialspace=True))]


def label_verdict(item: RawItem) -> Verdict | None:
    """The verdict a Gmail label gives (:data:`GMAIL_LABEL_KINDS`), or None."""
    for label in gmail_labels(item):
        kind = GMAIL_LABEL_KINDS.get(label.casefold())
        if kind is not None:
            return Verdict(kind, 1.0, "gmail-label", label=label)
    return None


def message_text(item: RawItem) -> str:
    """The words the triage models read: signals from the headers, sender, subject, body."""
    signals = [f"xxformat{item.kind}"]
    lowered = {k.lower() for k in item.headers}
    if lowered & {"list-unsubscribe", "list-id"}:
        signals.append("xxbulk")
    if item.headers.get("Precedence", "").lower() in ("bulk", "list", "junk"):
        signals.append("xxbulk")
    local, _, domain = item.sender_email.partition("@")
    if any(b in local for b in _BULK_LOCAL):
        signals.append("xxnoreply")
    if any(h in domain for h in _ATS_HINTS):
        signals.append("xxats")
    body = item.body[:2000]
    return "\n".join([" ".join(signals), item.sender, item.subject, body])


class Triage:
    """Sorts messages into :data:`KINDS`.

    >>> triage = Triage.shipped()                                     # doctest: +SKIP
    >>> triage.quick(item)                                            # doctest: +SKIP
    Verdict(kind='job_alert', confidence=0.97, by='quick')
    """

    def __init__(self, quick: LinearModel, full: LinearModel) -> None:
        for model in (quick, full):
            if tuple(model.classes) != KINDS:
                raise ValueError(f"{model.name}: classes {model.classes} are not {KINDS}")
        self.quick_model = quick
        self.full_model = full

    @classmethod
    def shipped(cls) -> Triage:
        return cls(shipped_model(TRIAGE_QUICK_FILE), shipped_model(TRIAGE_FULL_FILE))

    def quick(self, item: RawItem) -> Verdict | None:
        """The verdict from words alone, or None when the full model must look.

        A Gmail label of :data:`GMAIL_LABEL_KINDS` decides before the model.
        """
        labelled = label_verdict(item)
        if labelled is not None:
            return labelled
        probs = self.quick_model.proba(quick_features(self.quick_model.vocabulary, [item]))[0]
        best = int(probs.argmax())
        verdict = Verdict(KINDS[best], round(float(probs[best]), 4), "quick")
        if item.kind in ("note", "row"):  # written or exported by the user: feedback unless sure
            return self._settle(item, verdict)
        return verdict if quick_settles(probs[None, :])[0] else None

    def full(
        self,
        items: Sequence[RawItem],
        texts: Sequence[str],
        embed: Callable[[Sequence[str]], Vectors],
    ) -> list[Verdict]:
        """Verdicts for messages, given each one's cleaned text.

        The text is :attr:`nextround.ingest.pipeline.Opened.text`.
        """
        if not items:
            return []
        heads = [head_text(item.subject, text) for item, text in zip(items, texts, strict=True)]
        features = full_features(self.full_model.vocabulary, items, heads, embed)
        probs = self.full_model.proba(features)
        out = []
        for item, row in zip(items, probs, strict=True):
            best = int(row.argmax())
            out.append(self._settle(item, Verdict(KINDS[best], round(float(row[best]), 4), "full")))
        return out

    @staticmethod
    def _settle(item: RawItem, verdict: Verdict) -> Verdict:
        if (
            item.kind in ("note", "row")
            and not verdict.stored
            and verdict.confidence < USER_WRITTEN_CONFIDENCE
        ):
            return Verdict("feedback", verdict.confidence, "user-written")
        return verdict


def quick_settles(
    probs: npt.NDArray[np.floating[Any]], sure: float = QUICK_SURE, margin: float = QUICK_MARGIN
) -> npt.NDArray[np.bool_]:
    """Which e-mails the quick model's probabilities (one row each) settle on their own.

    Only mail that is not feedback is settled here; whatever is kept, the full model
    confirms (on the real e-mails, words alone took 4 more for rejections).
    """
    best = probs.argmax(axis=1)
    not_kept = best >= len(STORED_KINDS)
    sure_of_kind = probs.max(axis=1) >= sure
    unlikely_kept = probs[:, 0] + probs[:, 1] < margin
    settled: npt.NDArray[np.bool_] = not_kept & (sure_of_kind | unlikely_kept)
    return settled


def quick_features(vocabulary: Vocabulary, items: Sequence[RawItem]) -> Matrix:
    return vocabulary.transform([message_text(i) for i in items])


def head_text(subject: str, clean_text: str) -> str:
    """What the full model embeds: the subject and the cleaned opening."""
    return f"{subject}. {clean_text[:HEAD_CHARS]}"


def full_features(
    vocabulary: Vocabulary,
    items: Sequence[RawItem],
    heads: Sequence[str],
    embed: Callable[[Sequence[str]], Vectors],
) -> Matrix:
    """[words | embedding of the cleaned opening (:func:`head_text`)]."""
    words = quick_features(vocabulary, items)
    return np.hstack([words, embed(heads)]).astype(np.float32)


def triage_items(
    items: Sequence[RawItem],
    embed: Callable[[Sequence[str]], Vectors],
    triage: Triage | None = None,
) -> list[Verdict | None]:
    """The kind of each item, as ingest decides it (None: nothing left to read).

    >>> [v.kind for v in triage_items(items, embedder.embed)]        # doctest: +SKIP
    ['rejection', 'job_alert']
    """
    from nextround.ingest.pipeline import Opened, open_item

    triage = triage or Triage.shipped()
    out: list[Verdict | None] = [triage.quick(item) for item in items]
    rest: list[tuple[int, Opened]] = []
    for i, item in enumerate(items):
        if out[i] is None:
            opened = open_item(item)
            if isinstance(opened, Opened):
                rest.append((i, opened))
    verdicts = triage.full([o.item for _, o in rest], [o.text for _, o in rest], embed)
    for (i, _), verdict in zip(rest, verdicts, strict=True):
        out[i] = verdict
    return out
