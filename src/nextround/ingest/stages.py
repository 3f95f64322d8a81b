"""The interview stage a record reached, read from its text.

A stage is taken only when the text says it was reached: "we will not move you
forward to the onsite after the phone screen" is a phone screen, not an onsite.
When the text does not say, the stage is ``unknown``; a rejection that mentions
no interview at all was made at the application stage (:func:`screened_out`).
"""

from __future__ import annotations

import re

from nextround.models import Stage

_STAGE_PATTERNS: tuple[tuple[Stage, re.Pattern[str]], ...] = (
    (
        Stage.FINAL,
        re.compile(
            r"\bfinal[- ](?:round|interview|stage|loop|conversation|panel)s?\b|\bfinal rounds?\b|"
            r"\bentrevista final\b|\bletzten? (?:runde|gespräch)\b|"
            r"\bentretien final\b|\bfinalists?\b|"
            r"\bdernier entretien\b|\bronda final\b|\bfinalrunde\b",
            re.I,
        ),
    ),
    (
        Stage.ONSITE,
        re.compile(
            r"\bon[- ]?site\b|\binterview loop\b|\bthe loop\b|\bpanel interviews?\b|"
            r"\bsuper ?day\b|\bvor[- ]ort\b|\bpresencial\b|\bsur site\b|\bpanel\b|\bloop\b|"
            r"\bassessment (?:centre|center|day)\b|\bsecond(?:-round)? interview\b|"
            r"\bformal interview\b|\bface[- ]to[- ]face interview\b|"
            r"\b(?:spend|spending|spent) the (?:day|"
            r"afternoon|morning) with\b|\bcoming in to meet\b|"
            r"\b(?:at|to|in) (?:the|our) (?:\w+ )?office\b|\bbesuch bei uns\b",
            re.I,
        ),
    ),
    (
        Stage.TAKE_HOME,
        re.compile(
            r"\btake[- ]?home\b|\bhome (?:assignment|exercise|challenge|test|project)\b|"
            r"\b(?:coding|technical) (?:assignment|exercise|challenge|homework)\b|"
            r"\b(?:pre-?interview|written|planning|case study|kpi|audit) (?:task|exercise)\b|"
            r"\b(?:task|exercise|proposal|presentation) (?:you )?(?:prepared|sent|submitted)\b|"
            r"\bprueba técnica\b|\bprogrammieraufgabe\b|\bexercice technique\b",
            re.I,
        ),
    ),
    (
        Stage.TECHNICAL,
        re.compile(
            r"\btechnical (?:interview|screen|round|assessment|session|call)s?\b|"
            r"\bcoding (?:interview|round|screen|session)s?\b|\blive[- ]coding\b|"
            r"\bpair(?:ing)?[- ](?:programming )?(?:session|interview|exercise)\b|"
            r"\bsystem design (?:interview|round|session)\b|\bentrevista técnica\b|"
            r"\bpairing (?:with|session)\b|\blive exercises?\b|"
            r"\bdebugging (?:exercise|task|session)\b|"
            r"\btrial shift\b|\bcook[- ]?off\b|\b(?:sample|observed|teaching) lesson\b|"
            r"\blesson observation\b|\brole[- ]?play\b|\bclinical (?:scenario|assessment)\b|"
            r"\bpractical (?:test|assessment|task|exercise)?\b|\bskills test\b|"
            r"\b(?:sql|coding|modell?ing|programming) (?:and \w+ )?(?:session|"
            r"question|exercise|task)s?\b|"
            r"\bejercicio de programación\b|\bsystemdesign-interview\b|"
            r"\btechnische[sn]? (?:interview|gespräch)\b|\bentretien technique\b",
            re.I,
        ),
    ),
    (
        Stage.PHONE_SCREEN,
        re.compile(
            r"\bphone (?:screen|interview|call)s?\b|\b(?:hiring manager|hm) (?:screen|call|chat|"
            r"interview|conversation)\b|\bvideo (?:screen|call)\b|\btelefoninterview\b|"
            r"\bentrevista telefónica\b|\bentretien téléphonique\b|\bon the phone\b",
            re.I,
        ),
    ),
    (
        Stage.RECRUITER_SCREEN,
        re.compile(
            r"\brecruiter (?:screen|call|chat|conversation|interview)s?\b|"
            r"\b(?:initial|intro(?:ductory)?|first) (?:call|chat|conversation|screen)\b|"
            r"\bscreening (?:call|chat)\b|\b(?:hr|talent) (?:call|screen|chat)\b|"
            r"\bconversation with (?:me|our recruiter)\b",
            re.I,
        ),
    ),
)
# A stage named as what comes next is not the stage reached.
_STRONG_FUTURE = re.compile(
    r"\b(?:move|moving|advance|advancing|progress|progressing|proceed|invite|inviting|bring|"
    r"schedule|scheduling|next)\b[^.]{0,40}$",
    re.I,
)


