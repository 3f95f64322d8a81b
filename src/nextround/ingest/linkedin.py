"""LinkedIn's data export: ``messages.csv``, recognised by its header.

Its columns are ``CONVERSATION ID, CONVERSATION TITLE, FROM, SENDER PROFILE URL, TO,
RECIPIENT PROFILE URLS, DATE, SUBJECT, CONTENT, FOLDER`` (newer exports add a few).
Each conversation becomes one message-like item (source ``messages.csv#<conversation
id>``) that holds what the other party wrote, in date order, blank lines between
messages; its sender is that party, its date that of their last message.

Why one item per conversation, and only their side: feedback on LinkedIn often runs
over several messages ("Thanks for your time." then "The panel felt ..."), which one
item per message would cut into pieces and pad with one-line pleasantries; the
account owner's own messages are not feedback, and kept in the text they would be
quoted as if they were, and their name read as the interviewer's.

The account owner is not named in the export: it is the participant found in the
most conversations (with a single conversation, the one who received the most
messages).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nextround.errors import InputError
from nextround.ingest.decode import decode_text, html_to_text
from nextround.ingest.fields import parse_date
from nextround.ingest.raw import RawItem
from nextround.models import SkippedInput

#: Columns every LinkedIn messages export has; a CSV whose header holds them all is one.
COLUMNS = ("CONVERSATION ID", "FROM", "SENDER PROFILE URL", "TO", "DATE", "CONTENT")
_TAG = re.compile(r"</?(?:p|br|div|span|a|b|i|u|strong|em|ul|ol|li|table|tr|td)\b[^>]*>", re.I)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass
class _Message:
    name: str
    key: str  # who sent it: the profile URL, else the name
    to: list[str]  # who received it, as keys
    when: str
    subject: str
    content: str


@dataclass
class _Conversation:
    title: str = ""
    messages: list[_Message] = field(default_factory=list)


def is_linkedin_messages(data: bytes) -> bool:
    """Whether a CSV's first line is the header of LinkedIn's ``messages.csv``."""
    first = data[:4096].decode("utf-8-sig", errors="replace").split("\n", 1)[0]
    names = {c.strip().strip('"').upper() for c in first.split(",")}
    return all(c in names for c in COLUMNS)


def _content(value: str) -> str:
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return html_to_text(text) if _TAG.search(text) else text.strip()


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


def _rows(text: str, source: str) -> Iterator[dict[str, str] | SkippedInput]:
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().upper() for h in next(reader, [])]
    while True:
        line = reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield SkippedInput(source=f"{source}#line{line + 1}", reason=f"unreadable row: {exc}")
            if reader.line_num == line:
                return  # the reader cannot move past it
            continue
        if any(cell.strip() for cell in row):
            yield dict(zip(header, row, strict=False))


def _conversations(text: str, source: str) -> tuple[dict[str, _Conversation], list[SkippedInput]]:
    found: dict[str, _Conversation] = {}
    skipped: list[SkippedInput] = []
    for row in _rows(text, source):
        if isinstance(row, SkippedInput):
            skipped.append(row)
            continue
        ident = row.get("CONVERSATION ID", "").strip()
        content = _content(row.get("CONTENT", ""))
        if not ident or not content or row.get("IS MESSAGE DRAFT", "").lower() in ("yes", "true"):
            continue  # no conversation, an attachment alone, or never sent
        name = " ".join(row.get("FROM", "").split())
        url = row.get("SENDER PROFILE URL", "").strip()
        urls = row.get("RECIPIENT PROFILE URLS", "").replace(",", " ").split()
        by_url = bool(url and urls)  # people are told apart by URL, else by name
        message = _Message(
            name=name,
            key=url if by_url else name,
            to=urls if by_url else _split(row.get("TO", "")),
            when=row.get("DATE", "").strip(),
            subject=" ".join(row.get("SUBJECT", "").split()),
            content=content,
        )
        conversation = found.setdefault(ident, _Conversation())
        conversation.title = conversation.title or " ".join(
            row.get("CONVERSATION TITLE", "").split()
        )
        conversation.messages.append(message)
    return found, skipped


def account_owner(conversations: list[_Conversation]) -> str:
    """The participant (a profile URL, else a name) found in the most conversations;
    among equals, the one who received the most messages."""
    present: Counter[str] = Counter()
    received: Counter[str] = Counter()
    for conversation in conversations:
        people: set[str] = set()
        for message in conversation.messages:
            people.add(message.key)
            people.update(message.to)
            received.update(message.to)
        present.update(people)
    if not present:
        return ""
    return max(present, key=lambda key: (present[key], received[key]))


def _item(ident: str, conversation: _Conversation, owner: str, source: str) -> RawItem | None:
    messages = sorted(
        conversation.messages, key=lambda m: m.when if _ISO.match(m.when) else ""
    )  # the export lists the newest first
    theirs = [m for m in messages if m.key != owner]
    if not theirs:
        return None
    last = theirs[-1]
    subject = next((m.subject for m in messages if m.subject), conversation.title)
    text = "\n\n".join(m.content for m in theirs)
    names = list(dict.fromkeys(m.name for m in messages if m.name))
    item = RawItem(
        source=f"{source}#{ident}",
        text=text,
        kind="email",  # a message from someone, sorted by triage as strictly as mail
        subject=subject,
        sender=last.name,
        date=parse_date(last.when),
        names=names,
    )
    if last.when and item.date is None:
        item.warnings.append(f"unrecognised DATE {last.when!r}; date left empty")
    return item


def read_linkedin_messages(
    path: Path, source: str, *, data: bytes
) -> Iterator[RawItem | SkippedInput]:
    """One item per conversation of LinkedIn's ``messages.csv`` (``data``: its bytes)."""
    text = decode_text(data)
    conversations, skipped = _conversations(text, source)
    yield from skipped
    if not conversations:
        raise InputError("LinkedIn messages export holds no messages")
    owner = account_owner(list(conversations.values()))
    for ident, conversation in conversations.items():
        item = _item(ident, conversation, owner, source)
        if item is None:
            yield SkippedInput(
                source=f"{source}#{ident}",
                reason="only your own messages in this LinkedIn conversation; not read",
            )
        else:
            yield item
