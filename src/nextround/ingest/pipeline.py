"""From files to records: read, clean, annotate, redact, and sort out duplicates."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from email.utils import parseaddr
from functools import cache
from pathlib import Path

from nextround.errors import InputError
from nextround.ingest.clean import Cleaned, clean_text, dedup_key
from nextround.ingest.discover import Candidate, discover, precheck, read_regular
from nextround.ingest.documents import read_docx, read_html, read_pdf
from nextround.ingest.emails import read_eml, read_mbox
from nextround.ingest.fields import parse_date
from nextround.ingest.injection import looks_like_injection
from nextround.ingest.language import detect_language
from nextround.ingest.linkedin import is_linkedin_messages, read_linkedin_messages
from nextround.ingest.metadata import (
    clean_person,
    company_from_headline,
    company_from_sender,
    company_from_signature,
    company_from_text,
    date_from_headline,
    date_from_text,
    fullest_form,
    interviewer_from_note,
    interviewer_from_sender,
    interviewer_from_text,
    role_from_text,
)
from nextround.ingest.notes import read_note
from nextround.ingest.outlook import read_msg
from nextround.ingest.raw import RawItem, cut_text
from nextround.ingest.spans import RuleReading
from nextround.ingest.stages import screen_by_sender, stage_from_hint, stage_from_text
from nextround.ingest.tables import read_csv, read_json, read_jsonl
from nextround.learn.fields import FieldReader
from nextround.limits import METADATA_HEAD_CHARS, METADATA_TAIL_CHARS
from nextround.models import FeedbackRecord, RecordFormat, SkippedInput, Stage
from nextround.privacy import find_names, redact

Reader = Callable[[Path, str, bytes], Iterator[RawItem | SkippedInput]]
#: Readers of the formats whose reading depends on nothing but the bytes.
_READERS: dict[str, Reader] = {
    ".txt": lambda path, source, data: read_note(path, source, data=data),
    ".md": lambda path, source, data: read_note(path, source, data=data),
    ".eml": lambda path, source, data: read_eml(path, source, data=data),
    ".mbox": lambda path, source, data: read_mbox(path, source, data=data),
    ".msg": lambda path, source, data: read_msg(path, source, data=data),
    ".docx": lambda path, source, data: read_docx(path, source, data=data),
    ".pdf": lambda path, source, data: read_pdf(path, source, data=data),
    ".html": lambda path, source, data: read_html(path, source, data=data),
    ".htm": lambda path, source, data: read_html(path, source, data=data),
}


def _reader(candidate: Candidate, data: bytes, column_map: Mapping[str, str] | None) -> Reader:
    if candidate.maildir:
        return lambda path, source, data: read_eml(path, source, data=data)
    suffix = candidate.path.suffix.lower()
    if suffix in _READERS:
        return _READERS[suffix]
    if suffix == ".csv" and is_linkedin_messages(data):
        return lambda path, source, data: read_linkedin_messages(path, source, data=data)
    table = {".csv": read_csv, ".tsv": read_csv, ".jsonl": read_jsonl, ".json": read_json}[suffix]
    return lambda path, source, data: table(path, source, column_map, data=data)


def read_inputs(
    inputs: Sequence[str | Path],
    *,
    max_bytes: int,
    column_map: Mapping[str, str] | None = None,
) -> Iterator[RawItem | SkippedInput]:
    """Raw items from every readable input; a :class:`SkippedInput` for everything else."""
    for found in discover(inputs):
        if isinstance(found, SkippedInput):
            yield found
        else:
            yield from read_candidate(found, max_bytes, column_map)


def load(candidate: Candidate, max_bytes: int) -> bytes | SkippedInput:
    """The file's bytes, read once, or why it is not read.

    Everything ingest knows of a file comes from these bytes: what is parsed and
    the hash the manifest records, even when the file changes meanwhile.
    """
    reason = precheck(candidate, max_bytes)
    if reason:
        return SkippedInput(source=candidate.source, reason=reason)
    try:
        return read_regular(candidate.path, max_bytes)
    except InputError as exc:
        return SkippedInput(source=candidate.source, reason=exc.reason)
    except OSError as exc:
        return SkippedInput(
            source=candidate.source, reason=f"cannot read file: {exc.strerror or exc}"
        )


def read_candidate(
    candidate: Candidate,
    max_bytes: int,
    column_map: Mapping[str, str] | None,
    data: bytes | None = None,
) -> Iterator[RawItem | SkippedInput]:
    """The items of one file; ``data`` is its bytes when already read (:func:`load`).

    Each item's text is read up to :data:`~nextround.limits.MAX_RECORD_CHARS`.
    """
    if data is None:
        loaded = load(candidate, max_bytes)
        if isinstance(loaded, SkippedInput):
            yield loaded
            return
        data = loaded
    reader = _reader(candidate, data, column_map)
    produced = 0
    try:
        for item in reader(candidate.path, candidate.source, data):
            produced += 1
            if isinstance(item, RawItem):
                item.cap()
            yield item
    except InputError as exc:
        yield SkippedInput(source=candidate.source, reason=exc.reason)
    except RecursionError:
        yield SkippedInput(source=candidate.source, reason="cannot parse file: nested too deeply")
    except Exception as exc:  # one unreadable file must not end the batch
        yield SkippedInput(
            source=candidate.source, reason=f"cannot parse file: {type(exc).__name__}: {exc}"
        )
    else:
        if produced == 0:
            yield SkippedInput(source=candidate.source, reason="no feedback items found in file")


@dataclass
class Prepared:
    """A record ready to store, with the keys of copies it may repeat."""

    record: FeedbackRecord
    quoted_hashes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    origin: str = ""  # the input file it came from, for per-file outcomes
    explicit: frozenset[str] = frozenset()  # fields a header, column or front matter gave
    sure: dict[str, float] = field(default_factory=dict)  # the learned reader's probabilities


def content_hash(text: str) -> str:
    """sha256 of the text's dedup form: equal for copies, forwards and re-wraps."""
    return hashlib.sha256(dedup_key(text).encode("utf-8")).hexdigest()


