"""What each input file produced the last time it was ingested.

Re-ingesting an unchanged file then costs one hash of its bytes: its records
are checked to still be in the store and its outcome (stored, duplicates,
skipped rows, warnings) is replayed, without parsing, cleaning, redacting or
embedding anything. A file whose bytes, name or ingest options changed is
processed again as usual.

Messages fetched from a mail server are kept the same way, one outcome per
message, and so is how far each folder was read (:class:`FolderState`): the
next run fetches only the messages that arrived since.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class FileOutcome:
    """Everything one input file contributed to an ingest report."""

    stored: list[tuple[str, str]] = field(default_factory=list)  # (source, id)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, duplicate_of)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    set_aside: list[tuple[str, str, str]] = field(default_factory=list)  # (source, kind, reason)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> FileOutcome:
        data = json.loads(text)
        return cls(**{k: [tuple(pair) for pair in v] for k, v in data.items()})


@dataclass(frozen=True)
class FolderState:
    """How far a mail folder was read: the server's UIDVALIDITY and the last UID read.

    UIDs grow as messages arrive, so the next run asks only for UIDs above
    ``last_uid``; they keep their meaning only while UIDVALIDITY is the same.
    """

    uidvalidity: int
    last_uid: int


def file_key(path: Path, source: str, options: str) -> str:
    """A key that changes when the file's bytes, its source name or the options change.

    Read in blocks, to recognise an unchanged file without holding it in memory.
    """
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return _finish_key(digest, source, options)


def bytes_key(data: bytes, source: str, options: str) -> str:
    """:func:`file_key` of bytes already read: the key of exactly what was parsed."""
    return _finish_key(hashlib.sha256(data), source, options)


def _finish_key(digest: hashlib._Hash, source: str, options: str) -> str:
    digest.update(b"\x00" + source.encode("utf-8") + b"\x00" + options.encode("utf-8"))
    return digest.hexdigest()


class Manifest:
    """A small SQLite table of file outcomes, one file per profile and store."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, outcome TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS sources (source TEXT PRIMARY KEY, key TEXT)")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS folders "
            "(folder TEXT PRIMARY KEY, uidvalidity INTEGER, last_uid INTEGER)"
        )
        self._db.commit()

    def previous(self, source: str) -> FileOutcome | None:
        """The outcome of the last ingest of the file named ``source``, if known."""
        with self._lock:
            row = self._db.execute(
                "SELECT files.outcome FROM sources JOIN files ON files.key = sources.key "
                "WHERE sources.source = ?",
                (source,),
            ).fetchone()
        return FileOutcome.from_json(row[0]) if row else None

    def lookup(self, key: str) -> FileOutcome | None:
        with self._lock:
            row = self._db.execute("SELECT outcome FROM files WHERE key = ?", (key,)).fetchone()
        return FileOutcome.from_json(row[0]) if row else None

    def save(self, outcomes: dict[str, tuple[str, FileOutcome]]) -> None:
        """Record ``{key: (source, outcome)}`` for the files just ingested."""
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO files (key, outcome) VALUES (?, ?)",
                [(key, outcome.to_json()) for key, (_source, outcome) in outcomes.items()],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO sources (source, key) VALUES (?, ?)",
                [(source, key) for key, (source, _outcome) in outcomes.items()],
            )
            self._db.commit()

    def folder_state(self, folder: str) -> FolderState | None:
        """How far the mail folder ``folder`` (account, folder and search) was read, if at all."""
        with self._lock:
            row = self._db.execute(
                "SELECT uidvalidity, last_uid FROM folders WHERE folder = ?", (folder,)
            ).fetchone()
        return FolderState(int(row[0]), int(row[1])) if row else None

    def save_folder_state(self, folder: str, state: FolderState) -> None:
        """Record how far ``folder`` was read, at once (an interrupted run resumes from here)."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO folders (folder, uidvalidity, last_uid) VALUES (?, ?, ?)",
                (folder, state.uidvalidity, state.last_uid),
            )
            self._db.commit()

    def forget_folders(self, folders: set[str]) -> None:
        """Read these mail folders (``imap://USER@HOST/FOLDER``) from the start next time,
        whatever search selected them (their records were forgotten)."""
        with self._lock:
            keys = [k for (k,) in self._db.execute("SELECT folder FROM folders")]
            gone = [(k,) for k in keys if k.rpartition("#")[0] in folders]
            self._db.executemany("DELETE FROM folders WHERE folder = ?", gone)
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()
