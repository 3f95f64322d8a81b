"""Training and cross-validating the learned metadata reader (see :mod:`.fields`).

    python -m nextround.learn.train --cv-fields   # leave-one-writer-out figures

Part of ``python -m nextround.learn.train``; needs scikit-learn.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nextround.ingest.known import company_key
from nextround.ingest.metadata import clean_person
from nextround.ingest.pipeline import read_by_rules
from nextround.ingest.spans import Candidate, RuleReading, candidates
from nextround.learn.field_data import LabelledItem, load_field_items
from nextround.learn.fields import FULLER_MARGIN, SPAN_FIELDS, best_candidate, stage_text
from nextround.learn.linear import LinearModel, Vocabulary
from nextround.models import Stage

#: Inverse regularisation and acceptance threshold per field (``--cv-fields``).
#: Leave-one-writer-out over eighteen writers (1,449 records, C=4): accuracy company
#: 0.763, role 0.684, interviewer 0.775, stage 0.826 (role and interviewer measured
#: before the agency features were added), where the rule-based reader alone scored
#: 0.357, 0.424, about 0.56 and 0.39 on the same records (it was written for two of the
#: eighteen). Four more writers (w13-w16) alone moved the fourteen earlier writers' CV
#: by -0.1, +0.3, -0.9 and +1.1 points: more of the same data no longer helps much;
#: better candidates and features did. Span changes, each kept because CV rose: keeping
#: the full stop of "Ltd." and initials in a span and joining a title to its dash or
#: comma qualifier (company 0.711 -> 0.770, role 0.592 -> 0.627, ten writers); a
#: broader list of job nouns with slash and bracketed qualifiers (role 0.627 -> 0.687);
#: brackets a span does not close dropped ("(Rob Kinsella)"), lower-case given names as
#: candidates, qualifiers joined to the end of a longer run (role 0.663 -> 0.674,
#: interviewer 0.783 -> 0.799 on the fourteen earlier writers); agency features
#: (company 0.742 -> 0.763, eighteen writers). Not kept: giving each candidate to one
#: field only (company -1.2 points); lower-case file-name words unknown to the
#: embedding vocabulary as candidates (company -0.6). Later: department, inner-separator
#: and possessive features with five more agency words ("labour hire", "crew",
#: "Personalberatung"), company exact 0.764 -> 0.786 (same company 0.783 -> 0.807),
#: role 0.686 -> 0.690; then training on the same company (see ``_is``).
#: Four more writers (w17-w20, aimed at lower-case file names, agencies beside clients,
#: team signatures and trading names), judged on the eighteen earlier writers' folds
#: trained with and without them: company 0.802 -> 0.801, role 0.690 -> 0.698,
#: interviewer 0.782 -> 0.786.
FIELD_C = {"company": 4.0, "role": 4.0, "interviewer": 4.0}
FIELD_THRESHOLD = {"company": 0.2, "role": 0.3, "interviewer": 0.7}
#: The stage model's C and vocabulary: leave-one-writer-out over eighteen writers
#: (1,298 records), C=4 with 1,500 terms 0.814, C=16 with 2,500 terms 0.826, with
#: 4,000 terms 0.838 (a model file of about 130 KB: more than a head should weigh).
STAGE_C = 16.0
STAGE_MAX_TERMS = 2500
#: A span feature enters the vocabulary when this many candidates in training have it.
#: 10 rather than 5 halves the vocabulary (files near 110 KB with eighteen writers, 137 KB
#: with twenty) for 0.5 points of CV accuracy (fourteen writers).
FEATURE_MIN_DF = 10
STAGES = tuple(s.value for s in Stage)


@dataclass
class Prepared:
    """One labelled record with its rule reading and its candidates."""

    item: LabelledItem
    rules: RuleReading
    rule_stage: Stage
    cands: list[Candidate]


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def prepare_items(items: Sequence[LabelledItem]) -> list[Prepared]:
    out = []
    for it in items:
        rules, rule_stage = read_by_rules(it.item, it.text)
        out.append(Prepared(it, rules, rule_stage, candidates(it.item, it.text, rules)))
    return out


def _explicit(p: Prepared, name: str) -> bool:
    """Fields a column or front matter gave: not the reader's to learn."""
    return bool(getattr(p.item.item, name))


