"""Themes from planted corpora and the labelled sample: real model, real store."""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from nextround import Settings, Workspace
from nextround.cli import app
from nextround.embed import MiniLMEmbedder
from nextround.errors import ConfigError
from nextround.models import ThemeReport
from nextround.shapes import themes_json
from nextround.themes import ThemeEngine, ThemeOptions, load_taxonomy
from nextround.themes.head import fit_head
from nextround.themes.packs import shipped_dir
from nextround.themes.taxonomy import default_path

from planted import PlantedRecord, language_of, planted_corpus, write_jsonl

TAXONOMY_THEMES = (
    "system_design",
    "testing",
    "communication",
    "clarifying_questions",
    "behavioral_examples",
    "sql_data_modeling",
    "coding_fluency",
)
#: The theme a planted theme is found under: clarifying requirements is how the
#: software pack words the general layer's problem solving.
THEME_ID = {"clarifying_questions": "problem_solving"}


class Planted:
    """A planted corpus ingested into its own profile, with id mappings."""

    def __init__(self, n: int, root: Path, embedder: MiniLMEmbedder) -> None:
        self.records = planted_corpus(n)
        path = write_jsonl(self.records, root / f"planted-{n}.jsonl")
        self.settings = Settings.load(home=root / "home", profile=f"planted-{n}", env={})
        self.ws = Workspace(self.settings, embedder=embedder)
        report = self.ws.ingest([path])
        assert report.added == n, report.skipped
        # stored id -> planted record
        by_planted = {r.id: r for r in self.records}
        self.truth: dict[str, PlantedRecord] = {
            r.id: by_planted[r.source.split("#", 1)[1]] for r in self.ws.records()
        }

    def planted_ids(self, theme: str) -> set[str]:
        return {i for i, r in self.truth.items() if theme in r.themes}

    def containment(self, report: ThemeReport, theme: str, theme_id: str) -> float:
        wanted = self.planted_ids(theme)
        [found] = [t for t in report.themes if t.id == theme_id]
        return len(wanted & set(found.feedback_ids)) / len(wanted)


@pytest.fixture(scope="module")
def planted8(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder) -> Planted:
    return Planted(8, tmp_path_factory.mktemp("p8"), embedder)


@pytest.fixture(scope="module")
def planted40(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder) -> Planted:
    return Planted(40, tmp_path_factory.mktemp("p40"), embedder)


@pytest.fixture(scope="module")
def planted400(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder) -> Planted:
    return Planted(400, tmp_path_factory.mktemp("p400"), embedder)


def actionable(report: ThemeReport) -> list[str]:
    return [t.id for t in report.themes if t.actionable]


def test_eight_messages_give_real_themes(planted8: Planted) -> None:
    report = planted8.ws.themes()
    assert sorted(actionable(report)) == ["system_design", "testing"]
    for theme in ("system_design", "testing"):
        [found] = [t for t in report.themes if t.id == theme]
        assert set(found.feedback_ids) == planted8.planted_ids(theme)
        assert len(found.quotes) == 3
        assert found.practice  # the taxonomy's practice steps
    boilerplate = {i for i, r in planted8.truth.items() if not r.themes}
    assert set(report.non_actionable_ids) == boilerplate
    assert report.unassigned_ids == []


def test_forty_messages(planted40: Planted) -> None:
    report = planted40.ws.themes()
    recovered = {t: planted40.containment(report, t, THEME_ID.get(t, t)) for t in TAXONOMY_THEMES}
    # Four or five records a theme: since the general layer speaks for every job (its
    # communication, examples and teamwork sentences are no longer an engineer's), one
    # record more or less decides a theme here; the 400-record test below is the firmer.
    assert sum(share >= 0.6 for share in recovered.values()) >= 4, recovered
    assert min(recovered.values()) >= 0.4, recovered
    # Points are read by the trained classifier, not by cue lists fitted to this corpus:
    # no boilerplate record is ever actionable; a terse self-note may be missed.
    act_truth = {i for i, r in planted40.truth.items() if r.themes}
    predicted = set(planted40.truth) - set(report.non_actionable_ids)
    assert predicted <= act_truth
    assert len(predicted) / len(act_truth) >= 0.9


