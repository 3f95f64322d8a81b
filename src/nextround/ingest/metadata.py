"""Filling metadata from the text when the container did not say.

Each function returns ``""``/``None``/``unknown`` rather than guess: a wrong
company is worse than an empty one, because themes are counted per company
and stage.
"""

from __future__ import annotations

import datetime as dt
import re

from nextround.ingest.fields import parse_date
from nextround.models import Stage

# Mail providers and applicant-tracking systems: their domain is not the employer.
_GENERIC_DOMAINS = {
    "gmail", "googlemail", "outlook", "hotmail", "live", "yahoo", "icloud", "me", "mac",
    "aol", "proton", "protonmail", "gmx", "mail", "mailbox", "fastmail", "zoho", "yandex",
    "greenhouse", "greenhouse-mail", "lever", "hire", "workday", "myworkday",
    "myworkdayjobs", "ashbyhq", "ashby", "smartrecruiters", "icims", "jobvite", "bamboohr",
    "taleo", "successfactors", "workable", "recruitee", "breezy", "breezyhr", "jazzhr",
    "teamtailor", "personio", "linkedin", "indeed", "glassdoor", "wellfound", "angellist",
    "hiringthing", "applytojob", "recruiterbox", "pinpointhq", "rippling", "gusto",
}
_GENERIC_LABEL = re.compile(
    r"(?:^|-)ats(?:-|$)|recruit|noreply|no-reply|mailer|notification|(?:^|-)jobs(?:-|$)", re.I
)
_TEAM_SUFFIX = re.compile(
    r"\s*(?:[-–—|:]\s*)?\b(?:recruiting|recruitment|talent(?: acquisition)?(?: team)?|"
    r"careers?|hiring(?: team)?|people(?: team)?|hr|jobs|team|via .*|talent partners?)\s*$",
    re.IGNORECASE,
)
_ORG_WORD = r"(?:[A-Z][A-Za-z0-9&'’.-]*|&)"
_ORG = rf"{_ORG_WORD}(?:[ ]{_ORG_WORD}){{0,3}}"
_COMPANY_PATTERNS = (
    re.compile(rf"\b(?:position|role|opening|opportunity|opportunities|job) (?:here )?at ({_ORG})"),
    re.compile(rf"\binterest in (?:joining |working (?:at|for|with) )?(?:the )?({_ORG})"),
    re.compile(rf"\b(?:applying|applied|application|apply) (?:to|at|with) ({_ORG})"),
    re.compile(rf"\b(?:interview(?:ing|ed|s)?|time) with (?:us at |the team at )?({_ORG})"),
    re.compile(rf"\b(?:here|everyone|us|team) at ({_ORG})"),
    re.compile(rf"\bon behalf of (?:the |everyone at )?({_ORG})"),
    re.compile(rf"\b({_ORG})(?:'s|’s) (?:hiring|engineering|recruiting|interview|talent) team"),
    re.compile(rf"\bthe ({_ORG}) (?:hiring|engineering|recruiting|interview|talent) team"),
)
_NOT_COMPANY = {
    "the", "this", "our", "your", "a", "an", "we", "us", "this time", "time", "i", "it",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "this stage", "present", "the moment", "least", "all", "length",
}
_ROLE_NOUNS = (
    r"Engineer|Developer|Scientist|Analyst|Manager|Designer|Architect|Lead|SRE|"
    r"Consultant|Specialist|Programmer|Administrator|Researcher|Director|Intern|"
    r"Technologist|Head of [A-Z][a-z]+"
)
_ROLE = (
    rf"((?:(?:[A-Z][A-Za-z+#./-]*|of|and|II|III|IV|I)\s){{0,5}}(?:{_ROLE_NOUNS})"
    rf"(?:,? (?:II|III|IV|I)\b)?(?:, [A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)?)"
)
_ROLE_PATTERNS = (
    re.compile(rf"\bfor (?:the|our|a|an) {_ROLE}(?= (?:position|role|opening|job|opportunity))"),
    re.compile(rf"\bthe {_ROLE} (?:position|role|opening)"),
    re.compile(rf"\b(?:as|for) (?:a|an|the|our) {_ROLE}\b"),
    re.compile(rf"\b(?:application|candidacy|interview|interviews) for (?:the )?{_ROLE}"),
    re.compile(rf"^{_ROLE}\s*(?:[-–—@|:(]| at )", re.MULTILINE),
)

