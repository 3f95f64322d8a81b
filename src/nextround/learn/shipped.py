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
    COMPANY_FILE: "2af1e6f84d65cb804939e54ad6eddc10d7714c5bbeaae4280d2d4917f3ce6a8b",
    ROLE_FILE: "1248667f8af8d6a3fd702c68dff757dda9293af9025ed89e5c0c3593babb395c",
    INTERVIEWER_FILE: "3ad83d280e0658b393dae48f9b7c91d1dad27ee09b8ae4813b8ce881c05ad263",
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
