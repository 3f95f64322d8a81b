"""The ``--json`` outputs keep the shapes README.md documents ("JSON shapes (a contract)").

Each documented example is parsed from README.md and compared with what the
command prints on a small planted corpus: the same keys at every level, and
values of the same JSON type (a number is a number, a list a list; ``null`` may
stand for a string that is unknown).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nextround.cli import app

from planted import planted_corpus, write_jsonl

README = Path(__file__).resolve().parents[1] / "README.md"

#: Objects whose keys are data (stage names, months, pack ids, filter names).
MAPPINGS = {
    "themes[].stages",
    "themes[].months",
    "engine.pack_scores",
    "engine.filters",
    "ingest.duplicates",
    "funnel[].by_stage",
    "thresholds",
}
#: The ``llm`` of ``themes --json`` for an offline run (the README lists a model's).
OFFLINE_LLM = {"backend", "model", "calls", "cache_hits", "tokens_in", "tokens_out", "fallbacks"}
#: What a model's run adds (README: "themes --json adds "llm": {...}").
MODEL_LLM = OFFLINE_LLM | {"timeouts", "not_asked", "warnings"}
#: Every line of ``summary.jsonl`` and every profile of ``batch --json``.
BATCH_PROFILE = {
    "profile": str,
    "status": str,
    "fingerprint": str,
    "records": int,
    "added": int,
    "actionable_share": float,
    "top_themes": list,
    "skipped": list,
    "error": str,
    "report": str,
    "seconds": float,
    "finished": str,
}


def documented(command: str) -> dict[str, Any]:
    """The JSON example README.md shows after the line naming ``command``."""
    text = README.read_text(encoding="utf-8")
    pattern = re.escape(f"`nextround {command}") + r"[^\n]*`[^\n]*\n\n```json\n(.*?)\n```"
    match = re.search(pattern, text, re.DOTALL)
    assert match, f"README.md documents no JSON shape for {command}"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def same_shape(doc: object, actual: object, path: str = "") -> None:
    """``actual`` has ``doc``'s keys at every level and values of the same JSON types."""
    if doc is None or actual is None:
        assert kind(doc if actual is None else actual) in ("str", "NoneType"), path
        return
    assert kind(doc) == kind(actual), f"{path}: {kind(actual)}, documented {kind(doc)}"
    if isinstance(doc, dict) and isinstance(actual, dict):
        if path.lstrip(".") in MAPPINGS:
            return
        assert set(actual) == set(doc), f"{path}: keys {sorted(actual)}, documented {sorted(doc)}"
        for key in doc:
            same_shape(doc[key], actual[key], f"{path}.{key}".lstrip("."))
    elif isinstance(doc, list) and isinstance(actual, list) and doc:
        for item in actual:
            same_shape(doc[0], item, f"{path}[]")


