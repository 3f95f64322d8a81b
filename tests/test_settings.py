"""Settings precedence: option > environment > config file > default."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from nextround import Settings
from nextround.errors import ConfigError
from nextround.settings import SETTINGS, settings_table


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


def test_readme_settings_table_matches_the_declarations() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    table = "".join(line + "\n" for line in section.splitlines() if line.startswith("|"))
    assert table == settings_table()
    assert [s.name for s in SETTINGS] == [
        f.name for f in fields(Settings) if f.name != "config_path"
    ]


def test_every_setting_loads_from_its_environment_variable() -> None:
    raw = {
        "home": "/tmp/from-env",
        "profile": "env-profile",
        "chroma_url": "http://127.0.0.1:9000",
        "embedding": "openai:text-embedding-3-small",
        "max_file_mb": "3",
        "openai_api_key": "sk-a",
        "taxonomy": "/tmp/t.yaml",
        "packs": "customer_support, nursing_allied_health",
        "llm": "openai:gpt-4o-mini",
        "llm_model": "m",
        "llm_api_key": "sk-b",
        "llm_concurrency": "2",
        "llm_rpm": "30",
        "llm_timeout": "5",
        "embed_concurrency": "6",
        "store_lock_timeout": "1.5",
        "imap_password": "mail-secret",
    }
    with_env = [s for s in SETTINGS if s.env]
    assert {s.name for s in with_env} == set(raw)  # candidate_name is never read from env
    loaded = Settings.load(env={s.env: raw[s.name] for s in with_env})
    assert loaded.home == Path("/tmp/from-env")
    assert (loaded.profile, loaded.chroma_url, loaded.max_file_mb) == (
        "env-profile",
        "http://127.0.0.1:9000",
        3.0,
    )
    assert loaded.packs == ("customer_support", "nursing_allied_health")
    assert (loaded.openai_api_key, loaded.llm_api_key) == ("sk-a", "sk-b")
    assert (loaded.llm_concurrency, loaded.llm_rpm, loaded.llm_timeout) == (2, 30.0, 5.0)
    assert (loaded.embed_concurrency, loaded.store_lock_timeout) == (6, 1.5)
    assert loaded.taxonomy == Path("/tmp/t.yaml")
    assert loaded.imap_password == "mail-secret"


def test_secrets_are_declared_secret_and_never_in_repr() -> None:
    assert {s.name for s in SETTINGS if s.secret} == {
        "openai_api_key",
        "llm_api_key",
        "imap_password",
    }
    s = Settings.load(
        env={"NEXTROUND_LLM_API_KEY": "sk-llm-456", "NEXTROUND_IMAP_PASSWORD": "pw-789"},
        home="/tmp/x",
    )
    assert "sk-llm" not in repr(s) and "pw-789" not in repr(s)


def test_options_that_set_a_setting_show_its_environment_and_default() -> None:
    from typer.main import get_command

    from nextround.cli import app

    group = get_command(app)
    shown: dict[str, str] = {}
    for command in group.commands.values():  # type: ignore[attr-defined]
        for param in command.params:
            for opt in param.opts:
                shown.setdefault(opt, param.help or "")
    for s in SETTINGS:
        for opt in s.options:
            assert opt in shown, f"{s.name}: no command has {opt}"
            assert f"Env: {s.env}." in shown[opt], opt
            assert "[default: " in shown[opt], opt
