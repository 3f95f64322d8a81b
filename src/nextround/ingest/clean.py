"""Cleaning message text: what the sender wrote, without the wrapping.

Removes quoted replies (``On … wrote:`` and ``>`` lines, Outlook's
``Original Message`` blocks), unwraps forwarded messages, and drops
signatures and legal footers. What was removed is kept in
:class:`Cleaned` so duplicates can be recognised by their quoted or
forwarded copies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_FORWARD_MARKER = re.compile(
    r"^[ \t]*(?:-{2,}[ \t]*(?:Forwarded message|Weitergeleitete Nachricht|Mensaje reenviado|"
    r"Message transféré)[ \t]*-{2,}|Begin forwarded message:)"
    r"[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_FWD_HEADER = re.compile(
    r"^[ \t]*(From|Von|De|Date|Datum|Fecha|Sent|Gesendet|Enviado|Envoyé|Subject|Betreff|"
    r"Asunto|Objet|To|An|Para|À|Cc):[ \t]*(.*)$",
    re.IGNORECASE,
)
_QUOTE_INTRO = re.compile(
    r"^[ \t]*(?:On\b.{4,300}?\bwrote|El\b.{4,300}?\bescribió|Am\b.{4,300}?\bschrieb|"
    r"Le\b.{4,300}?\ba écrit)[ \t]*:[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
_ORIGINAL_MESSAGE = re.compile(
    r"^[ \t]*-{2,}[ \t]*(?:Original Message|Ursprüngliche Nachricht|Mensaje original|"
    r"Message d'origine)[ \t]*-{2,}[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_OUTLOOK_QUOTE = re.compile(
    r"^[ \t]*From:[ \t]*.+\n[ \t]*(?:Sent|Date):[ \t]*.+\n(?:[ \t]*(?:To|Cc|Subject):.*\n)*",
    re.MULTILINE,
)
_SIGN_OFF = re.compile(
    r"^[ \t]*(?:best|best regards|best wishes|kind regards|warm regards|warmest regards|"
    r"regards|many thanks|thanks|thanks again|thank you|thank you again|cheers|sincerely|"
    r"sincerely yours|yours sincerely|yours truly|warmly|all the best|with appreciation|"
    r"respectfully|take care|talk soon|saludos|un saludo|atentamente|cordialmente|"
    r"saludos cordiales|un abrazo|viele grüße|beste grüße|mit freundlichen grüßen|"
    r"liebe grüße|freundliche grüße|cordialement|bien à vous|bien cordialement|"
    r"amicalement|merci|—|--)[ \t]*[,.!]?[ \t]*$",
    re.IGNORECASE,
)
_FOOTER_START = re.compile(
    r"^[ \t]*(?:\**confidentiality notice|\**confidential(?:ity)?:|\**disclaimer|"
    r"this (?:e-?mail|message|communication)(?: and any (?:attachments|files))?[^\n]{0,40}"
    r"(?:is|are|may be) (?:intended|confidential|privileged)|"
    r"the information (?:contained )?in this (?:e-?mail|message)|"
    r"if you (?:are not|have received this)|please do not reply to this|"
    r"this is an automated (?:message|email)|to unsubscribe|you are receiving this|"
    r"this (?:e-?mail|message) was sent (?:via|by|from|on behalf)|"
    r"sent via [\w -]{2,40}\b(?:ats|system)|"
    r"sent from my (?:iphone|ipad|android|phone|mobile)|get outlook for|"
    r"unsubscribe|manage (?:your )?(?:email )?preferences)",
    re.IGNORECASE,
)


@dataclass
class Forwarded:
    """Headers of a forwarded message found inside another."""

    sender: str = ""
    date: str = ""
    subject: str = ""
    to: str = ""


@dataclass
class Cleaned:
    """The cleaned text, and what was cut out of it."""

    text: str
    quoted: list[str] = field(default_factory=list)
    forwarded: Forwarded | None = None
    note: str = ""  # what the forwarder wrote above a forwarded message


def _strip_quote_markers(block: str) -> str:
    return "\n".join(re.sub(r"^[ \t]*(?:>[ \t]?)+", "", line) for line in block.split("\n"))


def _cut_footer(lines: list[str]) -> list[str]:
    # Legal footers sit at the end; the first footer line starts the cut, but only
    # in the last part of the message so a sentence early on cannot erase the body.
    horizon = max(0, len(lines) - 40)
    for index in range(horizon, len(lines)):
        if index > 0 and _FOOTER_START.match(lines[index]):
            return lines[:index]
    return lines


_TEAM_SIGNATURE = re.compile(
    r"^[ \t]*(?:the |your )?[\w&'’ -]{0,40}\b(?:team|recruiting|recruitment|talent acquisition|"
    r"people operations)[ \t]*[.!]?[ \t]*$",
    re.IGNORECASE,
)


def _cut_signature(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if line.rstrip() == "--" or line == "-- ":
            return lines[:index]
    content = [i for i, line in enumerate(lines) if line.strip()]
    if content and _TEAM_SIGNATURE.match(lines[content[-1]]) and len(content) > 1:
        lines = lines[: content[-1]]  # "The Brightpath Talent Team" signs a form letter
    for index in range(len(lines) - 1, max(-1, len(lines) - 14), -1):
        if not _SIGN_OFF.match(lines[index]):
            continue
        tail = [t for t in lines[index + 1 :] if t.strip()]
        if len(tail) <= 8 and all(len(t) <= 90 for t in tail):
            return lines[:index]
        break
    return lines


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def clean_text(text: str) -> Cleaned:
    """Clean one message body.

    >>> clean_text("Thanks for applying.\\n\\nBest,\\nDana\\nRecruiter").text
    'Thanks for applying.'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    forward = _FORWARD_MARKER.search(text)
    if forward and not _quote_before(text, forward.start()):
        return _unwrap_forward(text, forward)

    quoted: list[str] = []
    cut = len(text)
    intro = _QUOTE_INTRO.search(text)
    if intro and intro.start() < cut:
        cut = intro.start()
        quoted.append(_strip_quote_markers(text[intro.end() :]))
    original = _ORIGINAL_MESSAGE.search(text)
    if original and original.start() < cut:
        cut = original.start()
        quoted = [_strip_quote_markers(_drop_headers(text[original.end() :]))]
    outlook = _OUTLOOK_QUOTE.search(text)
    if outlook and outlook.start() > 0 and outlook.start() < cut:
        cut = outlook.start()
        quoted = [_strip_quote_markers(text[outlook.end() :])]
    head = text[:cut]
    lines = head.split("\n")
    kept: list[str] = []
    run: list[str] = []
    for line in lines:
        if re.match(r"^[ \t]*>", line):
            run.append(line)
            continue
        if run:
            quoted.append(_strip_quote_markers("\n".join(run)))
            run = []
        kept.append(line)
    if run:
        quoted.append(_strip_quote_markers("\n".join(run)))
    kept = _cut_signature(_cut_footer(kept))
    return Cleaned(text=_tidy("\n".join(kept)), quoted=[q.strip("\n") for q in quoted if q.strip()])


