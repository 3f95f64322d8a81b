"""Wording cues: what marks a point as criticism, praise, boilerplate or chatter.

Cues decide the clear cases; embedding similarity to the taxonomy's example
sentences decides the rest (see :mod:`nextround.themes.engine`).
"""

from __future__ import annotations

import re

# Rejection language that says nothing about the candidate, by kind.
BOILERPLATE: dict[str, re.Pattern[str]] = {
    "internal_candidate": re.compile(
        r"\binternal(?:ly)? (?:candidate|applicant|hire|transfer|move)|\bfilled internally\b|"
        r"\bfrom within\b|\binternal promotion\b|\bcandidato interno\b|"
        r"\binterne[rn]? (?:kandidat|bewerber)",
        re.I,
    ),
    "role_filled": re.compile(
        r"\bconcluded (?:the|our) search\b|"
        r"\b(?:position|role|opening|vacancy|job|req(?:uisition)?) (?:has|had) (?:now |already )?"
        r"been filled\b|\bwe(?:'ve| have) (?:filled|made a hire|hired)\b|\b(?:has|have) accepted "
        r"(?:an|our) offer\b|\bextended an offer to another\b|\bpuesto (?:ya )?(?:ha sido|"
        r"está) cubierto|\bstelle (?:wurde|ist) (?:\w+ )?besetzt|\bposte a été pourvu",
        re.I,
    ),
    "role_closed": re.compile(
        r"\bon hold\b|\bheadcount\b|\bhiring freeze\b|\bfroze(?:n)? (?:hiring|the role)|\bpaused\b|"
        r"\b(?:role|position|requisition|req|opening) (?:has been |was |is being )?"
        r"(?:closed|cancell?ed|withdrawn|put on hold|eliminated|deprioriti[sz]ed)\b|"
        r"\bbudget (?:cuts?|constraints?|review)\b|\breorg(?:ani[sz]ation)?\b|"
        r"\bno longer (?:hiring|recruiting|moving forward with (?:this|the) (?:role|requisition))",
        re.I,
    ),
    "other_candidates": re.compile(
        r"\b(?:other|another|different|stronger|more experienced) (?:candidate|applicant)s?\b|"
        r"\bmore closely (?:match|align)|\bcloser (?:match|fit) (?:for|to)\b|"
        r"\b(?:strong|competitive|large|deep) (?:pool|field)\b|"
        r"\bprioriti[sz]e (?:other )?candidates\b|"
        r"\bmany (?:highly |very |other )?(?:qualified|strong|talented)\b|"
        r"\b(?:decided|chosen|decision) (?:not )?to (?:move|go|proceed|continue) (?:forward )?"
        r"(?:with (?:other|another)|in a different direction)|\bwe went with\b|"
        r"\bnot (?:to )?(?:be )?mov(?:e|ing) forward\b|\bwon'?t be (?:moving|taking|progressing|"
        r"continuing|proceeding)\b|\bnot (?:be )?(?:extending|making) (?:an|you an) offer\b|"
        r"\botros candidatos\b|\banderen? (?:kandidat|bewerber)|"
        r"\bno (?:continuar|seguir adelante) con (?:tu|su) (?:candidatura|proceso)|"
        r"\bgegen (?:eine|Ihre) \w+ entschieden|\bne pas donner suite\b",
        re.I,
    ),
    "scheduling": re.compile(
        r"\breschedul|\bavailability\b|\bcalendar invite\b|\btime ?slots?\b|\btime zone\b|"
        r"\bnext steps? (?:will|would) be\b|\b(?:hear|be in touch) (?:back )?(?:by|within|next)\b|"
        r"\blogistics\b|\bneeds? to (?:move|be moved)\b|\bfollow up (?:mid|next|in|by|if|"
        r"with me)\b|\bhaven'?t heard\b",
        re.I,
    ),
}

