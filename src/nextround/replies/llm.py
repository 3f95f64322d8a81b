"""Reply drafts written by a language model, used only when they pass every check.

The model never sees a name or a word of the feedback: it gets the kind, the
tone and placeholder facts ([FIRST_NAME], [COMPANY], [ROLE], [CANDIDATE], the
stage, and a strength named by competency), and the placeholders are filled in
locally. Feedback text, where an injection attempt would live, is not sent at
all. The draft must be valid JSON, stay within length, and pass the tone guard
and the safety checks; otherwise the offline draft is used (``engine:
"fallback"``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from nextround.errors import EndpointUnavailable
from nextround.llm.structured import StructuredClient
from nextround.models import FeedbackRecord, ReplyDraft, Stage, WrittenBy
from nextround.prompts import load_prompt
from nextround.replies.offline import LINKEDIN_LIMIT, Facts, OfflineDrafter, finish
from nextround.replies.safety import other_companies as exclude_own
from nextround.replies.safety import safety_flags
from nextround.replies.tone import WORD_LIMITS, check_tone

if TYPE_CHECKING:
    from nextround.replies.drafter import Drafter

PROMPT = "reply_draft"
KIND_TEXT = {
    "thank_you": "a thank-you after a rejection: thank them for their time and for letting the "
    "candidate know, one specific positive moment if the facts give one, a brief non-negative "
    "acknowledgement, and interest in future roles",
    "feedback_request": "a polite, specific, easy-to-answer request for feedback after a rejection",
    "linkedin_note": "a LinkedIn connection note (no subject, no sign-off)",
    "stay_in_touch": "a short note some weeks after a rejection that keeps the relationship warm",
}
_PLACEHOLDER = re.compile(r"\[([A-Z_]+)\]")


class ReplyText(BaseModel):
    subject: str = Field(description="the subject line ('' for a LinkedIn note)")
    body: str = Field(description="the whole message, with placeholders for names")


def _facts_text(facts: Facts) -> tuple[str, dict[str, str]]:
    """Facts for the prompt, and the placeholder values kept on this machine."""
    values = {
        "FIRST_NAME": facts.first_name,
        "COMPANY": facts.company,
        "ROLE": facts.role,
        "CANDIDATE": facts.candidate or "[Your name]",
    }
    lines = [f"- [{k}] is known" for k, v in values.items() if v]
    if facts.stage is not Stage.UNKNOWN:
        lines.append(f"- the candidate reached the {facts.stage.value} stage")
    if facts.strength:
        lines.append(f"- the feedback praised the candidate's {facts.strength.lower()}")
    return "\n".join(lines) or "- nothing beyond the rejection itself", {
        k: v for k, v in values.items() if v
    }


class LLMReplyDrafter:
    """Drafts with a language model, and falls back to ``fallback`` (templates by default).

    The fallback's draft is made first: it checks the kind and tone, gives the
    subject, and is what the reply is (``engine: "fallback"``) when the model's
    answer fails a check or the model cannot be reached.
    """

    def __init__(self, client: StructuredClient, fallback: Drafter | None = None) -> None:
        self.client = client
        self.fallback: Drafter = fallback or OfflineDrafter()
        self.prompt = load_prompt(PROMPT)

    def draft(
        self,
        record: FeedbackRecord,
        kind: str,
        facts: Facts,
        *,
        tone: str = "warm",
        seed: int = 0,
        max_chars: int = LINKEDIN_LIMIT,
        other_companies: Iterable[str] = (),
    ) -> ReplyDraft:
        """The model's draft when it passes every check, else the fallback's."""
        other_companies = list(other_companies)
        offline = self.fallback.draft(
            record,
            kind,
            facts,
            tone=tone,
            seed=seed,
            max_chars=max_chars,
            other_companies=other_companies,
        )
        facts_text, values = _facts_text(facts)
        others = exclude_own(record.company, other_companies)
        limit = (
            f"at most {max_chars} characters"
            if kind == "linkedin_note"
            else f"at most {WORD_LIMITS[kind]} words"
        )

        def fill(text: str) -> str:
            return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)

        def check(answer: ReplyText) -> list[str]:
            problems = []
            unknown = set(_PLACEHOLDER.findall(answer.subject + answer.body)) - set(values)
            if unknown:
                problems.append(f"unknown placeholders: {', '.join(sorted(unknown))}")
            body = fill(answer.body)
            if kind == "linkedin_note" and len(body) > max_chars:
                problems.append(f"longer than {max_chars} characters")
            problems += [f"tone: {f.kind} ({f.text})" for f in check_tone(body, kind)]
            problems += [f"safety: {f.kind}" for f in safety_flags(body, others)]
            return problems

        try:
            answer = self.client.ask(
                self.prompt,
                {
                    "kind": KIND_TEXT[kind],
                    "tone": tone,
                    "facts": facts_text,
                    "limit": limit,
                    "schema": json.dumps(ReplyText.model_json_schema()),
                },
                ReplyText,
                check,
            )
        except EndpointUnavailable:
            answer = None
        if answer is None:
            return offline.model_copy(update={"engine": WrittenBy.FALLBACK.value})
        subject = "" if kind == "linkedin_note" else (offline.subject or fill(answer.subject))
        body = fill(answer.body).strip()
        return finish(record, kind, tone, subject, body, "llm", others, facts.left_out)
