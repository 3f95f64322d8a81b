"""Train the shipped classifiers from the labelled data in ``corpus/``.

    python -m nextround.learn.train            # train, print the digests, compare to shipped
    python -m nextround.learn.train --write    # also write the files into the package
    python -m nextround.learn.train --cv       # leave-one-writer-out figures for choosing C

Needs scikit-learn (``pip install -e '.[train]'``); running the models needs
only numpy. Training is deterministic: the same data gives the same bytes.
Only the training parts (``corpus/sentences/train``, ``corpus/messages/train``)
are read here; the held-out parts are for ``benchmarks/generalization.py``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import numpy as np

from nextround.embed import MiniLMEmbedder, Vectors
from nextround.errors import ConfigError
from nextround.ingest.fields import parse_date
from nextround.ingest.pipeline import open_item
from nextround.ingest.raw import RawItem
from nextround.ingest.triage import KINDS, full_features, head_text, quick_features
from nextround.learn.linear import LinearModel, Matrix, Vocabulary, terms
from nextround.learn.points import POINT_LABELS, point_features
from nextround.learn.shipped import (
    COMPANY_FILE,
    FIELD_FILES,
    INTERVIEWER_FILE,
    POINTS_FILE,
    ROLE_FILE,
    SHA256,
    STAGE_FILE,
    TRIAGE_FULL_FILE,
    TRIAGE_QUICK_FILE,
    model_path,
)
from nextround.models import SkippedInput

#: Inverse regularisation strengths, chosen by leave-one-writer-out CV (``--cv``).
POINTS_C = 4.0
TRIAGE_C = 4.0
#: A term enters a vocabulary when this many training texts use it.
MIN_DF = 3
MAX_TERMS = 1500

EmbedFn = Callable[[Sequence[str]], Vectors]


@dataclass(frozen=True)
class Sentence:
    text: str
    label: str
    writer: str


@dataclass(frozen=True)
class Message:
    item: RawItem
    kind: str
    writer: str


def _jsonl(folder: Path) -> list[tuple[str, int, dict[str, Any]]]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                rows.append((path.stem, number, json.loads(line)))
    return rows


def load_sentences(folder: Path) -> list[Sentence]:
    """Labelled sentences, in file and line order."""
    out = []
    for writer, number, row in _jsonl(folder):
        if row["label"] not in POINT_LABELS:
            raise ConfigError(f"{writer}.jsonl line {number}: unknown label {row['label']!r}")
        out.append(Sentence(" ".join(str(row["text"]).split()), row["label"], writer))
    return out


def message_item(row: dict[str, Any], source: str) -> RawItem:
    """A labelled message as the e-mail reader would have produced it."""
    name, address = parseaddr(str(row.get("from", "")))
    headers = {str(k): str(v) for k, v in (row.get("headers") or {}).items()}
    return RawItem(
        source=source,
        text=str(row["body"]).strip("\n"),
        kind=str(row.get("format", "email")),
        subject=str(row.get("subject", "")),
        sender=name,
        sender_email=address.lower(),
        date=parse_date(str(row.get("date", ""))),
        names=[name] if name else [],
        headers=headers,
    )


def load_messages(folder: Path) -> list[Message]:
    out = []
    for writer, number, row in _jsonl(folder):
        if row["kind"] not in KINDS:
            raise ConfigError(f"{writer}.jsonl line {number}: unknown kind {row['kind']!r}")
        out.append(Message(message_item(row, f"{writer}#{number}"), row["kind"], writer))
    return out


def load_corpus_items(corpus: Path) -> list[Message]:
    """The labelled sample corpus (``corpus/feedback``) as triage examples, kinds from labels."""
    import yaml

    from nextround.ingest.pipeline import read_inputs

    labels = yaml.safe_load((corpus / "labels.yaml").read_text(encoding="utf-8"))
    kinds = {item["source"]: item["kind"] for item in labels["items"]}
    out = []
    folder = corpus / "feedback"
    for item in read_inputs([folder], max_bytes=10 << 20):
        if isinstance(item, RawItem) and item.source in kinds:
            out.append(Message(item, kinds[item.source], "corpus"))
    return sorted(out, key=lambda m: m.item.source)


def build_vocabulary(texts: Sequence[str], max_terms: int = MAX_TERMS) -> Vocabulary:
    """Terms used by at least MIN_DF texts, the ``max_terms`` most used (ties alphabetical)."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(terms(text)))
    kept = sorted((t for t, n in df.items() if n >= MIN_DF), key=lambda t: (-df[t], t))
    return Vocabulary({t: i for i, t in enumerate(sorted(kept[:max_terms]))})


