"""Tabular exports: CSV (any common delimiter), JSON Lines and JSON.

Columns are recognised by name (see :mod:`nextround.ingest.fields`); a
``--map field=column`` option overrides that. Each row becomes one item whose
source is ``file#<row id>``: the row's id column when there is one, else its
1-based row number. A malformed row is skipped with its reason; the rest of
the file still lands.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from email.utils import parseaddr
from pathlib import Path

from nextround.errors import InputError
from nextround.ingest.decode import decode_text
from nextround.ingest.fields import (
    dayfirst_column,
    match_columns,
    parse_date,
    parse_stage,
    text_value,
)
from nextround.ingest.raw import RawItem
from nextround.ingest.stages import stage_from_text
from nextround.limits import MAX_RECORD_CHARS
from nextround.models import SkippedInput, Stage

csv.field_size_limit(16 * 1024 * 1024)

#: A part of a person cell that opens with one of these is a role, not a name: "the MD".
_DETERMINERS = frozenset(["the", "a", "an", "our", "my", "their", "his", "her", "your", "one"])


def _people(value: str) -> list[str]:
    """The people a cell names, in order: "Dr Nadia Feld, Callum Rees", "Ravi & the MD",
    "Becky at Apex" (the organisation after "at" is not a person), "becky" (as written)."""
    names = []
    parts = re.split(r";| and | & | \+ | / ", value)
    if "," in value and all(len(p.split()) >= 2 for p in value.split(",")):
        parts = [q for p in parts for q in p.split(",")]  # not "Smith, J."
    for part in parts:
        part = re.sub(r"\s*\([^()]*\)", "", part).strip()  # "Hattie Greaves (Head Nurse)"
        part = re.split(r"\s+(?:at|from|via|of)\s+", part, maxsplit=1)[0]
        name, _addr = parseaddr(part)
        name = name or (part if "@" not in part else "")
        if name and name.split()[0].lower() not in _DETERMINERS:  # not "the MD"
            names.append(name)
    return names


def _stage(cell: str) -> tuple[str, str]:
    """(stage, hint) from a stage cell: a stage nextround's words name, else the cell
    itself as a hint for the stage readers ("blind tasting + trial shift")."""
    stage = parse_stage(cell)
    if stage is Stage.UNKNOWN:
        stage = stage_from_text(cell)
    return (stage.value, "") if stage is not Stage.UNKNOWN else ("", cell)


def _item(
    source: str, values: Mapping[str, object], dayfirst: bool = False
) -> RawItem | SkippedInput:
    text = text_value(values.get("text"))
    if not text:
        return SkippedInput(source=source, reason="empty feedback text")
    interviewer_raw = text_value(values.get("interviewer"))
    name, addr = parseaddr(interviewer_raw) if "@" in interviewer_raw else ("", "")
    people = _people(name if addr else interviewer_raw)
    stage, hint = _stage(text_value(values.get("stage")))
    date_raw = text_value(values.get("date"))
    # "HelioHome (via Apex Recruitment)": the employer without the writer's aside
    company = re.sub(r"\s*\([^()]*\)$", "", text_value(values.get("company")))
    item = RawItem(
        source=source,
        text=text.replace("\r\n", "\n"),
        kind="row",
        company=company,
        role=text_value(values.get("role")),
        stage=stage,
        date=parse_date(date_raw, dayfirst),
        interviewer=people[0] if people else "",
        subject=text_value(values.get("subject")),
        sender_email=addr.lower(),
        hint=hint,
        names=people + _people(text_value(values.get("candidate"))),
    )
    if date_raw and item.date is None:
        item.warnings.append(f"unrecognised date {date_raw!r}; date left empty")
    return item


def _guarded_item(
    source: str, where: str, values: Mapping[str, object], dayfirst: bool
) -> RawItem | SkippedInput:
    """:func:`_item`, or the row skipped with its reason: one odd row never costs the file."""
    try:
        return _item(source, values, dayfirst)
    except RecursionError:
        return SkippedInput(source=source, reason=f"{where}: nested too deeply to read")
    except Exception as exc:
        return SkippedInput(
            source=source, reason=f"{where}: cannot read this row ({type(exc).__name__}: {exc})"
        )


def _typing_cells(rows: Sequence[Sequence[str]]) -> list[list[str]]:
    """Rows for typing columns by their cells, each cell cut to the length a record reads."""
    return [[cell[: MAX_RECORD_CHARS + 1] for cell in row] for row in rows]


def _row_id(raw_id: object, number: int) -> str:
    text = text_value(raw_id)
    return re.sub(r"\s+", "_", text) if text else str(number)


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.split("\n", 1)[0].count(d) for d in ",;\t|"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(
    path: Path,
    source: str,
    column_map: Mapping[str, str] | None = None,
    *,
    data: bytes | None = None,
) -> Iterator[RawItem | SkippedInput]:
    """Items from a CSV (or tab-separated) export with a header row."""
    text = decode_text(path.read_bytes() if data is None else data)
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    delimiter = _sniff_delimiter(text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise InputError(f"malformed CSV header: {exc}") from exc
    # (row number, line, cells or the reason the row is unreadable)
    rows: list[tuple[int, int, list[str] | str]] = []
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.append((len(rows) + 1, line, f"malformed CSV at line {line}: {exc}"))
            continue
        if any(cell.strip() for cell in row):  # else a blank line
            rows.append((len(rows) + 1, line, row))
    good = [r for _, _, r in rows if isinstance(r, list) and len(r) == len(headers)]
    columns = match_columns(headers, column_map, _typing_cells(good))
    dayfirst = "date" in columns and dayfirst_column([r[columns["date"]] for r in good])
    for number, line, cells in rows:
        if isinstance(cells, str):
            yield SkippedInput(source=f"{source}#{number}", reason=cells)
            continue
        row = cells
        row_id = _row_id(
            row[columns["id"]] if "id" in columns and len(row) > columns["id"] else None, number
        )
        item_source = f"{source}#{row_id}"
        if len(row) != len(headers):
            yield SkippedInput(
                source=item_source,
                reason=f"row {number} (line {line}): expected {len(headers)} fields, "
                f"found {len(row)}",
            )
            continue
        values = {f: row[i] for f, i in columns.items()}
        yield _guarded_item(item_source, f"row {number} (line {line})", values, dayfirst)


def _objects(
    objects: Sequence[tuple[int, object]],
    source: str,
    column_map: Mapping[str, str] | None,
    unit: str = "item",
) -> Iterator[RawItem | SkippedInput]:
    """Items from numbered JSON values; the objects' keys are matched like columns.

    ``unit`` names what the numbers count in messages: a JSON array's "item", a
    JSON Lines file's "line". A value that is not an object, or an object whose
    values cannot be read, is skipped with its reason; the others still land.
    """
    keys: dict[str, None] = {}
    for _, obj in objects:
        if isinstance(obj, dict):
            keys.update(dict.fromkeys(str(k) for k in obj))
    headers = list(keys)
    readable: list[tuple[int, dict[str, object]]] = []
    rows: list[list[str]] = []
    for number, obj in objects:
        where = f"{unit} {number}"
        if not isinstance(obj, dict):
            yield SkippedInput(
                source=f"{source}#{number}",
                reason=f"{where}: expected a JSON object, found {_json_type(obj)}",
            )
            continue
        try:
            rows.append([text_value(obj.get(k)) for k in headers])
        except RecursionError:
            yield SkippedInput(
                source=f"{source}#{number}", reason=f"{where}: nested too deeply to read"
            )
            continue
        readable.append((number, obj))
    columns = _object_columns(headers, _typing_cells(rows), column_map) if rows else {}
    dayfirst = "date" in columns and dayfirst_column([r[columns["date"]] for r in rows])
    for number, obj in readable:
        values = {f: obj.get(headers[i]) for f, i in columns.items()}
        try:
            row_id = _row_id(values.get("id"), number)
        except Exception:  # an id no string can be made of: the row number
            row_id = str(number)
        yield _guarded_item(f"{source}#{row_id}", f"{unit} {number}", values, dayfirst)


def _json_problem(exc: ValueError) -> str:
    """The parser's complaint without advice meant for programmers."""
    return str(exc).split("; use ", 1)[0]


