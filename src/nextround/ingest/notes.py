"""Plain-text and Markdown notes (``.txt``, ``.md``).

Metadata may sit in YAML front matter (Markdown) or in ``Key: value`` lines at
the top of the note::

    Company: Northwind Labs
    Role: Senior Backend Engineer
    Stage: onsite
    Date: 2026-05-12
    Interviewer: Dana Whitfield

Anything else is left to the text itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from nextround.errors import InputError
from nextround.ingest.decode import decode_text
from nextround.ingest.fields import field_value, parse_date, parse_stage, text_value
from nextround.ingest.raw import RawItem

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{1,24}):[ \t]*(.*\S)?[ \t]*$")
_HEADER_KEYS = {
    "company",
    "organization",
    "organisation",
    "employer",
    "role",
    "position",
    "job",
    "title",
    "job title",
    "stage",
    "round",
    "date",
    "interviewer",
    "interviewers",
    "recruiter",
    "hiring manager",
    "subject",
    "from",
}


def _front_matter(text: str) -> tuple[dict[str, object], str, str | None]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text, None
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        return {}, text[m.end() :], f"front matter is not valid YAML{where}; metadata ignored"
    if not isinstance(data, dict):
        return {}, text[m.end() :], "front matter is not a mapping; metadata ignored"
    return {str(k): v for k, v in data.items()}, text[m.end() :], None


def _header_lines(text: str) -> tuple[dict[str, object], str]:
    lines = text.split("\n")
    found: dict[str, object] = {}
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    start = index
    while index < len(lines):
        m = _HEADER_LINE.match(lines[index])
        if not m or m.group(1).strip().lower() not in _HEADER_KEYS:
            break
        found[m.group(1).strip().lower()] = m.group(2) or ""
        index += 1
    if not found or (index < len(lines) and lines[index].strip() and index - start < 2):
        return {}, text
    return found, "\n".join(lines[index:])


def read_note(path: Path, source: str, *, data: bytes | None = None) -> Iterator[RawItem]:
    """One :class:`RawItem` for a note file (``data``: its bytes, when already read)."""
    text = decode_text(path.read_bytes() if data is None else data)
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    yield note_item(text, source, hint=path.stem)


def note_item(text: str, source: str, *, hint: str = "") -> RawItem:
    """A note's text as a :class:`RawItem`, its metadata read from front matter or
    ``Key: value`` lines at the top; ``hint`` is the file name, for metadata.

    Documents (Word, PDF, saved pages) are read as notes once their text is out.
    Raises :class:`InputError` when only metadata is left.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body, warning = _front_matter(text)
    if not meta:
        meta, body = _header_lines(body)
    if not body.strip():
        raise InputError("no feedback text (only metadata)")
    interviewer = text_value(field_value(meta, "interviewer"))
    item = RawItem(
        source=source,
        text=text,
        body=body.strip("\n"),
        kind="note",
        company=text_value(field_value(meta, "company")),
        role=text_value(field_value(meta, "role")),
        stage=parse_stage(field_value(meta, "stage")).value if field_value(meta, "stage") else "",
        date=parse_date(field_value(meta, "date")),
        interviewer=interviewer,
        subject=text_value(field_value(meta, "subject")),
        hint=hint,
        names=[n.strip() for n in re.split(r",|;| and ", interviewer) if n.strip()],
    )
    if field_value(meta, "date") and item.date is None:
        item.warnings.append(f"unrecognised date {text_value(field_value(meta, 'date'))!r}")
    if warning:
        item.warnings.append(warning)
    return item
