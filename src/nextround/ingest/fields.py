"""Field names and values: which column is which, dates and stages.

ATS exports name their columns in many ways; :func:`match_columns` maps a
header row onto nextround's fields using the synonyms below (a ``--map``
option overrides them).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Mapping, Sequence

from nextround.errors import InputError
from nextround.ingest.columns import infer_columns
from nextround.models import Stage

FIELDS = ("text", "company", "role", "stage", "date", "interviewer", "id", "subject", "candidate")

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "text": (
        "feedback",
        "notes",
        "note",
        "text",
        "body",
        "message",
        "comments",
        "comment",
        "feedbacktext",
        "interviewfeedback",
        "rejectionreason",
        "reason",
        "content",
        "details",
        "summary",
        "debrief",
        "rejectionnotes",
        "scorecard",
    ),
    "company": (
        "company",
        "companyname",
        "organization",
        "organisation",
        "employer",
        "org",
        "client",
        "hiringcompany",
        "account",
        "employername",
        "organisationname",
        "organizationname",
        "venue",
        "school",
        "hospital",
        "trust",
        "practice",
        "firm",
        "business",
        "institution",
        "clientname",
    ),
    "role": (
        "role",
        "position",
        "jobtitle",
        "title",
        "job",
        "jobname",
        "positiontitle",
        "opening",
        "requisitiontitle",
        "vacancy",
        "post",
        "jobrole",
        "positionname",
        "vacancytitle",
        "roletitle",
    ),
    "stage": (
        "stage",
        "round",
        "interviewstage",
        "interviewround",
        "step",
        "phase",
        "rejectionstage",
        "stagename",
        "laststage",
    ),
    "date": (
        "date",
        "rejectedat",
        "rejecteddate",
        "rejectiondate",
        "received",
        "receivedat",
        "createdat",
        "created",
        "updatedat",
        "sent",
        "sentat",
        "decisiondate",
        "feedbackdate",
        "interviewdate",
        "outcomedate",
        "timestamp",
        "datetime",
    ),
    "interviewer": (
        "interviewer",
        "interviewers",
        "interviewername",
        "recruiter",
        "hiringmanager",
        "from",
        "sender",
        "author",
        "reviewer",
        "contact",
        "interviewedby",
        "panellead",
        "panelchair",
        "hiringmanagername",
        "assessor",
        "leadinterviewer",
    ),
    "id": ("id", "applicationid", "feedbackid", "rowid", "recordid", "uid", "key", "noteid"),
    "subject": ("subject",),
    "candidate": ("candidate", "candidatename", "applicant", "applicantname"),
}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def match_columns(
    headers: Sequence[str],
    overrides: Mapping[str, str] | None = None,
    rows: Sequence[Sequence[str]] = (),
) -> dict[str, int]:
    """Map nextround fields to column indexes.

    Columns are matched by name first; with ``rows`` (cell strings in header order),
    the fields still missing are then looked for in the other columns by what their
    cells hold (:func:`nextround.ingest.columns.infer_columns`). ``overrides`` maps a
    field to a column name (``{"text": "Scorecard notes"}``) and wins over both.
    Raises :class:`InputError` when an override names a missing column or when no
    column holds the feedback text.
    """
    normalized = [_norm(h) for h in headers]
    result: dict[str, int] = {}
    for field_name, synonyms in _SYNONYMS.items():
        for synonym in synonyms:  # synonyms are in order of preference
            if synonym in normalized:
                index = normalized.index(synonym)
                if index not in result.values():
                    result[field_name] = index
                    break
    # A header's last word, as English puts its head noun ("Candidate stage", "Job posting
    # title", "Interview date"), then its first ("Employer (legal name)", "Notes to self").
    for position in (-1, 0):
        for field_name, synonyms in _SYNONYMS.items():
            if field_name in result:
                continue
            for index, header in enumerate(headers):
                words = re.findall(r"[a-z0-9]+", re.sub(r"\(.*?\)", "", header.lower()))
                if words and words[position] in synonyms and index not in result.values():
                    result[field_name] = index
                    break
    if rows:
        result.update(
            infer_columns(headers, rows, result, parse_date, dayfirst_column, parse_stage)
        )
    for field_name, column in (overrides or {}).items():
        if field_name not in FIELDS:
            raise InputError(f"--map: unknown field {field_name!r} (fields: {', '.join(FIELDS)})")
        if _norm(column) not in normalized:
            raise InputError(
                f"--map {field_name}={column}: no such column (columns: {', '.join(headers)})"
            )
        result = {k: v for k, v in result.items() if v != normalized.index(_norm(column))}
        result[field_name] = normalized.index(_norm(column))
    if "text" not in result:
        raise InputError(
            "no feedback column found (looked for Feedback, Notes, Text, Message, Comments, "
            f"…; columns are: {', '.join(headers)}); name it with --map text=COLUMN"
        )
    return result


def field_value(row: Mapping[str, object], field_name: str) -> object:
    """The value of ``field_name`` in a JSON object, by the same synonyms as columns."""
    by_norm = {_norm(k): v for k, v in row.items()}
    for synonym in _SYNONYMS[field_name]:
        if synonym in by_norm:
            return by_norm[synonym]
    return None


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def parse_date(value: object, dayfirst: bool = False) -> dt.date | None:
    """A date from the forms ATS exports and people use; None when unparseable.

    Accepts ISO dates and datetimes, ``2026/03/14``, slashed ``03/14/2026`` and
    ``14/3/26``, European ``14.03.2026``, ``02-Feb-2026``, ``Mar 14, 2026``,
    ``14th March 2026``, ``Mon 2 Feb 2026`` and RFC 2822. Slashed dates are read month
    first, as US ATS exports write them, unless ``dayfirst`` (a table column that
    somewhere writes a day above 12 first: see :func:`dayfirst_column`) or the month
    reading is impossible. Two-digit years are 20xx.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$", text)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    m = _SLASHED.match(text)
    if m:
        first, second, year = int(m[1]), int(m[2]), _year(m[3])
        if dayfirst or first > 12:
            return _safe_date(year, second, first)
        return _safe_date(year, first, second)
    m = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?: .*)?$", text)
    if m:
        return _safe_date(_year(m[3]), int(m[2]), int(m[1]))
    m = re.match(r"^(\d{1,2})[- ]([A-Za-z]{3,9})\.?[- ](\d{4}|\d{2})$", text)
    if m and m[2][:3].lower() in _MONTHS:
        return _safe_date(_year(m[3]), _MONTHS.index(m[2][:3].lower()) + 1, int(m[1]))
    m = re.match(
        r"^(?:[A-Za-z]+,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", text
    )
    if m and m[1][:3].lower() in _MONTHS:
        return _safe_date(int(m[3]), _MONTHS.index(m[1][:3].lower()) + 1, int(m[2]))
    m = re.match(
        r"^(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([A-Za-z]{3,9})\.?,?\s+(\d{4})",
        text,
    )
    if m and m[2][:3].lower() in _MONTHS:
        return _safe_date(int(m[3]), _MONTHS.index(m[2][:3].lower()) + 1, int(m[1]))
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed else None