def stage_from_text(*texts: str) -> Stage:
    """The furthest interview stage the texts say was reached (not merely mentioned as next)."""
    found: set[Stage] = set()
    for text in texts:
        if not text:
            continue
        for stage, pattern in _STAGE_PATTERNS:
            for m in pattern.finditer(text):
                before = text[max(0, m.start() - 60) : m.start()]
                sentence = re.split(r"[.!?\n,;]|\b(?:after|since|following|because|but)\b", before)[
                    -1
                ]
                if _STRONG_FUTURE.search(sentence):
                    continue
                found.add(stage)
                break
    order = list(Stage)
    return max(found, key=order.index) if found else Stage.UNKNOWN


def stage_from_hint(hint: str) -> Stage:
    """A stage named in a file name such as ``2026-04-02-brightpath-phone-screen``."""
    return stage_from_text(re.sub(r"[-_]+", " ", hint))


_RECRUITER_TALK = re.compile(
    r"\b(?:speak|speaking|talk|talking|chat|chatting|call|conversation)\w* with me\b|"
    r"\bour (?:call|chat|conversation|intro call)\b|\bspeaking with you\b|\bchatting with you\b",
    re.I,
)
_RECRUITER_SIGNATURE = re.compile(r"\b(?:recruit\w*|talent|sourcer|people partner)\b", re.I)
_MANAGER_SIGNATURE = re.compile(
    r"\b(?:engineering manager|hiring manager|head of|director)\b", re.I
)


def screen_by_sender(text: str, full_text: str) -> Stage:
    """The screen a sender means by "thanks for talking with me".

    A recruiter's own call is the recruiter screen; a hiring manager's is the
    phone screen. Anything else stays unknown.
    """
    if not _RECRUITER_TALK.search(text):
        return Stage.UNKNOWN
    if _MANAGER_SIGNATURE.search(full_text):
        return Stage.PHONE_SCREEN
    if _RECRUITER_SIGNATURE.search(full_text):
        return Stage.RECRUITER_SCREEN
    return Stage.UNKNOWN


# Words that mean an interview or a conversation took place.
_MET = re.compile(
    r"\b(?:interview\w*|met|meet|meeting|spoke|speak|speaking|talk(?:ed|ing)?|conversation|"
    r"call|chat|panel|trial|shift|visit|presentation|task|exercise|test|assessment|"
    r"your time with|came in|coming in)\b",
    re.I,
)


_NOT_SHORTLISTED = re.compile(
    r"\bnot (?:been |be )?(?:shortlisted|selected for (?:an? )?interview|invited to interview|"
    r"progress(?:ed|ing)? to (?:the )?interview)|\bat (?:the )?shortlisting stage\b|"
    r"\bunsuccessful at shortlisting\b",
    re.I,
)


def screened_out(text: str) -> bool:
    """A rejection at the application stage: it says so, or it mentions no interview."""
    return bool(_NOT_SHORTLISTED.search(text)) or not _MET.search(text)
