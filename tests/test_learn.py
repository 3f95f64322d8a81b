"""The shipped classifiers: what they are, that they load checked, that training reproduces them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from nextround.embed import MiniLMEmbedder
from nextround.errors import ModelError
from nextround.ingest.triage import KINDS
from nextround.learn.linear import LinearModel, Vocabulary, load_model
from nextround.learn.points import POINT_LABELS, PointClassifier
from nextround.learn.shipped import SHA256, model_path, shipped_model
from nextround.learn.train import digest, train_all

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_the_shipped_files_are_the_pinned_ones_and_small() -> None:
    for name, expected in SHA256.items():
        raw = model_path(name).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == expected
        assert len(raw) < 160_000  # a linear head and its vocabulary, not a network
    assert shipped_model("points.json").classes == POINT_LABELS
    assert shipped_model("triage_full.json").classes == KINDS


def test_a_corrupt_weights_file_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "points.json"
    bad.write_bytes(model_path("points.json").read_bytes().replace(b'"C"', b'"c"'))
    with pytest.raises(ModelError, match=r"corrupt or not this release's .*reinstall nextround"):
        load_model(bad, SHA256["points.json"])
    with pytest.raises(ModelError, match="classifier weights missing"):
        load_model(tmp_path / "nope.json", SHA256["points.json"])


def test_model_files_round_trip_exactly() -> None:
    model = LinearModel(
        name="t",
        classes=("a", "b"),
        weights=np.array([[0.5, -1.25], [2.0, 0.0]], dtype=np.float32),
        bias=np.array([0.1, -0.1], dtype=np.float32),
        vocabulary=Vocabulary({"didn't": 0, "more depth": 1}),
    )
    again = LinearModel.from_json(model.to_json())
    assert again.to_json() == model.to_json()
    features = again.vocabulary.transform(["You didn't show more depth.", "Great work"])
    assert features.tolist() == [[pytest.approx(2**-0.5), pytest.approx(2**-0.5)], [0.0, 0.0]]
    assert np.allclose(again.proba(features).sum(axis=1), 1.0)


def test_points_are_read_from_their_own_words(embedder: MiniLMEmbedder) -> None:
    texts = [
        "Your handover skipped the patient's allergy status, which the panel flagged.",
        "You never lost your composure with the difficult customer in the role-play.",
        "The second round was a forty-minute case study on a retail client.",
        "We have offered the position to an internal applicant.",
        "Due to the volume of applications we cannot provide individual feedback.",
        "Thank you again and best of luck with your search.",
    ]
    labels = [r.label for r in PointClassifier.shipped().read(texts, embedder.embed(texts))]
    assert labels == [
        "criticism",
        "praise",
        "context",
        "boilerplate:internal_candidate",
        "boilerplate:no_feedback",
        "chatter",
    ]


@pytest.mark.slow
def test_training_reproduces_the_shipped_weights_exactly() -> None:
    files = train_all(CORPUS, MiniLMEmbedder(threads=2).embed)
    assert {name: digest(text) for name, text in files.items()} == SHA256
