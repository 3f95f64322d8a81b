"""Theme labels, summaries and practice advice written by a language model.

A drop-in :class:`~nextround.themes.summarize.Summarizer`: it receives the same
drafts as the offline summarizer and returns the same texts. The model sees
only the theme's name, counts, keywords and *redacted* quotes, spotlighted as
data. Its answer must be valid JSON of :class:`ThemeWriteup` and grounded: it
may cite only the excerpts it was given, quote only their exact words, and use
only the numbers in the facts. Otherwise it is asked again (a bounded number of
times) and, failing that, the offline text stands, flagged ``fallback``.
"""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

from pydantic import BaseModel, Field

from nextround.errors import EndpointUnavailable
from nextround.llm.spotlight import MARK, excerpts, unmark
from nextround.llm.structured import StructuredClient
from nextround.models import ChatMessage, DryRunRequest, LLMRun, NotAsked
from nextround.privacy import redact
from nextround.prompts import load_prompt
from nextround.themes.summarize import OfflineSummarizer, ThemeDraft, ThemeText, headline

PROMPT = "theme_summary"
MERGE_PROMPT = "theme_merge"


class ThemeMerges(BaseModel):
    """Which themes name the same skill."""

    merge: list[list[str]] = Field(description="groups of 2+ theme ids to show as one")


class ThemeWriteup(BaseModel):
    """What the model writes for one theme."""

    label: str = Field(description="2 to 6 words naming the skill to work on")
    summary: str = Field(description="one or two sentences for the job seeker")
    practice: list[str] = Field(description="2 to 5 concrete practice steps")
    quote_ids: list[int] = Field(description="ids of the excerpts that support the summary")


_QUOTED = re.compile(r"[\"“”‘’]([^\"“”‘’]{12,})[\"“”‘’]")
_PLACEHOLDER = re.compile(r"\[[A-Z]+_\d+\]")


def facts(draft: ThemeDraft) -> str:
    lines = [f"- {headline(draft)}."]
    if draft.since:
        lines.append(f"- First seen {draft.since}.")
    if draft.description:
        lines.append(f"- What interviewers look for: {draft.description}")
    return "\n".join(lines)


def check(answer: ThemeWriteup, draft: ThemeDraft) -> list[str]:
    """Why an answer cannot be shown, if it cannot (grounding and form)."""
    problems = []
    n = len(draft.redacted_quotes)
    if not answer.quote_ids or any(not 1 <= i <= n for i in answer.quote_ids):
        problems.append(f"quote_ids must be between 1 and {n}")
    label = answer.label.strip()
    if not 2 <= len(label) <= 60 or len(label.split()) > 8:
        problems.append("label must be 2 to 6 words")
    summary = answer.summary.strip()
    if not 20 <= len(summary) <= 500:
        problems.append("summary must be one or two sentences (20 to 500 characters)")
    if not 2 <= len(answer.practice) <= 6 or any(
        not 10 <= len(step.strip()) <= 300 for step in answer.practice
    ):
        problems.append("practice must be 2 to 5 steps of one sentence each")
    written = " ".join([label, summary, *answer.practice])
    if _PLACEHOLDER.search(written) or MARK in written:
        problems.append("do not include placeholders like [PERSON_1] or ^ marks")
    if any(e.kind != "PERSON" for e in redact(written).entities):
        problems.append("do not include emails, phone numbers or links")
    sources = [unmark(q) for q in draft.redacted_quotes]
    for quoted in _QUOTED.findall(summary):
        if not any(unmark(quoted).strip() in s for s in sources):
            problems.append(f"the quote {quoted[:40]!r} is not in the excerpts")
    allowed = set(re.findall(r"\d+", facts(draft)))
    invented = [x for x in re.findall(r"\d+", summary) if x not in allowed]
    if invented:
        problems.append(f"numbers not in the facts: {', '.join(invented)}")
    return problems


def prompt_values(draft: ThemeDraft) -> dict[str, str]:
    """What fills the prompt for ``draft``: redacted, spotlighted."""
    return {
        "theme": draft.name,
        "facts": facts(draft),
        "keywords": ", ".join(draft.keywords) or "(none)",
        "quotes": excerpts(draft.redacted_quotes) or "(none)",
        "practice_hints": "\n".join(f"- {p}" for p in draft.practice) or "(none)",
        "schema": json.dumps(ThemeWriteup.model_json_schema()),
    }


def sent_to_model(drafts: list[ThemeDraft]) -> list[int]:
    """Which drafts a model is asked about: actionable themes with quotes."""
    return [i for i, d in enumerate(drafts) if d.source != "boilerplate" and d.redacted_quotes]


