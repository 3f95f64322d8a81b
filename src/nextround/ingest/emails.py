"""Email files: single messages (``.eml``) and mailboxes (``.mbox``).

The body is the message's inline ``text/plain`` parts, in order, else its HTML
parts converted to text; quoted-printable, base64 and declared charsets are
handled by the standard library's email package, with fallbacks for unknown
charsets. A part that decodes to binary data is not read, and a warning (or,
when nothing else is left, the reason the message is skipped) says so.
"""

from __future__ import annotations

import email
import email.policy
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
from nextround.limits import MAX_TEXT_PARTS
from nextround.models import SkippedInput

_HEADER_START = re.compile(rb"^(From [^\n]*|[A-Za-z0-9][A-Za-z0-9-]*:[^\n]*)\r?\n")
# Headers that mark mail sent to many (newsletters, alerts) or say where the mailbox
# filed it (Gmail's labels in a Takeout mbox), kept on the item for triage.
BULK_HEADERS = ("List-Unsubscribe", "List-Id", "Precedence", "Auto-Submitted", "X-Gmail-Labels")
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


def _text_parts(msg: Message) -> list[tuple[Message, bool]]:
    """Every text/plain and text/html part that is not an attachment, in order, each
    with whether it sits inside an attached message (a forward sent as a file)."""
    found: list[tuple[Message, bool]] = []

    def visit(part: Message, nested: bool) -> None:
        if part.is_multipart():
            inner = nested or (part is not msg and part.get_content_maintype() == "message")
            for sub in part.get_payload():
                if isinstance(sub, Message):
                    visit(sub, inner)
            return
        if str(part.get("Content-Disposition", "")).lower().startswith("attachment"):
            return
        if part.get_content_type() in ("text/plain", "text/html"):
            found.append((part, nested))

    visit(msg, False)
    return found


def _part_text(part: Message) -> str | None:
    """One part's text, or None when its decoded bytes are binary data."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        text = raw if isinstance(raw, str) else ""
    elif looks_binary(payload):
        return None
    else:
        text = decode_payload(payload, part.get_content_charset())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def _body(msg: Message) -> tuple[str | None, list[str]]:
    """The message's text and what was not read of it.

    The text is its inline text/plain parts, in order (a message split around
    images has several), up to :data:`~nextround.limits.MAX_TEXT_PARTS`; without
    any, its HTML parts as text. Parts of a message attached to it count only
    when it has no text of its own. Parts that decode to binary data are not read.
    """
    parts = _text_parts(msg)
    own = [p for p, nested in parts if not nested]
    pool = own or [p for p, _ in parts][:1]
    chosen = [p for p in pool if p.get_content_type() == "text/plain"]
    chosen = chosen or [p for p in pool if p.get_content_type() == "text/html"]
    if not chosen:
        return None, []
    kind = chosen[0].get_content_type()
    notes: list[str] = []
    if len(chosen) > MAX_TEXT_PARTS:
        notes.append(
            f"email has {len(chosen)} {kind} parts; the first {MAX_TEXT_PARTS} were read, "
            f"{len(chosen) - MAX_TEXT_PARTS} were not"
        )
    texts: list[str] = []
    binary: list[int] = []
    for number, part in enumerate(chosen[:MAX_TEXT_PARTS], start=1):
        text = _part_text(part)
        if text is None:
            binary.append(number)
        elif text.strip():
            texts.append(text.strip("\n"))
    if binary:
        which = "its" if len(chosen) == 1 else f"{len(binary)} of its {len(chosen)}"
        plural = "part" if len(chosen) == 1 else "parts"
        what = f"{which} {kind} {plural} decoded to binary data, not text"
        if not texts:
            raise InputError(f"email has no readable text: {what}")
        notes.append(f"{what}; not read")
    return "\n\n".join(texts), notes


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
        body, unread = _body(msg)
    except InputError:
        raise
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
    for name in BULK_HEADERS:
        value, _warning = _header(msg, name)
        if value:
            headers[name] = value
    if values["Date"] and date is None:
        warnings.append(f"unrecognised Date header {values['Date']!r}; date left empty")
    warnings.extend(unread)
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


def read_eml(path: Path, source: str, *, data: bytes | None = None) -> Iterator[RawItem]:
    """One :class:`RawItem` for an ``.eml`` file (its name is a hint for metadata)."""
    item = parse_message(path.read_bytes() if data is None else data, source)
    item.hint = path.stem
    yield item


_FROM_LINE = re.compile(rb"^From [^\n]*(?:\n|\Z)", re.MULTILINE)
# "From jo@x.example Thu Mar  5 10:12:00 2026", "From - Thu Mar 05 10:12:00 2026"
_ENVELOPE = re.compile(rb"From \S+ +[A-Z][a-z]{2} +[A-Z][a-z]{2} +\d{1,2} +\d{1,2}:\d{2}")
_FIELD = re.compile(rb"[!-9;-~]+[ \t]*:")
_ENVELOPE_HEADERS = frozenset(
    [b"from", b"to", b"subject", b"date", b"message-id", b"received", b"return-path"]
)


def _header_block(data: bytes, start: int) -> bool:
    """Whether a mail header block begins at ``start``: fields (one of them a
    header every message has) and their continuation lines, then a blank line."""
    lines = data[start : start + 65536].split(b"\n")[:-1]
    known = False
    for index, line in enumerate(lines):
        if index and not line.rstrip(b"\r"):
            return known
        field = _FIELD.match(line)
        if field:
            name = field.group().rstrip(b": \t").lower()
            known = known or name in _ENVELOPE_HEADERS
        elif not (index and line.startswith((b" ", b"\t"))):
            return False
    return False


def split_mbox(data: bytes) -> list[bytes]:
    """The messages of an mbox mailbox, each without its ``From`` line.

    A message starts at the first line, and at each later ``From `` line that
    follows a blank line and is either a mail envelope line (sender and date) or
    followed by a header block. Any other ``From `` line is the body's own text, which
    writers that do not escape it (as ``>From ``) leave in place. Escaped lines
    are unescaped.
    """
    starts: list[tuple[int, int]] = []
    for m in _FROM_LINE.finditer(data):
        at = m.start()
        if starts and not (
            data.endswith((b"\n\n", b"\n\r\n"), 0, at)
            and (_ENVELOPE.match(data, at) or _header_block(data, m.end()))
        ):
            continue
        starts.append((at, m.end()))
    messages = []
    for index, (_, body_start) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(data)
        message = data[body_start:end]
        if index + 1 < len(starts):  # the blank line before the next "From " line
            message = message.removesuffix(b"\n").removesuffix(b"\r")
        messages.append(re.sub(rb"(?m)^>(>*From )", rb"\1", message))
    return messages


def read_mbox(
    path: Path, source: str, *, data: bytes | None = None
) -> Iterator[RawItem | SkippedInput]:
    """One item per message in an mbox; a bad message is skipped, not the mailbox."""
    if data is None:
        data = path.read_bytes()
    data = data.lstrip()
    if not data.startswith(b"From "):
        if looks_binary(data[:4096]):
            raise InputError("binary file, not a mailbox")
        raise InputError("not an mbox mailbox: it does not start with a 'From ' line")
    for number, message in enumerate(split_mbox(data), start=1):
        item_source = f"{source}#{number}"
        try:
            yield parse_message(message, item_source)
        except InputError as exc:
            yield SkippedInput(source=item_source, reason=exc.reason)
