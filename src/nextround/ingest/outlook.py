"""Outlook messages (``.msg``), read with extract-msg into the fields an ``.eml`` fills.

Sender, subject, date, Message-ID, the people it was sent to and the body (plain
text, else HTML as text) become one e-mail item, as :func:`nextround.ingest.emails.
read_eml` makes of a saved message; headers that mark bulk mail are kept for
triage when the message carries its transport headers. Contacts, tasks, notes and
journal entries saved as ``.msg`` are not messages and are not read.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING

from nextround.errors import InputError
from nextround.ingest.decode import decode_payload, html_to_text
from nextround.ingest.documents import quiet_logger
from nextround.ingest.emails import BULK_HEADERS
from nextround.ingest.fields import parse_date
from nextround.ingest.raw import RawItem

if TYPE_CHECKING:
    from extract_msg.msg_classes import MessageBase

#: Every .msg file (an OLE2 compound file) starts with these bytes.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _open(data: bytes) -> MessageBase:
    """The parsed message, or :class:`InputError` for what is not one."""
    if not data.startswith(OLE_MAGIC):
        # Checked here: given bytes that are not an OLE file, extract-msg would take
        # them for a file name and open that.
        raise InputError("not an Outlook message (.msg): not an OLE2 compound file")
    quiet_logger("extract_msg")
    import extract_msg
    from extract_msg.msg_classes import CalendarBase, Message, MessageSignedBase, Post

    try:
        msg = extract_msg.openMsg(io.BytesIO(data), delayAttachments=True)
    except Exception as exc:  # olefile and extract-msg raise assorted errors on damage
        raise InputError(f"damaged Outlook message: {type(exc).__name__}: {exc}") from exc
    # meeting requests are mail too (an interview invitation); contacts and tasks are not
    if not isinstance(msg, Message | MessageSignedBase | Post | CalendarBase):
        kind = type(msg).__name__
        msg.close()
        raise InputError(f"Outlook item is a {kind}, not a message; not read")
    return msg


def _body(msg: MessageBase) -> str:
    """The plain-text body, else the HTML body as text."""
    body = msg.body
    if body and body.strip():
        return str(body)
    markup = msg.htmlBody
    if markup:
        return html_to_text(decode_payload(markup, None))
    return ""


def _date(msg: MessageBase, header_date: str) -> dt.date | None:
    if header_date:
        return parse_date(header_date)
    sent = msg.date or msg.receivedTime
    return sent.date() if isinstance(sent, dt.datetime) else None


def parse_msg(data: bytes, source: str) -> RawItem:
    """One Outlook message (the bytes of a ``.msg`` file) as an e-mail :class:`RawItem`."""
    msg = _open(data)
    try:
        header = msg.header  # the transport headers, or ones made from the properties
        header_date = " ".join(str(header.get("Date") or "").split())
        body = _body(msg).replace("\r\n", "\n").replace("\r", "\n").strip("\n")
        sender = " ".join(str(msg.sender or "").split())
        recipients = [str(msg.to or ""), str(msg.cc or "")]
        values = {
            "subject": " ".join(str(msg.subject or "").split()),
            "message_id": str(msg.messageId or "").strip(),
        }
        date = _date(msg, header_date)
        headers = {
            name: " ".join(str(header[name]).split()) for name in BULK_HEADERS if header[name]
        }
    except InputError:
        raise
    except Exception as exc:  # a damaged stream surfaces when it is read
        raise InputError(f"damaged Outlook message: {type(exc).__name__}: {exc}") from exc
    finally:
        msg.close()
    if not body.strip():
        raise InputError("Outlook message has no text body")
    sender_name, sender_email = parseaddr(sender)
    names = [sender_name] if sender_name else []
    # Outlook separates recipients with semicolons
    names += [n for n, _ in getaddresses([r.replace(";", ",") for r in recipients]) if n]
    warnings = []
    if header_date and date is None:
        warnings.append(f"unrecognised Date header {header_date!r}; date left empty")
    return RawItem(
        source=source,
        text=body,
        kind="email",
        subject=values["subject"],
        sender=sender_name,
        sender_email=sender_email.lower(),
        message_id=values["message_id"],
        date=date,
        names=names,
        headers=headers,
        warnings=warnings,
    )


def read_msg(path: Path, source: str, *, data: bytes) -> Iterator[RawItem]:
    """One e-mail item for an Outlook ``.msg`` file (``data``: its bytes)."""
    item = parse_msg(data, source)
    item.hint = path.stem
    yield item
