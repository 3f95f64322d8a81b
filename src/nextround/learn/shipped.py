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
    COMPANY_FILE: "b006a2dc7c0f00b1264f18a56ce8650b7fb9b61660691dcc17ae41f2a06baa6d",
    ROLE_FILE: "8b299873e214c4240f81f9ad4de0809709d8cdc295c5f1dd3f966f182932dd57",
    INTERVIEWER_FILE: "77ebb25e89270ef2179212ed30b27f1a9dc68afade0a86217ab5cc3ca30e7c5f",
    STAGE_FILE: "1d5a20d1a6200a26f4167cc3e4c5cdafc186d3bb827d6ffdb7dab78939ad0517",
    TRIAGE_FULL_FILE: "ce357efd2b488561cabe67579be94256b15ae7a0bb9bef28ac90beb9d72864f8",
}


def model_path(name: str) -> Path:
    """Where a shipped classifier file lives inside the installed package."""
    return Path(str(importlib.resources.files("nextround") / "data" / "classifiers" / name))


@cache
def shipped_model(name: str) -> LinearModel:
    """A shipped classifier, loaded once per process after its digest is checked."""
    return load_model(model_path(name), SHA256[name])
