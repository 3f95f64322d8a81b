"""Shared fixtures: every test works in its own tmp home, with the real model."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nextround import Settings, Workspace
from nextround.embed import MiniLMEmbedder, get_embedder

from servers import free_port, serving

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the user's home, config or keys."""
    for key in list(os.environ):
        if key.startswith("NEXTROUND_") or key in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(key)
    home = tmp_path / "home"
    monkeypatch.setenv("NEXTROUND_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    (tmp_path / "user").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    return home


@pytest.fixture(scope="session")
def embedder() -> MiniLMEmbedder:
    """The real bundled model, loaded once per test session."""
    model = get_embedder("minilm")
    assert isinstance(model, MiniLMEmbedder)
    return model


@pytest.fixture
def settings(isolated_env: Path) -> Settings:
    return Settings.load(home=isolated_env, profile="test")


@pytest.fixture
def workspace(settings: Settings, embedder: MiniLMEmbedder) -> Workspace:
    return Workspace(settings, embedder=embedder)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` server on a free local port, for the whole session."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    assert chroma, "the `chroma` command (from chromadb) is not installed"
    data = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        chroma,
        "run",
        "--path",
        str(data / "db"),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    with serving(command, f"{url}/api/v2/heartbeat", data / "server.log", timeout=60):
        yield url
