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
    COMPANY_FILE: "3894949dabe1ae941e54d948addd43247eb71b9e56195887972ac9f98d950987",
    ROLE_FILE: "43a87d5d1b9da0a0d7501c279f5f04702743a9f21477c891468e71ae512dc63d",
    INTERVIEWER_FILE: "4a4dc24de6306df1f2f1f93b81450ba5d991e12b954727ea58d6547e44932e8c",
    STAGE_FILE: "f53c67b8c002b8bd1ad5d003187956d5e33fdb856a148cbd93d8c887439802da",
    TRIAGE_FULL_FILE: "ce357efd2b488561cabe67579be94256b15ae7a0bb9bef28ac90beb9d72864f8",
}


def model_path(name: str) -> Path:
    """Where a shipped classifier file lives inside the installed package."""
    return Path(str(importlib.resources.files("nextround") / "data" / "classifiers" / name))


@cache
def shipped_model(name: str) -> LinearModel:
    """A shipped classifier, loaded once per process after its digest is checked."""
    return load_model(model_path(name), SHA256[name])
