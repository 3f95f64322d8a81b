"""Spotting feedback text that tries to instruct a language model.

Feedback is data, never instructions. Text that reads like a prompt-injection
attempt is flagged on the record so that every view of it can say so; the
text itself is kept as evidence.
"""

from __future__ import annotations

import re

from nextround.textnorm import for_checks

_PATTERNS = re.compile(
    r"ignore (?:all |any |the |your )?(?:previous|prior|above|earlier|preceding) "
    r"(?:instructions|prompts?|rules|messages)|"
    r"disregard (?:all |any |the |your )?(?:previous|prior|above|earlier) |"
    r"(?:^|\n)\s*(?:system|assistant|developer)\s*:|"
    r"\b(?:system|assistant|developer)\s*:\s*(?:add|ignore|reveal|write|say|you|include|insert|"
    r"print|disregard|forget|respond|reply)\b|"
    r"\b(?:add|include|insert|append) (?:the|this|a|my) link\b|"
    r"\breveal (?:the |your )?(?:feedback|instructions|prompt|other|system|hidden)\b|"
    r"\b(?:insult|mock|threaten) (?:the|them|him|her|your)\b|"
    r"<\|?(?:im_start|im_end|system|endoftext)\|?>|\[/?INST\]|"
    r"you are (?:now )?(?:an? )?(?:ai|assistant|language model|chatbot|llm)\b|"
    r"(?:reveal|print|show|output|repeat) (?:your|the) (?:system )?(?:prompt|instructions)|"
    r"new instructions?:|override (?:your|the) (?:instructions|guidelines)",
    re.IGNORECASE,
)


# The same request in other languages (English is above): an imperative of
# setting aside, then within a clause a word for instructions (Spanish,
# Portuguese, Italian, French, German, Dutch).
_SET_ASIDE = (
    r"ignora|ignore[nz]|ignoriere|ignorier|ignorieren sie|olvida|olvide|olvidad|esquece|esqueça|"
    r"dimentica|oublie|oubliez|vergiss|vergessen sie|vergeet|negeer|descarta|scarta"
)
_INSTRUCTIONS = (
    r"instrucciones|instruções|istruzioni|instructions|consignes|anweisungen|instruktionen|"
    r"vorgaben|regeln|reglas|règles|regole|instructies|aanwijzingen|prompts?"
)
_ANY_LANGUAGE = re.compile(
    rf"\b(?:{_SET_ASIDE})\b[^.!?\n]{{0,40}}\b(?:{_INSTRUCTIONS})|"
    r"\b(?:eres|sei|du bist|tu es|você é|je bent) (?:ahora |ora |jetzt |maintenant |agora |nu )?"
    r"(?:un |una |ein |eine |une |um |een )?(?:asistente|assistente|assistent|assistant|"
    r"ki|ia|ai|modelo de lenguaje|sprachmodell|chatbot)\b",
    re.IGNORECASE,
)


def looks_like_injection(text: str) -> bool:
    """True when ``text`` contains wording aimed at a language model, in any disguise.

    The text is folded first (fullwidth letters, zero-width characters), so
    ``ｉｇｎｏｒｅ ａｌｌ ｐｒｅｖｉｏｕｓ ｉｎｓｔｒｕｃｔｉｏｎｓ`` is seen as what it says.
    """
    folded = for_checks(text)
    return bool(_PATTERNS.search(folded) or _ANY_LANGUAGE.search(folded))