CHATTER = re.compile(
    r"^(?:hi|hello|hey|dear|hola|hallo|bonjour|guten tag)\b[^.!?]{0,40}[,!]?$|"
    r"^(?:thank you|thanks|many thanks|thank you again|thanks again)\b(?![^.]*\b(?:but|however)\b)|"
    r"\b(?:wish(?:ing)? you|best of luck|good luck|all the best)\b|"
    r"\b(?:keep|stay) in touch\b|\bkeep (?:your|you) (?:details|resume|cv|profile) on file\b|"
    r"\b(?:feel free|encourage you|welcome you) to (?:re-?)?apply\b|\bfuture (?:roles|openings|"
    r"opportunities)\b|\bif you have (?:any )?questions\b|\bhappy to (?:chat|talk|answer)\b|"
    r"\b(?:enjoyed|pleasure|great|nice|lovely) (?:meeting|speaking|talking|"
    r"chatting|getting to know)\b|"
    r"\bappreciate(?:d)? (?:your|the) (?:time|interest|patience|effort)\b|"
    r"\bhope (?:this|you)\b|\bI(?:'m| am) sorry to (?:share|say|tell|let you know)\b|"
    r"\bwanted to (?:let you know|follow up|reach out)\b|\bdon'?t be a stranger\b|"
    r"^(?:recommendation|verdict|decision|overall)\s*:|\b(?:no|not a) hire\b|"
    r"\bleaning (?:no|yes)\b|"
    r"\bapply (?:again|in the future|for other roles)\b|\bhiring bar\b|\bdon'?t hesitate\b|"
    r"\b(?:difficult|hard|tough) (?:decision|call|choice)\b|"
    r"\b(?:wasn'?t|was not|isn'?t|not) an easy (?:call|decision|one)\b|\bdecision was (?:a )?"
    r"(?:difficult|hard|tough)\b|\bno (?:further|additional|other|"
    r"more) (?:feedback|notes|comments)\b|"
    r"\bnothing to do with (?:you|your)\b|\bnothing to work on\b|\b(?:reaching|writing) (?:out )?"
    r"(?:with|about) an update\b|\bsorry (?:the|that the) outcome\b|\bone of (?:two|three|our|the) "
    r"finalists\b|\boutcome (?:isn'?t|wasn'?t) different\b",
    re.I,
)

