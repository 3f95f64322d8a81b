"""What a draft must never contain, whoever wrote it.

No URL, email address or phone number; no other company's name; no salary
figure; and, for drafts written by a model, nothing taken from the feedback
beyond the facts the draft was built from (feedback is data, not instructions).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from nextround.ingest.injection import looks_like_injection
from nextround.privacy import redact


@dataclass(frozen=True)
class SafetyFlag:
    kind: str
    text: str
    explanation: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text, "explanation": self.explanation}


#: An amount of money with its currency sign: what both the slot check and the draft
#: check look for (one list of signs, so that no currency slips past one of them).
CURRENCY_AMOUNT = r"[$€£¥₹]\s?\d(?:[\d,.]*\d)?"
_SALARY = re.compile(
    CURRENCY_AMOUNT + r"(?:\s?[kKmM]\b)?|\b\d{2,3}\s?[kK]\b|\b(?:salary|compensation|equity|"
    r"pay (?:range|band)|base pay|bonus)\b",
    re.I,
)


def safety_flags(text: str, other_companies: Iterable[str] = ()) -> list[SafetyFlag]:
    """Every safety problem in a draft."""
    flags = []
    for entity in redact(text).entities:
        if entity.kind in ("EMAIL", "URL", "PHONE"):
            flags.append(
                SafetyFlag(
                    entity.kind.lower(),
                    entity.text,
                    "A reply drafted for you never includes links, email addresses or phone "
                    "numbers; add contact details yourself if you want them.",
                )
            )
    for m in _SALARY.finditer(text):
        flags.append(
            SafetyFlag("salary", m.group(0), "Salary and compensation do not belong in this reply.")
        )
    for company in other_companies:
        if company and re.search(rf"(?<!\w){re.escape(company)}(?!\w)", text, re.I):
            flags.append(
                SafetyFlag(
                    "other-company",
                    company,
                    "Mentioning another company in a reply to this one reads as careless.",
                )
            )
    if looks_like_injection(text):
        flags.append(
            SafetyFlag(
                "instructions", "", "The draft contains wording aimed at an AI model; rewrite it."
            )
        )
    return flags


def other_companies(company: str, companies: Iterable[str]) -> list[str]:
    """``companies`` without ``company`` and its variants ("Copperleaf" is "Copperleaf Finance")."""
    mine = company.casefold().strip()
    first = mine.split(" ")[0] if mine else ""
    out = []
    for name in companies:
        other = name.casefold().strip()
        if not other or (mine and (other in mine or mine in other)):
            continue
        if first and other.split(" ")[0] == first:
            continue
        out.append(name)
    return out
