"""The tone guard: what a reply to a rejection should never sound like.

Each flag names the problem and explains why it matters, so a person can fix
their own draft (``nextround check-tone FILE``) and a generated draft that trips
one is never shown as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ToneFlag:
    kind: str
    text: str  # the words that triggered it
    explanation: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "text": self.text, "explanation": self.explanation}


_RULES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "negativity",
        re.compile(
            r"\b(?:unfair|unprofessional|ridiculous|absurd|insulting|outrageous|terrible|awful|"
            r"pathetic|joke|waste of (?:my )?time|furious|angry|livid|disgusted|appalled|"
            r"frustrat\w*|bitter|shocked|offended|hate|worst)\b",
            re.I,
        ),
        "Negative or angry words read as resentment; a gracious reply keeps the door open.",
    ),
    (
        "arguing",
        re.compile(
            r"\b(?:i disagree|you(?:'re| are) wrong|made a mistake|reconsider|"
            r"i (?:don'?t|do not) (?:understand|see) why|that(?:'s| is) not (?:true|fair|right)|"
            r"you (?:clearly )?(?:missed|overlooked|misjudged)|i was (?:clearly )?the best|"
            r"better (?:qualified|candidate) than|i deserve\w*|appeal (?:the|this) decision)\b",
            re.I,
        ),
        "Arguing with the decision will not change it and can close the door for future roles.",
    ),
    (
        "blame",
        re.compile(
            r"\b(?:your (?:interviewer|recruiter|process|team) (?:was|were|is|did)|"
            r"you (?:failed|never|didn'?t even)|badly run|poorly (?:run|organi[sz]ed)|"
            r"disorgani[sz]ed|(?:he|she|they) (?:was|were) (?:rude|unprepared|dismissive))\b",
            re.I,
        ),
        "Blaming the interviewers or the process reflects on you, not them.",
    ),
    (
        "sarcasm",
        re.compile(
            r"\b(?:thanks for nothing|thanks a lot|great job|well done|good luck with that|"
            r"obviously|clearly you|i'?m sure (?:they|you)|as if|yeah right|what a surprise)\b|"
            r"!{2,}|\?!",
            re.I,
        ),
        "Sarcasm does not carry well in writing; it reads as hostility.",
    ),
    (
        "pleading",
        re.compile(
            r"\b(?:please reconsider|i (?:really |desperately )?need (?:this|the) job|beg\w*|"
            r"any chance you could change|give me (?:another|a second) chance|"
            r"i(?:'ll| will) do anything|i can(?:'t| not) afford)\b",
            re.I,
        ),
        "Pleading puts the recipient in an awkward spot; confidence and thanks land better.",
    ),
)

#: Words beyond which a reply of each kind is too long to be read.
WORD_LIMITS = {
    "thank_you": 160,
    "feedback_request": 160,
    "stay_in_touch": 140,
    "linkedin_note": 60,
    None: 220,
}


def check_tone(text: str, kind: str | None = None) -> list[ToneFlag]:
    """Every tone problem in ``text``, in order of appearance, then length."""
    flags: list[tuple[int, ToneFlag]] = []
    for name, pattern, why in _RULES:
        for m in pattern.finditer(text):
            flags.append((m.start(), ToneFlag(name, m.group(0), why)))
    ordered = [f for _, f in sorted(flags, key=lambda x: x[0])]
    words = len(text.split())
    limit = WORD_LIMITS.get(kind, WORD_LIMITS[None])
    if words > limit:
        ordered.append(
            ToneFlag(
                "over-length",
                f"{words} words",
                f"Keep it under {limit} words: a short reply is more likely to be read and "
                "remembered well.",
            )
        )
    return ordered
