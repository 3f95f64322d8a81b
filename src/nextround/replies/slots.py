"""Checks on every value that goes into a draft: company, role, first name.

Drafts are built from metadata as much as from templates, and metadata comes
from e-mails and exports that anyone can write. A value is used only when it
reads as what it claims to be; otherwise it is left out, the template falls
back to a neutral wording ("the team", "the role") and the draft records which
field was left out and why. Every check runs on the value folded by
:func:`nextround.textnorm.for_checks`, so fullwidth letters and zero-width
characters do not hide a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from nextround.ingest.injection import looks_like_injection
from nextround.replies.safety import CURRENCY_AMOUNT
from nextround.replies.tone import check_tone
from nextround.resources import data_lines
from nextround.textnorm import for_checks, one_line, words

#: Longest value accepted per field, in characters.
LIMITS = {
    "company": 60, "role": 60, "first_name": 30, "candidate": 60, "strength": 60, "subject": 120,
}  # fmt: skip

_LINK = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.|\bxn--|[a-z0-9-]\.[a-z]{2,}\b(?!\.\w)|"
    r"[\[(]\s*(?:dot|\.)\s*[\])]|\s(?:dot)\s+(?:com|org|net|io|co|uk|de|info|biz|example)\b)",
    re.I,
)
_CONTACT = re.compile(
    r"@|\[\s*at\s*\]|\(\s*at\s*\)|\b\w+\s+at\s+\w+\s+dot\s+\w+|"
    r"\d(?:[\s().-]*\d){6,}|\b(?:call|phone|tel|text|whatsapp|telegram|signal|dm|email|e-mail|"
    r"mail|contact|reach)\b(?:\s+\w+){0,2}\s*:?\s*[+\d]",
    re.I,
)
# Amounts, not words: "Compensation Analyst" and "Equity Bank" are fine values.
_MONEY = re.compile(
    CURRENCY_AMOUNT + r"|\d{2,}[\d,.]*\s?(?:k|m|mn|usd|eur|gbp|dollars?|euros?|pounds)\b|"
    r"\bpaying\b|\bper (?:hour|year|annum)\b",
    re.I,
)
# A company value that compares or points elsewhere names more than one company.
_ELSEWHERE = re.compile(
    r"\b(?:not|instead(?: of)?|rather than|than|vs\.?|versus|unlike|better|worse|"
    r"over at|formerly|ex-|apply (?:at|to)|go to|try)\b",
    re.I,
)
# Company names rarely hold a clause; "X, whose interviewers are…" is a sentence.
_CLAUSE = re.compile(
    r"\b(?:whose|who|which|where|because|are|were|is|was|isn't|aren't|do|don't|did|didn't)\b",
    re.I,
)
_MARKUP = re.compile(r"[<>{}\[\]|`\\*_#~^=]")
# Words that are roles or teams, never someone's first name in a greeting.
_NOT_A_NAME = {
    "hiring", "team", "manager", "recruiter", "recruiting", "talent", "hr", "people", "the",
    "dear", "hi", "hello", "sir", "madam", "candidate", "careers", "jobs", "no", "reply",
    "noreply", "admin", "info", "support", "notifications", "acquisition", "panel", "director",
    "head", "lead", "mr", "mrs", "ms", "dr", "prof",
}  # fmt: skip


@cache
def _insults() -> frozenset[str]:
    return frozenset(w.casefold() for w in data_lines("insults.txt"))


def _insulting(text: str) -> str:
    lexicon = _insults()
    for word in words(text):
        if word in lexicon or (word.endswith("s") and word[:-1] in lexicon):
            return word
    flags = [f for f in check_tone(text) if f.kind != "over-length"]
    return flags[0].text if flags else ""


@dataclass(frozen=True)
class SlotCheck:
    """A value and, when it cannot go into a draft, why (``reason``; ``value`` is then '')."""

    field: str
    value: str
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def check_slot(field: str, raw: str, other_companies: Iterable[str] = ()) -> SlotCheck:
    """``raw`` checked as the draft's ``field``: the value to use, or the reason to leave it out.

    ``other_companies`` are the profile's other companies, without variants of
    this record's own (see :func:`nextround.replies.safety.other_companies`).
    """
    value = one_line(for_checks(raw)).strip(" ,;:.-")
    if not value:
        return SlotCheck(field, "")

    def out(reason: str) -> SlotCheck:
        return SlotCheck(field, "", reason)

    if "\n" in raw.strip() or "\r" in raw.strip():
        return out("it spans several lines")
    if _LINK.search(value):
        return out("it contains a link or a web address")
    if _CONTACT.search(value):
        return out("it contains contact details")
    if _MONEY.search(value):
        return out("it mentions money")
    if looks_like_injection(value):
        return out("it reads like instructions to an AI model")
    rude = _insulting(value)
    if rude:
        return out(f"it contains wording unfit for a reply ({rude!r})")
    if _MARKUP.search(value):
        return out("it contains markup characters")
    if len(value) > LIMITS.get(field, 60):
        return out(f"it is longer than a {field.replace('_', ' ')} would be")
    if field == "company":
        folded = value.casefold()
        for other in other_companies:
            name = for_checks(other).casefold().strip()
            if name and name != folded and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", folded):
                return out(f"it names another company ({other})")
        if _ELSEWHERE.search(value):
            return out("it points to another company")
    if field in ("company", "role") and _CLAUSE.search(value):
        return out("it reads as a sentence, not a name")
    if field == "first_name":
        if not value.replace("-", "").replace("'", "").replace("’", "").isalpha():
            return out("it is not a name")
        if value.casefold() in _NOT_A_NAME:
            return out("it is a role, not a name")
    return SlotCheck(field, value)


_TITLES = {"mr", "mrs", "ms", "mx", "dr", "prof", "sir", "madam", "dame"}


def greeting_name(who: str, company: str = "") -> SlotCheck:
    """The first name to greet in ``who`` (an interviewer or sender as the source wrote it).

    The whole value must pass the checks (no contact details, insults,
    instructions); the first word must then read as a first name, in any
    script. All-capital and all-lower-case names are written as names are.
    """
    whole = check_slot("interviewer", who)
    if not whole.ok:
        return SlotCheck("first_name", "", whole.reason)
    parts = whole.value.split(" ")
    first = parts[0]
    if first.casefold().rstrip(".") in _TITLES:
        return SlotCheck("first_name", "", "only a title and surname are known")
    if first.isupper() or first.islower():
        first = first[:1].upper() + first[1:].lower()
    if company and first.casefold() in {w.casefold() for w in company.split()}:
        return SlotCheck("first_name", "", "it is the company, not a person")
    return check_slot("first_name", first)


#: Reasons a first name is left out that are ordinary, not a warning ("Hiring Team").
BENIGN = {"it is a role, not a name", "it is not a name", "only a title and surname are known",
          "it is the company, not a person"}  # fmt: skip
