"""Settings, built once at the edge and passed down.

Precedence, highest first: explicit argument (a CLI option or a keyword in a
notebook) > ``NEXTROUND_*`` environment variable > config file > default.
The config file is TOML: ``$NEXTROUND_CONFIG`` if set, else ``config.toml``
in the platform's user config directory for nextround. Example::

    home = "~/nextround-data"
    profile = "jordan"
    chroma_url = "http://127.0.0.1:8000"
    embedding = "minilm"
    max_file_mb = 10
    candidate_name = "Jordan Ellis"
    openai_api_key = "sk-..."     # prefer the OPENAI_API_KEY environment variable

The environment is read when :meth:`Settings.load` runs, never at import time.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from nextround.errors import ConfigError

PROFILE_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?$")

#: Settings that can come from the environment, as NEXTROUND_<NAME upper-cased>.
_ENV_KEYS = (
    "home",
    "profile",
    "chroma_url",
    "embedding",
    "max_file_mb",
    "candidate_name",
    "taxonomy",
    "packs",
    "llm",
    "llm_model",
    "llm_concurrency",
    "llm_rpm",
    "llm_timeout",
    "embed_concurrency",
    "store_lock_timeout",
)


@dataclass(frozen=True)
class Settings:
    """Everything nextround needs to know about where and how to work.

    >>> s = Settings.load(home="/tmp/nr", profile="jordan")
    >>> s.profile
    'jordan'
    """

    home: Path
    profile: str = "default"
    chroma_url: str | None = None
    embedding: str = "minilm"
    max_file_mb: float = 10.0
    candidate_name: str = ""
    openai_api_key: str | None = field(default=None, repr=False)
    taxonomy: Path | None = None
    #: Role packs to use instead of choosing them from the feedback (``--pack``).
    packs: tuple[str, ...] | None = None
    llm: str = "offline"
    llm_model: str = ""
    llm_api_key: str | None = field(default=None, repr=False)
    llm_concurrency: int = 4
    llm_rpm: float = 120.0
    llm_timeout: float = 60.0
    #: Requests in flight to a hosted embedding API, across all batch workers.
    #: The local model runs one batch at a time: it already uses every core.
    embed_concurrency: int = 4
    store_lock_timeout: float = 10.0
    config_path: Path | None = None

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def store_path(self) -> Path:
        """Where the embedded Chroma store lives."""
        return self.home / "chroma"

    @property
    def manifest_path(self) -> Path:
        """What each file produced last time, for this profile in this store."""
        store = self.chroma_url or "embedded"
        tag = hashlib.sha256(store.encode("utf-8")).hexdigest()[:10]
        return self.home / "manifests" / f"{self.profile}-{tag}.sqlite3"

    @property
    def corrections_path(self) -> Path:
        """The metadata corrections made with ``edit``, for this profile (any store)."""
        return self.home / "corrections" / f"{self.profile}.json"

    @property
    def taxonomy_path(self) -> Path | None:
        """The taxonomy: the setting, else ``taxonomy.yaml`` in home, else the shipped one."""
        if self.taxonomy is not None:
            return self.taxonomy
        mine = self.home / "taxonomy.yaml"
        return mine if mine.is_file() else None

    @property
    def packs_dir(self) -> Path:
        """The user's own role packs (``*.yaml``), added to or replacing the shipped ones."""
        return self.home / "packs"

    @property
    def cache_path(self) -> Path:
        """Where caches (embeddings, LLM answers) live."""
        return self.home / "cache"

    def with_profile(self, profile: str) -> Settings:
        """The same settings for another profile."""
        return replace(self, profile=_check_profile(profile))

    @classmethod
    def load(
        cls,
        *,
        env: Mapping[str, str] | None = None,
        config_path: str | Path | None = None,
        **overrides: Any,
    ) -> Settings:
        """Build settings from overrides, the environment and the config file.

        ``overrides`` whose value is ``None`` are ignored, so a CLI can pass
        every option straight through.
        """
        env = os.environ if env is None else env
        known = {f.name for f in fields(cls)} - {"config_path"}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")

        path = _config_path(config_path, env)
        values: dict[str, Any] = {}
        if path is not None:
            values.update(_read_config(path, known))
        for key in _ENV_KEYS:
            raw = env.get(f"NEXTROUND_{key.upper()}")
            if raw:
                values[key] = raw
        if env.get("OPENAI_API_KEY"):
            values["openai_api_key"] = env["OPENAI_API_KEY"]
        if env.get("NEXTROUND_LLM_API_KEY"):
            values["llm_api_key"] = env["NEXTROUND_LLM_API_KEY"]
        values.update({k: v for k, v in overrides.items() if v is not None})

        home = values.pop("home", None)
        home_path = (
            Path(str(home)).expanduser()
            if home
            else Path(platformdirs.user_data_dir("nextround", appauthor=False))
        )
        try:
            max_mb = float(values.pop("max_file_mb", 10.0))
        except (TypeError, ValueError) as exc:
            raise ConfigError("max_file_mb must be a number of megabytes, e.g. 10") from exc
        if max_mb <= 0:
            raise ConfigError("max_file_mb must be greater than 0")
        chroma_url = values.pop("chroma_url", None) or None
        if chroma_url is not None:
            chroma_url = _check_url(str(chroma_url))
        return cls(
            home=home_path,
            profile=_check_profile(str(values.pop("profile", "default"))),
            chroma_url=chroma_url,
            embedding=str(values.pop("embedding", "minilm")),
            max_file_mb=max_mb,
            candidate_name=str(values.pop("candidate_name", "")),
            openai_api_key=values.pop("openai_api_key", None),
            taxonomy=Path(str(values.pop("taxonomy"))).expanduser()
            if values.get("taxonomy")
            else None,
            packs=_packs(values.pop("packs", None)),
            llm=str(values.pop("llm", "offline") or "offline"),
            llm_model=str(values.pop("llm_model", "") or ""),
            llm_api_key=values.pop("llm_api_key", None),
            llm_concurrency=_number(values.pop("llm_concurrency", 4), "llm_concurrency", int),
            llm_rpm=_number(values.pop("llm_rpm", 120.0), "llm_rpm", float),
            llm_timeout=_number(values.pop("llm_timeout", 60.0), "llm_timeout", float),
            embed_concurrency=_number(values.pop("embed_concurrency", 4), "embed_concurrency", int),
            store_lock_timeout=_number(
                values.pop("store_lock_timeout", 10.0), "store_lock_timeout", float
            ),
            config_path=path,
        )


