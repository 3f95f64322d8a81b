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
    TRIAGE_QUICK_FILE: "12c3f0c2825bc7f0ad1d455f5be1d173d37c527c3ed997129b3bc6a97576f70f",
    COMPANY_FILE: "7a9bd086954227c3923622ccc369b14361f7a81f3331aa8edb156736b385b433",
    ROLE_FILE: "b98cc6cfe7cbe1f52c7ad11fe63523b35c6cd2275bb0bbed1c7f6ab6f7414b7c",
    INTERVIEWER_FILE: "52ddf2c16f5a2f791fa833a05737e67244e3a9a33b546e0d34ef19b25b1ce281",
    STAGE_FILE: "e28affc5d393f838c4a08c5cf110a628f4f3a92b06bfb55b6263a6f540a4dc30",
    TRIAGE_FULL_FILE: "b83d469861bd6dc16989bdd4214694cb40f7e002ccba6e1cc333b3630a4bd0ed",
}


def model_path(name: str) -> Path:
    """Where a shipped classifier file lives inside the installed package."""
    return Path(str(importlib.resources.files("nextround") / "data" / "classifiers" / name))


@cache
def shipped_model(name: str) -> LinearModel:
    """A shipped classifier, loaded once per process after its digest is checked."""
    return load_model(model_path(name), SHA256[name])