def _gold(p: Prepared, name: str) -> str:
    return _key(p.item.labels[name])


def _is(cand: Candidate, name: str, gold: str) -> bool:
    """Whether ``cand`` is the labelled value. A company is the same company whatever its
    legal form ("Solenne SAS" for "Solenne"): the writers labelled those both ways, and
    counting only their spelling as right taught the model noise (company CV, eighteen
    writers: exact 0.786 and same-company 0.807 when trained on exact spellings, 0.775
    and 0.826 when trained on the same company)."""
    value = clean_person(cand.value) if name == "interviewer" else cand.value
    if name == "company" and gold:
        return company_key(value) == company_key(gold)
    return bool(gold) and _key(value) == gold


def span_vocabulary(prepared: Sequence[Prepared]) -> Vocabulary:
    df: Counter[str] = Counter()
    for p in prepared:
        for c in p.cands:
            df.update(c.features)
    kept = sorted(f for f, n in df.items() if n >= FEATURE_MIN_DF)
    return Vocabulary({f: i for i, f in enumerate(kept)})


def sparse_encode(vocab: Vocabulary, feature_sets: Sequence[Iterable[str]]) -> Any:
    """:meth:`Vocabulary.encode` as a sparse CSR matrix (the same values).

    Candidates have a few dozen of several thousand features: the solver works on the
    non-zeros alone, about a hundred times faster than on the dense matrix (company:
    70k candidates x 6.7k features, 0.9 s instead of 90 s).
    """
    from scipy.sparse import csr_matrix  # type: ignore[import-untyped]  # training only

    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    for features in feature_sets:
        cols, value = vocab.row(features)
        indices.extend(cols)
        data.extend([value] * len(cols))
        indptr.append(len(indices))
    return csr_matrix(
        (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int32), indptr),
        shape=(len(feature_sets), len(vocab)),
    )


def train_span(name: str, prepared: Sequence[Prepared], c: float, threshold: float) -> LinearModel:
    from nextround.learn.train import fit

    rows = [p for p in prepared if not _explicit(p, name)]
    vocab = span_vocabulary(rows)
    feats = [cand.features for p in rows for cand in p.cands]
    labels = ["yes" if _is(cand, name, _gold(p, name)) else "no" for p in rows for cand in p.cands]
    fitted = fit(sparse_encode(vocab, feats), labels, ("no", "yes"), c)
    info = {
        "C": c,
        "threshold": threshold,
        "records": len(rows),
        "writers": sorted({p.item.writer for p in rows}),
    }
    return _linear(f"field_{name}", ("no", "yes"), fitted, vocab, info)


def _linear(
    name: str, classes: Sequence[str], fitted: Any, vocab: Vocabulary, info: dict[str, Any]
) -> LinearModel:
    weights = np.asarray(fitted.coef_.T, dtype=np.float32)
    bias = np.asarray(fitted.intercept_, dtype=np.float32)
    if len(classes) == 2 and weights.shape[1] == 1:  # binary: sklearn keeps one column
        weights = np.hstack([np.zeros_like(weights), weights])
        bias = np.array([0.0, bias[0]], dtype=np.float32)
    return LinearModel(name, tuple(classes), weights, bias, vocab, info)