def run(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code in (0, 3), result.output
    return json.loads(result.stdout)


@pytest.fixture
def profile(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    source = write_jsonl(planted_corpus(12, seed=3), tmp_path / "in" / "feedback.jsonl")
    analysed = run("analyze", str(source.parent), "--out", str(tmp_path / "out"))
    return source, analysed


def test_themes_json_has_the_documented_shape(profile: tuple[Path, dict[str, Any]]) -> None:
    data = run("themes")
    doc = documented("themes")
    assert set(data) == set(doc) | {"llm"}
    assert set(data["llm"]) == OFFLINE_LLM and data["llm"]["backend"] == "offline"
    # written_by is documented with the language model ("marked written_by")
    for theme in data["themes"]:
        assert theme.pop("written_by") in ("offline", "llm", "fallback")
    assert set(data["engine"]["filters"]) == {"since", "until", "stage", "company"}
    same_shape({k: doc[k] for k in doc}, {k: data[k] for k in doc})
    assert {t["source"] for t in data["themes"]} <= {"taxonomy", "discovered", "boilerplate"}
    assert data["engine"]["pack_choice"] in ("given", "from the feedback")


def test_analyze_json_nests_the_documented_shapes(profile: tuple[Path, dict[str, Any]]) -> None:
    _, data = profile
    assert set(data) == {"ingest", "themes", "replies", "report", "reply_failures"}
    same_shape(documented("ingest PATH..."), data["ingest"], "ingest")
    themes = data["themes"]
    assert set(themes["llm"]) == OFFLINE_LLM
    for theme in themes["themes"]:
        theme.pop("written_by")
    doc = documented("themes")
    same_shape(doc, {k: themes[k] for k in doc})
    assert data["replies"], "the planted corpus has rejections to reply to"
    for reply in data["replies"]:
        same_shape(documented("reply ID --json"), reply, "replies[]")
    assert set(data["report"]) == {"html", "markdown"}


def test_list_show_and_reply_json(profile: tuple[Path, dict[str, Any]]) -> None:
    listed = run("list")
    same_shape(documented("list"), listed)
    assert {r["kind"] for r in listed["records"]} <= {"rejection", "feedback"}
    redacted = run("list", "--redact")
    same_shape(documented("list"), redacted)
    record_id = listed["records"][0]["id"]
    shown = run("show", record_id)
    assert set(documented("list")["records"][0]) <= set(shown)
    assert shown["format"] in ("email", "note", "row")
    reply = run("reply", record_id)
    same_shape(documented("reply ID --json"), reply)
    assert reply["engine"] in ("offline", "llm", "fallback")


def test_search_json(profile: tuple[Path, dict[str, Any]]) -> None:
    same_shape(documented("search QUERY"), run("search", "system design"))


def test_progress_json(profile: tuple[Path, dict[str, Any]]) -> None:
    data = run("progress")
    doc = documented("progress")
    # a theme's quotes are objects or null (no criticism dated, no praise since)
    quote = doc["themes"][0]["evidence"]["first_praise"]
    for theme in doc["themes"] + data["themes"]:
        for key in ("last_critical", "first_praise"):
            found = theme["evidence"].pop(key)
            if found is not None:
                same_shape(quote, found, f"themes[].evidence.{key}")
    same_shape(doc, data)
    assert data["themes"] and data["funnel"]
    assert {t["status"] for t in data["themes"]} <= {
        "resolved",
        "fading",
        "new",
        "persisting",
        "unclear",
    }
    assert set(data["funnel"][0]["by_stage"]) == {
        "application", "recruiter-screen", "phone-screen", "technical", "take-home", "onsite",
        "final", "unknown",
    }  # fmt: skip
    from nextround.progress.thresholds import thresholds

    assert data["thresholds"] == thresholds()


def test_batch_json(tmp_path: Path) -> None:
    for i, name in enumerate(["ana", "bo"]):
        write_jsonl(planted_corpus(6, seed=i), tmp_path / "cohort" / name / "feedback.jsonl")
    (tmp_path / "cohort" / "bo" / "slides.pdf").write_bytes(b"%PDF")
    out = tmp_path / "reports"
    data = run("batch", str(tmp_path / "cohort"), "--out", str(out))
    assert set(data) == {"profiles", "resumed", "summary", "index"}
    lines = [json.loads(line) for line in (out / "summary.jsonl").read_text().splitlines()]
    assert lines == data["profiles"]
    for profile_outcome in data["profiles"]:
        assert set(profile_outcome) == set(BATCH_PROFILE)
        for key, expected in BATCH_PROFILE.items():
            value = profile_outcome[key]
            assert isinstance(value, expected) or (expected is float and type(value) is int)
        assert profile_outcome["status"] in ("done", "failed")
        assert all(set(s) == {"source", "reason"} for s in profile_outcome["skipped"])
    assert [s["source"] for p in data["profiles"] for s in p["skipped"]] == ["slides.pdf"]


def test_enums_name_the_values_the_product_uses() -> None:
    from nextround.ingest.triage import KINDS, STORED_KINDS
    from nextround.models import RecordKind, ThemeSource, WrittenBy

    assert [k.value for k in RecordKind] == list(KINDS)
    assert set(STORED_KINDS) <= set(RecordKind)
    assert json.dumps([ThemeSource.DISCOVERED, WrittenBy.FALLBACK]) == '["discovered", "fallback"]'
