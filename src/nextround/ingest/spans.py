"""Candidate values for company, role and interviewer, described by features.

A learned reader (:mod:`nextround.learn.fields`) picks a record's company, role and
interviewer from candidates found here. A candidate is a span of the record as it
is written: a run of capitalised words ("Linden Vale NHS Foundation Trust", "Amara
Okoye", "Chef de Partie (Pastry)") or any part of one, or a phrase that ends in a
job noun ("the sous chef job" gives "sous chef"). Each candidate is described by
where it occurs (subject, sender, file name, greeting, body, signature), the words
around it, its shape (given name, surname, job noun, organisation word), whether
the sender's domain spells it, and what the older rule-based reader chose. The
model learns from labelled records which of these make a company, a role or an
interviewer; nothing here decides.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from nextround.ingest.raw import RawItem
from nextround.privacy import word_classes
from nextround.resources import data_lines

#: Lower-case words allowed inside a run of capitalised words ("Bank of Ireland").
_JOINERS = frozenset({"of", "and", "&", "de", "la", "du", "des", "the", "for", "in", "y", "von"})
#: Words written with a full stop that does not end a phrase: legal suffixes of company
#: names, honorifics, "St." in place names.
_SUFFIXES = frozenset(
    ["co", "ltd", "inc", "llc", "plc", "pvt", "corp", "lda", "gmbh", "b.v", "n.v", "s.a", "pty"]
)
_ABBREVIATIONS = _SUFFIXES | {"dr", "mr", "mrs", "ms", "prof", "sr", "st", "mt", "bros"}
_INITIALS = re.compile(r"^(?:[A-Z]\.)+$")
#: The longest candidate, in words.
MAX_WORDS = 7
#: Lines at the end of the original text read as the signature zone.
SIGNATURE_LINES = 8
_TOKEN = re.compile(r"\(?[\w&'’+#./@-]+\)?[.,;:!?]*")
_SIGNOFF = re.compile(
    r"^\s*(?:best|regards|kind|warm|many thanks|thanks|thank you|cheers|sincerely|yours|"
    r"all the best|with best|take care|respectfully|warmly)\b",
    re.I,
)
_ORG_WORDS = frozenset(
    [
        "ltd",
        "limited",
        "inc",
        "llc",
        "plc",
        "gmbh",
        "group",
        "trust",
        "school",
        "academy",
        "college",
        "university",
        "hospital",
        "clinic",
        "practice",
        "council",
        "partners",
        "partnership",
        "company",
        "co",
        "services",
        "solutions",
        "systems",
        "labs",
        "foundation",
        "network",
        "society",
        "association",
        "agency",
        "hotel",
        "hotels",
        "restaurant",
        "kitchen",
        "bar",
        "cafe",
        "pharmacy",
        "pharmacies",
        "bank",
        "studio",
        "studios",
        "centre",
        "center",
        "institute",
        "health",
        "healthcare",
        "care",
        "nhs",
        "board",
        "authority",
        "consulting",
        "logistics",
        "foods",
    ]
)


@cache
def job_nouns() -> frozenset[str]:
    """Head nouns of job titles (``data/job_nouns.txt``), lower case."""
    return frozenset(w.lower() for w in data_lines("job_nouns.txt"))


#: Words that make an organisation a recruitment agency: when an agency relays a
#: decision, the employer is its client, and the model weighs that with ``agency``
#: and ``other_is_agency``.
_AGENCY_WORDS = frozenset(
    [
        "staffing",
        "recruitment",
        "recruiting",
        "recruiters",
        "talent",
        "personnel",
        "resourcing",
        "placements",
        "headhunters",
        "search",
        "consultancy",
        "appointments",
        "employment",
        "workforce",
        "careers",
        "jobs",
        "labour",
        "hire",
        "crew",
        "personalberatung",
        "consultoria",
    ]
)
#: Words of a department's name ("Human Resources", "Direction des ressources humaines"):
#: a sender or signature line that is not the employer's name.
_DEPARTMENT_WORDS = frozenset(
    [
        "hr",
        "rh",
        "drh",
        "resources",
        "recursos",
        "ressources",
        "humanos",
        "humaines",
        "personalabteilung",
        "department",
        "departamento",
        "département",
        "division",
        "direction",
        "dirección",
        "administration",
    ]
)
#: Separators inside a line that a span can run across: "Tarian Tech | Cardiff".
_INNER_SEPARATOR = re.compile(r"\s[|·–—-]\s")
_POSSESSIVE = re.compile(r"\w(?:['’]s|s['’])(?:\s|$)")


@cache
def common_words() -> frozenset[str]:
    """Everyday English words (``data/stopwords.txt``): rarely a name on their own."""
    return frozenset(w.lower() for w in data_lines("stopwords.txt"))


@dataclass
class Candidate:
    """One value the record could give a field, with what is known about it."""

    value: str  # as written in the record
    features: set[str] = field(default_factory=set)
    count: int = 0


@dataclass(frozen=True)
class RuleReading:
    """What the rule-based reader made of a record: a feature for the learned one."""

    company: str = ""
    role: str = ""
    interviewer: str = ""


@dataclass(frozen=True)
class _Word:
    text: str  # without trailing punctuation
    start: int
    end: int
    stops: bool  # ends a phrase (a comma, full stop or colon followed it)
    punct: str = ""  # the punctuation that followed it

    @property
    def capital(self) -> bool:
        core = self.text.strip("()")
        return bool(core) and (core[0].isupper() or core[0].isdigit() or core == "&")

    @property
    def joiner(self) -> bool:
        return self.text in _JOINERS


def _words(line: str) -> list[_Word]:
    out = []
    for m in _TOKEN.finditer(line):
        raw = m.group(0)
        core = raw.rstrip(".,;:!?")
        if core.count("(") < core.count(")"):
            core = core.rstrip(")")
        if not core:
            continue
        if raw == core + "." and (_INITIALS.match(raw) or core.lower() in _ABBREVIATIONS):
            core = raw  # "S.J." "Ltd." "Dr.": the full stop belongs to the word
        start = m.start()
        out.append(_Word(core, start, start + len(core), len(core) < len(raw), raw[len(core) :]))
    for i in range(len(out) - 1):  # "Coldwater Solutions, LLC": the suffix is part of the name
        word, nxt = out[i], out[i + 1]
        if line[word.end : word.end + 1] == "," and nxt.text.lower().rstrip(".") in _SUFFIXES:
            out[i] = _Word(word.text, word.start, word.end, False, word.punct)
    return out


def _trim(value: str) -> str:
    """A span without brackets and quotes it does not close: "(Rob Kinsella)" is
    "Rob Kinsella", "(Data Analyst, Network Planning" is "Data Analyst, Network Planning"."""
    if value.startswith("(") and value.count("(") > value.count(")"):
        value = value[1:]
    elif value.startswith("(") and value.endswith(")") and value.count("(") == 1:
        value = value[1:-1]
    if value.endswith(")") and value.count(")") > value.count("("):
        value = value[:-1]
    return value.strip(' "“”‘').removesuffix("'").removesuffix("’").strip()


def _is_dash(word: _Word) -> bool:
    return word.text in ("-", "–", "—")


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass
class _Zone:
    name: str
    lines: list[str]


def _zones(item: RawItem, text: str) -> list[_Zone]:
    """The parts of a record a value can come from, each with its own name."""
    zones = [
        _Zone("subject", [item.subject]),
        _Zone("sender", [item.sender]),
        _Zone("file", [re.sub(r"[-_]+", " ", item.hint)]),
    ]
    lines = [ln for ln in text.splitlines() if ln.strip()]
    zones.append(_Zone("greet", lines[:1]))
    zones.append(_Zone("body", lines[1:]))
    original = [ln for ln in item.text.splitlines() if ln.strip() and not ln.startswith(">")]
    kept = {ln.strip() for ln in lines}
    tail = [ln for ln in original[-SIGNATURE_LINES:] if ln.strip() not in kept]
    zones.append(_Zone("sig", tail))
    return zones


def _spans(words: Sequence[_Word]) -> list[tuple[int, int, bool]]:
    """(first, last, is_run) index pairs of the candidate spans in one line."""
    out: list[tuple[int, int, bool]] = []
    nouns = job_nouns()
    i = 0
    n = len(words)
    while i < n:  # runs of capitalised words, joiners inside
        if not words[i].capital:
            i += 1
            continue
        j = i
        while j + 1 < n and not words[j].stops:
            nxt = words[j + 1]
            if nxt.capital or (nxt.joiner and j + 2 < n and words[j + 2].capital):
                j += 1
            else:
                break
        for a in range(i, j + 1):
            for b in range(a, min(j, a + MAX_WORDS - 1) + 1):
                if not words[a].joiner and not words[b].joiner:
                    out.append((a, b, a == i and b == j))
        i = j + 1

    # A job title with its qualifier after a dash or comma ("Staff Nurse - NICU",
    # "Product Manager, Payments"), two titles joined by a slash ("Shunter / HGV Driver"),
    # and a title with its bracketed qualifier ("Electrician (JIB approved)").
    def has_noun(a: int, b: int) -> bool:
        return any(w.text.strip("()").lower() in nouns for w in words[a : b + 1])

    # The title may be the end of a longer run: "Monday for Class A CDL Driver - Local".
    runs = [(a, b) for a, b, whole in out if whole]
    for (a, b), (c, d) in itertools.pairwise(runs):
        between = words[b + 1 : c]
        comma = not between and words[b].punct.startswith(",")
        dash = len(between) == 1 and _is_dash(between[0])
        slash = len(between) == 1 and between[0].text == "/"
        for start in range(a, b + 1):
            if d - start >= MAX_WORDS + 2:
                continue
            if ((comma or dash) and has_noun(start, b)) or (
                slash and (has_noun(start, b) or has_noun(c, d))
            ):
                out.append((start, d, False))
    for a, b in runs:
        opening = next((j for j in range(a + 1, min(b + 2, n)) if words[j].text[0] == "("), None)
        if opening is None:
            continue
        for k in range(opening, min(opening + 8, n)):
            if words[k].text.endswith(")") or words[k].punct.startswith(")"):
                if k > b:
                    out.extend((start, k, False) for start in range(a, b + 1) if has_noun(start, b))
                break
    for i, w in enumerate(words):  # a given name in lower case, as notes write them
        if not w.capital and len(w.text) >= 3 and w.text.isalpha():
            classes = word_classes(w.text)
            if "given" in classes and "never" not in classes:
                out.append((i, i, False))
    for b, w in enumerate(words):  # phrases ending in a job noun, any case
        if w.text.strip("()").lower() in nouns and not w.capital:
            for a in range(max(0, b - 3), b + 1):
                if not any(x.stops for x in words[a:b]):
                    out.append((a, b, False))
    return out


def _shape(value: str) -> set[str]:
    parts = value.split()
    feats = {f"n{min(len(parts), 6)}"}
    first, last = parts[0], parts[-1].strip("()")
    for cls in word_classes(first):
        feats.add(f"first_{cls}")
    for cls in word_classes(last):
        feats.add(f"last_{cls}")
    if last.lower() in job_nouns():
        feats.add("last_job")
    if any(p.lower().strip("()") in job_nouns() for p in parts[:-1]):
        feats.add("has_job")
    if last.lower().rstrip(".") in _ORG_WORDS:
        feats.add("last_org")
    if any(p.lower() in _ORG_WORDS for p in parts[:-1]):
        feats.add("has_org")
    if any(p.lower() in _AGENCY_WORDS for p in parts):
        feats.add("agency")
    if any(p.lower().strip("()") in _DEPARTMENT_WORDS for p in parts):
        feats.add("department")
    if _INNER_SEPARATOR.search(value):
        feats.add("inner_separator")
    possessive = _POSSESSIVE.search(value)
    if possessive:
        feats.add("possessive_end" if possessive.end() == len(value) else "possessive_inside")
    if any(c.isdigit() for c in value):
        feats.add("digit")
    if "&" in parts or " and " in value:
        feats.add("amp")
    if " of " in value:
        feats.add("of")
    if "(" in value:
        feats.add("paren")
    if value.isupper() and len(value) > 1:
        feats.add("caps")
    if not value[0].isupper():
        feats.add("lower")
    if first.lower() in common_words():
        feats.add("first_common")
    if last.lower() in common_words():
        feats.add("last_common")
    feats.add(f"w0:{first.lower()}")
    feats.add(f"wl:{last.lower()}")
    return feats


def _context(zone: str, line: str, words: Sequence[_Word], a: int, b: int) -> set[str]:
    left1 = words[a - 1].text.lower() if a > 0 else "^"
    left2 = words[a - 2].text.lower() if a > 1 else "^"
    right1 = words[b + 1].text.lower() if b + 1 < len(words) else "$"
    feats = {
        f"z:{zone}",
        f"l1:{left1}",
        f"l2:{left2} {left1}",
        f"r1:{right1}",
        f"z:{zone} l1:{left1}",
        f"z:{zone} r1:{right1}",
    }
    if a > 0 and words[a - 1].stops:
        feats.add("after_stop")
    if words[b].stops:
        feats.add("before_stop")
    if a == 0 and b == len(words) - 1:
        feats.add(f"z:{zone} whole_line")
    punct = line[words[b].end : words[b].end + 1]
    if punct in (",", "|", "-", "–", "—", "(", ")", ":"):
        feats.add(f"then{punct}")
    return feats


def candidates(item: RawItem, text: str, rules: RuleReading) -> list[Candidate]:
    """Every candidate value of the record with its features (case-insensitive merge)."""
    found: dict[str, Candidate] = {}
    domain = item.sender_email.partition("@")[2].split(".")
    domain_core = _squash(domain[0]) if domain and domain[0] else ""
    rule_keys = {
        name: _key(value)
        for name, value in (
            ("company", rules.company),
            ("role", rules.role),
            ("interviewer", rules.interviewer),
        )
        if value
    }
    for zone in _zones(item, text):
        for index, line in enumerate(zone.lines):
            words = _words(line)
            prev_line = zone.lines[index - 1] if index else ""
            # (Lower-case file-name words outside the embedding model's vocabulary
            # were tried as candidates, "phone screen codebridge.txt": company CV
            # 0.763 without them, 0.757 with them; not kept.)
            for a, b, is_run in _spans(words):
                value = line[words[a].start : words[b].end]
                if value.count("(") > value.count(")") and line[words[b].end :].startswith(")"):
                    value += ")"  # "Electrician (JIB approved)": the bracket closes in the span
                value = _trim(value)
                if not value:
                    continue
                key = _key(value)
                cand = found.get(key)
                if cand is None:
                    cand = found[key] = Candidate(value, _shape(value))
                cand.count += 1
                cand.features |= _context(zone.name, line, words, a, b)
                if is_run:
                    cand.features.add(f"z:{zone.name} run")
                if zone.name == "sig" and _SIGNOFF.match(prev_line):
                    cand.features.add("after_signoff")
    agencies = {key for key, cand in found.items() if "agency" in cand.features}
    lowered = set(re.findall(r"\b[a-z][a-z'’-]+\b", text))
    subject = _key(item.subject)
    sender = _key(item.sender)
    file_words = _key(re.sub(r"[-_]+", " ", item.hint))
    for key, cand in found.items():
        feats = cand.features
        feats.add(f"count{min(cand.count, 3)}")
        if agencies - {key} and not any(key in a or a in key for a in agencies):
            feats.add("other_is_agency")
        if key.split()[0] in lowered:  # the text also writes its first word in lower case
            feats.add("first_lower_elsewhere")
        squashed = _squash(key)
        if domain_core and len(squashed) >= 3:
            if squashed == domain_core:
                feats.add("domain_eq")
            elif domain_core.startswith(squashed) or squashed.startswith(domain_core):
                feats.add("domain_part")
        if key == sender:
            feats.add("is_sender")
        elif key and key in sender:
            feats.add("in_sender")
        if key in subject:
            feats.add("in_subject")
        if key in file_words:
            feats.add("in_file")
        for name, rule_key in rule_keys.items():
            if key == rule_key:
                feats.add(f"rule_{name}")
            elif key in rule_key:
                feats.add(f"in_rule_{name}")
            elif rule_key in key:
                feats.add(f"has_rule_{name}")
    return list(found.values())
