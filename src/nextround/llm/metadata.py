"""Metadata the local reader left empty, asked of a language model (when one is configured).

Records with no company, role or interviewer, or an unknown or guessed stage, are sent in
batches, redacted and datamarked. An answer is accepted only where it is
grounded: the value must occur in the record's text (an interviewer may come
back as a ``[PERSON_n]`` placeholder, which is mapped back to the name locally,
so names never leave the machine), and a stage must be one of nextround's.
Answers are cached like every other model answer: an unchanged re-run asks
nothing. Fields the user corrected are never asked about.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from pydantic import BaseModel

from nextround.llm.spotlight import excerpts, unmark
from nextround.llm.structured import StructuredClient
from nextround.models import FeedbackRecord, Stage
from nextround.privacy import people_named, redact
from nextround.prompts import load_prompt

FIELDS = ("company", "role", "interviewer", "stage")
BATCH = 8
EXCERPT_CHARS = 1500


class RecordFields(BaseModel):
    id: str
    company: str = ""
    role: str = ""
    interviewer: str = ""
    stage: str = "unknown"


class MetadataAnswer(BaseModel):
    records: list[RecordFields]


def missing(record: FeedbackRecord) -> list[str]:
    """The fields the local reader left open or only guessed, and the user did not set."""
    open_ = [
        f
        for f in ("company", "role", "interviewer")
        if not getattr(record, f) and f not in record.corrected
    ]
    guessed = record.stage is Stage.UNKNOWN or "stage" in record.unsure
    if guessed and "stage" not in record.corrected:
        open_.append("stage")
    return open_


class MetadataFiller:
    """Fills open metadata from a model's grounded answers."""

    def __init__(self, client: StructuredClient, known_names: Sequence[str] = ()) -> None:
        self.client = client
        self.known_names = [n for n in known_names if n]
        self.prompt = load_prompt("metadata_fill")

    def fill(self, records: Sequence[FeedbackRecord]) -> list[FeedbackRecord]:
        """The records whose metadata the model could fill, updated (others unchanged)."""
        todo = [r for r in records if missing(r)]
        out: list[FeedbackRecord] = []
        for start in range(0, len(todo), BATCH):
            out.extend(self._batch(todo[start : start + BATCH]))
        return out

    def _batch(self, batch: Sequence[FeedbackRecord]) -> list[FeedbackRecord]:
        redactions = [
            redact(r.clean_text[:EXCERPT_CHARS], known_names=people_named([r], self.known_names))
            for r in batch
        ]
        numbered = {str(i): r for i, r in enumerate(batch, start=1)}
        values = {
            "records": excerpts([x.text for x in redactions]),
            "schema": json.dumps(MetadataAnswer.model_json_schema(), sort_keys=True),
            "stages": ", ".join(s.value for s in Stage),
        }

        def validate(answer: MetadataAnswer) -> list[str]:
            unknown = sorted({a.id for a in answer.records} - set(numbered))
            return [f"unknown ids {', '.join(unknown)}"] if unknown else []

        answer = self.client.ask(self.prompt, values, MetadataAnswer, validate)
        if answer is None:
            return []
        placeholders = [
            {e.placeholder: e.text for e in x.entities if e.kind == "PERSON"} for x in redactions
        ]
        index = {k: i for i, k in enumerate(numbered)}
        out = []
        for item in answer.records:
            record = numbered[item.id]
            update = _grounded(record, item, placeholders[index[item.id]])
            if update:
                out.append(record.model_copy(update=update))
        return out


def _grounded(
    record: FeedbackRecord, item: RecordFields, names: dict[str, str]
) -> dict[str, object]:
    """The answered values that the record itself contains, for the fields still open."""
    update: dict[str, object] = {}
    text = " ".join(record.text.split()).casefold()
    for field in missing(record):
        value = " ".join(unmark(getattr(item, field)).split())
        if not value:
            continue
        if field == "stage":
            if value in {s.value for s in Stage} and value != Stage.UNKNOWN.value:
                update[field] = Stage(value)
            continue
        if field == "interviewer":
            value = names.get(value, value)
        if re.search(r"\[[A-Z]+_\d+\]", value) or value.casefold() not in text:
            continue  # not written in the record: never accepted
        update[field] = value
    if update:
        update["unsure"] = tuple(f for f in record.unsure if f not in update)
    return update
