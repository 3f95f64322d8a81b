"""Company, role, interviewer and date from the text when the container did not say.

Each function returns ``""`` or ``None`` rather than guess: a wrong company is
worse than an empty one, because themes are counted per company. The stage is
read in :mod:`nextround.ingest.stages`, names the profile already knows in
:mod:`nextround.ingest.known`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from nextround.ingest.fields import parse_date
from nextround.privacy import is_given_name
from nextround.resources import data_lines

# Mail providers and applicant-tracking systems: their domain is not the employer.
_GENERIC_DOMAINS = {
    "gmail",
    "googlemail",
    "outlook",
    "hotmail",
    "live",
    "yahoo",
    "icloud",
    "me",
    "mac",
    "aol",
    "proton",
    "protonmail",
    "gmx",
    "mail",
    "mailbox",
    "fastmail",
    "zoho",
    "yandex",
    "greenhouse",
    "greenhouse-mail",
    "lever",
    "hire",
    "workday",
    "myworkday",
    "myworkdayjobs",
    "ashbyhq",
    "ashby",
    "smartrecruiters",
    "icims",
    "jobvite",
    "bamboohr",
    "taleo",
    "successfactors",
    "workable",
    "recruitee",
    "breezy",
    "breezyhr",
    "jazzhr",
    "teamtailor",
    "personio",
    "linkedin",
    "indeed",
    "glassdoor",
    "wellfound",
    "angellist",
    "hiringthing",
    "applytojob",
    "recruiterbox",
    "pinpointhq",
    "rippling",
    "gusto",
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
_ORG = rf"{_ORG_WORD}(?:[ ](?:{_ORG_WORD}|of(?= [A-Z])|C of E)){{0,5}}"
_JOB_WORD = r"(?:position|role|post|vacancy|opening|job|opportunity)"
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
    "the",
    "this",
    "our",
    "your",
    "a",
    "an",
    "we",
    "us",
    "this time",
    "time",
    "i",
    "it",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "this stage",
    "present",
    "the moment",
    "least",
    "all",
    "length",
}


def _job_nouns() -> str:
    words = data_lines("job_nouns.txt")
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


# Head nouns of job titles in any profession (data/job_nouns.txt)
_ROLE_NOUNS = rf"{_job_nouns()}|Head of [A-Z][a-z]+"
_ROLE = (
    rf"((?:(?:[A-Z0-9][A-Za-z0-9+#./&-]*|of|and|&|II|III|IV|I)\s){{0,5}}(?:{_ROLE_NOUNS})"
    rf"(?:,? (?:II|III|IV|I)\b)?(?:, [A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?)?"
    rf"(?: \([A-Z][\w -]{{1,30}}\))?)"
)
_ROLE_NOUNS_PHRASE = rf"(?:[A-Z][A-Za-z+#./-]*\s){{0,4}}(?:{_ROLE_NOUNS})(?:,? (?:II|III|IV|I)\b)?"
_STAGES_WORDS = r"onsite|on-site|final|technical|take-home|phone screen|interview|loop|round"
_ROLE_PATTERNS = (
    re.compile(rf"\bfor (?:the|our|a|an) {_ROLE}(?= (?:position|role|opening|job|opportunity))"),
    re.compile(rf"\bthe {_ROLE} (?:position|role|opening)"),
    re.compile(rf"\b(?:as|for) (?:a|an|the|our) {_ROLE}\b"),
    re.compile(rf"\b(?:application|candidacy|interview|interviews) for (?:the )?{_ROLE}"),
    re.compile(rf"^{_ROLE}\s*(?:[-–—@|:(]| at )", re.MULTILINE),
    re.compile(rf"\b[Rr]ole:\s*{_ROLE}"),
    re.compile(rf"\(({_ROLE_NOUNS_PHRASE})\)"),
    re.compile(rf"\bfor {_ROLE}(?=[,.;)]| on | at | with )"),
    re.compile(rf"(?:^|[,:] ){_ROLE}(?= (?:virtual |remote )?(?:{_STAGES_WORDS})\b)", re.MULTILINE),
)

# second-level labels under a country code: kingsmere.sch.uk, trust.nhs.uk
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "sch", "nhs", "gov", "edu"}


def company_from_sender(sender_name: str, sender_email: str, text: str) -> str:
    """The employer named by an email's sender, or ''.

    A team sender ("Brightpath Recruiting") names it; a company domain names it
    when the text spells the domain out ("northwindlabs" → "Northwind Labs").
    """
    domain = sender_email.rsplit("@", 1)[-1] if "@" in sender_email else ""
    labels = [p for p in domain.lower().split(".") if p]
    # drop the TLD(s); the registrable label is the last remaining one
    core = labels[-2] if len(labels) >= 2 else ""
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        core = labels[-3]
    name = _TEAM_SUFFIX.sub("", sender_name).strip(" -–—|:")
    generic = not core or core in _GENERIC_DOMAINS or bool(_GENERIC_LABEL.search(core))
    if name and name != sender_name.strip() and name.lower() not in _NOT_COMPANY:
        return name  # "Brightpath Recruiting" → "Brightpath"
    if generic:
        return ""
    # A bare domain ("rowantreenursery") is never made into a name: only a name the
    # text spells out is used, so nothing is invented.
    return _spelled_domain(core, text)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


def _spelled_domain(core: str, text: str) -> str:
    """The longest capitalised phrase in ``text`` that spells out a domain label.

    ``northwindlabs`` finds "Northwind Labs"; ``fernhill`` finds "Fernhill
    Software" (a company word may follow the label); ``thistlepine`` finds
    "Thistle & Pine Bank".
    """
    targets = {_squash(core), re.sub(r"[^a-z0-9]", "", core.lower())}
    best = ""
    for m in re.finditer(_ORG, text):
        words = _trim_org(m.group(0)).split()
        for k in range(1, len(words) + 1):
            if (
                _squash(" ".join(words[:k])) in targets
                or re.sub(r"[^a-z0-9]", "", " ".join(words[:k]).lower()) in targets
            ):
                end = k
                while end < len(words) and words[end] in _ORG_SUFFIXES:
                    end += 1
                phrase = " ".join(words[:end])
                if len(phrase) > len(best):
                    best = phrase
                break
    return best


_ORG_SUFFIXES = {
    "Labs",
    "Lab",
    "Software",
    "Systems",
    "Technologies",
    "Technology",
    "Tech",
    "AI",
    "Health",
    "Healthcare",
    "Bank",
    "Group",
    "Analytics",
    "Security",
    "Finance",
    "Financial",
    "Cloud",
    "Data",
    "Media",
    "Games",
    "Robotics",
    "Mobility",
    "Learning",
    "Energy",
    "Insurance",
    "Travel",
    "Audio",
    "Commerce",
    "Pay",
    "Payments",
    "Inc",
    "LLC",
    "Ltd",
    "GmbH",
    "Co",
    "Studio",
    "Studios",
    "Networks",
    "Logistics",
    "Freight",
    "Bio",
    "Capital",
    "Partners",
}
_TITLE_WORDS = (
    r"Recruiter|Recruiting|Recruitment|Engineer|Engineering|Manager|Lead|Partner|Director|"
    r"Officer|VP|Head|Talent|Operations|People|CTO|CEO|Founder|Coordinator|Sourcer|HR|"
    r"Acquisition|Scientist|Architect|Designer|Principal|Staff"
)
# "Senior Technical Recruiter, Kestrel Cloud" / "Engineering Recruiter | Orchard & Vine"
_SIGNATURE_ORG = re.compile(rf"\b(?:{_TITLE_WORDS})\b[^\n,|]*[,|@–—]\s*$")
_SIGNATURE_LINE = re.compile(
    rf"^[ \t]*[^\n]*\b(?:{_TITLE_WORDS})\b[^\n,|]*[ \t]*[,|@–—][ \t]*({_ORG})[ \t]*$",
    re.MULTILINE,
)


def company_from_signature(text: str) -> str:
    """The employer named in a signature line such as "Recruiter, Northwind Labs"."""
    found = ""
    for m in _SIGNATURE_LINE.finditer(text):
        name = _trim_org(m.group(1))
        if name and not re.search(rf"\b(?:{_TITLE_WORDS})\b", name):
            found = name  # the last one: signatures come at the end
    return found


_ORG_SUFFIXED = rf"{_ORG}(?:,? (?:Inc|LLC|Ltd|GmbH|Co)\.?)?"
# The employer by the shape of a templated sentence ("Unfortunately, X has decided",
# "the position with X"). Tried after the patterns above.
_COMPANY_BY_SHAPE = (
    re.compile(
        rf"(?:^|[.!?]\s+|,\s+)(?:Unfortunately,? )?({_ORG_SUFFIXED}),? (?:has|have) "
        r"(?:decided|moved|chosen|selected|made|filled)\b",
        re.MULTILINE,
    ),
    re.compile(rf"\b{_JOB_WORD} (?:at|with) (?:the )?({_ORG_SUFFIXED})"),
    re.compile(
        rf"\b(?:opportunit(?:y|ies)|employment|career) (?:at|with) (?:the )?({_ORG_SUFFIXED})"
    ),
    re.compile(rf"\binterest in [^.\n]{{3,80}}? with ({_ORG_SUFFIXED})"),
)


def company_from_text(text: str, subject: str = "") -> str:
    """The employer as the message names it, or ''."""
    for source in (subject, text):
        for pattern in (*_COMPANY_PATTERNS, *_COMPANY_BY_SHAPE):
            for m in pattern.finditer(source):
                name = _trim_org(m.group(1))
                if name:
                    return name
    subject_match = re.match(
        rf"^(?:re:|fwd?:)?\s*(?:your application (?:to|at|with) )({_ORG})", subject, re.I
    )
    if subject_match:
        return _trim_org(subject_match.group(1))
    return ""


def _trim_org(name: str) -> str:
    words: list[str] = []
    for word in name.split():
        if words and word in {"I", "We", "Unfortunately", "Thank", "Thanks", "and"}:
            break  # a new clause starts
        words.append(word)
        if word.endswith((".", ",")) and not re.fullmatch(r"(?:[A-Z]\.)+|Inc\.|Co\.", word):
            break  # the sentence ends here
    name = re.sub(r"(?:[’']s)?[.,’':]*$", "", " ".join(words)).strip(" &")
    name = re.sub(r",? (?:Inc|LLC|Ltd|GmbH|Co)\.?$", "", name)
    if not name or name.lower() in _NOT_COMPANY or len(name) < 2:
        return ""
    if re.search(rf"\b(?:{_ROLE_NOUNS})s?\b", name):
        return ""  # a job title, not an employer
    return name


# Job titles of any profession, by their shape: a capitalised phrase named as the job
# ("the Band 6 Staff Nurse post", "the position of Sous Chef", "your Data Analyst
# application"). Tried after the role-noun patterns above.
_TITLE_PHRASE = (
    r"((?:[A-Z0-9][\w+#/&'’-]*)(?: (?:[A-Z0-9][\w+#/&'’-]*|of|and|for|in|&|[-–/])){0,7})"
)
_ROLE_BY_SHAPE = (
    re.compile(rf"\b(?:the|our|your|this) {_TITLE_PHRASE} {_JOB_WORD}\b"),
    re.compile(rf"\b{_JOB_WORD} (?:of|as) (?:a |an |the )?{_TITLE_PHRASE}(?=[ ,.;:)]|$)"),
    re.compile(rf"\byour {_TITLE_PHRASE} application\b"),
    re.compile(rf"\binterest in (?:the |our )?{_TITLE_PHRASE} (?:with|at) "),
)


# "(ref KPG-2291)", "(maternity cover)": about the vacancy, not part of the title
_REFERENCE = re.compile(r"\s*\((?:ref|req|job|maternity|fixed|id)\b[^)]*\)?$", re.I)


def role_from_text(text: str, subject: str = "") -> str:
    """The job title as the message names it, or ''."""
    for source in (subject, text):
        for pattern in (*_ROLE_PATTERNS, *_ROLE_BY_SHAPE):
            m = pattern.search(source)
            if m:
                role = _REFERENCE.sub("", m.group(1)).strip(" ,")
                role = re.sub(r"^(?:The|Our|A|An|Your|Re|Fwd|Update|Application)\s+", "", role)
                if 2 <= len(role) <= 80:
                    return role
    return ""


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


_DATE_IN_TEXT = re.compile(
    r"\b(\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]{2,8}\.?,? 20\d\d|[A-Z][a-z]{2,8}\.? \d{1,2}"
    r"(?:st|nd|rd|th)?,? 20\d\d|20\d\d-\d\d-\d\d)\b"
)


def date_from_headline(text: str) -> dt.date | None:
    """A full date written in a note's first lines ("Friday 5 June 2026"), else None."""
    head = "\n".join(line for line in text.split("\n")[:3])
    for m in _DATE_IN_TEXT.finditer(head):
        parsed = parse_date(re.sub(r"(\d)(?:st|nd|rd|th)", r"\1", m.group(1)))
        if parsed:
            return parsed
    return None


