"""Feedback you asked for: which requests went out, who has not answered, which record answered.

nextround sends nothing. ``nextround mark-sent ID`` (or :meth:`Workspace.mark_sent
<nextround.workspace.Workspace.mark_sent>`) records that *you* sent a drafted
reply; the record is kept per profile in ``$NEXTROUND_HOME/sent/<profile>.json``.
:func:`request_statuses` then tells, for each feedback request, whether it is
still fresh (``sent``), overdue (``waiting``) or ``answered`` by a later record.

**How an answer is linked.** A stored record answers a feedback request when

- it comes from the same company (compared case- and punctuation-insensitively:
  "Acme Health" is "acme health."), and
- when both the request and the record name a person (the interviewer, else the
  sender), it is the same person, compared by normalised name; when either side
  names nobody, the company is enough, and
- it came later: a dated record dated *after* the day the request was sent (a
  record of the same day may be the rejection itself, so it does not count); an
  undated record only when it was not yet stored when the request was first
  marked sent (the registry keeps the ids of the company's records at that
  moment).

The rejection the request replied to never answers itself, and a request whose
record names no company cannot be linked (``nextround edit ID --company``
fixes that). When several records qualify, the earliest dated one is the answer,
then undated ones, by id.

>>> reg = SentRegistry(home, "jordan")                                  # doctest: +SKIP
>>> [s.as_dict() for s in request_statuses(reg.all(), ws.records(), dt.date.today())]
... # doctest: +SKIP
[{'feedback_id': '3f9a1c0b2d4e', 'company': 'Acme Health', 'sent': '2026-03-02',
  'status': 'waiting', 'answer_id': None}]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from nextround.errors import InputError, UsageError
from nextround.models import FeedbackRecord
from nextround.textnorm import for_checks

#: The reply kind that asks for feedback: the only kind tracked as a request.
FEEDBACK_REQUEST = "feedback_request"
#: Days without an answer after which a request is ``waiting`` rather than ``sent``.
WAIT_DAYS = 10

Status = Literal["sent", "waiting", "answered"]

# A saved draft: ``<id>-<kind>.txt`` or ``.eml``, as ``reply --pending --out`` writes them.
_DRAFT_NAME = re.compile(
    r"(?P<id>[\w-]+?)-(?P<kind>thank_you|feedback_request|linkedin_note|stay_in_touch)"
    r"\.(?:txt|eml)"
)


def name_key(value: str) -> str:
    """A company's or person's name for comparison: folded, lower case, no punctuation.

    >>> name_key("Acme Health.") == name_key("ACME  health")
    True
    """
    return " ".join(re.sub(r"[\W_]+", " ", for_checks(value)).casefold().split())


def draft_file_target(value: str) -> tuple[str, str] | None:
    """The record id and reply kind a saved draft's file name gives, or None when
    ``value`` is not a draft's path.

    A value ending in ``.txt`` or ``.eml`` is a path; one not named like a draft
    is a :class:`~nextround.errors.UsageError`. Only the name is read, so a draft
    deleted after sending still works.

    >>> draft_file_target("drafts/3f9a1c0b2d4e-feedback_request.eml")
    ('3f9a1c0b2d4e', 'feedback_request')
    >>> draft_file_target("3f9a1c") is None
    True
    """
    name = Path(value).name
    if not name.endswith((".txt", ".eml")):
        return None
    found = _DRAFT_NAME.fullmatch(name)
    if found is None:
        raise UsageError(
            f"{value!r} is not named like a saved draft (<id>-<kind>.txt or .eml, "
            "as `nextround reply --pending --out DIR` writes them); give the record id instead"
        )
    return found["id"], found["kind"]


def parse_sent_date(value: dt.date | str | None, today: dt.date) -> dt.date:
    """The day a reply was sent: ``value`` (a date or ``YYYY-MM-DD``), else ``today``.

    A malformed date or one after ``today`` is a :class:`~nextround.errors.UsageError`.
    """
    if value is None:
        return today
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise UsageError(
                f"the sent date {value!r} is not a date: give it as YYYY-MM-DD, like 2026-03-14"
            ) from None
    if value > today:
        raise UsageError(
            f"the sent date {value.isoformat()} is in the future (today is "
            f"{today.isoformat()}): mark a reply sent once you have sent it"
        )
    return value


@dataclass(frozen=True)
class SentRequest:
    """A reply the candidate sent, as :meth:`Workspace.mark_sent` recorded it.

    ``interviewer`` is the person it went to (the record's interviewer, else its
    sender; ``""`` when unknown). ``known_ids`` are the ids of the company's
    records stored when it was first marked, so that an undated record stored
    later can be recognised as the answer. ``previously_sent`` is set only on the
    value :meth:`SentRegistry.add` returns: the date the reply was already marked
    with, ``None`` when it was new. It is not stored.
    """

    feedback_id: str
    company: str
    interviewer: str
    kind: str
    sent: dt.date
    known_ids: tuple[str, ...] = ()
    previously_sent: dt.date | None = None

    @classmethod
    def for_record(
        cls, record: FeedbackRecord, kind: str, sent: dt.date, stored: Iterable[FeedbackRecord]
    ) -> SentRequest:
        """The request for ``record``, sent on ``sent``; ``stored`` are the profile's records."""
        company = name_key(record.company)
        known = sorted(r.id for r in stored if company and name_key(r.company) == company)
        return cls(
            feedback_id=record.id,
            company=record.company,
            interviewer=record.interviewer or record.sender,
            kind=kind,
            sent=sent,
            known_ids=tuple(known),
        )

    def _common(self) -> dict[str, Any]:
        return {
            "feedback_id": self.feedback_id,
            "company": self.company,
            "interviewer": self.interviewer,
            "kind": self.kind,
            "sent": self.sent.isoformat(),
        }

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``mark-sent --json`` (``known_ids`` left out)."""
        previously = self.previously_sent.isoformat() if self.previously_sent else None
        return {**self._common(), "previously_sent": previously}

    def _stored(self) -> dict[str, Any]:
        return {**self._common(), "known_ids": list(self.known_ids)}

    @classmethod
    def _load(cls, data: dict[str, Any]) -> SentRequest:
        return cls(
            feedback_id=str(data["feedback_id"]),
            company=str(data.get("company", "")),
            interviewer=str(data.get("interviewer", "")),
            kind=str(data["kind"]),
            sent=dt.date.fromisoformat(data["sent"]),
            known_ids=tuple(str(i) for i in data.get("known_ids", ())),
        )


class SentRegistry:
    """The replies one profile has marked sent: ``$NEXTROUND_HOME/sent/<profile>.json``.

    One entry per record and kind; written atomically on every :meth:`add`.

    >>> reg = SentRegistry(home, "jordan")            # doctest: +SKIP
    >>> reg.add(request).previously_sent is None       # doctest: +SKIP
    True
    """

    def __init__(self, home: Path, profile: str) -> None:
        self.path = Path(home) / "sent" / f"{profile}.json"

    def all(self) -> list[SentRequest]:
        """Every reply marked sent, by sent date, then record id, then kind."""
        return sorted(self._read().values(), key=lambda s: (s.sent, s.feedback_id, s.kind))

    def add(self, request: SentRequest, *, keep_date: bool = True) -> SentRequest:
        """Record ``request``; return what is stored, with ``previously_sent`` set when the
        same record and kind were already marked.

        Marking again is harmless: with ``keep_date`` the first date stays, else
        ``request.sent`` replaces it. The ids known when it was first marked stay.
        """
        entries = self._read()
        key = (request.feedback_id, request.kind)
        before = entries.get(key)
        stored = replace(request, previously_sent=None)
        if before is not None:
            stored = replace(
                stored,
                sent=before.sent if keep_date else request.sent,
                known_ids=before.known_ids,
            )
        entries[key] = stored
        self._write(entries.values())
        return replace(stored, previously_sent=before.sent if before else None)

    def _read(self) -> dict[tuple[str, str], SentRequest]:
        if not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            requests = [SentRequest._load(item) for item in data["sent"]]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"cannot read the replies marked sent in {self.path} ({exc}); "
                "fix the file or move it away to start again"
            ) from None
        return {(r.feedback_id, r.kind): r for r in requests}

    def _write(self, requests: Iterable[SentRequest]) -> None:
        ordered = sorted(requests, key=lambda s: (s.sent, s.feedback_id, s.kind))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".sent-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(
                    {"sent": [r._stored() for r in ordered]}, fh, ensure_ascii=False, indent=1
                )
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


@dataclass(frozen=True)
class RequestStatus:
    """Where one feedback request stands. ``days`` counts the days since it was sent."""

    feedback_id: str
    company: str
    sent: dt.date
    status: Status
    answer_id: str | None
    days: int

    def as_dict(self) -> dict[str, Any]:
        """The documented JSON shape."""
        return {
            "feedback_id": self.feedback_id,
            "company": self.company,
            "sent": self.sent.isoformat(),
            "status": self.status,
            "answer_id": self.answer_id,
        }


def request_statuses(
    sent: Sequence[SentRequest],
    records: Sequence[FeedbackRecord],
    today: dt.date,
    wait_days: int = WAIT_DAYS,
) -> list[RequestStatus]:
    """Each feedback request in ``sent``: ``answered`` (with the answering record's id),
    ``waiting`` (unanswered for ``wait_days`` days or more) or ``sent``.

    Other kinds of reply are not requests and are left out. Ordered by sent
    date, then record id. The linking rule is in this module's docstring.
    """
    if wait_days < 0:
        raise UsageError(f"wait_days must be 0 or more, got {wait_days}")
    out = []
    for request in sorted(sent, key=lambda s: (s.sent, s.feedback_id)):
        if request.kind != FEEDBACK_REQUEST:
            continue
        days = (today - request.sent).days
        answer = _answer(request, records)
        status: Status = "answered" if answer else "waiting" if days >= wait_days else "sent"
        out.append(
            RequestStatus(request.feedback_id, request.company, request.sent, status, answer, days)
        )
    return out


def _answer(request: SentRequest, records: Sequence[FeedbackRecord]) -> str | None:
    """The id of the record that answers ``request``, or None."""
    company = name_key(request.company)
    if not company:
        return None
    person = name_key(request.interviewer)
    known = set(request.known_ids)
    candidates = []
    for record in records:
        if record.id == request.feedback_id or name_key(record.company) != company:
            continue
        names = {name_key(n) for n in (record.interviewer, record.sender)} - {""}
        if person and names and person not in names:
            continue
        if record.date is not None and record.date > request.sent:
            candidates.append((0, record.date, record.id))
        elif record.date is None and record.id not in known:
            candidates.append((1, dt.date.min, record.id))
    return min(candidates)[2] if candidates else None
