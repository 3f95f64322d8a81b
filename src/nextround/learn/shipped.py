"""The classifier files that ship with this release and their pinned digests.

``python -m nextround.learn.train --write`` rebuilds the files from the
labelled data and prints the digests to pin here; a test checks that training
reproduces these exact bytes.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from pathlib import Path

from nextround.learn.linear import LinearModel, load_model

POINTS_FILE = "points.json"
TRIAGE_QUICK_FILE = "triage_quick.json"
TRIAGE_FULL_FILE = "triage_full.json"

SHA256 = {
    POINTS_FILE: "e25ffa23810145505ade12321e477e75228a722b7d4308f6ffd89f572b49b959",
    TRIAGE_QUICK_FILE: "a3b51e224e9aec29a9e3458450b63e812da1e1d26666fad783e8887729c519ed",
    TRIAGE_FULL_FILE: "6fae75b21c398c1eb85080b657ee2c0221be3c3ff35acdb04f3ba4f7835ebb2f",
}


def model_path(name: str) -> Path:
    """Where a shipped classifier file lives inside the installed package."""
    return Path(str(importlib.resources.files("nextround") / "data" / "classifiers" / name))


@cache
def shipped_model(name: str) -> LinearModel:
    """A shipped classifier, loaded once per process after its digest is checked."""
    return load_model(model_path(name), SHA256[name])