_STAGE_PATTERNS: tuple[tuple[Stage, re.Pattern[str]], ...] = (
    (Stage.FINAL, re.compile(
        r"\bfinal[- ](?:round|interview|stage|loop|conversation|panel)s?\b|\bfinal rounds?\b|"
        r"\bentrevista final\b|\bletzten? (?:runde|gespräch)\b|\bentretien final\b|"
        r"\bdernier entretien\b|\bronda final\b|\bfinalrunde\b", re.I)),
    (Stage.ONSITE, re.compile(
        r"\bon[- ]?site\b|\binterview loop\b|\bthe loop\b|\bpanel interviews?\b|"
        r"\bsuper ?day\b|\bvor[- ]ort\b|\bpresencial\b|\bsur site\b", re.I)),
    (Stage.TAKE_HOME, re.compile(
        r"\btake[- ]?home\b|\bhome (?:assignment|exercise|challenge|test|project)\b|"
        r"\b(?:coding|technical) (?:assignment|exercise|challenge|homework)\b|"
        r"\bprueba técnica\b|\bprogrammieraufgabe\b|\bexercice technique\b", re.I)),
    (Stage.TECHNICAL, re.compile(
        r"\btechnical (?:interview|screen|round|assessment|session|call)s?\b|"
        r"\bcoding (?:interview|round|screen|session)s?\b|\blive[- ]coding\b|"
        r"\bpair(?:ing)?[- ](?:programming )?(?:session|interview|exercise)\b|"
        r"\bsystem design (?:interview|round|session)\b|\bentrevista técnica\b|"
        r"\btechnische[sn]? (?:interview|gespräch)\b|\bentretien technique\b", re.I)),
    (Stage.PHONE_SCREEN, re.compile(
        r"\bphone (?:screen|interview|call)s?\b|\b(?:hiring manager|hm) (?:screen|call|chat|"
        r"interview|conversation)\b|\bvideo (?:screen|call)\b|\btelefoninterview\b|"
        r"\bentrevista telefónica\b|\bentretien téléphonique\b", re.I)),
    (Stage.RECRUITER_SCREEN, re.compile(
        r"\brecruiter (?:screen|call|chat|conversation|interview)s?\b|"
        r"\b(?:initial|intro(?:ductory)?|first) (?:call|chat|conversation|screen)\b|"
        r"\bconversation with (?:me|our recruiter)\b", re.I)),
)
# A stage named as what comes next is not the stage reached.
_FUTURE = re.compile(r"(?:\bto|\binto|\bfor)\s+(?:an?\s+|the\s+|your\s+)?(?:next\s+)?$", re.I)
_STRONG_FUTURE = re.compile(
    r"(?:move|moving|advance|advancing|progress|proceed|invite|inviting|bring)\b[^.]{0,40}$", re.I
)


def company_from_sender(
    sender_name: str, sender_email: str, text: str, *, guess_from_domain: bool = True
) -> str:
    """The employer named by an email's sender, or ''.

    A team sender ("Brightpath Recruiting") names it; a company domain names it
    when the text spells the domain out ("northwindlabs" → "Northwind Labs").
    With ``guess_from_domain`` the bare domain is the last resort.
    """
    domain = sender_email.rsplit("@", 1)[-1] if "@" in sender_email else ""
    labels = [p for p in domain.lower().split(".") if p]
    # drop the TLD(s); the registrable label is the last remaining one
    core = labels[-2] if len(labels) >= 2 else ""
    if len(labels) >= 3 and labels[-2] in {"co", "com", "org", "net", "ac"}:
        core = labels[-3]
    name = _TEAM_SUFFIX.sub("", sender_name).strip(" -–—|:")
    generic = not core or core in _GENERIC_DOMAINS or bool(_GENERIC_LABEL.search(core))
    if name and name != sender_name.strip() and name.lower() not in _NOT_COMPANY:
        return name  # "Brightpath Recruiting" → "Brightpath"
    if generic:
        return ""
    squashed = re.sub(r"[^a-z0-9]", "", core)
    for m in re.finditer(_ORG, text):
        candidate = m.group(0)
        words = candidate.split()
        for end in range(len(words), 0, -1):
            phrase = " ".join(words[:end])
            if re.sub(r"[^a-z0-9]", "", phrase.lower()) == squashed:
                return phrase.rstrip(".")
    return core.replace("-", " ").title() if guess_from_domain else ""