_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?: .*)?$")


def dayfirst_column(cells: Sequence[object]) -> bool:
    """True when a column's slashed dates are day first: one of them starts above 12."""
    for cell in cells:
        m = _SLASHED.match(str(cell or "").strip())
        if m and int(m[1]) > 12:
            return True
    return False


def _year(digits: str) -> int:
    return int(digits) + 2000 if len(digits) == 2 else int(digits)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_STAGE_WORDS: tuple[tuple[Stage, tuple[str, ...]], ...] = (
    (Stage.FINAL, ("final", "finalround", "finalinterview", "finals", "offer", "executive")),
    (Stage.ONSITE, ("onsite", "virtualonsite", "loop", "panel", "superday", "onsiteinterview")),
    (
        Stage.TAKE_HOME,
        (
            "takehome",
            "homework",
            "assignment",
            "takehomeassignment",
            "takehomeexercise",
            "codingchallenge",
            "exercise",
            "challenge",
        ),
    ),
    (
        Stage.TECHNICAL,
        (
            "technical",
            "technicalinterview",
            "technicalscreen",
            "coding",
            "codinginterview",
            "techscreen",
            "livecoding",
            "pairing",
            "systemdesign",
            "technicalphonescreen",
            "technicalround",
        ),
    ),
    (
        Stage.PHONE_SCREEN,
        (
            "phonescreen",
            "phone",
            "phoneinterview",
            "hmscreen",
            "hiringmanagerscreen",
            "hiringmanager",
            "screen",
            "phonecall",
        ),
    ),
    (
        Stage.RECRUITER_SCREEN,
        (
            "recruiterscreen",
            "recruiter",
            "recruitercall",
            "intro",
            "introcall",
            "initialcall",
            "hrscreen",
        ),
    ),
    # Turned down on the application itself; last, so "Applied, then phone screen" reads
    # as the phone screen.
    (
        Stage.APPLICATION,
        (
            "applied",
            "cv",
            "cvsift",
            "sift",
            "cvscreen",
            "resume",
            "resumescreen",
            "shortlisting",
            "notshortlisted",
            "onlineapplication",
            "applicationreview",
        ),
    ),
)


def parse_stage(value: object) -> Stage:
    """A stage from a column or front-matter value such as ``On-site`` or ``HM screen``."""
    if value is None:
        return Stage.UNKNOWN
    key = _norm(str(value))
    if not key:
        return Stage.UNKNOWN
    for stage in Stage:
        if key == _norm(stage.value):
            return stage
    for stage, words in _STAGE_WORDS:
        if key in words:
            return stage
    for stage, words in _STAGE_WORDS:
        if any(word in key for word in words if len(word) >= 5):
            return stage
    return Stage.UNKNOWN


def text_value(value: object) -> str:
    """A cell or JSON value as a trimmed string ('' for None)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(text_value(v) for v in value if v is not None)
    return str(value).strip()
