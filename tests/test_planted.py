"""The planted-theme corpus generator itself: deterministic, balanced, well formed."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

import planted
from planted import (
    BOILERPLATE_KINDS,
    THEMES,
    PlantedRecord,
    language_of,
    planted_corpus,
    write_jsonl,
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def _fragments(text: str) -> list[str]:
    """Sentences and lines (greeting, sign-off, bullets) of a record's text."""
    return [f.strip() for f in _SENTENCE_END.split(text) if f.strip()]


def _theme_counts(records: list[PlantedRecord]) -> Counter[str]:
    return Counter(theme for record in records for theme in record.themes)


def _all_feedback() -> list[str]:
    return [s for pools in planted._FEEDBACK.values() for pool in pools.values() for s in pool]


def test_deterministic_for_same_arguments() -> None:
    assert planted_corpus(400, seed=3) == planted_corpus(400, seed=3)
    assert planted_corpus(40, themes=["testing", "accessibility"]) == planted_corpus(
        40, themes=["testing", "accessibility"]
    )
    assert planted_corpus(400, seed=3) != planted_corpus(400, seed=4)


def test_n8_plants_two_themes_three_times_each() -> None:
    records = planted_corpus(8)
    assert dict(_theme_counts(records)) == {"system_design": 3, "testing": 3}
    assert sum(1 for r in records if not r.themes) == 2
    assert all(len(r.themes) <= 1 for r in records)
    assert {language_of(r) for r in records} == {"en"}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_n40_covers_every_theme_evenly(seed: int) -> None:
    records = planted_corpus(40, seed=seed)
    counts = _theme_counts(records)
    assert set(counts) == set(THEMES)
    assert min(counts.values()) >= 3
    assert max(counts.values()) - min(counts.values()) <= 2
    assert sum(1 for r in records if not r.themes) == 8
    assert sum(1 for r in records if len(r.themes) == 2) == 10
    assert Counter(language_of(r) for r in records) == {"en": 38, "es": 1, "de": 1}


def test_n400_is_balanced_with_boilerplate_pairs_and_languages() -> None:
    records = planted_corpus(400)
    counts = _theme_counts(records)
    assert set(counts) == set(THEMES)
    assert max(counts.values()) - min(counts.values()) <= 2
    assert sum(counts.values()) == 320 + 96  # 96 records carry a second theme
    pure = [r for r in records if not r.themes]
    assert len(pure) == 80
    assert Counter(r.boilerplate for r in pure) == dict.fromkeys(BOILERPLATE_KINDS, 20)
    assert Counter(language_of(r) for r in records) == {"en": 380, "es": 10, "de": 10}
    assert all(len(r.themes) == 1 for r in records if language_of(r) != "en")
    assert all(len(set(r.themes)) == len(r.themes) for r in records)


def test_theme_subset_and_validation() -> None:
    records = planted_corpus(40, themes=["accessibility", "incident_response"], seed=5)
    assert set(_theme_counts(records)) == {"accessibility", "incident_response"}
    with pytest.raises(ValueError, match="unknown theme"):
        planted_corpus(10, themes=["not_a_theme"])
    with pytest.raises(ValueError):
        planted_corpus(10, boilerplate_share=1.5)
    assert planted_corpus(0) == []
    assert all(not r.themes for r in planted_corpus(20, boilerplate_share=1.0))


@pytest.mark.parametrize("n", [8, 40, 400])
def test_records_are_well_formed(n: int) -> None:
    records = planted_corpus(n, seed=11)
    assert [r.id for r in records] == [f"p{i:04d}" for i in range(1, n + 1)]
    first, last = dt.date(2026, 1, 1), dt.date(2026, 11, 20)
    for record in records:
        assert first <= dt.date.fromisoformat(record.date) <= last
        assert record.stage in planted.STAGES
        assert record.company in planted.COMPANIES
        assert record.interviewer in planted.INTERVIEWERS
        assert record.boilerplate is None or record.boilerplate in BOILERPLATE_KINDS
        fragments = _fragments(record.text)
        assert len(fragments) == len(set(fragments)), record.text
        sentences = [f for f in fragments if f.endswith((".", "!", "?"))]
        assert 2 <= len(sentences) <= 6, record.text


def test_themes_are_planted_in_the_text() -> None:
    for record in planted_corpus(400, seed=2):
        for theme in record.themes:
            pool = [s for p in planted._FEEDBACK[theme].values() for s in p]
            assert any(s in record.text for s in pool), (theme, record.text)


def test_boilerplate_records_carry_no_feedback() -> None:
    feedback = _all_feedback()
    pure = [r for r in planted_corpus(400, seed=1) if not r.themes]
    assert pure
    for record in pure:
        assert record.boilerplate in BOILERPLATE_KINDS
        assert language_of(record) == "en"
        assert not any(s in record.text for s in feedback), record.text
        kind_pool = planted._BOILERPLATE[record.boilerplate]["email"]
        assert any(s in record.text for s in kind_pool)


def test_sentence_pools_are_large_distinct_and_single_sentences() -> None:
    for theme, pools in planted._FEEDBACK.items():
        english = pools["email"] + pools["scorecard"] + pools["self"]
        assert len(english) >= 25, theme
        assert pools["es"] and pools["de"], theme
    for kind in BOILERPLATE_KINDS:
        assert len(planted._BOILERPLATE[kind]["email"]) >= 12, kind
    pleasantries = planted._GREETINGS + planted._THANKS + planted._WISHES
    assert len(pleasantries) >= 15
    everything = _all_feedback() + [
        s for pools in planted._BOILERPLATE.values() for pool in pools.values() for s in pool
    ]
    everything += planted._THANKS + planted._WISHES
    assert len(everything) == len(set(everything))
    for sentence in everything:
        assert _fragments(sentence) == [sentence], sentence
    assert len(planted.COMPANIES) == len(set(planted.COMPANIES)) == 60
    assert len(planted.INTERVIEWERS) == len(set(planted.INTERVIEWERS)) == 40


def test_write_jsonl_round_trips(tmp_path: Path) -> None:
    records = planted_corpus(40)
    path = write_jsonl(records, tmp_path / "sub" / "planted.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 40
    keys = {"id", "company", "role", "stage", "date", "interviewer", "feedback"}
    assert all(set(row) == keys for row in rows)
    assert [row["feedback"] for row in rows] == [r.text for r in records]
    assert rows[0]["id"] == records[0].id