def test_four_hundred_messages_and_discovery(planted400: Planted) -> None:
    report = planted400.ws.themes()
    recovered = {t: planted400.containment(report, t, THEME_ID.get(t, t)) for t in TAXONOMY_THEMES}
    # with the trained point classifier (the old cue lists were fitted to this corpus)
    assert sum(share >= 0.65 for share in recovered.values()) >= 3, recovered
    assert min(recovered.values()) >= 0.35, recovered
    assert planted400.containment(report, "incident_response", "incident_response") >= 0.65
    # a theme outside the taxonomy is discovered, named from its own words
    _assert_discovered(planted400, report, "accessibility", ("aria", "keyboard", "screen", "wcag"))
    act_truth = {i for i, r in planted400.truth.items() if r.themes}
    predicted = set(planted400.truth) - set(report.non_actionable_ids)
    assert len(predicted & act_truth) / len(predicted) >= 0.95


def _assert_discovered(
    planted: Planted, report: ThemeReport, theme: str, words: tuple[str, ...]
) -> None:
    pure = [
        t
        for t in report.themes
        if t.source == "discovered"
        and len(planted.planted_ids(theme) & set(t.feedback_ids)) >= 0.8 * len(t.feedback_ids)
        and len(t.feedback_ids) >= 5
    ]
    assert pure, f"no discovered theme for {theme}"
    assert any(w in " ".join([*t.keywords, t.label.lower()]) for t in pure for w in words)


def _without_incident_response(
    planted: Planted, options: ThemeOptions | None = None
) -> ThemeReport:
    """Themes with the user's own copy of the software pack, without incident response."""
    shipped = shipped_dir() / "software_engineering.yaml"
    data = yaml.safe_load(shipped.read_text(encoding="utf-8"))
    data["competencies"] = [c for c in data["competencies"] if c["id"] != "incident_response"]
    mine = planted.settings.packs_dir / "software_engineering.yaml"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text(yaml.safe_dump(data), encoding="utf-8")
    try:
        return planted.ws.themes(options=options)
    finally:
        mine.unlink()


def test_a_competency_removed_from_its_pack_is_discovered(planted400: Planted) -> None:
    report = _without_incident_response(planted400)
    assert "incident_response" not in {t.id for t in report.themes}
    assert [p.id for p in report.engine.packs] == ["software_engineering"]
    _assert_discovered(
        planted400, report, "incident_response", ("outage", "incident", "rollback", "on-call")
    )


def test_close_calls_are_what_lets_a_missing_competency_recur(planted400: Planted) -> None:
    # The incident feedback is spread over debugging, communication and examples, each
    # only just ahead of the next: matched at once, no two records' leftovers agree.
    report = _without_incident_response(planted400, ThemeOptions(close_call=0.0))
    incident = planted400.planted_ids("incident_response")
    assert not [
        t
        for t in report.themes
        if t.source == "discovered" and len(incident & set(t.feedback_ids)) >= 5
    ]


def test_a_border_between_two_competencies_is_not_a_new_theme(planted400: Planted) -> None:
    # Close calls between problem solving and its neighbours cluster ("the ambiguous
    # prompt"); kept, they split the planted clarifying-questions theme.
    split = planted400.ws.themes(options=ThemeOptions(border_share=1.0))
    assert planted400.containment(split, "clarifying_questions", "problem_solving") < 0.35
    report = planted400.ws.themes()
    assert planted400.containment(report, "clarifying_questions", "problem_solving") >= 0.35
    reading = ThemeEngine(load_taxonomy(), planted400.ws.embedder.embed).read(
        planted400.ws.records()
    )
    discovered = {
        i for t in reading.report.themes if t.source == "discovered" for i in t.feedback_ids
    }
    waiting = [s for s in reading.points if s.close_call]
    assert waiting  # close calls stay out of their competency only inside a discovered theme
    for s in waiting:
        assert s.competency == -1 and s.point.record_id in discovered


