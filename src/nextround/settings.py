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
    imap_password = "..."         # for imap://USER@HOST/FOLDER; or NEXTROUND_IMAP_PASSWORD

The environment is read when :meth:`Settings.load` runs, never at import time.

Each setting is declared once, as a field of :class:`Settings` whose metadata
is a :class:`Setting` (its environment variable, CLI option, documentation and
how a value is checked). Loading, the README's settings table
(:func:`settings_table`) and the help of the CLI options (:func:`option_help`)
are all derived from those declarations.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from nextround.errors import ConfigError

PROFILE_RE = re.compile(r"^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?$")

#: How a raw value (from the config file, the environment or an option) becomes
#: the setting's value: ``parse(value, name)``, raising :class:`ConfigError`.
Parse = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Setting:
    """The declaration of one setting: where it can come from and what it means.

    ``name`` is the field of :class:`Settings` and the key in the config file.
    """

    name: str
    doc: str
    parse: Parse
    #: The environment variable, or "" when the setting is not read from the environment.
    env: str
    #: The CLI options that set it, e.g. ``("--llm",)``.
    options: tuple[str, ...]
    #: The default, as the README and ``--help`` state it.
    shown_default: str
    #: A key or a password: never printed, logged or shown in ``repr``.
    secret: bool

    def help(self, text: str = "") -> str:
        """The ``--help`` text of an option that sets this setting.

        ``text`` replaces the description for one command's option.
        """
        parts = [text or self.doc]
        if self.env:
            parts.append(f"Env: {self.env}.")
        if self.shown_default:
            parts.append(f"[default: {self.shown_default.replace('`', '')}]")
        return " ".join(parts)


def _setting(
    doc: str,
    *,
    default: Any = MISSING,
    parse: Parse = lambda value, _name: value,
    env: str | None = None,
    options: tuple[str, ...] = (),
    shown_default: str = "",
    secret: bool = False,
) -> Any:
    """A :class:`Settings` field declared as a setting (the field's name is its name).

    ``env`` defaults to ``NEXTROUND_<NAME>``; pass ``""`` for a setting that is
    not read from the environment.
    """
    declared = {
        "doc": doc,
        "parse": parse,
        "env": env,
        "options": options,
        "shown_default": shown_default,
        "secret": secret,
    }
    return field(default=default, repr=not secret, metadata={"setting": declared})


def _text(value: Any, _name: str) -> str:
    return str(value)


def _home(value: Any, _name: str) -> Path:
    return Path(str(value)).expanduser() if value else default_home()


def default_home() -> Path:
    """The platform's user data directory for nextround (when ``home`` is not set)."""
    return Path(platformdirs.user_data_dir("nextround", appauthor=False))


def _megabytes(value: Any, name: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name} must be a number of megabytes, e.g. 10") from exc
    if number <= 0:
        raise ConfigError(f"{name} must be greater than 0")
    return number


def _url(value: Any, _name: str) -> str | None:
    return _check_url(str(value)) if value else None


def _optional_path(value: Any, _name: str) -> Path | None:
    return Path(str(value)).expanduser() if value else None


def _count(value: Any, name: str) -> int:
    number: int = _number(value, name, int)
    return number


def _positive(value: Any, name: str) -> float:
    number: float = _number(value, name, float)
    return number


