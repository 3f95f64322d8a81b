"""The raw item a reader produces, before cleaning and annotation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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
