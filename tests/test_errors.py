"""Errors: user errors map to documented exit codes; anything else is reported as a bug."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nextround import Settings, Workspace
from nextround.cli import app
from nextround.embed import EmbeddingCache, MiniLMEmbedder
from nextround.errors import (
    EXIT_CODES,
    EXIT_ERROR,
    EXIT_USAGE,
    ConfigError,
    EndpointUnavailable,
    NextroundError,
    UsageError,
)
from nextround.llm import structured

ROOT = Path(__file__).resolve().parents[1]


def test_every_exit_code_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Exit codes", 1)[1].split("\n### ", 1)[0]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", section, re.MULTILINE)}
    assert set(EXIT_CODES.values()) <= documented
    assert EXIT_CODES[UsageError] == EXIT_USAGE == 2
    assert EXIT_CODES[ConfigError] == EXIT_CODES[EndpointUnavailable] == EXIT_ERROR == 1
    assert all(issubclass(cls, NextroundError) for cls in EXIT_CODES)


def test_endpoint_unavailable_has_one_home() -> None:
    assert structured.EndpointUnavailable is EndpointUnavailable


def test_bad_values_from_a_notebook_are_usage_errors(workspace: Workspace) -> None:
    with pytest.raises(UsageError, match="the search query is empty"):
        workspace.search("   ")
    with pytest.raises(ValueError, match="k must be at least 1, got 0"):  # still a ValueError
        workspace.search("system design", 0)
    with pytest.raises(ConfigError, match=r"unknown settings: colour \(known: "):
        Settings.load(home="/tmp/x", colour="blue")


def test_a_bug_is_one_line_on_stderr_and_a_traceback_in_the_log(
    isolated_env: Path, embedder: MiniLMEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-do-not-log-123")
    # an embedding cache that is not a database: nothing a user did, so a bug
    cache_file = EmbeddingCache.file_for(isolated_env / "cache", embedder.name)
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"not a database " * 500)

    result = CliRunner().invoke(app, ["search", "system design"])

    log = isolated_env / "logs" / "errors.log"
    assert result.exit_code == EXIT_ERROR
    assert result.stdout == ""
    assert result.stderr == (
        f"nextround hit a bug: DatabaseError: file is not a database; the details are in {log}\n"
    )
    assert "Traceback" not in result.output
    text = log.read_text(encoding="utf-8")
    assert "command: search" in text
    assert "Traceback (most recent call last):" in text
    assert "sqlite3.DatabaseError: file is not a database" in text
    assert "sk-test-do-not-log" not in text
    assert "OPENAI_API_KEY" not in text


def test_a_user_error_is_not_a_bug(isolated_env: Path) -> None:
    result = CliRunner().invoke(app, ["stats", "--profile", "Not Valid"])
    assert result.exit_code == EXIT_ERROR
    assert result.stderr.startswith("Error: invalid profile name 'Not Valid'")
    assert not (isolated_env / "logs").exists()