def test_non_actionable_records_stay_out_of_actionable_themes(planted400: Planted) -> None:
    report = planted400.ws.themes()
    boilerplate = {i for i, r in planted400.truth.items() if not r.themes}
    assert boilerplate <= set(report.non_actionable_ids)
    for theme in report.themes:
        if theme.actionable:
            assert not boilerplate & set(theme.feedback_ids), theme.id
    kinds = {t.id for t in report.themes if not t.actionable}
    assert {
        "boilerplate-other-candidates",
        "boilerplate-role-filled",
        "boilerplate-internal-candidate",
        "boilerplate-role-closed",
    } <= kinds


def test_quotes_are_verbatim_spans(planted400: Planted) -> None:
    report = planted400.ws.themes()
    records = {r.id: r for r in planted400.ws.records()}
    quotes = [q for t in report.themes for q in t.quotes]
    assert len(quotes) >= 30
    for quote in quotes:
        assert records[quote.feedback_id].text[quote.start : quote.end] == quote.text
    for theme in report.themes:
        assert len({q.feedback_id for q in theme.quotes}) == len(theme.quotes)
        assert {q.feedback_id for q in theme.quotes} <= set(theme.feedback_ids)


def test_other_languages_are_flagged(planted40: Planted) -> None:
    report = planted40.ws.themes()
    foreign = {i for i, r in planted40.truth.items() if language_of(r) != "en"}
    assert len(foreign) == 2
    assert {r.feedback_id for r in report.reduced_confidence} == foreign
    assert {r.language for r in report.reduced_confidence} == {"es", "de"}
    # the model reads these languages poorly; the taxonomy's keywords in them still place
    # each record in a theme it was written about
    placed = {
        i: {t.id for t in report.themes if i in t.feedback_ids} & set(planted40.truth[i].themes)
        for i in foreign
    }
    assert all(placed.values()), placed


def test_output_is_deterministic(planted40: Planted, embedder: MiniLMEmbedder) -> None:
    first = json.dumps(themes_json(planted40.ws.themes()), sort_keys=False)
    fresh = Workspace(planted40.settings, embedder=embedder)  # as a new process would
    second = json.dumps(themes_json(fresh.themes()), sort_keys=False)
    assert first == second


def test_filters_and_min_records(planted40: Planted) -> None:
    from nextround.themes import ThemeOptions

    onsite = planted40.ws.themes(stage="onsite")
    onsite_ids = {r.id for r in planted40.ws.records(stage="onsite")}
    assert all(set(t.feedback_ids) <= onsite_ids for t in onsite.themes)
    strict = planted40.ws.themes(options=ThemeOptions(min_records=4))
    assert all(len(t.feedback_ids) >= 4 for t in strict.themes)


def _with_accessibility(path: Path) -> Path:
    text = default_path().read_text(encoding="utf-8")
    entry = """  - id: accessibility
    name: Web accessibility
    description: Building interfaces everyone can use, including keyboard and screen-reader users.
    examples:
      - "The form could not be completed with the keyboard alone."
      - "Screen reader users would not hear the error messages."
      - "No ARIA attributes or focus management in the modal."
      - "Colour contrast of the buttons failed the accessibility guidelines."
      - "Did not know how to make the custom dropdown accessible."
    practice:
      - "Rebuild one widget with the WAI-ARIA practices; test it with a screen reader."
    keywords: [accessib, a11y, aria, keyboard, screen reader, assistive, contrast, wcag]
"""
    path.write_text(text.replace("competencies:\n", "competencies:\n" + entry, 1), encoding="utf-8")
    return path


