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
COMPANY_FILE = "field_company.json"
ROLE_FILE = "field_role.json"
INTERVIEWER_FILE = "field_interviewer.json"
STAGE_FILE = "field_stage.json"
FIELD_FILES = {"company": COMPANY_FILE, "role": ROLE_FILE, "interviewer": INTERVIEWER_FILE}

SHA256 = {
    POINTS_FILE: "e25ffa23810145505ade12321e477e75228a722b7d4308f6ffd89f572b49b959",
    TRIAGE_QUICK_FILE: "b93ae1c5e450105b63b2e47be597a8506ab7edb51bb292ddb9a0b326264b9c8a",
    COMPANY_FILE: "f9d6e79ec085bb8d36026679a9a207e6fc20d50b20b1bf818549951d5795128b",
    ROLE_FILE: "0451f55c3d58b14e0db4ddde2048fc1d44ff6b45a1d0466f714413879a35d090",
    INTERVIEWER_FILE: "4f6fd3f955630957af4d7cdd774dd23f4a65af18facdbb90325e19b9330c4bc0",
    STAGE_FILE: "2db09c73e408a0efed05530a38a8f69b1ae2c9ec52dd892adde3f7552f666f96",
    TRIAGE_FULL_FILE: "ce357efd2b488561cabe67579be94256b15ae7a0bb9bef28ac90beb9d72864f8",
}


def model_path(name: str) -> Path:
    """Where a shipped classifier file lives inside the installed package."""
    return Path(str(importlib.resources.files("nextround") / "data" / "classifiers" / name))


@cache
def shipped_model(name: str) -> LinearModel:
    """A shipped classifier, loaded once per process after its digest is checked."""
    return load_model(model_path(name), SHA256[name])