# Wording that criticises: something was missing, wrong, slow or not enough.
CRITIQUE = re.compile(
    r"\b(?:lack(?:ed|ing|s)?|struggl\w*|miss(?:ed|ing)|didn'?t|did not|wasn'?t|was not|weren'?t|"
    r"couldn'?t|could not|wouldn'?t|without|never|none|no (?:tests?|clear|real|"
    r"concrete|mention)|not "
    r"(?:enough|quite|fully|clear|sure|always|much|yet|at|as)|too (?:much|little|long|quick|fast|"
    r"slow|high|vague|early|late|narrow|broad)|would (?:have )?(?:liked|loved|wanted|preferred)|"
    r"(?:wanted|hoped|expected|looking) (?:to see|to hear|for) more|more (?:depth|detail|"
    r"structure|rigou?r|focus|practice|clarity|ownership)|less (?:than|clear)|gaps?|weak\w*|"
    r"unclear|vague|rushed|slow(?:ly|er)?|hesita\w*|stuck|jump(?:ed|ing)? (?:straight |right )?"
    r"(?:in|into|to)|high[- ]level|superficial|shallow|light on|thin|limited|incomplete|"
    r"inconsistent|hard to (?:follow|read|understand)|fell short|below (?:the )?bar|concern\w*|"
    r"needed (?:prompting|hints?|help|more)|need(?:s|ed)? to|should (?:have|be)|could (?:have|be)|"
    r"improv\w*|work on|practi[cs]e|focus on|only (?:partially|partly)|barely|forgot|"
    r"overlook\w*|overcomplicat\w*|ran out of time|didn't get to|failed|mistakes?|errors?|bugs?|"
    r"unable|found it (?:difficult|hard)|difficulty|not able|hadn'?t|had not|haven'?t|"
    r"isn'?t|aren'?t|doesn'?t|don'?t|"
    r"(?:expected|wanted|hoped for|looking for|needed) (?:a |an )?(?:more|\w+er)\b|"
    r"(?<!as )expected\b|tripped|took several|several (?:rewrites|attempts|tries)|yet the|"
    r"pero|sin|nicht|keine?n?|aber|mais|sans|ne \w+ pas|"
    r"stayed (?:mostly |largely )?(?:at|on|in) (?:a |the )?(?:high|diagram|surface|component|"
    r"boxes)|(?:hoping|hoped|expected|wanted|looking) (?:to hear|to see|for|you to|you'?d)|"
    r"would want|we'?d want|i'?d expect|expect(?:ed)? (?:you )?to|before (?:asking|clarifying|"
    r"checking|reading|running|understanding)|instead of|rather than|nothing beyond|"
    r"skipp\w*|gloss\w*|hand-?wav\w*|generic|confus\w*|went quiet|quiet|defensive|drift\w*|"
    r"long-winded|verbose|rambl\w*|ran long|run long|next time|lessons?|to do|todo|"
    r"should'?ve|could'?ve|need to|have to|must|not much|little (?:evidence|depth|detail)|"
    r"room (?:for|to)|pushed (?:on|back|twice)|had to (?:prompt|interrupt|steer|nudge)|"
    r"prompting|nudg\w*|only (?:the )?happy path|happy path|partial\w*|careless|sloppy|"
    r"unsure|uncertain|unconvincing|not convinc\w*|didn'?t land|missed|overran|ran over|"
    r"not a fit|not the right fit|red flag|"
    r"(?:there(?:'s| is| was| were| are)|had|has|have|with|and|but|,) no (?!longer|further|doubt|"
    r"problem|worries|need)|^no (?!longer|further|doubt|problem|worries|need)\w|"
    r"tangled|mixed (?:together|in)|hard-?coded|copy-?past\w*|nested \w+ levels|silently|"
    r"swallow\w*|bare except|(?:is|was) just|only|would (?:make|have made|help|have helped)|"
    r"(?:easier|harder) to|"
    r"falt(?:ó|a|aron)|nos habría gustado|habría ayudado|hubiera|poco|lento|costó|"
    r"fehlt\w*|leider|nicht (?:genug|klar|ganz)|zu (?:langsam|wenig|vage)|unklar|langsam|ohne|"
    r"hätte\w*|manqu\w*|aurai(?:t|ent|ons) aimé|pas (?:assez|suffisamment)|trop (?:lent|vague))\b",
    re.I,
)

PRAISE = re.compile(
    r"\b(?:strong|great|solid|excellent|impressive|impressed|clean|clear|well[- ]structured|"
    r"correct|readable|reasonable|sensible|well|right|friendly|experienced|comfortable|"
    r"capable|quick|fast|efficient|elegant|neat|tidy|careful|promising|positive|"
    r"thoughtful|good|nice|enjoyed|liked|loved|appreciated|stood out|standout|sharp|"
    r"confident|fluent|polished|thorough|creative|fantastic|outstanding)\b",
    re.I,
)


def boilerplate_kind(text: str) -> str | None:
    """The kind of rejection boilerplate ``text`` is, or None."""
    for kind, pattern in BOILERPLATE.items():
        if pattern.search(text):
            return kind
    return None


def is_chatter(text: str) -> bool:
    """Greetings, thanks, good wishes and process talk with no feedback in it."""
    text = text.strip()
    if not CHATTER.search(text):
        return False
    # "Please don't hesitate to apply again": the criticism words sit inside the chatter
    return not CRITIQUE.search(CHATTER.sub(" ", text))


def criticises(text: str) -> bool:
    return bool(CRITIQUE.search(text))


def praises(text: str) -> bool:
    return bool(PRAISE.search(text))


def cue_kind(text: str, score: float, threshold: float) -> tuple[str, str]:
    """Wording cues for points in languages the embedding model cannot read.

    The point classifier reads English sentence vectors; for Spanish, German and
    French points (whose vectors are near noise) the cue lists decide instead.
    """
    crit = criticises(text)
    kind = boilerplate_kind(text)
    if kind and (not crit or score < threshold + 0.1):
        return "boilerplate", kind
    if is_chatter(text):
        return "chatter", ""
    if crit:
        return "actionable", ""
    if praises(text):
        return "praise", ""
    return "neutral", ""
