"""Role packs: the competencies of one family of jobs, chosen from the feedback itself.

The taxonomy (``prompts/taxonomy.yaml``) is the general layer: what interviews for
any job assess. A role pack (``prompts/packs/<id>.yaml``) adds what interviews for
one family of jobs assess (a nurse's handover, a teacher's behaviour management, a
sales rep's discovery call), in that profession's words, each competency with its
own practice plan. A profile's records decide which packs apply
(:func:`score_packs`); the general layer always does. ``--pack ID`` or
``packs = [...]`` in the config choose them instead.

A ``packs/`` folder in ``NEXTROUND_HOME`` adds packs, or replaces a shipped pack
with the same id.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from nextround.errors import ConfigError
from nextround.models import FeedbackRecord
from nextround.resources import file_version, prompts_dir
from nextround.themes.taxonomy import (
    ID_PATTERN,
    Competency,
    Taxonomy,
    parse_competencies,
    read_yaml,
    string_list,
)


@dataclass(frozen=True)
class Extension:
    """What a pack adds to a general competency: how the job's interviewers word it
    (examples, keywords) and how a person in the job practises it (first)."""

    examples: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    practice: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    """The competencies of one family of jobs, and the words that show the family."""

    id: str
    name: str
    description: str
    signals: tuple[str, ...]
    competencies: tuple[Competency, ...]
    digest: str = ""
    #: general competency id -> what the pack adds to it
    extends: dict[str, Extension] = field(default_factory=dict)

    @cached_property
    def signal_pattern(self) -> re.Pattern[str]:
        """Matches any signal as a word beginning ("handover" in "handovers"); one that
        ends in ``$`` only as a whole word ("api$" is not in "apis")."""
        words = sorted({s.lower() for s in self.signals}, key=len, reverse=True)
        alternatives = [
            re.escape(w[:-1]) + r"(?![\w-])" if w.endswith("$") else re.escape(w) + r"\w*"
            for w in words
        ]
        return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")", re.IGNORECASE)

    def signals_in(self, text: str) -> list[str]:
        """The pack's signals that ``text`` uses, lower case, in order of first use."""
        return list(dict.fromkeys(m.group(0).lower() for m in self.signal_pattern.finditer(text)))


def shipped_dir() -> Path:
    return prompts_dir() / "packs"


def load_pack(path: Path) -> Pack:
    """One pack file, checked: errors name the file and the field that is wrong."""
    return _load(path, *file_version(path, "pack"))


@lru_cache(maxsize=64)
def _load(path: Path, _mtime_ns: int, _size: int) -> Pack:
    raw, data = read_yaml(path, "pack")
    if not isinstance(data, dict):
        raise ConfigError(
            f"pack file {path} must be a mapping with id, name, signals, competencies"
        )
    pack_id = str(data.get("id", ""))
    if not ID_PATTERN.match(pack_id):
        raise ConfigError(f"pack file {path}: id {pack_id!r} must be snake_case letters and digits")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"pack file {path}: 'name' is missing")
    if not isinstance(data.get("competencies"), list) or not data["competencies"]:
        raise ConfigError(f"pack file {path} needs a non-empty 'competencies:' list")
    return Pack(
        id=pack_id,
        name=name.strip(),
        description=str(data.get("description") or "").strip(),
        signals=string_list(data.get("signals"), f"pack {path.name}: 'signals'", 3),
        competencies=tuple(
            parse_competencies(data["competencies"], f"pack {path.name}", pack=pack_id)
        ),
        digest=hashlib.sha256(raw).hexdigest()[:12],
        extends=_extensions(data.get("extends"), path),
    )


def _extensions(value: object, path: Path) -> dict[str, Extension]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"pack file {path}: 'extends' must map competency ids to examples")
    out = {}
    for cid, entry in value.items():
        where = f"pack {path.name}, extends {cid!r}"
        if not isinstance(entry, dict) or not entry.get("examples"):
            raise ConfigError(f"{where}: needs 'examples' (and may add 'keywords', 'practice')")
        out[str(cid)] = Extension(
            examples=string_list(entry["examples"], f"{where}: 'examples'"),
            keywords=string_list(entry["keywords"], f"{where}: 'keywords'")
            if entry.get("keywords")
            else (),
            practice=string_list(entry["practice"], f"{where}: 'practice'")
            if entry.get("practice")
            else (),
        )
    return out


def load_packs(*folders: Path | None) -> tuple[Pack, ...]:
    """The shipped packs, then those in each of ``folders``, a later one replacing an
    earlier pack with the same id; sorted by id."""
    found: dict[str, Pack] = {}
    for folder in (shipped_dir(), *folders):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            pack = load_pack(path)
            found[pack.id] = pack
    return tuple(found[k] for k in sorted(found))


