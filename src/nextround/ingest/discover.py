"""Finding input files: paths, directories (recursive) and glob patterns.

Every input becomes either a :class:`Candidate` (a file to read, with the
``source`` name records will carry) or a :class:`~nextround.models.SkippedInput`
that says exactly why it was not read.

A Maildir (a directory with ``cur/``, ``new/`` and ``tmp/``) is recognised wherever
it is met: each file in its ``cur/`` and ``new/`` is one e-mail, whatever its name
(``1767225600.M1P2.host:2,S``); files in ``tmp/`` are still being delivered and are
not read; its Maildir++ folders (``.Jobs/``) are searched although their names start
with a dot.
"""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from nextround.errors import InputError
from nextround.models import SkippedInput

SUPPORTED_SUFFIXES = (
    ".txt",
    ".md",
    ".eml",
    ".mbox",
    ".msg",
    ".csv",
    ".tsv",
    ".jsonl",
    ".json",
    ".docx",
    ".pdf",
    ".html",
    ".htm",
)
_MAILDIR_PARTS = ("cur", "new", "tmp")
#: Files an operating system or file manager writes into folders on its own (Finder's
#: .DS_Store and ._ resource forks, Windows' Thumbs.db and desktop.ini, KDE's
#: .directory): never a person's feedback, so a folder search passes them by without
#: reporting them, and a folder copied from a Mac ingests cleanly. Named directly,
#: they are reported like any other file.
SYSTEM_FILES = frozenset(
    {".ds_store", "thumbs.db", "ehthumbs.db", "desktop.ini", ".localized", ".directory", "icon\r"}
)


def is_system_file(name: str) -> bool:
    """Whether ``name`` is a file the system wrote into the folder, not the user."""
    return name.lower() in SYSTEM_FILES or name.startswith("._")


@dataclass(frozen=True)
class Candidate:
    """A file to read. ``source`` is its path relative to the directory given;
    ``maildir``: a message of a Maildir, read as one e-mail whatever its name."""

    path: Path
    source: str
    maildir: bool = False


def is_maildir(directory: Path) -> bool:
    """Whether ``directory`` is a Maildir: it holds ``cur/``, ``new/`` and ``tmp/``."""
    return all((directory / part).is_dir() for part in _MAILDIR_PARTS)


def maildir_part(directory: Path) -> str:
    """``"cur"``, ``"new"`` or ``"tmp"`` when ``directory`` is that part of a Maildir,
    else ``""``."""
    if directory.name in _MAILDIR_PARTS and is_maildir(directory.parent):
        return directory.name
    return ""


def _file(path: Path, source: str, part: str, in_maildir: bool = False) -> Candidate | SkippedInput:
    """A file found in a directory that is ``part`` of a Maildir (or ``""``), or in a
    Maildir itself (``in_maildir``: ``maildirfolder``, a mail server's index files)."""
    if part == "tmp":
        return SkippedInput(
            source=source, reason="a message still being delivered (Maildir tmp/); not read"
        )
    if in_maildir and path.suffix.lower() not in SUPPORTED_SUFFIXES:
        return SkippedInput(
            source=source,
            reason="a mail program's file in a Maildir, not a message (those are in cur/ "
            "and new/); not read",
        )
    return Candidate(path=path, source=source, maildir=bool(part))


_FILE_KINDS = (
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)


def _kind(mode: int) -> str:
    """What a non-regular file is, in words: "FIFO", "socket", ..."""
    return next((name for test, name in _FILE_KINDS if test(mode)), "special file")