def train_stage(prepared: Sequence[Prepared], c: float = STAGE_C) -> LinearModel:
    from nextround.learn.train import build_vocabulary, fit

    rows = [p for p in prepared if not p.item.item.stage and p.item.labels["stage"]]
    texts = [stage_text(p.item.item, p.item.text, p.rule_stage) for p in rows]
    vocab = build_vocabulary(texts, STAGE_MAX_TERMS)
    labels = [p.item.labels["stage"] for p in rows]
    present = [s for s in STAGES if s in labels]  # a fold may lack a stage
    fitted = fit(vocab.transform(texts), labels, present, c)
    weights = np.zeros((len(vocab), len(STAGES)), dtype=np.float32)
    bias = np.full(len(STAGES), -30.0, dtype=np.float32)  # never predicted
    for k, stage in enumerate(present):
        weights[:, STAGES.index(stage)] = fitted.coef_[k]
        bias[STAGES.index(stage)] = fitted.intercept_[k]
    info = {"C": c, "records": len(rows), "writers": sorted({p.item.writer for p in rows})}
    return LinearModel("field_stage", STAGES, weights, bias, vocab, info)


def train_fields(corpus: Path) -> dict[str, LinearModel]:
    """The four shipped field models, trained on every labelled training record."""
    with tempfile.TemporaryDirectory() as tmp:
        prepared = prepare_items(load_field_items(corpus, Path(tmp)))
    models = {
        name: train_span(name, prepared, FIELD_C[name], FIELD_THRESHOLD[name])
        for name in SPAN_FIELDS
    }
    models["stage"] = train_stage(prepared)
    return models


def _folds(
    rows: Sequence[Prepared], writers: Sequence[str]
) -> Iterator[tuple[list[Prepared], list[Prepared]]]:
    """(train, test) for each writer held out in turn."""
    for held in writers:
        test = [p for p in rows if p.item.writer == held]
        if test:
            yield [p for p in rows if p.item.writer != held], test


def _print_cells(c: float, right: Counter[float], thresholds: Sequence[float], n: int) -> None:
    cells = "  ".join(f"t={t}: {right[t] / n:.3f}" for t in thresholds)
    print(f"  C={c:g}  {cells}")


def fields_cv(corpus: Path, grid: Sequence[float] = (4.0,)) -> None:
    """Leave-one-writer-out accuracy per field, against the rule-based reader."""
    with tempfile.TemporaryDirectory() as tmp:
        prepared = prepare_items(load_field_items(corpus, Path(tmp)))
    writers = sorted({p.item.writer for p in prepared})
    print(f"{len(prepared)} records, writers {writers}")
    thresholds = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
    for name in SPAN_FIELDS:
        rows = [p for p in prepared if not _explicit(p, name)]
        rule_right = sum(_key(getattr(p.rules, name)) == _gold(p, name) for p in rows)
        print(f"\n{name}: {len(rows)} records; rules alone {rule_right / len(rows):.3f}")
        for c in grid:
            right = Counter[float]()
            for train, test in _folds(rows, writers):
                model = train_span(name, train, c, 0.5)
                for p in test:
                    value, prob = best_candidate(model, p.cands, FULLER_MARGIN.get(name, 0.0))
                    if name == "interviewer":
                        value = clean_person(value)
                    for t in thresholds:
                        got = _key(value) if prob >= t else ""
                        right[t] += got == _gold(p, name)
            _print_cells(c, right, thresholds, len(rows))
    rows = [p for p in prepared if not p.item.item.stage and p.item.labels["stage"]]
    rule_right = sum(p.rule_stage.value == p.item.labels["stage"] for p in rows)
    print(f"\nstage: {len(rows)} records; rules alone {rule_right / len(rows):.3f}")
    stage_thresholds = (0.0, 0.25, 0.3, 0.35, 0.4, 0.5)
    for c in grid:
        right_s = Counter[float]()
        for train, test in _folds(rows, writers):
            model = train_stage(train, c)
            texts = [stage_text(p.item.item, p.item.text, p.rule_stage) for p in test]
            probs = model.proba(model.vocabulary.transform(texts))
            for p, row in zip(test, probs, strict=True):
                for t in stage_thresholds:
                    got = STAGES[int(row.argmax())] if row.max() >= t else Stage.UNKNOWN.value
                    right_s[t] += got == p.item.labels["stage"]
        _print_cells(c, right_s, stage_thresholds, len(rows))