def check_pack_ids(requested: Sequence[str], packs: Sequence[Pack]) -> tuple[str, ...]:
    """``requested`` as known pack ids, or a clear error naming the ones that exist."""
    known = {p.id for p in packs}
    unknown = [r for r in requested if r not in known]
    if unknown:
        raise ConfigError(
            f"unknown pack {', '.join(map(repr, unknown))}; packs: {', '.join(sorted(known))}"
        )
    return tuple(dict.fromkeys(requested))


def with_packs(taxonomy: Taxonomy, packs: Sequence[Pack]) -> Taxonomy:
    """The general layer and the competencies of ``packs``, in one taxonomy.

    A competency id the taxonomy already has stays the taxonomy's: a user's own
    taxonomy file wins over a pack. A pack's ``extends`` add its examples and
    keywords to the general competency and put its practice steps first; those of a
    competency the taxonomy lacks are left out.
    """
    general = []
    for competency in taxonomy.competencies:
        for pack in packs:
            ext = pack.extends.get(competency.id)
            if ext is not None:
                competency = replace(
                    competency,
                    examples=competency.examples + ext.examples,
                    keywords=competency.keywords + ext.keywords,
                    practice=tuple(dict.fromkeys(ext.practice + competency.practice)),
                )
        general.append(competency)
    seen = {c.id for c in taxonomy.competencies}
    extra = []
    for pack in packs:
        for competency in pack.competencies:
            if competency.id not in seen:
                seen.add(competency.id)
                extra.append(competency)
    digest = hashlib.sha256(
        "|".join([taxonomy.digest, *(f"{p.id}:{p.digest}" for p in packs)]).encode()
    ).hexdigest()[:12]
    return replace(taxonomy, competencies=tuple(general) + tuple(extra), digest=digest)


#: A pack applies when its score reaches this. Calibrated on the dev corpus
#: (``benchmarks/theme_quality.py --packs``); see the README for the held-out figures.
PACK_THRESHOLD = 0.4
#: The score's two halves: the share of records with criticism that the pack's
#: competencies match best, and the share of records that use the pack's words.
SIGNAL_WEIGHT = 0.5
#: Records searched for a pack's words: beyond this many, an even sample of them.
SIGNAL_SAMPLE = 2000


@dataclass(frozen=True)
class PackScore:
    """How strongly a profile's records point to one pack, and why."""

    id: str
    name: str
    score: float
    chosen: bool
    matched: int  # records whose criticism the pack's competencies matched best
    signalled: int  # records that use the pack's words
    records: int
    signals: tuple[str, ...] = ()  # the pack's words found, most used first

    @property
    def why(self) -> str:
        words = ", ".join(self.signals[:4])
        parts = [f"{self.matched} of {self.records} records' criticism fits its competencies best"]
        if self.signalled:
            parts.append(f"{self.signalled} use its words ({words})")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "score": self.score, "why": self.why}


def choose_packs(
    packs: Sequence[Pack],
    records: Sequence[FeedbackRecord],
    votes: dict[str, set[str]],
    criticised: int,
    given: Sequence[str] | None = None,
) -> list[PackScore]:
    """Every pack scored against ``records``; those at :data:`PACK_THRESHOLD` are chosen.

    ``votes`` maps a pack id to the records whose criticism it matched best, of the
    ``criticised`` records that carry any. With ``given`` (pack ids from ``--pack``
    or the config), exactly those are chosen.
    """
    if given is not None:
        check_pack_ids(given, packs)
    if len(records) > SIGNAL_SAMPLE:  # an even sample says as much about the job
        step = len(records) / SIGNAL_SAMPLE
        records = [records[int(k * step)] for k in range(SIGNAL_SAMPLE)]
    texts = [" ".join([r.role, r.clean_text]) for r in records]
    total = max(1, len(records))
    out = []
    for pack in packs:
        found: Counter[str] = Counter()
        signalled = 0
        for text in texts:
            words = pack.signals_in(text)
            found.update(words)
            signalled += bool(words)
        matched = len(votes.get(pack.id, ()))
        fits = matched / max(1, criticised)
        score = round((1 - SIGNAL_WEIGHT) * fits + SIGNAL_WEIGHT * signalled / total, 3)
        chosen = pack.id in given if given is not None else score >= PACK_THRESHOLD
        out.append(
            PackScore(
                id=pack.id,
                name=pack.name,
                score=score,
                chosen=chosen,
                matched=matched,
                signalled=signalled,
                records=len(records),
                signals=tuple(w for w, _ in found.most_common()),
            )
        )
    out.sort(key=lambda p: (-p.score, p.id))
    return out
