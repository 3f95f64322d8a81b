"""The learned metadata reader: company, role, interviewer and stage of a record.

Company, role and interviewer are each chosen from the record's candidate spans
(:mod:`nextround.ingest.spans`) by a linear model that scores every candidate; the
best one is kept when its probability reaches the model's threshold (chosen by
cross-validation and stored in the model file), else the field stays empty: a
value is never invented, because every candidate is text of the record. The
stage is a class over the record's words, with the rule-based reading as one
more word.

All four were trained on metadata-labelled records from several writers and
professions (``corpus/metadata/train``, ``corpus/dev``, ``corpus/feedback``);
see ``python -m nextround.learn.train``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nextround.ingest.raw import RawItem
from nextround.ingest.spans import Candidate, RuleReading, candidates
from nextround.learn.linear import LinearModel
from nextround.learn.shipped import FIELD_FILES, STAGE_FILE, shipped_model
from nextround.models import Stage

SPAN_FIELDS = ("company", "role", "interviewer")
#: Without a threshold in the model file, a candidate needs this probability.
DEFAULT_THRESHOLD = 0.5
#: Below this probability a stage is a guess: kept, because turning guesses into
#: "unknown" lowers leave-one-writer-out accuracy, but marked unsure so that a configured
#: language model is asked. Chosen by that CV (eighteen writers) so that the guesses are
#: right about half the time: at 0.5, 22% of records are unsure and 53% of those right,
#: 91% of the rest.
STAGE_SURE = 0.5


@dataclass(frozen=True)
class FieldReading:
    """The learned reader's values, each with the probability it was chosen with."""

    company: str = ""
    role: str = ""
    interviewer: str = ""
    stage: Stage = Stage.UNKNOWN
    confidence: tuple[tuple[str, float], ...] = ()

    @property
    def unsure(self) -> tuple[str, ...]:
        """The fields read with less confidence than a sure reading needs."""
        sure = dict(self.confidence)
        return ("stage",) if sure.get("stage", 1.0) < STAGE_SURE else ()


#: A company candidate that contains the best one as whole words ("The Copper Pot
#: Brasserie" around "Copper Pot") is taken instead when its probability is within this
#: margin: the name as written in full. Leave-one-writer-out company accuracy (eighteen
#: writers): exact 0.775 -> 0.802, same company 0.826 -> 0.830 (0.05: 0.797, 0.826).
FULLER_MARGIN = {"company": 0.02}


def _contains(longer: str, shorter: str) -> bool:
    if longer == shorter:
        return False
    return re.search(rf"(?<!\w){re.escape(shorter)}(?!\w)", longer) is not None


def best_candidate(
    model: LinearModel, cands: Sequence[Candidate], fuller: float = 0.0
) -> tuple[str, float]:
    """The candidate ``model`` scores highest, with its probability ("" when none).

    With ``fuller`` > 0, the longest candidate that contains the best one and scores
    within ``fuller`` of it is returned instead, with the best one's probability.
    """
    if not cands:
        return "", 0.0
    probs = model.proba(model.vocabulary.encode([c.features for c in cands]))[:, 1]
    best = int(probs.argmax())
    top = float(probs[best])
    if fuller > 0:
        key = " ".join(cands[best].value.split()).casefold()
        longer = [
            (len(cands[i].value), i)
            for i in range(len(cands))
            if probs[i] >= top - fuller
            and _contains(" ".join(cands[i].value.split()).casefold(), key)
        ]
        if longer:
            best = max(longer)[1]
    return cands[best].value, top


def stage_text(item: RawItem, text: str, rule_stage: Stage) -> str:
    """The words the stage model reads: file name, subject, text and the rules' stage."""
    hint = re.sub(r"[-_]+", " ", item.hint)
    return f"xxrule{rule_stage.value.replace('-', '')}\n{hint}\n{item.subject}\n{text}"


class FieldReader:
    """Reads company, role, interviewer and stage with the shipped models.

    >>> FieldReader.shipped().read(item, text, rules, Stage.UNKNOWN)   # doctest: +SKIP
    FieldReading(company='Linden Vale NHS Foundation Trust', role='Band 6 Staff Nurse', ...)
    """

    def __init__(self, spans: dict[str, LinearModel], stage: LinearModel) -> None:
        for name in SPAN_FIELDS:
            if tuple(spans[name].classes) != ("no", "yes"):
                raise ValueError(f"{spans[name].name}: classes are not ('no', 'yes')")
        if tuple(stage.classes) != tuple(s.value for s in Stage):
            raise ValueError(f"{stage.name}: classes are not the stages")
        self.spans = spans
        self.stage_model = stage

    @classmethod
    def shipped(cls) -> FieldReader:
        return cls(
            {name: shipped_model(FIELD_FILES[name]) for name in SPAN_FIELDS},
            shipped_model(STAGE_FILE),
        )

    def pick(self, name: str, cands: Sequence[Candidate]) -> tuple[str, float]:
        """The best candidate for field ``name`` and its probability ("" when none is sure)."""
        model = self.spans[name]
        value, prob = best_candidate(model, cands, FULLER_MARGIN.get(name, 0.0))
        threshold = float(model.info.get("threshold", DEFAULT_THRESHOLD))
        return (value if prob >= threshold else ""), prob

    def stage(self, item: RawItem, text: str, rule_stage: Stage) -> tuple[Stage, float]:
        vocab = self.stage_model.vocabulary
        probs = self.stage_model.proba(vocab.transform([stage_text(item, text, rule_stage)]))[0]
        best = int(probs.argmax())
        return Stage(self.stage_model.classes[best]), float(probs[best])

    def read(self, item: RawItem, text: str, rules: RuleReading, rule_stage: Stage) -> FieldReading:
        cands = candidates(item, text, rules)
        values: dict[str, str] = {}
        sure: list[tuple[str, float]] = []
        for name in SPAN_FIELDS:
            values[name], p = self.pick(name, cands)
            sure.append((name, round(p, 3)))
        stage, p = self.stage(item, text, rule_stage)
        sure.append(("stage", round(p, 3)))
        return FieldReading(
            values["company"], values["role"], values["interviewer"], stage, tuple(sure)
        )
