"""The sample corpus, ingested for real and scored against its labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from nextround import IngestReport, Settings, Workspace
from nextround.embed import MiniLMEmbedder
from nextround.ingest.triage import STORED_KINDS
from nextround.models import FeedbackRecord

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def labels() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((CORPUS / "labels.yaml").read_text(encoding="utf-8"))
    return {item["source"]: item for item in data["items"]}


@pytest.fixture(scope="module")
def ingested(
    tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder
) -> tuple[IngestReport, list[FeedbackRecord]]:
    home = tmp_path_factory.mktemp("corpus-home")
    settings = Settings.load(home=home, profile="jordan", candidate_name="Jordan Ellis", env={})
    ws = Workspace(settings, embedder=embedder)
    report = ws.ingest([CORPUS / "feedback"])
    return report, ws.records()


def test_every_item_lands_once(
    ingested: tuple[IngestReport, list[FeedbackRecord]], labels: dict[str, dict[str, Any]]
) -> None:
    report, records = ingested
    groups = [{src, lab["duplicate_of"]} for src, lab in labels.items() if lab["duplicate_of"]]
    assert report.skipped == []
    # hiring mail without feedback (the Parcelly reschedule) is set aside with its kind
    aside = {(s, lab["kind"]) for s, lab in labels.items() if lab["kind"] not in STORED_KINDS}
    assert aside == {("emails/2026-02-20-parcelly-reschedule.eml", "interview_invitation")}
    assert {(s.source, s.kind) for s in report.set_aside} == aside
    assert report.added == len(labels) - len(groups) - len(aside) == len(records)
    # each duplicate pair: exactly one side stored, the other reported as its duplicate
    stored = {r.source: r.id for r in records}
    reported = {d.source: d.duplicate_of for d in report.duplicates}
    assert len(reported) == len(groups)
    for group in groups:
        [kept] = [s for s in group if s in stored]
        [dropped] = [s for s in group if s in reported]
        assert reported[dropped] == stored[kept]


def test_redaction_recall_on_labelled_pii(
    ingested: tuple[IngestReport, list[FeedbackRecord]], labels: dict[str, dict[str, Any]]
) -> None:
    found = total = 0
    missed = []
    for record in ingested[1]:
        for pii in labels[record.source]["pii"]:
            if pii not in record.clean_text:
                continue  # e.g. only in a signature, which clean_text drops
            total += 1
            if pii in record.redacted_text:
                missed.append((record.source, pii))
            else:
                found += 1
    assert total >= 140  # the labels really are exercised
    recall = found / total
    assert recall >= 0.97, missed
    # the candidate's own name never survives either
    assert not [r.id for r in ingested[1] if "Jordan Ellis" in r.redacted_text]


def _accuracy(
    records: list[FeedbackRecord], labels: dict[str, dict[str, Any]], field: str
) -> float:
    hits = 0
    for record in records:
        expected = labels[record.source][field]
        got: Any = getattr(record, field)
        got = getattr(got, "value", got)
        if field == "date":
            hits += expected == got
        else:
            hits += str(expected or "").casefold() == str(got or "").casefold()
    return hits / len(records)


@pytest.mark.parametrize(
    ("field", "minimum"),
    [
        ("company", 0.95),
        ("date", 0.98),
        ("stage", 0.88),
        ("role", 0.85),
        ("interviewer", 0.90),
        ("language", 0.98),
    ],
)
def test_metadata_accuracy(
    ingested: tuple[IngestReport, list[FeedbackRecord]],
    labels: dict[str, dict[str, Any]],
    field: str,
    minimum: float,
) -> None:
    assert _accuracy(ingested[1], labels, field) >= minimum


def test_non_english_items_are_detected(
    ingested: tuple[IngestReport, list[FeedbackRecord]], labels: dict[str, dict[str, Any]]
) -> None:
    expected = {s: lab["language"] for s, lab in labels.items() if lab["language"] != "en"}
    got = {r.source: r.language for r in ingested[1] if r.source in expected}
    assert got == {s: lang for s, lang in expected.items() if s in got}
    assert len(got) == len(expected)
