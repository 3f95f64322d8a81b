"""Reply drafts put in a mail account's Drafts folder, flagged ``\\Draft``, never sent.

There is no SMTP anywhere in nextround: a draft is APPENDed to the Drafts folder
(the folder LIST marks ``\\Drafts``, else the one named "Drafts" or
"INBOX.Drafts") and waits there for you to edit, address and send it from your
mail client. Nothing else in the account is touched.

The message is the one ``reply --eml`` writes (:func:`~nextround.replies.eml.to_message`:
headers built from checked values only, no ``From:`` or ``To:``), with a
``Date`` and a Message-ID that is the same every time for one record and kind
(:func:`draft_message_id`). Before each APPEND the Drafts folder is searched for
that Message-ID, so running the same command twice puts each draft there once.
A reply to a message is threaded to it: ``In-Reply-To`` and ``References`` name
the original, and the subject is ``Re:`` and the original's subject when that
passes the checks every value in a draft passes (else ``Re:`` and the draft's own).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.errors import MessageError
from email.utils import formatdate
from pathlib import Path
from typing import Any

from imap_tools import AND, BaseMailBox, Header, MailboxAppendError, MailMessageFlags

from nextround.errors import MailError
from nextround.mail.account import MailAccess, MailAccount, open_mailbox
from nextround.models import FeedbackRecord, ReplyDraft, SkippedInput
from nextround.replies.eml import to_message
from nextround.replies.registry import DraftRegistry
from nextround.replies.replier import Replier
from nextround.replies.slots import check_slot
from nextround.textnorm import one_line

#: The right-hand side of every draft's Message-ID (``.invalid`` is never a real domain).
DRAFT_DOMAIN = "draft.nextround.invalid"
#: Folder names tried, in order, when no folder is marked ``\Drafts``.
DRAFTS_NAMES = ("Drafts", "INBOX.Drafts", "INBOX/Drafts")
_REPLY_PREFIX = re.compile(r"^(?:\s*(?:re|fwd?|aw|wg|sv|vs|tr)\s*(?:\[\d+\])?\s*:\s*)+", re.I)


def draft_message_id(record_id: str, kind: str) -> str:
    """The Message-ID of the ``kind`` reply to ``record_id``: the same on every run.

    >>> draft_message_id("3f9a1c0b2d4e", "thank_you")
    '<3f9a1c0b2d4e.thank_you@draft.nextround.invalid>'
    """
    return f"<{record_id}.{kind}@{DRAFT_DOMAIN}>"


@dataclass(frozen=True)
class PlacedDraft:
    """A draft as it is in the Drafts folder."""

    draft: ReplyDraft
    message_id: str
    subject: str
    threaded: bool  # In-Reply-To and References name the original message

    def as_dict(self) -> dict[str, Any]:
        return {
            "feedback_id": self.draft.feedback_id,
            "kind": self.draft.kind,
            "message_id": self.message_id,
            "subject": self.subject,
            "threaded": self.threaded,
        }


@dataclass
class DraftsUpload:
    """What one run put in a mail account's Drafts folder. Nothing was sent."""

    account: str  # imap://USER@HOST, never with a password
    folder: str = ""  # the Drafts folder
    appended: list[PlacedDraft] = field(default_factory=list)
    already_there: list[PlacedDraft] = field(default_factory=list)  # same Message-ID found
    failed: list[SkippedInput] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The shape ``reply --to-drafts --json`` prints."""
        return {
            "account": self.account,
            "folder": self.folder,
            "appended": [p.as_dict() for p in self.appended],
            "already_there": [p.as_dict() for p in self.already_there],
            "failed": [f.model_dump() for f in self.failed],
        }


def reply_subject(draft: ReplyDraft, record: FeedbackRecord) -> str:
    """``Re: <the original's subject>`` when it passes the draft checks, else ``Re: <draft's>``."""
    original = _REPLY_PREFIX.sub("", one_line(record.subject))
    checked = check_slot("subject", original)
    return f"Re: {checked.value or one_line(draft.subject) or 'Thank you'}"


def draft_message(draft: ReplyDraft, record: FeedbackRecord) -> tuple[bytes, PlacedDraft]:
    """The message to APPEND for ``draft``, and how it will look in the Drafts folder."""
    message_id = draft_message_id(record.id, draft.kind)
    msg = to_message(draft, record, message_id=message_id)
    threaded = "In-Reply-To" in msg
    if threaded:
        del msg["Subject"]
        msg["Subject"] = reply_subject(draft, record)
    msg["Date"] = formatdate(localtime=True)
    placed = PlacedDraft(draft, message_id, str(msg["Subject"]), threaded)
    return msg.as_bytes(), placed


def drafts_folder(box: BaseMailBox, account: MailAccount) -> str:
    """The account's Drafts folder: the one LIST marks ``\\Drafts``, else one by its name."""
    folders = box.folder.list()
    for info in folders:
        if any(flag.casefold() == "\\drafts" for flag in info.flags):
            return info.name
    names = {info.name.casefold(): info.name for info in folders}
    for wanted in DRAFTS_NAMES:
        if wanted.casefold() in names:
            return names[wanted.casefold()]
    raise MailError(
        f"{account.user} at {account.host} has no Drafts folder (none is marked \\Drafts or "
        f"named {' or '.join(DRAFTS_NAMES)}); create one in your mail client and run again"
    )


