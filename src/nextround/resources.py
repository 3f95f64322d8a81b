"""Files that ship with nextround: prompts and the competency taxonomy."""

from __future__ import annotations

from pathlib import Path

from nextround.errors import NextroundError


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
