"""Offline reply drafts from editable templates (``prompts/reply_templates.yaml``).

A draft is assembled from template parts filled with facts from the record:
the interviewer's or sender's first name, the company, the role, the stage
reached and a strength the feedback named. Each part has several wordings; the
one used is picked from a hash of the record, the kind, the tone and a seed, so
the same input always gives the same draft and ten companies get ten different
ones.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from nextround.errors import ConfigError, UsageError
from nextround.models import FeedbackRecord, ReplyDraft, Stage
from nextround.replies.safety import other_companies as exclude_own
from nextround.replies.safety import safety_flags
from nextround.replies.slots import BENIGN, SlotCheck, check_slot, greeting_name
from nextround.replies.tone import check_tone
from nextround.resources import file_version, prompts_dir

KINDS = ("thank_you", "feedback_request", "linkedin_note", "stay_in_touch")
TONES = ("warm", "formal", "brief")
LINKEDIN_LIMIT = 300

_STAGE_PHRASES = {
    Stage.APPLICATION: "",
    Stage.RECRUITER_SCREEN: " on our call",
    Stage.PHONE_SCREEN: " on the phone screen",
    Stage.TECHNICAL: " in the technical interview",
    Stage.TAKE_HOME: " on the take-home and interviews",
    Stage.ONSITE: " during the onsite",
    Stage.FINAL: " in the final round",
}
_SLOT = re.compile(r"\{([a-z_]+)\}")
#: Slots that are whole phrases and may be empty; the others make a wording unusable when unknown.
_OPTIONAL = {"stage_phrase", "role_at_company", "role_suffix"}


def load_templates(path: Path | None = None) -> dict[str, Any]:
    """The reply templates (the shipped ``reply_templates.yaml`` by default), checked.

    An unchanged file is parsed once per process; an edited one is read again,
    so a changed wording is used without restarting.
    """
    path = path or prompts_dir() / "reply_templates.yaml"
    return _load_templates(path, *file_version(path, "reply templates"))


@lru_cache(maxsize=8)
def _load_templates(path: Path, _mtime_ns: int, _size: int) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read reply templates {path}: {exc}") from exc
    if not isinstance(data, dict) or set(KINDS) - set(data.get("kinds", {})):
        raise ConfigError(f"reply templates {path} need entries for: {', '.join(KINDS)}")
    return data


@dataclass(frozen=True)
class Facts:
    """What a draft may say about the rejection; every value already checked."""

    first_name: str = ""
    company: str = ""
    role: str = ""
    stage: Stage = Stage.UNKNOWN
    strength: str = ""
    candidate: str = ""
    #: Values the source gave that failed the checks, with the reason, for the draft to report.
    left_out: tuple[SlotCheck, ...] = ()

    def slots(self) -> dict[str, str]:
        role_at = ""
        if self.role and self.company:
            role_at = f" for the {self.role} role at {self.company}"
        elif self.company:
            role_at = f" at {self.company}"
        elif self.role:
            role_at = f" for the {self.role} role"
        suffix = " — " + ", ".join(v for v in (self.role, self.company) if v)
        suffix = "" if suffix == " — " else suffix
        return {
            "first_name": self.first_name,
            "company": self.company,
            "role": self.role,
            "role_at_company": role_at,
            "role_suffix": suffix,
            "stage_phrase": _STAGE_PHRASES.get(self.stage, ""),
            "strength": self.strength.lower() if self.strength else "",
            "candidate": self.candidate,
        }


def first_name(record: FeedbackRecord) -> SlotCheck:
    """The first name to greet: the interviewer's, else the sender's, when it is a name."""
    checks = [greeting_name(who, record.company) for who in (record.interviewer, record.sender)]
    for check in checks:
        if check.ok and check.value:
            return check
    return next((c for c in checks if c.reason), SlotCheck("first_name", ""))


def facts_for(
    record: FeedbackRecord,
    candidate: str = "",
    strength: str = "",
    other_companies: Iterable[str] = (),
) -> Facts:
    """The checked facts a draft may use, and the values left out with the reason."""
    company = check_slot("company", record.company, exclude_own(record.company, other_companies))
    checks = [
        first_name(record),
        company,
        check_slot("role", record.role),
        check_slot("strength", strength),
        check_slot("candidate", candidate),
    ]
    values = {c.field: c.value for c in checks}
    left_out = tuple(c for c in checks if c.reason and c.reason not in BENIGN)
    return Facts(
        first_name=values["first_name"],
        company=values["company"],
        role=values["role"],
        stage=record.stage,
        strength=values["strength"],
        candidate=values["candidate"],
        left_out=left_out,
    )


def _pick(variants: list[str], slots: dict[str, str], key: str) -> str:
    """One wording, chosen by ``key``, among those that use the most known facts."""
    usable = [v for v in variants if all(slots.get(s) or s in _OPTIONAL for s in _SLOT.findall(v))]
    if not usable:
        return ""
    richest = max(_richness(v, slots) for v in usable)
    usable = [v for v in usable if _richness(v, slots) == richest]
    choice = random.Random(hashlib.sha256(key.encode()).hexdigest()).choice(usable)
    return _SLOT.sub(lambda m: slots[m.group(1)], choice)


def _richness(variant: str, slots: dict[str, str]) -> int:
    return len({s for s in _SLOT.findall(variant) if slots.get(s) and s not in _OPTIONAL})


class OfflineDrafter:
    """Drafts replies from templates; deterministic for the same input and seed."""

    name = "offline"

    def __init__(self, templates: dict[str, Any] | None = None) -> None:
        self.templates = templates or load_templates()

    def draft(
        self,
        record: FeedbackRecord,
        kind: str,
        facts: Facts,
        *,
        tone: str = "warm",
        seed: int = 0,
        max_chars: int = LINKEDIN_LIMIT,
        other_companies: Iterable[str] = (),
    ) -> ReplyDraft:
        if kind not in KINDS:
            raise UsageError(f"unknown reply kind {kind!r} (kinds: {', '.join(KINDS)})")
        if tone not in TONES:
            raise UsageError(f"unknown tone {tone!r} (tones: {', '.join(TONES)})")
        slots = facts.slots()
        base = f"{record.id}|{kind}|{tone}|{seed}"
        spec = self.templates["kinds"][kind]
        paragraphs = []
        for group in spec["paragraphs"]:
            lines = []
            for part in group:
                options = spec["parts"][part]
                text = _pick(list(options.get(tone) or []), slots, f"{base}|{part}")
                if not text and part == "note":  # no wording of this tone fits the facts
                    others = [v for t in TONES if t != tone for v in options.get(t) or []]
                    text = _pick(others, slots, f"{base}|{part}")
                if text:
                    lines.append(text)
            if lines:
                paragraphs.append(" ".join(lines))
        if kind == "linkedin_note":
            body = self._fit(
                paragraphs[0] if paragraphs else "", spec, slots, base, tone, max_chars
            )
        else:
            greet = self.templates["greeting"]["named" if facts.first_name else "unnamed"]
            greeting = _pick(list(greet.get(tone) or greet["warm"]), slots, f"{base}|greeting")
            sign = _pick(list(self.templates["sign_off"][tone]), slots, f"{base}|sign")
            # a draft never ends unsigned: the person fills in their name when unknown
            signature = f"{sign}\n{facts.candidate or '[Your name]'}"
            body = "\n\n".join([greeting, *paragraphs, signature])
        # built from checked facts only: the original subject is never copied
        subject = "" if kind == "linkedin_note" else _pick([spec["subject"]], slots, base)
        return finish(record, kind, tone, subject, body, "offline", other_companies, facts.left_out)

    def _fit(
        self,
        text: str,
        spec: dict[str, Any],
        slots: dict[str, str],
        base: str,
        tone: str,
        limit: int,
    ) -> str:
        """A LinkedIn note within ``limit`` characters: another wording, else the shortest."""
        if len(text) <= limit:
            return text
        variants = [
            _SLOT.sub(lambda m: slots[m.group(1)], v)
            for t in (tone, "brief", "warm", "formal")
            for v in spec["parts"]["note"].get(t, [])
            if all(slots.get(s) or s in _OPTIONAL for s in _SLOT.findall(v))
        ]
        fitting = [v for v in variants if len(v) <= limit]
        if fitting:
            return random.Random(base).choice(sorted(fitting))
        shortest = min(variants, key=len) if variants else text
        cut = shortest[:limit].rsplit(". ", 1)[0]
        return cut if cut.endswith(".") else cut.rstrip(",; ") + "."


def finish(
    record: FeedbackRecord,
    kind: str,
    tone: str,
    subject: str,
    body: str,
    engine: str,
    other_companies: Iterable[str],
    left_out: Iterable[SlotCheck] = (),
) -> ReplyDraft:
    """A draft with its counts and every tone and safety flag attached."""
    others = exclude_own(record.company, other_companies)
    return ReplyDraft(
        feedback_id=record.id,
        kind=kind,
        tone=tone,
        subject=subject,
        body=body,
        chars=len(body),
        words=len(body.split()),
        tone_flags=[f.as_dict() for f in check_tone(body, kind)],
        safety_flags=[f.as_dict() for f in safety_flags(f"{subject}\n{body}", others)],
        engine=engine,
        injection_suspected=record.injection_suspected,
        to=check_slot("interviewer", record.interviewer or record.sender).value,
        left_out=[{"field": c.field, "reason": c.reason} for c in left_out],
    )