def put_drafts(
    account: MailAccount,
    password: str,
    drafts: Sequence[tuple[ReplyDraft, FeedbackRecord]],
    access: MailAccess | None = None,
) -> DraftsUpload:
    """APPEND each draft to the Drafts folder (``\\Draft``, ``\\Seen``) unless it is there.

    A draft whose message cannot be built or stored is listed in ``failed``; the
    others go on.
    """
    with open_mailbox(account, password, access) as box:
        return _put(box, account, drafts_folder(box, account), drafts)


def _put(
    box: BaseMailBox,
    account: MailAccount,
    folder: str,
    drafts: Sequence[tuple[ReplyDraft, FeedbackRecord]],
) -> DraftsUpload:
    upload = DraftsUpload(account=account.address, folder=folder)
    # SEARCH needs a selected folder; EXAMINE selects it without allowing any change
    box.folder.set(folder, readonly=True)
    for draft, record in drafts:
        try:
            data, placed = draft_message(draft, record)
        except (ValueError, UnicodeError, MessageError) as exc:
            reason = f"no draft built: {type(exc).__name__}: {exc}"
            upload.failed.append(SkippedInput(source=record.id, reason=reason))
            continue
        if box.uids(AND(header=Header("Message-ID", placed.message_id))):
            upload.already_there.append(placed)
            continue
        try:
            box.append(data, folder, flag_set=[MailMessageFlags.DRAFT, MailMessageFlags.SEEN])
        except MailboxAppendError as exc:
            reason = f"the server did not store the draft: {exc.command_result[1]!r}"
            upload.failed.append(SkippedInput(source=record.id, reason=reason))
            continue
        upload.appended.append(placed)
    return upload


def mail_registry(home: Path, profile: str, account: MailAccount) -> DraftRegistry:
    """Which records already had a draft put in ``account``'s Drafts folder, per profile."""
    tag = hashlib.sha256(account.address.encode("utf-8")).hexdigest()[:10]
    return DraftRegistry(home / "drafts" / "mail" / f"{profile}-{tag}.json")


def put_pending(
    account: MailAccount,
    password: str,
    replier: Replier,
    records: Iterable[FeedbackRecord],
    registry: DraftRegistry,
    access: MailAccess | None = None,
) -> DraftsUpload:
    """A draft in Drafts for every record ``registry`` does not list, then remember them.

    The kind is :meth:`Replier.kind_for`. A draft you later send or delete is not
    put back: the registry remembers it. A record whose draft cannot be made or
    stored is listed in ``failed`` and tried again next time.
    """
    drafts: list[tuple[ReplyDraft, FeedbackRecord]] = []
    failed: list[SkippedInput] = []
    # connected first: a wrong password or a missing Drafts folder is said before any drafting
    with open_mailbox(account, password, access) as box:
        folder = drafts_folder(box, account)
        for record in records:
            if record.id in registry:
                continue
            kind = replier.kind_for(record)
            try:
                drafts.append((replier.draft(record, kind), record))
            except (ValueError, UnicodeError, MessageError) as exc:
                reason = f"no {kind.replace('_', ' ')} drafted: {type(exc).__name__}: {exc}"
                failed.append(SkippedInput(source=record.id, reason=reason))
        upload = _put(box, account, folder, drafts)
    upload.failed[:0] = failed
    for placed in [*upload.appended, *upload.already_there]:
        registry.add(placed.draft.feedback_id, placed.draft.kind)
    registry.save()
    return upload
