"""Drafts as files: plain text, and ``.eml`` for the user's mail client, never sent.

Every header is built by the ``email`` package from checked values: the
subject the draft was built with (never the original's) and the original
Message-ID only when it is a well-formed message id. There are no ``From:`` or
``To:`` headers: nextround keeps no addresses, and the mail client fills them
in (the account, and the person replying to the original message).
"""

from __future__ import annotations

import re
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import make_msgid
from pathlib import Path

from nextround.models import FeedbackRecord, ReplyDraft
from nextround.textnorm import one_line

_MSG_ID = re.compile(r"<[!-;=?-~]{1,200}@[!-;=?-~]{1,200}>")  # printable ASCII, no < > or space


def to_eml(draft: ReplyDraft, record: FeedbackRecord) -> bytes:
    """An unsent message: a reply in the original's thread when there was one."""
    return to_message(draft, record).as_bytes()


def to_message(
    draft: ReplyDraft, record: FeedbackRecord, *, message_id: str | None = None
) -> EmailMessage:
    """The message :func:`to_eml` writes; ``message_id`` (``<…@…>``) instead of a new one."""
    msg = EmailMessage(policy=SMTP)
    msg["Subject"] = one_line(draft.subject) or "Thank you"
    original = record.message_id.strip()
    if is_message_id(original):
        msg["In-Reply-To"] = original
        msg["References"] = original
    msg["Message-ID"] = message_id or make_msgid(domain="draft.nextround.invalid")
    msg["X-Unsent"] = "1"  # mail clients open it as a draft to edit and send
    msg.set_content(draft.body)
    return msg


def is_message_id(value: str) -> bool:
    """Whether ``value`` is a well-formed message id (printable ASCII ``<left@right>``)."""
    return _MSG_ID.fullmatch(value) is not None


def as_text(draft: ReplyDraft) -> str:
    """The draft as a plain-text file: subject line, blank line, body."""
    head = f"Subject: {one_line(draft.subject)}\n\n" if draft.subject else ""
    return head + draft.body + "\n"


def write_draft(draft: ReplyDraft, record: FeedbackRecord, folder: Path) -> Path:
    """Write ``<id>-<kind>.txt`` (and ``.eml`` for replies to emails) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record.id}-{draft.kind}.txt"
    path.write_text(as_text(draft), encoding="utf-8")
    if record.format == "email" and draft.kind != "linkedin_note":
        (folder / f"{record.id}-{draft.kind}.eml").write_bytes(to_eml(draft, record))
    return path


def write_reply(
    draft: ReplyDraft,
    record: FeedbackRecord,
    *,
    text: Path | None = None,
    eml: Path | None = None,
) -> list[Path]:
    """Write one draft to the files asked for: ``text`` (:func:`as_text`), ``eml`` (:func:`to_eml`).

    Returns the paths written, in that order.
    """
    written = []
    if text is not None:
        text.write_text(as_text(draft), encoding="utf-8")
        written.append(text)
    if eml is not None:
        eml.write_bytes(to_eml(draft, record))
        written.append(eml)
    return written
