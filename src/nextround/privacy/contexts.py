"""Where people's names stand in feedback text: the words and patterns around them.

Greetings ("Hi X", "Sehr geehrte Frau X"), sign-offs ("Best,\nX"), labels
("Interviewer: X"), titles ("Ms. X"), "spoke with X", "X said", name particles, and the
words that place a city-like name ("in Austin") or a date ("Jan 5"). Used by
:mod:`nextround.privacy.scanner`.
"""

from __future__ import annotations

import re

from nextround.privacy.lexicon import fold as _fold


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Name particles live inside surnames ("Ludwig van Beethoven", "Ana de la Cruz").
_PARTICLES = _words("van von de der den del della di da das dos du la le ter ten zu bin binti ibn")
# Words that place a city-like given name ("Austin") in a location reading.
_PLACE_BEFORE = _words("in from at near based our the of visit visiting relocate")
_PLACE_MOVES = _words("relocate relocating relocation move moving travel traveling commute")
_PLACE_AFTER = _words("office offices area hub campus hq site location region metro based")
# Given names that are also month abbreviations: "Jan 5" is a date.
_DATE_NAMES = _words(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july "
    "august september october november december"
)
_DATE_AFTER_RE = re.compile(r"\.?[ \t]*\d")
_NAME_SUFFIXES = _words("jr sr ii iii iv phd md mba esq")
_TITLE_WORDS = frozenset(
    _fold(w)
    for w in _words(
        "mr mrs ms mx dr prof mme mlle sra srta dra dott ing mevr dhr herr frau señor señora "
        "señorita senhor senhora madame monsieur mademoiselle signor signora signorina miss "
        "mister sir dame heer mevrouw"
    )
)

# --------------------------------------------------------------------------- patterns

_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
_WORD_RE = re.compile(rf"{_LETTER}+(?:['’\-]{_LETTER}+)*")
# For NFC text (nearly all input) only words that can belong to a name: those not starting
# with an ASCII lowercase letter, particles and d'/l' prefixes. Letting the regex engine skip
# ordinary lowercase words is most of the tokenizer's speed.
_PARTICLE_ALT = "van|von|de|der|den|del|della|di|da|das|dos|du|la|le|ter|ten|zu|bin|binti|ibn"
_WORD_NFC_RE = re.compile(
    r"\b(?:(?![a-z])[^\W\d_]+(?:['’\-][^\W\d_]+)*"
    rf"|(?:{_PARTICLE_ALT})\b(?!['’\-]\w)"
    r"|[dl]['’][^\W\d_]+(?:['’\-][^\W\d_]+)*)"
)
# ASCII words starting in lower case, which _WORD_NFC_RE skips: checked for names one by one.
_LOWER_WORD_RE = re.compile(r"(?<![\w'’\-])[a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*")
# After a surname: ", J." / ", D.J." / " И.И." then the end of the item.
_SURNAME_INITIALS_RE = re.compile(
    r"(,)?[ \t]+(?:[^\W\d_]\.[ \t]?){1,3}(?=[ \t]*(?:[;,)\]]|and\b|&|$|\n)|[ \t]+\()"
)
_INITIALS_BEFORE_RE = re.compile(r"(?:[^\W\d_]\.[ \t]?){1,3}[ \t]*")
# Verbs that make the capitalised name before them a person: "Summer said", "Bill asked".
_SPEECH_VERBS = _words(
    "said says asked asks mentioned mentions noted notes told tells felt feels thought thinks "
    "wrote writes explained added suggested pushed liked loved wanted wants replied responded "
    "emailed called pinged shared confirmed agreed disagreed recommended argued praised "
    "questioned challenged probed raised"
)
_SPACES_RE = re.compile(r"[ \t\u00a0]+")
_INITIAL_GAP_RE = re.compile(r"\.[ \t\u00a0]*")
# What may sit between two names in a list: "Dana, Priya and Tomás", "Dana (EM) & Priya".
_LIST_SEP_RE = re.compile(
    r"[ \t]*(?:\([^()\n]*\)[ \t]*|<[^<>\n]*>[ \t]*)?"
    r"(?:(?:,|;|/|&)[ \t]*(?:(?:and|und|y|e|et|en|ed)[ \t]+)?|(?:and|und|y|e|et|en|ed)[ \t]+)"
)
_LINE_END_RE = re.compile(r"[ \t]*(?:$|[,|(<\[/!.–—\r]|-[ \t])", re.MULTILINE)