def company_from_text(text: str, subject: str = "") -> str:
    """The employer as the message names it, or ''."""
    for source in (subject, text):
        for pattern in _COMPANY_PATTERNS:
            for m in pattern.finditer(source):
                name = _trim_org(m.group(1))
                if name:
                    return name
    m = re.match(rf"^(?:re:|fwd?:)?\s*(?:your application (?:to|at|with) )({_ORG})", subject, re.I)
    if m:
        return _trim_org(m.group(1))
    return ""


def _trim_org(name: str) -> str:
    words: list[str] = []
    for word in name.split():
        if words and word in {"I", "We", "Unfortunately", "Thank", "Thanks", "and", "&"}:
            break  # a new clause starts
        words.append(word)
        if word.endswith((".", ",")) and not re.fullmatch(r"(?:[A-Z]\.)+|Inc\.|Co\.", word):
            break  # the sentence ends here
    name = re.sub(r"[.,’']+$", "", " ".join(words)).strip(" &")
    if not name or name.lower() in _NOT_COMPANY or len(name) < 2:
        return ""
    if re.fullmatch(rf"(?:{_ROLE_NOUNS})s?", name):
        return ""
    return name


def role_from_text(text: str, subject: str = "") -> str:
    """The job title as the message names it, or ''."""
    for source in (subject, text):
        for pattern in _ROLE_PATTERNS:
            m = pattern.search(source)
            if m:
                role = m.group(1).strip(" ,")
                role = re.sub(r"^(?:The|Our|A|An|Your|Re|Fwd|Update|Application)\s+", "", role)
                if 2 <= len(role) <= 80:
                    return role
    return ""


def stage_from_text(*texts: str) -> Stage:
    """The furthest interview stage the texts say was reached (not merely mentioned as next)."""
    found: set[Stage] = set()
    for text in texts:
        if not text:
            continue
        for stage, pattern in _STAGE_PATTERNS:
            for m in pattern.finditer(text):
                before = text[max(0, m.start() - 60) : m.start()]
                sentence = re.split(r"[.!?\n]", before)[-1]
                if _STRONG_FUTURE.search(sentence) and _FUTURE.search(before):
                    continue
                found.add(stage)
                break
    order = list(Stage)
    return max(found, key=order.index) if found else Stage.UNKNOWN


def stage_from_hint(hint: str) -> Stage:
    """A stage named in a file name such as ``2026-04-02-brightpath-phone-screen``."""
    return stage_from_text(re.sub(r"[-_]+", " ", hint))


def date_from_text(text: str, hint: str = "") -> dt.date | None:
    """A date stated as such in a note (``Date: …`` line or the file name), else None."""
    m = re.search(r"^\s*(?:date|datum|fecha)\s*[:=]\s*(.+)$", text, re.I | re.MULTILINE)
    if m:
        parsed = parse_date(m.group(1).strip())
        if parsed:
            return parsed
    m = re.search(r"(20\d\d)[-_.](\d\d)[-_.](\d\d)", hint)
    if m:
        return parse_date(f"{m[1]}-{m[2]}-{m[3]}")
    return None


_PERSONISH = re.compile(r"^[A-ZÀ-Ý][\w'’.-]+(?: [A-ZÀ-Ý][\w'’.-]+){0,3}$")


def interviewer_from_sender(sender_name: str) -> str:
    """The sender's name when it is a person, not a team or a system."""
    name = sender_name.strip().strip('"')
    if not name or _TEAM_SUFFIX.sub("", name) != name:
        return ""
    if re.search(r"no.?reply|notification|team|careers|talent|recruit|hiring|jobs", name, re.I):
        return ""
    return name if _PERSONISH.match(name) else ""


def interviewer_from_text(text: str) -> str:
    """An interviewer named in a note (``Interviewer: …`` line), else ''."""
    m = re.search(
        r"^\s*(?:interviewer|interviewers|interviewed by|hiring manager)\s*[:\-]\s*(.+)$",
        text,
        re.I | re.MULTILINE,
    )
    if m:
        value = m.group(1).strip().rstrip(".")
        if _PERSONISH.match(value.split(",")[0].strip()):
            return value.split(",")[0].strip()
    return ""
