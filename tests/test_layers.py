"""Dependencies run one way: cli -> workspace/batch -> components -> models and errors."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "nextround"
#: What each layer must never import (a layer may import anything below it).
FORBIDDEN = {
    "component": ("nextround.cli", "nextround.render", "nextround.workspace", "nextround.batch"),
    "pipeline": ("nextround.cli", "nextround.render"),
}
PIPELINE = {"workspace.py", "batch.py"}
TOP = {"cli", "render.py", "shapes.py", "__init__.py", "__main__.py"}
#: Lower layers that must not import the layers above them.
BELOW = {
    "privacy": ("nextround.ingest", "nextround.themes", "nextround.replies", "nextround.llm"),
    "ingest": ("nextround.themes", "nextround.replies", "nextround.report"),
    "models.py": ("nextround.ingest", "nextround.themes", "nextround.store", "nextround.embed"),
}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_import_runs_back_up_a_layer(path: Path) -> None:
    top = path.relative_to(SRC).parts[0]
    if top in TOP:
        return
    layer = "pipeline" if top in PIPELINE else "component"
    banned = FORBIDDEN[layer] + BELOW.get(top, ())
    wrong = sorted(m for m in _imports(path) if m.startswith(banned))
    assert wrong == [], f"{path.relative_to(SRC)} imports {wrong}"
