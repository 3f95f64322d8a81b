"""Settings precedence: option > environment > config file > default."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextround import Settings
from nextround.errors import ConfigError


def test_defaults_use_platform_data_dir(tmp_path: Path) -> None:
    s = Settings.load(env={"XDG_DATA_HOME": str(tmp_path)})
    assert s.profile == "default"
    assert s.embedding == "minilm"
    assert s.max_file_bytes == 10 * 1024 * 1024
    assert s.chroma_url is None


def test_precedence(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('profile = "file"\nhome = "/from/file"\nmax_file_mb = 2\n')
    env = {"NEXTROUND_CONFIG": str(config), "NEXTROUND_PROFILE": "env"}
    s = Settings.load(env=env)
    assert (s.profile, s.home, s.max_file_mb) == ("env", Path("/from/file"), 2.0)
    s = Settings.load(env=env, profile="option", home=None)
    assert (s.profile, s.home) == ("option", Path("/from/file"))
    assert s.config_path == config


def test_call_limits_come_from_the_environment() -> None:
    env = {"NEXTROUND_EMBED_CONCURRENCY": "8", "NEXTROUND_LLM_CONCURRENCY": "2"}
    s = Settings.load(env=env, home="/tmp/x")
    assert (s.embed_concurrency, s.llm_concurrency, s.llm_rpm) == (8, 2, 120.0)


def test_secret_is_not_in_repr() -> None:
    s = Settings.load(env={"OPENAI_API_KEY": "sk-secret-123"}, home="/tmp/x")
    assert s.openai_api_key == "sk-secret-123"
    assert "sk-secret" not in repr(s)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("profile = ", "is not valid TOML"),
        ('colour = "blue"\n', "has unknown settings: colour"),
        ("max_file_mb = -1\n", "max_file_mb must be greater than 0"),
        ('chroma_url = "localhost"\n', "invalid Chroma server URL 'localhost'"),
        ("embed_concurrency = 0\n", "embed_concurrency must be greater than 0"),
        ('llm_concurrency = "many"\n', "llm_concurrency must be a number, got 'many'"),
    ],
)
def test_bad_config_files_are_explained(tmp_path: Path, content: str, message: str) -> None:
    config = tmp_path / "c.toml"
    config.write_text(content)
    with pytest.raises(ConfigError, match=message):
        Settings.load(env={}, config_path=config)


def test_env_config_pointing_nowhere() -> None:
    with pytest.raises(ConfigError, match="from NEXTROUND_CONFIG"):
        Settings.load(env={"NEXTROUND_CONFIG": "/nope/c.toml"})
