"""Spotting feedback text that tries to instruct a language model.

Feedback is data, never instructions. Text that reads like a prompt-injection
attempt is flagged on the record so that every view of it can say so; the
text itself is kept as evidence.
"""

from __future__ import annotations

import re

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


def looks_like_injection(text: str) -> bool:
    """True when ``text`` contains wording aimed at a language model."""
    return bool(_PATTERNS.search(text))
