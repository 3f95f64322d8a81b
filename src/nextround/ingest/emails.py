"""Email files: single messages (``.eml``) and mailboxes (``.mbox``).

The body is the ``text/plain`` part when there is one, else the HTML part
converted to text; quoted-printable, base64 and declared charsets are
handled by the standard library's email package, with fallbacks for
unknown charsets.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
import re
from collections.abc import Iterator
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parseaddr
from pathlib import Path

from nextround.errors import InputError
from nextround.ingest.decode import decode_payload, html_to_text, looks_binary
from nextround.ingest.fields import parse_date
from nextround.ingest.raw import RawItem
from nextround.models import SkippedInput

_HEADER_START = re.compile(rb"^(From [^\n]*|[A-Za-z0-9][A-Za-z0-9-]*:[^\n]*)\r?\n")
# Headers that mark mail sent to many (newsletters, alerts), read by triage.
_BULK_HEADERS = ("List-Unsubscribe", "List-Id", "Precedence", "Auto-Submitted", "X-Gmail-Labels")
_KNOWN_HEADERS = ("from", "to", "subject", "date", "message-id", "mime-version", "content-type")


def _header(msg: Message, name: str) -> tuple[str, str | None]:
    """A header's text with encoded words decoded, and a warning when it cannot be read."""
    try:
        value = msg.get(name)
    except Exception as exc:  # the email package raises assorted errors on bad headers
        return "", f"malformed {name} header ({type(exc).__name__}); ignored"
    if value is None:
        return "", None
    raw = str(value)
    try:
        text = str(make_header(decode_header(raw)))
    except Exception:  # a broken encoded word: keep the header as it is
        return " ".join(raw.split()), f"malformed {name} header: undecodable encoded word"
    return " ".join(text.split()), None


def _body(msg: Message) -> str | None:
    """The first text/plain part that is not an attachment, else the first text/html."""
    found: dict[str, Message] = {}
    for part in msg.walk():
        if part.is_multipart():
            continue
        if str(part.get("Content-Disposition", "")).lower().startswith("attachment"):
            continue
        ctype = part.get_content_type()
        if ctype in ("text/plain", "text/html"):
            found.setdefault(ctype, part)
    chosen = found.get("text/plain") or found.get("text/html")
    if chosen is None:
        return None
    payload = chosen.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = chosen.get_payload()
        text = raw if isinstance(raw, str) else ""
    else:
        text = decode_payload(payload, chosen.get_content_charset())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return html_to_text(text) if chosen.get_content_type() == "text/html" else text


def parse_message(data: bytes, source: str) -> RawItem:
    """One email message (raw bytes) as a :class:`RawItem`."""
    if looks_binary(data):
        raise InputError("binary file, not an email")
    stripped = data.lstrip(b"\r\n\t ")
    if not _HEADER_START.match(stripped):
        raise InputError("malformed email: it does not start with a header block")
    # compat32 parses about ten times faster than email.policy.default, which matters
    # for a whole mailbox; headers are decoded by _header, bodies found by _body.
    msg = email.message_from_bytes(stripped, policy=email.policy.compat32)
    present = [k.lower() for k in msg]
    if not any(k in _KNOWN_HEADERS for k in present):
        raise InputError(
            "malformed email headers: none of From, To, Subject, Date, Content-Type found"
        )
    warnings: list[str] = []
    values: dict[str, str] = {}
    for name in ("From", "To", "Cc", "Subject", "Date", "Message-ID"):
        value, warning = _header(msg, name)
        values[name] = value
        if warning:
            warnings.append(warning)
    try:
        body = _body(msg)
    except Exception as exc:  # a broken MIME structure must not end the batch
        raise InputError(f"cannot decode email body: {type(exc).__name__}: {exc}") from exc
    if body is None:
        raise InputError("email has no text body (only attachments or non-text parts)")
    if not body.strip():
        raise InputError("email body is empty")
    sender_name, sender_email = parseaddr(values["From"])
    names = [sender_name] if sender_name else []
    for name, _addr in getaddresses([values["To"], values["Cc"]]):
        if name:
            names.append(name)
    date = parse_date(values["Date"]) if values["Date"] else None
    headers = {}
    for name in _BULK_HEADERS:
        value, _warning = _header(msg, name)
        if value:
            headers[name] = value
    if values["Date"] and date is None:
        warnings.append(f"unrecognised Date header {values['Date']!r}; date left empty")
    return RawItem(
        source=source,
        text=body.strip("\n"),
        kind="email",
        subject=values["Subject"],
        sender=sender_name,
        sender_email=sender_email.lower(),
        message_id=values["Message-ID"],
        date=date,
        names=names,
        headers=headers,
        warnings=warnings,
    )


def read_eml(path: Path, source: str) -> Iterator[RawItem]:
    """One :class:`RawItem` for an ``.eml`` file (its name is a hint for metadata)."""
    item = parse_message(path.read_bytes(), source)
    item.hint = path.stem
    yield item


def read_mbox(path: Path, source: str) -> Iterator[RawItem | SkippedInput]:
    """One item per message in an mbox; a bad message is skipped, not the mailbox."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head.lstrip().startswith(b"From "):
        if looks_binary(head):
            raise InputError("binary file, not a mailbox")
        raise InputError("not an mbox mailbox: it does not start with a 'From ' line")
    box = mailbox.mbox(str(path), create=False)
    try:
        for number, key in enumerate(box.iterkeys(), start=1):
            item_source = f"{source}#{number}"
            try:
                # mboxrd: writers escape body lines starting "From " as ">From "
                data = re.sub(rb"(?m)^>(>*From )", rb"\1", box.get_bytes(key))
                yield parse_message(data, item_source)
            except InputError as exc:
                yield SkippedInput(source=item_source, reason=exc.reason)
    finally:
        box.close()