@dataclass(frozen=True)
class Settings:
    """Everything nextround needs to know about where and how to work.

    >>> s = Settings.load(home="/tmp/nr", profile="jordan")
    >>> s.profile
    'jordan'
    """

    home: Path = _setting(
        "Data directory: the store, caches and logs.",
        parse=_home,
        options=("--home",),
        shown_default="the platform's user data dir (`~/.local/share/nextround` on Linux)",
    )
    profile: str = _setting(
        "Whose feedback: one profile per candidate.",
        default="default",
        parse=lambda value, _name: _check_profile(str(value)),
        options=("--profile", "-p"),
        shown_default="`default`",
    )
    chroma_url: str | None = _setting(
        "A `chroma run` server to use instead of the embedded store, e.g. http://127.0.0.1:8000.",
        default=None,
        parse=_url,
        options=("--chroma-url",),
        shown_default="none (the embedded store under home)",
    )
    embedding: str = _setting(
        "Embedding model: minilm (offline) or openai:MODEL.",
        default="minilm",
        parse=_text,
        options=("--embedding",),
        shown_default="`minilm`",
    )
    max_file_mb: float = _setting(
        "Skip input files larger than this many megabytes.",
        default=10.0,
        parse=_megabytes,
        options=("--max-file-mb",),
        shown_default="10",
    )
    candidate_name: str = _setting(
        "Your name, redacted everywhere.",
        default="",
        parse=_text,
        env="",
        shown_default="none",
    )
    openai_api_key: str | None = _setting(
        "OpenAI API key.",
        default=None,
        env="OPENAI_API_KEY",
        shown_default="none",
        secret=True,
    )
    taxonomy: Path | None = _setting(
        "Competency taxonomy YAML.",
        default=None,
        parse=_optional_path,
        options=("--taxonomy",),
        shown_default="`$NEXTROUND_HOME/taxonomy.yaml` if present, else the shipped one",
    )
    packs: tuple[str, ...] | None = _setting(
        "Role packs to use (comma-separated in the environment, a list in the config file) "
        "instead of choosing them from the feedback.",
        default=None,
        parse=lambda value, _name: _packs(value),
        options=("--pack",),
        shown_default="chosen from the feedback",
    )
    llm: str = _setting(
        "Language model: offline, openai:MODEL, or an OpenAI-compatible base URL.",
        default="offline",
        parse=lambda value, _name: str(value or "offline"),
        options=("--llm",),
        shown_default="`offline`",
    )
    llm_model: str = _setting(
        "Model name at an OpenAI-compatible URL.",
        default="",
        parse=lambda value, _name: str(value or ""),
        options=("--llm-model",),
        shown_default="none",
    )
    llm_api_key: str | None = _setting(
        "API key for an OpenAI-compatible server.",
        default=None,
        shown_default="none",
        secret=True,
    )
    llm_concurrency: int = _setting(
        "LLM requests in flight, per model, across all batch workers.",
        default=4,
        parse=_count,
        shown_default="4",
    )
    llm_rpm: float = _setting(
        "LLM requests per minute, per model.",
        default=120.0,
        parse=_positive,
        shown_default="120",
    )
    llm_timeout: float = _setting(
        "Seconds to wait for one LLM answer (including the wait for a free slot).",
        default=60.0,
        parse=_positive,
        shown_default="60",
    )
    #: The local model runs one batch at a time: it already uses every core.
    embed_concurrency: int = _setting(
        "Requests in flight to a hosted embedding API, across all batch workers.",
        default=4,
        parse=_count,
        shown_default="4 (the local model runs one batch at a time)",
    )
    store_lock_timeout: float = _setting(
        "Seconds to wait for an embedded store another process is using.",
        default=10.0,
        parse=_positive,
        shown_default="10",
    )
    imap_password: str | None = _setting(
        "Password of the mail account given as imap://USER@HOST/FOLDER (never in the URL).",
        default=None,
        shown_default="asked in a terminal; an error elsewhere",
        secret=True,
    )
    #: The config file the settings were read from, if any (not itself a setting).
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
        known = {s.name for s in SETTINGS}
        unknown = set(overrides) - known
        if unknown:
            names = ", ".join(sorted(unknown))
            raise ConfigError(f"unknown settings: {names} (known: {', '.join(sorted(known))})")

        path = _config_path(config_path, env)
        values: dict[str, Any] = {}
        if path is not None:
            values.update(_read_config(path, known))
        for setting in SETTINGS:
            if setting.env and env.get(setting.env):
                values[setting.name] = env[setting.env]
        values.update({k: v for k, v in overrides.items() if v is not None})

        chosen: dict[str, Any] = {}
        for setting in SETTINGS:
            if setting.name in values:
                chosen[setting.name] = setting.parse(values[setting.name], setting.name)
            elif setting.name == "home":
                chosen["home"] = default_home()
        return cls(**chosen, config_path=path)


def _declare(spec: Field[Any]) -> Setting:
    declared = dict(spec.metadata["setting"])
    if declared["env"] is None:
        declared["env"] = f"NEXTROUND_{spec.name.upper()}"
    return Setting(name=spec.name, **declared)


#: Every setting, in the order of the README table.
SETTINGS: tuple[Setting, ...] = tuple(
    _declare(spec) for spec in fields(Settings) if "setting" in spec.metadata
)


def setting(name: str) -> Setting:
    """The declaration of the setting ``name``.

    >>> setting("llm").env
    'NEXTROUND_LLM'
    """
    for declared in SETTINGS:
        if declared.name == name:
            return declared
    raise KeyError(name)


def option_help(name: str, text: str = "") -> str:
    """The ``--help`` text of the CLI option for the setting ``name``."""
    return setting(name).help(text)


def settings_table() -> str:
    """The README's settings table (Markdown), one row per declared setting."""

    def code(items: tuple[str, ...] | list[str]) -> str:
        return ", ".join(f"`{item}`" for item in items)

    rows = [
        "| setting | config file | option | environment | default |",
        "|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        options = code([o for o in s.options if o.startswith("--")])
        env = code([s.env] if s.env else [])
        rows.append(f"| {s.doc} | `{s.name}` | {options} | {env} | {s.shown_default} |")
    return "\n".join(rows) + "\n"


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