def fit(features: Any, labels: Sequence[str], classes: Sequence[str], c: float) -> Any:
    """Multinomial logistic regression, balanced classes, fully converged (deterministic).

    ``features`` is a dense matrix or a scipy sparse one (the span models' features).
    """
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # training only; the shipped models need numpy alone
        raise ConfigError("training needs scikit-learn: pip install -e '.[train]'") from exc
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # with sklearn

    y = np.array([classes.index(label) for label in labels])
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, tol=1e-6)
    # One BLAS thread: with several, the order of a matrix product's partial sums can
    # change from run to run, and a few float16 weights came out one step apart.
    with threadpool_limits(limits=1, user_api="blas"):
        model.fit(features.astype(np.float64), y)
    if list(model.classes_) != list(range(len(classes))):
        missing = sorted(set(classes) - {classes[i] for i in model.classes_})
        raise ConfigError(f"no training examples for {', '.join(missing)}")
    return model


def _linear(
    name: str, classes: Sequence[str], fitted: Any, vocabulary: Vocabulary, info: dict[str, Any]
) -> LinearModel:
    return LinearModel(
        name=name,
        classes=tuple(classes),
        weights=np.asarray(fitted.coef_.T, dtype=np.float32),
        bias=np.asarray(fitted.intercept_, dtype=np.float32),
        vocabulary=vocabulary,
        info=info,
    )


def point_matrix(sentences: Sequence[Sentence], embed: EmbedFn, vocabulary: Vocabulary) -> Matrix:
    texts = [s.text for s in sentences]
    return point_features(vocabulary, texts, embed(texts))


def train_points(sentences: Sequence[Sentence], embed: EmbedFn, c: float = POINTS_C) -> LinearModel:
    vocabulary = build_vocabulary([s.text for s in sentences])
    fitted = fit(
        point_matrix(sentences, embed, vocabulary), [s.label for s in sentences], POINT_LABELS, c
    )
    info = {"C": c, "examples": len(sentences), "writers": sorted({s.writer for s in sentences})}
    return _linear("points", POINT_LABELS, fitted, vocabulary, info)


def message_heads(messages: Sequence[Message]) -> list[str]:
    """What the full triage model embeds for each message (as ingest would see it)."""
    out = []
    for m in messages:
        opened = open_item(m.item)
        if isinstance(opened, SkippedInput):
            raise ConfigError(f"{m.item.source}: {opened.reason}")
        out.append(head_text(m.item.subject, opened.text))
    return out


def body_only(messages: Sequence[Message]) -> list[Message]:
    """E-mails again without subject, sender and headers.

    Text pasted from a mail program, or a data set of bodies, has no headers;
    these copies teach the models to read the body on its own too.
    """
    out = []
    for m in messages:
        if m.item.kind == "email" and (m.item.subject or m.item.sender_email):
            bare = RawItem(source=f"{m.item.source}:body", text=m.item.text, kind="email")
            out.append(Message(bare, m.kind, m.writer))
    return out