_TITLES = (
    r"(?:Mr|Mrs|Ms|Mx|Dr|Prof|Mme|Mlle|Sra|Srta|Sr|Dra|Dott\.ssa|Dott|Ing|Mevr|Dhr|Herr|Frau|"
    r"Señora|Señorita|Señor|Senhora|Senhor|Madame|Monsieur|Mademoiselle|Signora|Signorina|"
    r"Signor|Miss|Mister|Sir|Dame|heer|mevrouw|Heer|Mevrouw)\.?|M\."
)
_TITLE_RE = re.compile(rf"(?=[A-Zhm])(?<![\w.])(?:{_TITLES})[ \t]+(?:(?:{_TITLES})[ \t]+)?")
_GREETINGS = (
    r"hi|hello|hey|hiya|dear|greetings|good[ \t]+(?:morning|afternoon|evening)|hola|"
    r"buen(?:os|as)[ \t]+(?:días|dias|tardes)|estimad[oa]s?|querid[oa]s?|hallo|liebe[rs]?|"
    r"sehr[ \t]+geehrte[rs]?|guten[ \t]+(?:tag|morgen)|bonjour|bonsoir|salut|ch[eè]re?s?|olá|"
    r"ola|oi|prezad[oa]s?|car[oa]|ciao|gentil(?:e|issim[oa])|buongiorno|salve|beste|geachte|hoi"
)
_GREETING_RE = re.compile(
    rf"^[ \t>]*(?i:{_GREETINGS})\b[ \t]*,?[ \t]*(?:(?:{_TITLES})[ \t]+){{0,2}}", re.MULTILINE
)
_SIGNOFFS = (
    r"best(?:[ \t]+regards|[ \t]+wishes)?|kind(?:est)?[ \t]+regards|warm(?:est)?[ \t]+regards|"
    r"warm[ \t]+wishes|regards|many[ \t]+thanks|thanks(?:[ \t]+again|[ \t]+so[ \t]+much)?|"
    r"thank[ \t]+you(?:[ \t]+again)?|cheers|sincerely(?:[ \t]+yours)?|"
    r"yours(?:[ \t]+sincerely|[ \t]+truly)?|respectfully|all[ \t]+the[ \t]+best|take[ \t]+care|"
    r"warmly|saludos(?:[ \t]+cordiales)?|un[ \t]+saludo|atentamente|cordialmente|"
    r"un[ \t]+abrazo|mit[ \t]+freundlichen[ \t]+grüßen|"
    r"(?:viele|beste|liebe|freundliche|herzliche)[ \t]+grüße|lg|vg|mfg|"
    r"(?:bien[ \t]+)?cordialement|bien[ \t]+à[ \t]+vous|merci(?:[ \t]+beaucoup)?|gracias|"
    r"danke(?:[ \t]+schön)?|obrigad[oa]|atenciosamente|cumprimentos|abraços|"
    r"(?:cordiali|distinti)[ \t]+saluti|saluti|grazie(?:[ \t]+mille)?|"
    r"(?:met[ \t]+)?vriendelijke[ \t]+groet(?:en)?|(?:hartelijke[ \t]+)?groet(?:en|jes)?"
)
# The name sits on the line after the sign-off ("Best,\nDana") or after a comma on the
# same line ("Thanks, Dana").
_SIGNOFF_RE = re.compile(
    rf"^[ \t>]*(?i:{_SIGNOFFS})[ \t]*(?:[,.!][ \t]*)?(?:\r?\n[ \t>]*){{1,2}}"
    rf"|^[ \t>]*(?i:{_SIGNOFFS})[ \t]*,[ \t]*(?=\S)",
    re.MULTILINE,
)
_DASH_SIGNOFF_RE = re.compile(r"^[ \t>]*(?:—|–|--)[ \t]*(?:\r?\n[ \t>]*)?", re.MULTILINE)
# "spoke with X": connector -> words right before it that make X a person. Strong contexts
# accept any capitalised name; weak ones ("interview with X" could name a company) need
# given-name or surname evidence.
_STRONG_BEFORE: dict[str, frozenset[str]] = {
    "with": _words(
        "spoke speak speaking spoken talked talking talk met meet chatted chatting connected "
        "paired pairing worked"
    )
    | {"sat down", "caught up"},
    "by": _words("interviewed referred recommended introduced"),
    "con": _words("hablé hablamos habló conversé charlé parlato incontrato"),
    "mit": _words("sprach sprachen telefonierte traf"),
    "avec": _words("parlé discuté échangé rencontré"),
    "com": _words("falei conversei conversamos"),
    "met": _words("gesproken gesprek sprak"),
}
_WEAK_BEFORE: dict[str, frozenset[str]] = {
    "with": _words(
        "interview interviews interviewing call calls conversation conversations session "
        "sessions sync screen screening round loop lunch coffee chat catch-up one-on-one time "
        "discussion meeting meetings"
    ),
    "to": _words("according"),
    "from": _words("feedback note notes message email word hear heard")
    | {"hear back", "heard back"},
    "con": _words("entrevista reunión llamada conversación colloquio"),
    "mit": _words("gespräch telefonat interview termin treffen austausch"),
    "avec": _words("entretien échange appel entrevue"),
    "com": _words("entrevista conversa reunião chamada"),
}
_CONNECTORS = tuple(sorted(_STRONG_BEFORE.keys() | _WEAK_BEFORE.keys()))
_ORG_BEFORE = ("at", "join", "joining", "joined")
_STRONG_LABEL_RE = re.compile(
    r"^[ \t>*•\-]*(?i:interviewers?|interviewed[ \t]+by|recruiters?|hiring[ \t]+managers?|"
    r"panel(?:ists)?|panellists|attendees|participants|reviewers?|coordinator|sourcer|"
    r"entrevistador(?:a|es)?|reclutador(?:a)?|ansprechpartner(?:in)?|gesprächspartner(?:in)?|"
    r"interviewer(?:in)?|recruteur|recruteuse|intervieweur|intervieweuse|selezionatore|"
    r"intervistatore)[ \t]*(?:\([^()\n]*\))?[ \t]*[:–\-][ \t]*",
    re.MULTILINE,
)
_WEAK_LABEL_RE = re.compile(
    r"^[ \t>]*(?i:from|to|cc|bcc|sender|reply-to|de|para|von|an|van|aan|da)[ \t]*:[ \t]*",
    re.MULTILINE,
)
_GREETING_END_RE = re.compile(r"[ \t]*(?:[,:!]|\r?\n|$)")
_BLANK_TO_EOL_RE = re.compile(r"[ \t]*(?:\r?\n|$)")
_ROLE_PAREN_RE = re.compile(r"\(([^()\n]{1,60})\)")
_ROLE_WORD_RE = re.compile(
    r"\b(?:manager|engineer|engineering|recruiter|recruiting|director|lead|head|vp|cto|ceo|cfo|"
    r"coo|cpo|founder|co-founder|designer|scientist|architect|developer|analyst|pm|em|tl|swe|"
    r"sre|hr|interviewer|hiring|staff|principal|senior|partner|coordinator|sourcer|talent|"
    r"she|her|he|him|they|them|gerente|ingenier[oa]|reclutador[a]?|leiter(?:in)?|"
    r"entwickler(?:in)?|recruteur|recruteuse|ingénieure?|directeur|directrice)\b",
    re.IGNORECASE,
)
# A capitalised word used as an employer ("interview at Brightpath", "the Brightpath team"):
# on its own it is a company, not a person, even after "Regards,".
_TEAM_WORDS = r"hiring|engineering|recruiting|talent|interview|people|product|design|data"
_TEAM_BEFORE_RE = re.compile(
    rf"(?<![\w'’])([A-Z][\w&\-]*)((?:'s|’s)?)[ \t]+(?:((?i:{_TEAM_WORDS}))[ \t]+)?$"
)
_PREV_WORDS_RE = re.compile(r"(?:(\w+)[ \t]+)?(\w+)[ \t]+$")
_PLACE_LIST_RE = re.compile(r"[ \t]*(?:,|&|and|or|,[ \t]*(?:and|or))[ \t]*")
_STATE_RE = re.compile(r",[ \t]?[A-Z]{2}\b")
_NEXT_WORD_RE = re.compile(r"[ \t]+(\w+)")


_GAZ, _STRONG, _WEAK, _LINE = range(4)
# (pattern, context strength, whether "X, Y and Z" lists continue) for line-start contexts.
_LINE_CONTEXTS: tuple[tuple[re.Pattern[str], int, bool], ...] = (
    (_GREETING_RE, _STRONG, True),
    (_SIGNOFF_RE, _LINE, False),
    (_DASH_SIGNOFF_RE, _LINE, False),
    (_STRONG_LABEL_RE, _STRONG, True),
    (_WEAK_LABEL_RE, _WEAK, True),
)