def not_regular(path: Path) -> str | None:
    """Why ``path`` (followed through symlinks) is not a regular file to read, or None.

    Only ``stat`` is used: a FIFO is never opened, as opening one waits for a writer.
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # missing or unreadable: reported where it is read
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return f"not a regular file ({_kind(mode)}); not read"


def _has_magic(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def _glob_base(pattern: str) -> Path:
    parts = Path(pattern).parts
    base: list[str] = []
    for part in parts:
        if _has_magic(part):
            break
        base.append(part)
    return Path(*base) if base else Path(".")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.name


def _walk(root: Path) -> Iterator[Candidate | SkippedInput]:
    """Files below ``root`` in a stable order; symlinks may not leave ``root``."""
    real_root = root.resolve()
    seen_dirs: set[Path] = set()
    stack = [root]
    while stack:
        directory = stack.pop()
        real = directory.resolve()
        if real in seen_dirs:
            continue
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield SkippedInput(
                source=_relative(directory, root) or ".",
                reason=f"cannot read directory: {exc.strerror or exc}",
            )
            continue
        subdirs: list[Path] = []
        part = maildir_part(directory)
        in_maildir = not part and is_maildir(directory)
        for entry in entries:
            path = Path(entry.path)
            source = _relative(path, root)
            # a Maildir++ folder (".Jobs") is a Maildir inside the Maildir
            folder = in_maildir and entry.is_dir(follow_symlinks=False) and is_maildir(path)
            if is_system_file(entry.name) and entry.is_file(follow_symlinks=False):
                continue
            if entry.name.startswith(".") and not folder:
                # .git, .DS_Store, editor swap files: not read, but named
                what = "directory (its name starts with '.'); not searched"
                if not entry.is_dir():
                    what = "file (its name starts with '.'); not read"
                yield SkippedInput(source=source, reason=f"hidden {what}")
                continue
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    yield SkippedInput(source=source, reason="broken or looping symlink")
                    continue
                if not target.is_relative_to(real_root):
                    yield SkippedInput(
                        source=source,
                        reason=f"symlink points outside {root.as_posix()} (to {target}); "
                        "not followed",
                    )
                    continue
            if path.is_dir():
                subdirs.append(path)
            elif path.is_file():
                yield _file(path, source, part, in_maildir)
            else:
                reason = not_regular(path) or "not a regular file; not read"
                yield SkippedInput(source=source, reason=reason)
        stack.extend(reversed(subdirs))


def discover(inputs: Sequence[str | Path]) -> Iterator[Candidate | SkippedInput]:
    """Expand ``inputs`` (files, directories, globs) into files to read.

    A path given twice, or reached twice, is read once, and reported once.
    """
    seen: set[Path] = set()
    reported: set[tuple[str, str]] = set()
    for raw in inputs:
        text = str(raw)
        path = Path(text).expanduser()
        found: Iterator[Candidate | SkippedInput]
        if path.is_dir():
            found = _walk(path)
        elif path.is_file():
            found = iter([_file(path, path.name, maildir_part(path.parent))])
        elif _has_magic(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                yield SkippedInput(source=text, reason="no files match this pattern")
                continue
            base = _glob_base(text)
            found = _expand_matches(matches, base)
        elif reason := not_regular(path):
            yield SkippedInput(source=text, reason=reason)
            continue
        elif path.is_symlink():
            yield SkippedInput(source=text, reason="broken symlink")
            continue
        else:
            yield SkippedInput(source=text, reason="no such file or directory")
            continue
        for item in found:
            if isinstance(item, Candidate):
                key = item.path.resolve()
                if key in seen:
                    continue
                seen.add(key)
            else:
                if (item.source, item.reason) in reported:
                    continue
                reported.add((item.source, item.reason))
            yield item


def _expand_matches(matches: list[str], base: Path) -> Iterator[Candidate | SkippedInput]:
    for match in matches:
        path = Path(match)
        if path.is_dir():
            for item in _walk(path):
                if isinstance(item, Candidate):
                    yield Candidate(path=item.path, source=_relative(item.path, base))
                else:
                    yield item
        elif path.is_file():
            yield _file(path, _relative(path, base), maildir_part(path.parent))
        else:
            reason = not_regular(path) or "broken symlink"
            yield SkippedInput(source=_relative(path, base), reason=reason)


def precheck(candidate: Candidate, max_bytes: int) -> str | None:
    """Why ``candidate`` cannot be read at all, or None if it can be tried."""
    suffix = candidate.path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES and not candidate.maildir:
        kind = f"'{suffix}'" if suffix else "without an extension"
        return f"unsupported file type {kind} (supported: {' '.join(SUPPORTED_SUFFIXES)})"
    try:
        size = candidate.path.stat().st_size
    except OSError as exc:
        return f"cannot read file: {exc.strerror or exc}"
    if size == 0:
        return "empty file (0 bytes)"
    if size > max_bytes:
        return (
            f"file is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:g} MB limit "
            "(raise it with --max-file-mb or max_file_mb in the config file)"
        )
    if not os.access(candidate.path, os.R_OK):
        return "permission denied"
    return None


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file at ``path``, read once.

    The file is opened without blocking and checked to be a regular file before
    anything is read, so a FIFO put in its place since it was found cannot hang
    the ingest. Raises :class:`InputError` when it is not a regular file or has
    grown past ``max_bytes``, and ``OSError`` when it cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"not a regular file ({_kind(mode)}); not read")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise InputError(
            f"file grew past the {max_bytes / 1_048_576:g} MB limit while it was read "
            "(raise it with --max-file-mb or max_file_mb in the config file)"
        )
    return data
