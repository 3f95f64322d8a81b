"""Files that ship with nextround (prompts, the competency taxonomy, word lists), and
how to tell when an editable one has changed."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from nextround.errors import ConfigError, NextroundError


def prompts_dir() -> Path:
    """The ``prompts/`` folder: inside the installed package, or the source tree's."""
    packaged = Path(__file__).parent / "prompts"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parents[2] / "prompts"
    if source.is_dir():
        return source
    raise NextroundError(
        "nextround's prompt files are missing; reinstall it: "
        "pip install --force-reinstall nextround"
    )


def data_lines(name: str) -> list[str]:
    """The entries of a word list in ``nextround/data``: stripped lines, without blank
    lines and ``#`` comments."""
    lines = (files("nextround") / "data" / name).read_text(encoding="utf-8").splitlines()
    return [s for s in (line.strip() for line in lines) if s and not s.startswith("#")]


def file_version(path: Path, kind: str) -> tuple[int, int]:
    """The file's modification time and size: a cache key that changes when it is edited.

    Loaders cache on ``(path, *file_version(path, kind))``, so an unchanged file
    is parsed once per process and an edited one is read again. ``kind`` names
    the file in the error raised when it cannot be read.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"cannot read {kind} file {path}: {exc.strerror or exc}") from exc
    return stat.st_mtime_ns, stat.st_size
