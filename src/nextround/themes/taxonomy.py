"""The competency taxonomy: an editable YAML file of what interviewers assess.

Each competency has an id, a name, a description, example feedback sentences
(how interviewers phrase the weakness) and practice steps. Feedback points are
matched to competencies by embedding similarity to the examples. The file also
holds example sentences of boilerplate, chatter and praise.

The shipped file is ``prompts/taxonomy.yaml``; a ``taxonomy.yaml`` in
``NEXTROUND_HOME`` (or the ``taxonomy`` setting) replaces it, so a user can
add a competency and see it used on the next run.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from nextround.errors import ConfigError
from nextround.resources import file_version, prompts_dir

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,48}$")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    description: str
    examples: tuple[str, ...]
    practice: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    #: The role pack the competency comes from; "" for the general layer.
    pack: str = ""

    @cached_property
    def keyword_pattern(self) -> re.Pattern[str] | None:
        """Matches any keyword at the start of a word (case-insensitive).

        A keyword is a word beginning ("shard" matches "sharding"); one that ends in
        ``$`` matches only the whole word ("star$" does not match "start").
        """
        if not self.keywords:
            return None
        return re.compile(rf"(?<![\w-]){_trie(self.keywords)}", re.IGNORECASE)


@dataclass(frozen=True)
class Taxonomy:
    competencies: tuple[Competency, ...]
    threshold: float
    boilerplate: dict[str, tuple[str, ...]] = field(default_factory=dict)
    chatter: tuple[str, ...] = ()
    praise: tuple[str, ...] = ()
    path: Path | None = None
    digest: str = ""


def default_path() -> Path:
    return prompts_dir() / "taxonomy.yaml"


def string_list(value: Any, where: str, minimum: int = 1) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where} must be a list of non-empty strings")
    if len(value) < minimum:
        raise ConfigError(f"{where} needs at least {minimum} entries, has {len(value)}")
    return tuple(v.strip() for v in value)


def parse_competencies(entries: list[Any], where: str, pack: str = "") -> list[Competency]:
    """Competencies from a YAML list, checked; ``where`` names the file in errors."""
    competencies = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        here = f"{where}, competency #{index}"
        if not isinstance(entry, dict):
            raise ConfigError(f"{here} must be a mapping with id, name, examples, practice")
        cid = str(entry.get("id", ""))
        if not ID_PATTERN.match(cid):
            raise ConfigError(f"{here}: id {cid!r} must be snake_case letters and digits")
        if cid in seen:
            raise ConfigError(f"{here}: duplicate id {cid!r}")
        seen.add(cid)
        here = f"{where}, competency {cid!r}"
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{here}: 'name' is missing")
        competencies.append(
            Competency(
                id=cid,
                name=name.strip(),
                description=str(entry.get("description") or "").strip(),
                examples=string_list(entry.get("examples"), f"{here}: 'examples'", 2),
                practice=string_list(entry.get("practice"), f"{here}: 'practice'", 1),
                keywords=string_list(entry["keywords"], f"{here}: 'keywords'")
                if entry.get("keywords")
                else (),
                pack=pack,
            )
        )
    return competencies


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """Load and check a taxonomy file (the shipped one by default).

    Raises :class:`ConfigError` naming the entry and field that is wrong. An
    unchanged file is parsed once per process; an edited one is read again.
    """
    path = path or default_path()
    return _load(path, *file_version(path, "taxonomy"))


def read_yaml(path: Path, kind: str) -> tuple[bytes, Any]:
    """A YAML file's bytes and contents; errors name the ``kind`` of file and its path."""
    try:
        raw = path.read_bytes()
        return raw, yaml.load(raw.decode("utf-8"), Loader=_Loader)
    except OSError as exc:
        raise ConfigError(f"cannot read {kind} file {path}: {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{kind} file {path} is not valid YAML: {exc}") from exc


@lru_cache(maxsize=8)
def _load(path: Path, _mtime_ns: int, _size: int) -> Taxonomy:
    raw, data = read_yaml(path, "taxonomy")
    if not isinstance(data, dict) or not isinstance(data.get("competencies"), list):
        raise ConfigError(f"taxonomy file {path} needs a 'competencies:' list")
    competencies = parse_competencies(data["competencies"], f"taxonomy {path.name}")
    seen = {c.id for c in competencies}
    if not competencies:
        raise ConfigError(f"taxonomy file {path} has no competencies")
    keywords = data.get("keywords") or {}
    if not isinstance(keywords, dict):
        raise ConfigError(f"taxonomy file {path}: 'keywords' must map competency ids to lists")
    unknown = set(keywords) - seen
    if unknown:
        raise ConfigError(
            f"taxonomy file {path}: keywords for unknown competencies: {', '.join(sorted(unknown))}"
        )
    competencies = [
        Competency(
            **{**c.__dict__, "keywords": c.keywords + tuple(map(str, keywords.get(c.id) or ()))}
        )
        for c in competencies
    ]
    threshold = data.get("threshold", 0.45)
    if not isinstance(threshold, int | float) or not 0 < float(threshold) < 1:
        raise ConfigError(f"taxonomy file {path}: threshold must be a number between 0 and 1")
    boilerplate_raw = data.get("boilerplate") or {}
    if not isinstance(boilerplate_raw, dict):
        raise ConfigError(f"taxonomy file {path}: 'boilerplate' must map kinds to sentences")
    return Taxonomy(
        competencies=tuple(competencies),
        threshold=float(threshold),
        boilerplate={
            str(k): string_list(v, f"taxonomy boilerplate {k!r}")
            for k, v in boilerplate_raw.items()
        },
        chatter=string_list(
            data.get("chatter") or ["Thank you for your time."], "taxonomy 'chatter'"
        ),
        praise=string_list(
            data.get("praise") or ["Your answers were strong."], "taxonomy 'praise'"
        ),
        path=path,
        digest=hashlib.sha256(raw).hexdigest()[:12],
    )


_END = ""  # trie key: a keyword ends here
_WHOLE = "$"  # trie key: a whole-word keyword ends here


def _trie(keywords: tuple[str, ...]) -> str:
    """One regular expression for all keywords, sharing their common beginnings.

    Equivalent to an alternation of the keywords, but each character is tried
    once per position instead of once per keyword.
    """
    root: dict[str, Any] = {}
    for keyword in keywords:
        whole = keyword.endswith("$")
        node = root
        for char in (keyword[:-1] if whole else keyword).lower():
            node = node.setdefault(char, {})
        node[_WHOLE if whole else _END] = {}
    return _node_pattern(root)


def _node_pattern(node: dict[str, Any]) -> str:
    branches = [
        re.escape(c) + _node_pattern(child)
        for c, child in sorted(node.items())
        if c not in (_END, _WHOLE)
    ]
    if _END in node:
        return f"(?:{'|'.join(branches)})?" if branches else ""
    if _WHOLE in node:
        branches.append(r"(?![\w-])")
    if len(branches) == 1:
        return branches[0]
    return f"(?:{'|'.join(branches)})"
