"""Columns recognised by what they hold, when their names say nothing nextround knows.

A tracker kept by hand names its columns in its writer's own words ("What they said",
"Who I dealt with", "Outfit", "How far I got"). After the names are matched
(:func:`nextround.ingest.fields.match_columns`), the columns left over are typed by
their cells, as a person reading an unfamiliar spreadsheet would:

- ``date``: most cells are dates; of several such columns, the one with the latest dates
  (an outcome comes after the application and the interview), even over a column whose
  name says "date" ("Date applied", "Created");
- ``stage``: most cells name a stage ("Phone screen", "panel", "CV sift");
- ``interviewer``: most cells start with a given name (honorifics skipped);
- ``role``: most cells hold the head noun of a job title ("Sous Chef", "PV Installer");
- ``text``: the column with the longest cells, when they read as prose;
- ``company``: the leftmost column left whose cells are short capitalised names that
  differ from row to row (a status column repeats itself) and are not places.

"Most" is :data:`MOST` of the non-empty cells among the first :data:`SAMPLE_ROWS` rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence

from nextround.ingest.spans import job_nouns
from nextround.models import Stage
from nextround.privacy import word_classes

#: The share of a column's non-empty cells that must look like a field's values.
MOST = 0.6
#: Rows read to type the columns.
SAMPLE_ROWS = 200
#: Cells of a feedback column average at least this many words.
PROSE_WORDS = 5
#: Company names are at most this many words.
NAME_WORDS = 6

_HONORIFIC = re.compile(r"^(?:dr|mr|mrs|ms|mx|miss|prof|sr|sir|dame)\.?\s+", re.IGNORECASE)
_MONEY_OR_LINK = re.compile(r"[£$€¥₹]|\d{2,}|https?:|www\.|@|\.(?:com|org|example)\b")


def _share(cells: Sequence[str], test: Callable[[str], bool]) -> float:
    return sum(1 for c in cells if test(c)) / len(cells) if cells else 0.0


def _given_name(cell: str) -> bool:
    first = _HONORIFIC.sub("", cell.strip()).split()
    return bool(first) and first[0][:1].isupper() and "given" in word_classes(first[0])


def _has_job_noun(cell: str) -> bool:
    nouns = job_nouns()
    return any(w.lower() in nouns for w in re.findall(r"[A-Za-z][A-Za-z'-]*", cell))


def _place(cell: str) -> bool:
    return "place" in word_classes(cell.split(",")[0].strip())


def _name_like(cell: str) -> bool:
    words = cell.split()
    return (
        0 < len(words) <= NAME_WORDS
        and cell[:1].isupper()
        and not _MONEY_OR_LINK.search(cell)
        and not cell.rstrip().endswith((".", "!", "?"))
    )


def infer_columns(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    known: Mapping[str, int],
    parse_date: Callable[[str, bool], dt.date | None],
    dayfirst_column: Callable[[Sequence[str]], bool],
    parse_stage: Callable[[str], Stage],
) -> dict[str, int]:
    """Fields for the columns ``known`` leaves free, typed by their cells.

    ``known`` maps fields already matched by name to column indexes; the result holds
    new fields, and ``date`` when a later date column replaces the one ``known`` has.
    ``rows`` are lists of cell strings in header order.
    """
    sample = rows[:SAMPLE_ROWS]
    cells = {
        i: [str(r[i]).strip() for r in sample if i < len(r) and str(r[i]).strip()]
        for i in range(len(headers))
    }
    free = [i for i in range(len(headers)) if i not in known.values() and cells[i]]
    found: dict[str, int] = {}

    def take(field_name: str, index: int) -> None:
        found[field_name] = index
        free.remove(index)

    dated = {}
    for i in [*free, *([known["date"]] if "date" in known else [])]:
        dayfirst = dayfirst_column(cells[i])
        parsed = [parse_date(c, dayfirst) for c in cells[i]]
        days = [d for d in parsed if d is not None]
        if days and len(days) >= MOST * len(parsed):
            dated[i] = sum(d.toordinal() for d in days) / len(days)
    if dated:
        latest = max(dated, key=lambda i: dated[i])
        if latest in free:
            take("date", latest)
    if "stage" not in known:
        staged = {
            i: s
            for i in free
            if (s := _share(cells[i], lambda c: parse_stage(c) is not Stage.UNKNOWN)) >= MOST
        }
        if staged:
            take("stage", max(staged, key=lambda i: staged[i]))
    if "text" not in known:
        words = {i: sum(len(c.split()) for c in cells[i]) / len(cells[i]) for i in free}
        prose = [i for i in free if words[i] >= PROSE_WORDS]
        if prose:
            take("text", max(prose, key=lambda i: words[i]))
    if "interviewer" not in known:
        people = {i: s for i in free if (s := _share(cells[i], _given_name)) >= MOST}
        if people:
            take("interviewer", max(people, key=lambda i: people[i]))
    if "role" not in known:
        roles = {i: s for i in free if (s := _share(cells[i], _has_job_noun)) >= MOST}
        if roles:
            take("role", max(roles, key=lambda i: roles[i]))
    if "company" not in known:
        for i in free:
            distinct = len({c.casefold() for c in cells[i]}) / len(cells[i])
            if (
                _share(cells[i], _name_like) >= MOST
                and _share(cells[i], _place) < MOST
                and (len(cells[i]) < 3 or distinct > 0.5)
            ):
                take("company", i)
                break
    return found