def train_triage(
    messages: Sequence[Message], embed: EmbedFn, c: float = TRIAGE_C
) -> tuple[LinearModel, LinearModel]:
    from nextround.ingest.triage import message_text

    messages = [*messages, *body_only(messages)]
    items = [m.item for m in messages]
    labels = [m.kind for m in messages]
    vocabulary = build_vocabulary([message_text(i) for i in items])
    info = {"C": c, "examples": len(messages), "writers": sorted({m.writer for m in messages})}
    quick = fit(quick_features(vocabulary, items), labels, KINDS, c)
    heads = message_heads(messages)
    full = fit(full_features(vocabulary, items, heads, embed), labels, KINDS, c)
    return (
        _linear("triage_quick", KINDS, quick, vocabulary, info),
        _linear("triage_full", KINDS, full, vocabulary, info),
    )


def train_all(corpus: Path, embed: EmbedFn) -> dict[str, str]:
    """Train every shipped model; returns {file name: file text}."""
    from nextround.learn.train_fields import train_fields

    sentences = load_sentences(corpus / "sentences" / "train")
    messages = load_messages(corpus / "messages" / "train") + load_corpus_items(corpus)
    points = train_points(sentences, embed)
    quick, full = train_triage(messages, embed)
    fields = train_fields(corpus)
    return {
        POINTS_FILE: points.to_json(),
        TRIAGE_QUICK_FILE: quick.to_json(),
        TRIAGE_FULL_FILE: full.to_json(),
        **{FIELD_FILES[name]: fields[name].to_json() for name in FIELD_FILES},
        STAGE_FILE: fields["stage"].to_json(),
    }


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def training_embedder() -> MiniLMEmbedder:
    """The bundled model with a fixed thread count, so vectors are the same on every run."""
    return MiniLMEmbedder(threads=2)


def grouped_cv(corpus: Path, embed: EmbedFn, grid: Sequence[float]) -> None:
    """Leave-one-writer-out figures for each C: the dev procedure for choosing C."""
    sentences = load_sentences(corpus / "sentences" / "train")
    writers = sorted({s.writer for s in sentences})
    vectors = embed([s.text for s in sentences])
    for c in grid:
        right = total = 0
        crit_tp = crit_fp = crit_fn = 0
        for held in writers:
            train = [i for i, s in enumerate(sentences) if s.writer != held]
            test = [i for i, s in enumerate(sentences) if s.writer == held]
            vocab = build_vocabulary([sentences[i].text for i in train])
            x = point_features(vocab, [s.text for s in sentences], vectors)
            fitted = fit(x[train], [sentences[i].label for i in train], POINT_LABELS, c)
            predicted = [POINT_LABELS[k] for k in fitted.predict(x[test].astype(np.float64))]
            for i, p in zip(test, predicted, strict=True):
                gold = sentences[i].label
                right += p == gold
                total += 1
                crit_tp += p == gold == "criticism"
                crit_fp += p == "criticism" != gold
                crit_fn += gold == "criticism" != p
        precision = crit_tp / max(crit_tp + crit_fp, 1)
        recall = crit_tp / max(crit_tp + crit_fn, 1)
        print(
            f"C={c:g}: accuracy {right / total:.3f}, "
            f"criticism precision {precision:.3f} recall {recall:.3f}"
        )


