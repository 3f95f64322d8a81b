"""Metadata-labelled records for training the learned reader (:mod:`nextround.learn.fields`).

Three sources, each by other writers (see ``corpus/DATA_CARD.md``):

- ``corpus/metadata/train/*.jsonl``: e-mails and notes with their labels, one writer
  per file; each is written out as the file a user would have (``.eml``, ``.txt``,
  ``.md``) and read back by nextround's own readers;
- ``corpus/dev/records`` with ``corpus/dev/records_labels.yaml``;
- ``corpus/feedback`` with ``corpus/labels.yaml``.

The held-out records (``corpus/heldout``) are never read here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from nextround.errors import ConfigError
from nextround.ingest.fields import parse_date
from nextround.ingest.pipeline import open_item, read_inputs
from nextround.ingest.raw import RawItem
from nextround.models import SkippedInput

LABELLED_FIELDS = ("company", "role", "interviewer", "stage")


@dataclass(frozen=True)
class LabelledItem:
    """A record as ingest reads it, its cleaned text, and its metadata labels."""

    item: RawItem
    text: str
    labels: dict[str, str]
    writer: str


def _write_item(row: dict[str, Any], folder: Path, number: int) -> Path:
    name = Path(str(row.get("file") or f"item-{number}")).name
    if row["format"] == "email":
        stem = name.removesuffix(".eml")
        msg = EmailMessage()
        msg["From"] = str(row.get("from", ""))
        msg["Subject"] = str(row.get("subject", ""))
        date = parse_date(str(row.get("date", "")))
        if date:
            import datetime as dt

            msg["Date"] = format_datetime(dt.datetime(date.year, date.month, date.day, 9, 30))
        msg.set_content(str(row["body"]))
        path = folder / f"{number:03d}" / f"{stem}.eml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(bytes(msg))
    else:
        if not name.endswith((".txt", ".md")):
            name += ".txt"
        path = folder / f"{number:03d}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(row["body"]), encoding="utf-8")
    return path


def _labels(row: dict[str, Any]) -> dict[str, str]:
    return {f: str(row.get(f) or "") for f in LABELLED_FIELDS}


def _read(path: Path) -> list[RawItem]:
    return [i for i in read_inputs([path], max_bytes=10 << 20) if isinstance(i, RawItem)]


def _labelled(item: RawItem, labels: dict[str, str], writer: str) -> LabelledItem | None:
    opened = open_item(item)
    if isinstance(opened, SkippedInput):
        return None
    return LabelledItem(item, opened.text, labels, writer)


def load_written(folder: Path, workdir: Path) -> list[LabelledItem]:
    """``corpus/metadata/train``: each line written out as a file and read back."""
    out = []
    for path in sorted(folder.glob("*.jsonl")):
        writer = path.stem
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("format") not in ("email", "note"):
                raise ConfigError(f"{path.name} line {number}: format must be email or note")
            for item in _read(_write_item(row, workdir / writer, number)):
                found = _labelled(item, _labels(row), writer)
                if found:
                    out.append(found)
    return out


def load_labelled_folder(folder: Path, labels_file: Path, writer: str) -> list[LabelledItem]:
    """A folder of files with a YAML label file (``items: [{source, company, ...}]``)."""
    import yaml

    labels = yaml.safe_load(labels_file.read_text(encoding="utf-8"))
    by_source = {str(i["source"]): i for i in labels["items"]}
    out = []
    for item in read_inputs([folder], max_bytes=10 << 20):
        if not isinstance(item, RawItem):
            continue
        source = next((s for s in by_source if item.source.endswith(s)), None)
        if source is None:
            continue
        found = _labelled(item, _labels(by_source[source]), writer)
        if found:
            out.append(found)
    return out


def load_field_items(corpus: Path, workdir: Path) -> list[LabelledItem]:
    """Every metadata-labelled training record, in a fixed order."""
    return [
        *load_written(corpus / "metadata" / "train", workdir),
        *load_labelled_folder(
            corpus / "dev" / "records", corpus / "dev" / "records_labels.yaml", "dev"
        ),
        *load_labelled_folder(corpus / "feedback", corpus / "labels.yaml", "corpus"),
    ]