def record_id(company: str, digest: str) -> str:
    """The stable id of feedback: derived from its content and its company."""
    key = f"{company.casefold().strip()}\x1f{digest}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def _apply_forward(item: RawItem, cleaned: Cleaned) -> None:
    fwd = cleaned.forwarded
    if fwd is None:
        return
    name, addr = parseaddr(fwd.sender)
    if item.sender and item.sender not in item.names:
        item.names.append(item.sender)
    item.sender, item.sender_email = name, addr.lower()
    if name:
        item.names.append(name)
    if fwd.subject:
        item.subject = fwd.subject
    date = parse_date(fwd.date)
    if date:
        item.date = date
    if fwd.to:
        item.names.extend(n for n, _ in [parseaddr(p) for p in fwd.to.split(",")] if n)


@cache
def field_reader() -> FieldReader:
    """The shipped learned metadata reader, loaded once."""
    return FieldReader.shipped()


def read_by_rules(item: RawItem, text: str) -> tuple[RuleReading, Stage]:
    """The rule-based reading of company, role, interviewer and stage.

    The learned reader (:mod:`nextround.learn.fields`) takes it as one feature among
    many; on its own it was fitted to the first sample corpus and generalises poorly.
    """
    subject = item.subject
    is_note = item.kind == "note"
    flat = re.sub(r"\s+", " ", text)
    people = [*item.names, *find_names(item.text)]
    company = (
        company_from_signature(item.text)
        or company_from_sender(item.sender, item.sender_email, item.text)
        or (company_from_headline(text, people) if is_note else "")
        or company_from_text(flat, subject)
        # a note's file name: "Saltmarsh Community Pharmacy phone screen.txt"
        or (company_from_headline(re.sub(r"[-_]+", " ", item.hint), people) if is_note else "")
    )
    company = fullest_form(company, flat)
    stage = stage_from_text(flat, subject)
    if stage is Stage.UNKNOWN:
        stage = stage_from_hint(item.hint)
    if stage is Stage.UNKNOWN:
        stage = screen_by_sender(flat, item.text)
    interviewer = clean_person(
        interviewer_from_text(item.text)
        or (interviewer_from_note(text, people) if is_note else "")
        or interviewer_from_sender(item.sender)
    )
    role = role_from_text(flat, subject)
    return RuleReading(company, role, interviewer), stage