_PERSONISH = re.compile(r"^[A-ZÀ-Ý][\w'’.-]+(?: [A-ZÀ-Ý][\w'’.-]+){0,3}$")


def interviewer_from_sender(sender_name: str) -> str:
    """The sender's name when it is a person, not a team or a system."""
    name = sender_name.strip().strip('"')
    if not name or _TEAM_SUFFIX.sub("", name) != name:
        return ""
    if re.search(r"no.?reply|notification|team|careers|talent|recruit|hiring|jobs", name, re.I):
        return ""
    name = _HONORIFIC.sub("", name)
    # "Kingsmere Office", "Oxbow Digital": a person's name starts with a given name or initial
    first = name.split()[0] if name else ""
    if not (is_given_name(first) or re.fullmatch(r"[A-Z]\.?", first)):
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


_STAGEISH = (
    r"final|onsite|on-site|virtual|technical|take-home|take home|phone|recruiter|interview|"
    r"live|round|debrief|retro|loop|panel|system|coding|pairing|hiring|screen|call|exercise|"
    r"notes|feedback"
)
_HEADLINE_ORG = (
    re.compile(
        rf"^(?:(?:[Nn]otes|[Dd]ebrief|[Rr]etro)(?: from| on| for| after)?:?(?: the| my)? )?"
        rf"({_ORG})(?=\s*[:,(]|\s+[-–—]|\s+(?:{_STAGEISH})\b)"
    ),
    re.compile(rf"\b(?:at|from|with) ({_ORG})(?=\s+(?:today|yesterday|this|last)\b|\s*[(,.;:])"),
)


