"""The raw item a reader produces, before cleaning and annotation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from nextround.limits import MAX_RECORD_CHARS


@dataclass
class RawItem:
    """One piece of feedback as a reader found it.

    ``text`` is the original content (an email body, a whole note, a cell);
    ``body`` is the part that holds feedback (a note without its front
    matter). Metadata fields hold what the container said explicitly
    (headers, columns, front matter); the text is consulted later for the rest.
    """

    source: str
    text: str
    kind: str  # "email" | "note" | "row"
    body: str = ""
    company: str = ""
    role: str = ""
    stage: str = ""
    date: dt.date | None = None
    interviewer: str = ""
    subject: str = ""
    sender: str = ""
    sender_email: str = ""
    message_id: str = ""
    hint: str = ""  # extra text for metadata only, e.g. the file name
    names: list[str] = field(default_factory=list)  # people named in metadata
    headers: dict[str, str] = field(default_factory=dict)  # bulk-mail headers, for triage
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.body:
            self.body = self.text

    def cap(self, limit: int = MAX_RECORD_CHARS) -> None:
        """Keep the first ``limit`` characters of the text, with a warning when cut."""
        if len(self.body) <= limit and len(self.text) <= limit:
            return
        length = max(len(self.body), len(self.text))
        self.body = cut_text(self.body, limit)
        self.text = cut_text(self.text, limit)
        self.warnings.append(
            f"text is {length:,} characters long; only the first {limit:,} were read "
            "(the rest is not stored or searched)"
        )


def cut_text(text: str, limit: int) -> str:
    """``text`` up to ``limit`` characters, ending at a line or word break when one is near."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    for brk in ("\n", " "):
        at = head.rfind(brk)
        if at >= limit * 0.9:
            return head[:at].rstrip()
    return head