def _packs(value: Any) -> tuple[str, ...] | None:
    """Pack ids from the config (a list) or the CLI (a list or tuple); None to choose."""
    if value is None:
        return None
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise ConfigError(
            'packs must be a list of pack ids, e.g. packs = ["nursing_allied_health"]'
        )
    return tuple(value) or None


def _number(value: Any, name: str, kind: type[int] | type[float]) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name} must be a number, got {value!r}") from exc
    if number <= 0:
        raise ConfigError(f"{name} must be greater than 0")
    return number


def _check_profile(profile: str) -> str:
    if not PROFILE_RE.match(profile):
        raise ConfigError(
            f"invalid profile name {profile!r}: use 1-63 lower-case letters, digits, "
            "'-' or '_', starting and ending with a letter or digit"
        )
    return profile


def _check_url(url: str) -> str:
    if not re.match(r"^https?://[^/\s]+(:\d+)?/?$", url):
        raise ConfigError(
            f"invalid Chroma server URL {url!r}: expected http://HOST:PORT, "
            "e.g. http://127.0.0.1:8000"
        )
    return url.rstrip("/")


def _config_path(explicit: str | Path | None, env: Mapping[str, str]) -> Path | None:
    if explicit is not None:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path
    if env.get("NEXTROUND_CONFIG"):
        path = Path(env["NEXTROUND_CONFIG"]).expanduser()
        if not path.is_file():
            raise ConfigError(
                f"config file not found: {path} (from NEXTROUND_CONFIG); "
                "create it or unset the variable"
            )
        return path
    default = Path(platformdirs.user_config_dir("nextround", appauthor=False)) / "config.toml"
    return default if default.is_file() else None


def _read_config(path: Path, known: set[str]) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    unknown = set(data) - known
    if unknown:
        raise ConfigError(
            f"config file {path} has unknown settings: {', '.join(sorted(unknown))} "
            f"(known: {', '.join(sorted(known))})"
        )
    return dict(data)