def test_a_taxonomy_edit_is_used_on_the_next_run(planted40: Planted) -> None:
    before = planted40.ws.themes()
    assert "accessibility" not in actionable(before)
    mine = _with_accessibility(planted40.settings.home / "taxonomy.yaml")
    try:
        after = planted40.ws.themes()
        [theme] = [t for t in after.themes if t.id == "accessibility"]
        assert theme.label == "Web accessibility"
        wanted = planted40.planted_ids("accessibility")
        assert len(wanted & set(theme.feedback_ids)) >= 3
        assert after.engine.taxonomy != before.engine.taxonomy
    finally:
        mine.unlink()


def test_bad_taxonomy_is_explained(tmp_path: Path) -> None:
    bad = tmp_path / "t.yaml"
    bad.write_text("competencies:\n  - id: Bad Id\n    name: x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"id 'Bad Id' must be snake_case"):
        load_taxonomy(bad)
    shutil.copy(default_path(), bad)
    bad.write_text(bad.read_text(encoding="utf-8") + "\nkeywords:\n  nope: [x]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="keywords for unknown competencies: nope"):
        load_taxonomy(bad)


def test_cli_json_contract(planted40: Planted) -> None:
    result = CliRunner().invoke(
        app,
        ["themes", "--json", "--home", str(planted40.settings.home), "--profile", "planted-40"],
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"themes", "non_actionable_ids", "unassigned_ids", "engine"}
    theme = data["themes"][0]
    assert set(theme) >= {
        "id",
        "label",
        "summary",
        "actionable",
        "feedback_ids",
        "quotes",
        "keywords",
        "stages",
        "months",
        "first_seen",
        "last_seen",
        "practice",
    }
    assert set(theme["quotes"][0]) == {"feedback_id", "text", "start", "end"}
    assert {"name", "version", "ranking"} <= set(data["engine"])
    result = CliRunner().invoke(
        app,
        [
            "themes",
            "--format",
            "md",
            "--home",
            str(planted40.settings.home),
            "--profile",
            "planted-40",
        ],
    )
    assert result.exit_code == 0
    assert result.stdout.startswith("# What keeps coming up — profile `planted-40`")
    assert "Practice:" in result.stdout


def _ids(records: Sequence[PlantedRecord]) -> list[str]:
    return [r.id for r in records]


def test_keywords_are_word_beginnings_or_whole_words() -> None:
    from nextround.themes.taxonomy import Competency

    competency = Competency("x", "X", "", (), (), keywords=("star$", "shard", "log$", "logg"))
    pattern = competency.keyword_pattern
    assert pattern is not None
    found = {
        t
        for t in ("STAR", "start", "sharding", "reshard", "log", "logic", "logging")
        if pattern.search(f"a {t} b")
    }
    assert found == {"STAR", "sharding", "log", "logging"}


def test_the_competency_head_is_fitted_on_the_examples_in_use(embedder: MiniLMEmbedder) -> None:
    tax = load_taxonomy()
    chosen = [c for c in tax.competencies if c.id in {"compensation_expectations", "level_fit"}]
    vectors = embedder.embed([e for c in chosen for e in c.examples])
    head = fit_head(vectors, [len(c.examples) for c in chosen], ridge=1.0)
    # its own examples, and sentences none of them contains, go to their competency
    own = [i for i, c in enumerate(chosen) for _ in c.examples]
    assert head.scores(vectors).argmax(axis=1).tolist() == own
    new = [
        "The number you asked for was well above the band we had agreed with finance.",
        "We need someone who has already run a team of managers, not just a team.",
    ]
    assert [chosen[i].id for i in head.scores(embedder.embed(new)).argmax(axis=1)] == [
        "compensation_expectations",
        "level_fit",
    ]
    # fitted in closed form: the same examples give the same head
    again = fit_head(vectors, [len(c.examples) for c in chosen], ridge=1.0)
    assert (again.weights == head.weights).all() and (again.bias == head.bias).all()