def _json_type(value: object) -> str:
    """A JSON value's type in JSON's words: "array", "string", "number", ..."""
    if value is None:
        return "null"
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "array"}
    return names.get(type(value), type(value).__name__)


def _object_columns(
    headers: Sequence[str], rows: Sequence[Sequence[str]], column_map: Mapping[str, str] | None
) -> dict[str, int]:
    for field_name, key in (column_map or {}).items():
        if key not in headers:
            raise InputError(f"--map {field_name}={key}: no such key in the objects")
    return match_columns(headers, column_map, rows)


def read_jsonl(
    path: Path,
    source: str,
    column_map: Mapping[str, str] | None = None,
    *,
    data: bytes | None = None,
) -> Iterator[RawItem | SkippedInput]:
    """Items from a JSON Lines file: one object per line."""
    text = decode_text(path.read_bytes() if data is None else data)
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    objects: list[tuple[int, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            objects.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            reason = f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})"
            yield SkippedInput(source=f"{source}#{number}", reason=reason)
        except RecursionError:
            reason = f"line {number}: JSON nested too deeply to read"
            yield SkippedInput(source=f"{source}#{number}", reason=reason)
        except ValueError as exc:  # e.g. a number too long to convert
            reason = f"line {number}: cannot read this JSON ({_json_problem(exc)})"
            yield SkippedInput(source=f"{source}#{number}", reason=reason)
    yield from _objects(objects, source, column_map, unit="line")


def read_json(
    path: Path,
    source: str,
    column_map: Mapping[str, str] | None = None,
    *,
    data: bytes | None = None,
) -> Iterator[RawItem | SkippedInput]:
    """Items from a JSON file: an array of objects, ``{"records": [...]}`` or one object."""
    text = decode_text(path.read_bytes() if data is None else data)
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise InputError("JSON nested too deeply to read") from exc
    except ValueError as exc:  # e.g. a number too long to convert
        raise InputError(f"cannot read this JSON ({_json_problem(exc)})") from exc
    if isinstance(parsed, dict):
        for key in ("records", "items", "feedback", "data", "results"):
            if isinstance(parsed.get(key), list):
                parsed = parsed[key]
                break
        else:
            parsed = [parsed]
    if not isinstance(parsed, list):
        raise InputError(f"expected a JSON array of objects, found {_json_type(parsed)}")
    yield from _objects(list(enumerate(parsed, start=1)), source, column_map)