def quick_cv(corpus: Path) -> None:
    """Leave-one-writer-out: how much mail the quick model settles, and what it loses.

    For each pair of thresholds (QUICK_SURE, QUICK_MARGIN in ``ingest/triage.py``): the
    share of each group of kinds left to the full model, and how many rejections and
    feedback messages the quick model alone would set aside.
    """
    from nextround.ingest.triage import message_text, quick_settles

    messages = load_messages(corpus / "messages" / "train") + load_corpus_items(corpus)
    writers = sorted({m.writer for m in messages})
    probs = np.zeros((len(messages), len(KINDS)), dtype=np.float32)
    for held in writers:
        train = [m for m in messages if m.writer != held]
        train = [*train, *body_only(train)]
        vocabulary = build_vocabulary([message_text(m.item) for m in train])
        fitted = fit(
            quick_features(vocabulary, [m.item for m in train]),
            [m.kind for m in train],
            KINDS,
            TRIAGE_C,
        )
        test = [i for i, m in enumerate(messages) if m.writer == held]
        x = quick_features(vocabulary, [messages[i].item for i in test])
        probs[test] = fitted.predict_proba(x.astype(np.float64))
    groups = {
        "kept": ("rejection", "feedback"),
        "hiring": (
            "application_received",
            "interview_invitation",
            "assessment",
            "recruiter_outreach",
        ),
        "rest": ("job_alert", "not_hiring"),
    }
    inbox_share = {"kept": 0.02, "hiring": 0.08, "rest": 0.9}  # a job seeker's mailbox
    print(f"{len(messages)} messages, writers {writers}")
    # Notes and table rows are kept unless the model is very sure: only e-mail counts here.
    mail = [i for i, m in enumerate(messages) if m.item.kind not in ("note", "row")]
    by_group = {
        group: [i for i in mail if messages[i].kind in kinds] for group, kinds in groups.items()
    }
    for sure in (0.6, 0.7, 0.8, 0.9):
        for margin in (0.1, 0.12, 0.15, 0.2):
            settled = quick_settles(probs, sure, margin)
            open_share = sum(
                inbox_share[group] * (1 - settled[idx].mean()) for group, idx in by_group.items()
            )
            lost = int(settled[by_group["kept"]].sum())
            print(
                f"sure {sure} margin {margin}: {open_share:.1%} of an inbox left to the "
                f"embedding step; {lost} of {len(by_group['kept'])} e-mailed rejections "
                "and feedback set aside"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument(
        "--write", action="store_true", help="write the files and pin their digests"
    )
    parser.add_argument("--cv", action="store_true", help="leave-one-writer-out CV over C")
    parser.add_argument(
        "--cv-fields", action="store_true", help="leave-one-writer-out CV of the metadata reader"
    )
    parser.add_argument(
        "--cv-quick", action="store_true", help="leave-one-writer-out CV of quick triage"
    )
    args = parser.parse_args(argv)
    if args.cv_quick:
        quick_cv(args.corpus)
        return 0
    if args.cv_fields:
        from nextround.learn.train_fields import fields_cv

        fields_cv(args.corpus)
        return 0
    embedder = training_embedder()
    if args.cv:
        grouped_cv(args.corpus, embedder.embed, [0.5, 1, 2, 4, 8])
        return 0
    files = train_all(args.corpus, embedder.embed)
    same = True
    for name, text in files.items():
        print(f"{name}: sha256 {digest(text)} ({len(text.encode()):,} bytes)")
        same &= digest(text) == SHA256[name]
        if args.write:
            model_path(name).write_text(text, encoding="utf-8")
    if args.write:
        _pin({name: digest(text) for name, text in files.items()})
    print("matches the shipped weights" if same else "differs from the shipped weights")
    return 0


def _pin(digests: dict[str, str]) -> None:
    """Write the new digests into nextround/learn/shipped.py."""
    import re

    from nextround.learn import shipped

    path = Path(shipped.__file__)
    text = path.read_text(encoding="utf-8")
    constants = {
        POINTS_FILE: "POINTS_FILE",
        TRIAGE_QUICK_FILE: "TRIAGE_QUICK_FILE",
        TRIAGE_FULL_FILE: "TRIAGE_FULL_FILE",
        COMPANY_FILE: "COMPANY_FILE",
        ROLE_FILE: "ROLE_FILE",
        INTERVIEWER_FILE: "INTERVIEWER_FILE",
        STAGE_FILE: "STAGE_FILE",
    }
    for name, value in digests.items():
        text = re.sub(rf'({constants[name]}: )"[0-9a-f]*"', rf'\1"{value}"', text)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