@dataclass
class Opened:
    """A message cleaned for triage and not read further yet: most of an inbox is
    set aside at this point, so the metadata reader and redaction run only on what
    is kept (:func:`finish`)."""

    item: RawItem
    text: str  # the feedback text: quotes, signature and footer removed
    quoted_hashes: list[str] = field(default_factory=list)  # dedup keys of the quotes it carries
    origin: str = ""  # the input file it came from, for per-file outcomes


def open_item(item: RawItem) -> Opened | SkippedInput:
    """Clean ``item`` without reading its metadata; a forwarded message takes the
    original's headers."""
    cleaned = clean_text(item.body)
    _apply_forward(item, cleaned)
    quoted_hashes = []
    for block in cleaned.quoted:
        inner = clean_text(block).text
        if inner.strip():
            quoted_hashes.append(content_hash(inner))
    text = cleaned.text
    if not text.strip():
        if quoted_hashes:
            text = clean_text(cleaned.quoted[0]).text  # only a quote: judged by what it quotes
        else:
            return SkippedInput(
                source=item.source,
                reason="no feedback text left after removing quotes, signature and footer",
            )
    return Opened(item=item, text=text, quoted_hashes=quoted_hashes)


def prepare(item: RawItem, candidate_name: str = "") -> Prepared | SkippedInput:
    """Clean, annotate and redact one raw item."""
    opened = open_item(item)
    if isinstance(opened, SkippedInput):
        return opened
    return finish(opened, candidate_name)


def finish(opened: Opened, candidate_name: str = "") -> Prepared:
    """Read the metadata of a cleaned item, redact it and make its record."""
    item, text, quoted_hashes = opened.item, opened.text, opened.quoted_hashes
    subject = item.subject
    # A long record's metadata is read from its opening and closing lines only.
    view = metadata_view(text)
    seen = replace(item, text=metadata_view(item.text), body=metadata_view(item.body))
    rules, rule_stage = read_by_rules(seen, view)
    learned = field_reader().read(seen, view, rules, rule_stage)
    company = item.company or learned.company
    stage = Stage(item.stage) if item.stage else learned.stage
    interviewer = clean_person(item.interviewer or learned.interviewer)
    date = item.date or date_from_text(seen.text, item.hint)
    if date is None and item.kind == "note":
        date = date_from_headline(view)
    names = [*item.names, interviewer, candidate_name]
    redaction = redact(text, known_names=[n for n in names if n])
    digest = content_hash(text)
    record = FeedbackRecord(
        id=record_id(company, digest),
        source=item.source,
        text=item.text,
        clean_text=text,
        redacted_text=redaction.text,
        company=company,
        role=item.role or learned.role,
        stage=stage,
        date=date,
        interviewer=interviewer,
        language=detect_language(language_sample(text)),
        content_hash=digest,
        subject=subject,
        sender=item.sender,
        message_id=item.message_id,
        format=RecordFormat(item.kind),
        # the headers too: the From display name and the Subject are written by the sender
        injection_suspected=looks_like_injection("\n".join((item.text, item.subject, item.sender))),
        unsure=() if item.stage else learned.unsure,
    )
    given = ("company", "role", "interviewer", "stage")
    return Prepared(
        record=record,
        quoted_hashes=quoted_hashes,
        warnings=list(item.warnings),
        origin=opened.origin,
        explicit=frozenset(f for f in given if getattr(item, f)),
        sure=dict(learned.confidence),
    )


#: Characters of a record's text its language is told from.
LANGUAGE_SAMPLE_CHARS = 20_000
_LONG_TOKEN = re.compile(r"\S{64,}")


def metadata_view(text: str) -> str:
    """What the metadata readers see of a record: all of it, or of a long one its
    opening and closing lines, where a company, role or interviewer is named."""
    if len(text) <= METADATA_HEAD_CHARS + METADATA_TAIL_CHARS:
        return text
    head = cut_text(text, METADATA_HEAD_CHARS)
    tail = text[-METADATA_TAIL_CHARS:]
    tail = tail.split("\n", 1)[1] if "\n" in tail else tail
    return f"{head}\n\n{tail}"


def language_sample(text: str) -> str:
    """The opening of ``text`` without runs of 64 or more non-space characters
    (no language's words: encoded data, long links), for language detection."""
    return _LONG_TOKEN.sub(" ", text[:LANGUAGE_SAMPLE_CHARS])