class LLMSummarizer:
    """Writes themes with a chat model; the offline text is the fallback.

    Calls per analysis: one to find near-duplicate themes, one per theme, and at
    most one more in the whole analysis for a retry or for probing the server.
    """

    reads_quotes = True

    def __init__(self, client: StructuredClient, concurrency: int = 4) -> None:
        self.client = client
        self.concurrency = max(1, concurrency)
        self.offline = OfflineSummarizer()
        self.name = f"llm:{client.model_id}"
        self.prompt = load_prompt(PROMPT)
        self.fallbacks = 0

    def summarize_many(self, drafts: list[ThemeDraft]) -> list[ThemeText]:
        """Texts for every draft; only actionable ones with quotes go to the model."""
        texts = self.offline.summarize_many(drafts)
        wanted = sent_to_model(drafts)
        if self.client.retry_budget is None:  # merges() was not asked first
            self.client.retry_budget = 2
        # The first question finds out which way of asking this server supports;
        # the rest then go out concurrently.
        results = [self._one(drafts[i], texts[i]) for i in wanted[:1]]
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            results += list(pool.map(lambda i: self._one(drafts[i], texts[i]), wanted[1:]))
        for i, text in zip(wanted, results, strict=True):
            texts[i] = text
        self.fallbacks += sum(1 for t in results if t.written_by == "fallback")
        return texts

    def merges(self, drafts: list[ThemeDraft]) -> list[list[int]]:
        """One call: which actionable themes are the same skill (validated ids only)."""
        # One call per theme plus this one; a single retry or server probe shares the rest.
        self.client.retry_budget = 1
        candidates = sent_to_model(drafts)
        if len(candidates) < 2:
            return []
        ids = {drafts[i].id: i for i in candidates}
        lines = []
        for i in candidates:
            d = drafts[i]
            example = excerpts(d.redacted_quotes[:1]).replace('id="1"', f'id="{d.id}"')
            lines.append(
                f"- id: {d.id}\n  name: {d.name}\n  words: {', '.join(d.keywords[:5])}"
                f"\n  example: {example}"
            )

        def check_ids(answer: ThemeMerges) -> list[str]:
            seen: list[str] = [t for group in answer.merge for t in group]
            problems = []
            if any(t not in ids for t in seen):
                problems.append("use only the given ids")
            if len(seen) != len(set(seen)):
                problems.append("put each id in at most one group")
            if any(len(group) < 2 for group in answer.merge):
                problems.append("each group needs two or more ids")
            return problems

        try:
            answer = self.client.ask(
                load_prompt(MERGE_PROMPT),
                {"themes": "\n".join(lines), "schema": json.dumps(ThemeMerges.model_json_schema())},
                ThemeMerges,
                check_ids,
                question="merge near-duplicate themes",
            )
        except EndpointUnavailable as exc:
            self.client.stats.warnings.append(f"{exc}; offline results are shown")
            return []
        return [[ids[t] for t in group] for group in answer.merge] if answer else []

    def _one(self, draft: ThemeDraft, offline: ThemeText) -> ThemeText:
        try:
            answer = self.client.ask(
                self.prompt,
                prompt_values(draft),
                ThemeWriteup,
                lambda a: check(a, draft),
                question=f"theme {draft.id}",
            )
        except EndpointUnavailable as exc:
            message = f"{exc}; offline results are shown"
            if message not in self.client.stats.warnings:
                self.client.stats.warnings.append(message)
            answer = None
        if answer is None:
            return ThemeText(offline.label, offline.summary, offline.practice, "fallback")
        return ThemeText(
            label=answer.label.strip(),
            summary=answer.summary.strip(),
            practice=[p.strip() for p in answer.practice][:5],
            written_by="llm",
            quote_order=[i - 1 for i in answer.quote_ids],
        )

    def report(self) -> LLMRun:
        """What the model did in this analysis: calls, cache hits, tokens, failures."""
        stats = self.client.stats
        return LLMRun(
            backend=self.client.backend,
            model=self.client.model_id,
            calls=stats.calls,
            cache_hits=stats.cache_hits,
            tokens_in=stats.tokens_in,
            tokens_out=stats.tokens_out,
            fallbacks=self.fallbacks,
            timeouts=stats.timeouts,
            not_asked=[NotAsked.model_validate(n) for n in stats.not_asked],
            warnings=list(stats.warnings),
        )


class DryRunSummarizer:
    """Records exactly what would be sent to the model, and sends nothing."""

    name = "dry-run"
    reads_quotes = True

    def __init__(self) -> None:
        self.prompt = load_prompt(PROMPT)
        self.offline = OfflineSummarizer()
        self.requests: list[DryRunRequest] = []

    def summarize_many(self, drafts: list[ThemeDraft]) -> list[ThemeText]:
        for i in sent_to_model(drafts):
            system, user = self.prompt.render(**prompt_values(drafts[i]))
            self.requests.append(
                DryRunRequest(
                    theme=drafts[i].id,
                    messages=[
                        ChatMessage(role="system", content=system),
                        ChatMessage(role="user", content=user),
                    ],
                    # about four characters per token for English text
                    estimated_tokens=(len(system) + len(user)) // 4,
                )
            )
        return self.offline.summarize_many(drafts)

    def merges(self, drafts: list[ThemeDraft]) -> list[list[int]]:
        return []

    def report(self) -> LLMRun:
        """Nothing was sent: the requests that would have been."""
        return LLMRun(dry_run=True, requests=list(self.requests))
