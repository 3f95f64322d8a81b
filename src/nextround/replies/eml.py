"""Drafts as ``.eml`` files for the user's mail client: threaded, never sent."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, make_msgid
from pathlib import Path

from nextround.models import FeedbackRecord, ReplyDraft


def to_eml(draft: ReplyDraft, record: FeedbackRecord, candidate: str = "") -> bytes:
    """An unsent message: a reply in the original's thread when there was one."""
    msg = EmailMessage()
    if record.sender or record.interviewer:
        msg["To"] = formataddr((record.sender or record.interviewer, ""))
    if candidate:
        msg["From"] = formataddr((candidate, ""))
    msg["Subject"] = draft.subject or "Thank you"
    if record.message_id:
        msg["In-Reply-To"] = record.message_id
        msg["References"] = record.message_id
    msg["Message-ID"] = make_msgid(domain="draft.nextround.invalid")
    msg["X-Unsent"] = "1"  # mail clients open it as a draft to edit and send
    msg.set_content(draft.body)
    return msg.as_bytes(policy=SMTP)


def as_text(draft: ReplyDraft) -> str:
    """The draft as a plain-text file: subject line, blank line, body."""
    head = f"Subject: {draft.subject}\n\n" if draft.subject else ""
    return head + draft.body + "\n"


def write_draft(draft: ReplyDraft, record: FeedbackRecord, folder: Path, candidate: str) -> Path:
    """Write ``<id>-<kind>.txt`` (and ``.eml`` for replies to emails) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record.id}-{draft.kind}.txt"
    path.write_text(as_text(draft), encoding="utf-8")
    if record.format == "email" and draft.kind != "linkedin_note":
        (folder / f"{record.id}-{draft.kind}.eml").write_bytes(to_eml(draft, record, candidate))
    return path
