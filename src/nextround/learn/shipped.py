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
    POINTS_FILE: "1ccd721585540efe93fcb07c54a5604b27f35e428588f49f22c08ff9ea36de01",
    TRIAGE_QUICK_FILE: "b93ae1c5e450105b63b2e47be597a8506ab7edb51bb292ddb9a0b326264b9c8a",
    COMPANY_FILE: "6ae15160047ab2700ef848b189b2d95a39c99ecfca35c09fb9ccdd04d52baf9c",
    ROLE_FILE: "11ef8df114d8f08bc6bb432199aa8bdf742c3e453a516af89a4a2bbb789c634f",
    INTERVIEWER_FILE: "3b33a596acf3afc6f5bd464f50edf4adbb3b575b95df51b540dde4a52233cd84",
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