def company_from_headline(text: str, people: Sequence[str] = ()) -> str:
    """The company a note's first line is about ("Tidewater Systems technical interview, …")."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    first = first.lstrip("# ").strip()
    for pattern in _HEADLINE_ORG:
        for m in pattern.finditer(first):
            name = _trim_org(m.group(1))
            if not name or any(name in p or p in name for p in people):
                continue
            if re.fullmatch(
                rf"(?:{_STAGEISH}|{_TITLE_WORDS}|Phone|Quick|Notes|Debrief)(?: .*)?", name, re.I
            ):
                continue
            return name
    return ""


_PERSON_WITH_TITLE = re.compile(
    r"(?:\bwith |^|[:;,.]\s+)((?:[A-ZÀ-Ý][\w'’-]+ ){1,2}[A-ZÀ-Ý][\w'’-]+) \(([^)\n]{2,60})\)",
    re.MULTILINE,
)
_WITH_PERSON = re.compile(
    r"\b(?:with|by) ((?:[A-ZÀ-Ý][\w'’-]+ )?[A-ZÀ-Ý][\w'’-]+ [A-ZÀ-Ý][\w'’-]+)"
)


def interviewer_from_note(text: str, people: Sequence[str]) -> str:
    """The first person a note names as running the interview, if the recognizer agrees."""
    known = set(people)
    for pattern in (_PERSON_WITH_TITLE, _WITH_PERSON):
        for m in pattern.finditer(text):
            name = m.group(1)
            if name in known or name.split()[0] in {p.split()[0] for p in known}:
                return name
    return ""


_HONORIFIC = re.compile(r"^(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor)\.?\s+(?=\S+\s)")


def clean_person(value: str) -> str:
    """ "Dr Lars Eriksen (system design); also met …" → "Lars Eriksen"."""
    name = re.split(r"\s*[(;,/]|\s+-\s+|\s+and\s+", value.strip(), maxsplit=1)[0].strip()
    return _HONORIFIC.sub("", name)


def fullest_form(name: str, text: str) -> str:
    """The longest way ``text`` writes the company ``name`` ("Kestrel Pharmacy" ->
    "Kestrel Pharmacy Group" when the signature says so); ``name`` when it is not longer."""
    if not name:
        return name
    best = name
    for m in re.finditer(rf"{re.escape(name)}(?:[ ](?:{_ORG_WORD}|of(?= [A-Z]))){{1,4}}", text):
        candidate = _trim_org(m.group(0))
        if len(candidate) > len(best) and not re.search(rf"\b(?:{_TITLE_WORDS})\b", candidate):
            best = candidate
    return best
