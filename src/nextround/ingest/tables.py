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
from collections.abc import Iterator, Mapping
from email.utils import parseaddr
from pathlib import Path

from nextround.errors import InputError
from nextround.ingest.decode import decode_text
from nextround.ingest.fields import (
    FIELDS,
    field_value,
    match_columns,
    parse_date,
    parse_stage,
    text_value,
)
from nextround.ingest.raw import RawItem
from nextround.models import SkippedInput

csv.field_size_limit(16 * 1024 * 1024)


def _people(value: str) -> list[str]:
    names = []
    for part in re.split(r";|,| and | & ", value):
        name, _addr = parseaddr(part.strip())
        name = name or (part.strip() if "@" not in part else "")
        if name:
            names.append(name)
    return names


def _item(source: str, values: Mapping[str, object]) -> RawItem | SkippedInput:
    text = text_value(values.get("text"))
    if not text:
        return SkippedInput(source=source, reason="empty feedback text")
    interviewer_raw = text_value(values.get("interviewer"))
    name, addr = parseaddr(interviewer_raw) if "@" in interviewer_raw else ("", "")
    interviewer = name if addr else interviewer_raw
    stage_raw = values.get("stage")
    date_raw = text_value(values.get("date"))
    item = RawItem(
        source=source,
        text=text.replace("\r\n", "\n"),
        kind="row",
        company=text_value(values.get("company")),
        role=text_value(values.get("role")),
        stage=parse_stage(stage_raw).value if text_value(stage_raw) else "",
        date=parse_date(date_raw),
        interviewer=interviewer,
        subject=text_value(values.get("subject")),
        sender_email=addr.lower(),
        names=_people(interviewer) + _people(text_value(values.get("candidate"))),
    )
    if date_raw and item.date is None:
        item.warnings.append(f"unrecognised date {date_raw!r}; date left empty")
    return item


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
    path: Path, source: str, column_map: Mapping[str, str] | None = None
) -> Iterator[RawItem | SkippedInput]:
    """Items from a CSV export with a header row."""
    text = decode_text(path.read_bytes())
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    delimiter = _sniff_delimiter(text[:8192])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        headers = next(reader)
    except csv.Error as exc:
        raise InputError(f"malformed CSV header: {exc}") from exc
    columns = match_columns([h.strip() for h in headers], column_map)
    number = 0
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            number += 1
            yield SkippedInput(
                source=f"{source}#{number}", reason=f"malformed CSV at line {line}: {exc}"
            )
            continue
        if not any(cell.strip() for cell in row):
            continue  # blank line
        number += 1
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
        yield _item(item_source, {f: row[i] for f, i in columns.items()})


def _object_values(
    obj: Mapping[str, object], column_map: Mapping[str, str] | None
) -> dict[str, object]:
    values = {f: field_value(obj, f) for f in FIELDS}
    for field_name, key in (column_map or {}).items():
        if key not in obj:
            raise InputError(f"--map {field_name}={key}: no such key in the objects")
        values[field_name] = obj[key]
    return values


def read_jsonl(
    path: Path, source: str, column_map: Mapping[str, str] | None = None
) -> Iterator[RawItem | SkippedInput]:
    """Items from a JSON Lines file: one object per line."""
    text = decode_text(path.read_bytes())
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield SkippedInput(
                source=f"{source}#{number}",
                reason=f"line {number}: invalid JSON ({exc.msg} at column {exc.colno})",
            )
            continue
        if not isinstance(obj, dict):
            yield SkippedInput(
                source=f"{source}#{number}",
                reason=f"line {number}: expected a JSON object, found {type(obj).__name__}",
            )
            continue
        values = _object_values(obj, column_map)
        yield _item(f"{source}#{_row_id(values.get('id'), number)}", values)


def read_json(
    path: Path, source: str, column_map: Mapping[str, str] | None = None
) -> Iterator[RawItem | SkippedInput]:
    """Items from a JSON file: an array of objects, ``{"records": [...]}`` or one object."""
    text = decode_text(path.read_bytes())
    if not text.strip():
        raise InputError("empty file (only whitespace)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from exc
    if isinstance(data, dict):
        for key in ("records", "items", "feedback", "data", "results"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise InputError(f"expected a JSON array of objects, found {type(data).__name__}")
    for number, obj in enumerate(data, start=1):
        if not isinstance(obj, dict):
            yield SkippedInput(
                source=f"{source}#{number}",
                reason=f"item {number}: expected a JSON object, found {type(obj).__name__}",
            )
            continue
        values = _object_values(obj, column_map)
        yield _item(f"{source}#{_row_id(values.get('id'), number)}", values)