def _drop_headers(block: str) -> str:
    lines = block.lstrip("\n").split("\n")
    index = 0
    while index < len(lines) and _FWD_HEADER.match(lines[index]):
        index += 1
    return "\n".join(lines[index:])


def _quote_before(text: str, position: int) -> bool:
    intro = _QUOTE_INTRO.search(text)
    return intro is not None and intro.start() < position


def _unwrap_forward(text: str, marker: re.Match[str]) -> Cleaned:
    note = _tidy("\n".join(_cut_signature(text[: marker.start()].split("\n"))))
    rest = text[marker.end() :].lstrip("\n").split("\n")
    headers = Forwarded()
    index = 0
    while index < len(rest):
        m = _FWD_HEADER.match(rest[index])
        if not m:
            break
        key, value = m.group(1).lower(), m.group(2).strip()
        if key in ("from", "von", "de"):
            headers.sender = value
        elif key in ("date", "datum", "fecha", "sent", "gesendet", "enviado", "envoyé"):
            headers.date = value
        elif key in ("subject", "betreff", "asunto", "objet"):
            headers.subject = value
        elif key in ("to", "an", "para", "à"):
            headers.to = value
        index += 1
    body = "\n".join(rest[index:])
    inner = clean_text(body)
    return Cleaned(
        text=inner.text,
        quoted=[body, *inner.quoted],
        forwarded=headers,
        note=note,
    )


def dedup_key(text: str) -> str:
    """The form in which two copies of a message compare equal.

    Lower-cased, quote markers and punctuation removed, whitespace collapsed:
    a forwarded or re-wrapped copy of a message has the same key.
    """
    text = _strip_quote_markers(text).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return re.sub(r"\s+", " ", text).strip()
