"""Corrections a person made to a record's metadata, kept apart from the store.

``nextround edit ID --company ...`` writes the corrected value into the stored
record and into a small JSON file per profile. Ingest applies the file to every
record it prepares, so a correction survives re-ingesting, a changed file that
keeps the same record, a store rebuilt from scratch, ``migrate`` (the stored
record carries it too) and ``batch``. Records keep the id ingest gave them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from nextround.errors import ConfigError
from nextround.models import FeedbackRecord, Stage

EDITABLE = ("company", "role", "interviewer", "stage", "date")
_lock = threading.Lock()


def check_fields(fields: Mapping[str, str | None]) -> dict[str, str]:
    """The fields given (None means "not given"), validated; raises ConfigError."""
    out: dict[str, str] = {}
    for name, value in fields.items():
        if value is None:
            continue
        if name not in EDITABLE:
            raise ConfigError(f"cannot edit {name!r}: choose from {', '.join(EDITABLE)}")
        value = " ".join(value.split())
        if name == "stage" and value and value not in {s.value for s in Stage}:
            stages = ", ".join(s.value for s in Stage)
            raise ConfigError(f"unknown stage {value!r}: choose one of {stages}")
        if name == "date" and value:
            try:
                dt.date.fromisoformat(value)
            except ValueError as exc:
                raise ConfigError(f"date {value!r} is not a date: use YYYY-MM-DD") from exc
        out[name] = value
    if not out:
        raise ConfigError(
            "nothing to change: give at least one of " + ", ".join(f"--{f}" for f in EDITABLE)
        )
    return out


def apply(record: FeedbackRecord, fields: Mapping[str, str]) -> FeedbackRecord:
    """``record`` with ``fields`` set and marked as corrected."""
    if not fields:
        return record
    update: dict[str, object] = {}
    for name, value in fields.items():
        if name == "stage":
            update[name] = Stage(value or Stage.UNKNOWN.value)
        elif name == "date":
            update[name] = dt.date.fromisoformat(value) if value else None
        else:
            update[name] = value
    corrected = tuple(sorted({*record.corrected, *fields}))
    unsure = tuple(u for u in record.unsure if u not in fields)
    return record.model_copy(update={**update, "corrected": corrected, "unsure": unsure})


class Corrections:
    """The corrections of one profile: ``{record id: {field: value}}`` in a JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data = self._read()

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"cannot read the corrections file {self.path}: {exc}. "
                "Fix or remove it (your corrections are in it)."
            ) from exc
        if not isinstance(data, dict):
            raise ConfigError(f"the corrections file {self.path} is not a JSON object")
        return {str(k): {str(f): str(v) for f, v in dict(v).items()} for k, v in data.items()}

    def __len__(self) -> int:
        return len(self._data)

    def get(self, record_id: str) -> dict[str, str]:
        return dict(self._data.get(record_id, {}))

    def apply(self, record: FeedbackRecord) -> FeedbackRecord:
        return apply(record, self._data.get(record.id, {}))

    def set(self, record_id: str, fields: Mapping[str, str]) -> None:
        """Add ``fields`` to the record's corrections and save (atomically)."""
        with _lock:
            self._data = self._read()
            self._data.setdefault(record_id, {}).update(fields)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".corrections-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self._data, fh, ensure_ascii=False, indent=2, sort_keys=True)
            os.replace(tmp, self.path)
