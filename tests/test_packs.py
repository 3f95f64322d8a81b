"""Role packs: loading and checking pack files, and choosing packs from the feedback."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nextround import Settings, Workspace
from nextround.cli import app
from nextround.embed import MiniLMEmbedder
from nextround.errors import ConfigError
from nextround.themes import ThemeEngine, load_taxonomy
from nextround.themes.labels import Label
from nextround.themes.packs import check_pack_ids, load_pack, load_packs, with_packs

SHIPPED = {
    "customer_support",
    "data_analytics",
    "finance_accounting",
    "marketing",
    "nursing_allied_health",
    "product_management",
    "sales",
    "software_engineering",
    "teaching",
    "ux_design",
}

PACK = """\
id: {id}
name: Lifeguarding
description: Pool and beach lifeguards.
signals: [lifeguard, rescue tube, pool deck]
competencies:
  - id: {cid}
    name: Water rescue
    examples:
      - "Your rescue tube approach was too slow for a passive casualty."
      - "The spinal board drill was not controlled enough."
    practice:
      - "Run three timed rescue drills with a colleague this week."
"""


def test_shipped_packs_load_with_distinct_competencies() -> None:
    packs = load_packs()
    assert {p.id for p in packs} == SHIPPED
    general = {c.id for c in load_taxonomy().competencies}
    seen: set[str] = set()
    for pack in packs:
        assert len(pack.signals) >= 20, pack.id
        assert 4 <= len(pack.competencies) <= 11, pack.id
        for c in pack.competencies:
            assert c.pack == pack.id
            assert c.id not in seen and c.id not in general, c.id
            seen.add(c.id)
            assert len(c.examples) >= 10 and len(c.practice) >= 4, c.id
    assert all(c.pack == "" for c in load_taxonomy().competencies)


def test_general_layer_gives_no_coding_advice() -> None:
    coding = re.compile(
        r"\b(coding|leetcode|algorithms?|refactor\w*|unit tests?|sql|code review|pull request)\b",
        re.I,
    )
    for c in load_taxonomy().competencies:
        for step in c.practice:
            assert not coding.search(step), (c.id, step)


def test_a_users_pack_adds_to_and_replaces_shipped_ones(tmp_path: Path) -> None:
    (tmp_path / "lifeguarding.yaml").write_text(PACK.format(id="lifeguarding", cid="lg_rescue"))
    (tmp_path / "teaching.yaml").write_text(PACK.format(id="teaching", cid="lg_teach"))
    packs = {p.id: p for p in load_packs(tmp_path)}
    assert set(packs) == SHIPPED | {"lifeguarding"}
    assert [c.id for c in packs["teaching"].competencies] == ["lg_teach"]
    assert packs["lifeguarding"].signals_in("Pool deck awareness; the rescue tubes") == [
        "pool deck",
        "rescue tubes",
    ]
    combined = with_packs(load_taxonomy(), [packs["lifeguarding"]])
    assert combined.competencies[-1].id == "lg_rescue"
    assert combined.digest != load_taxonomy().digest


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("id: Bad Id\nname: x\n", "pack file {path}: id 'Bad Id' must be snake_case"),
        ("id: ok\nname: x\nsignals: [a, b, c]\n", "needs a non-empty 'competencies:' list"),
        (
            "id: ok\nname: x\nsignals: [a]\ncompetencies:\n  - id: c1\n    name: C\n"
            "    examples: [a, b]\n    practice: [p]\n",
            "pack ok.yaml: 'signals' needs at least 3 entries, has 1",
        ),
        (
            "id: ok\nname: x\nsignals: [a, b, c]\ncompetencies:\n  - id: c1\n    name: C\n"
            "    examples: [a]\n    practice: [p]\n",
            "pack ok.yaml, competency 'c1': 'examples' needs at least 2 entries, has 1",
        ),
        ("id: [unclosed\n", "is not valid YAML"),
    ],
)
def test_a_broken_pack_file_names_what_is_wrong(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_pack(path)
    assert error.format(path=path) in str(info.value)


def test_unknown_pack_ids_are_named_with_the_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"unknown pack 'plumbing'; packs: customer_support, "):
        check_pack_ids(["teaching", "plumbing"], load_packs())
    assert check_pack_ids(["sales", "sales"], load_packs()) == ("sales",)


def test_config_packs_must_be_a_list_of_ids(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('packs = ["teaching", "sales"]\n')
    assert Settings.load(config_path=config, env={}).packs == ("teaching", "sales")
    config.write_text("packs = 3\n")
    with pytest.raises(ConfigError, match=r"packs must be a list of pack ids"):
        Settings.load(config_path=config, env={})
    assert Settings.load(env={"NEXTROUND_PACKS": "sales, marketing"}).packs == (
        "sales",
        "marketing",
    )
    assert Settings.load(env={}).packs is None


NURSE = [
    "Feedback from the ward manager: when the patient's NEWS2 score rose you did not escalate "
    "to the registrar, and your SBAR handover missed the obs trend.",
    "Panel notes: the drug calculation station was not passed; the IV infusion rate was wrong "
    "and you did not double-check the controlled drug with a second nurse.",
    "I struggled on the deteriorating patient scenario: I took another set of obs instead of "
    "calling the outreach team.",
    "The matron felt your answer on safeguarding a vulnerable adult lacked detail about when "
    "you would make a referral.",
    "Unfortunately we have offered the band 6 staff nurse post to another candidate.",
    "Your handover at the bedside was rushed and you left out the medication changes.",
]
TEACHER = [
    "The observed lesson lost pace: the starter ran for twenty minutes and the plenary was cut, "
    "so we could not see what pupils had learned.",
    "Behaviour management: low-level chatter went unchallenged and you did not use the school's "
    "warning system.",
    "The panel wanted to hear how you would adapt the lesson for pupils with SEND and EAL.",
    "Head of department feedback: no checks for understanding before moving on, no mini "
    "whiteboards, no cold calling.",
    "We have appointed another candidate to the Year 5 teacher post.",
    "Your answer on using assessment data to plan interventions for a Year 9 group was vague.",
]
CHEF = [
    "The risotto in the cook-off was under-seasoned and you never tasted it before it went.",
    "On the pass your tickets stacked up and the mains for table six came out cold.",
    "Your food cost on the menu came in at 38%, well over our GP target for the brasserie.",
    "Allergen matrix was incomplete for the new dishes and the probe log was not filled in.",
    "We have given the head chef job to another candidate.",
    "The brigade looked lost during service because you gave no briefing before doors opened.",
]
CODING = re.compile(
    r"\b(coding|leetcode|algorithms?|refactor\w*|unit tests?|sql|code review|pull request|"
    r"take-home|system design|data structures?)\b",
    re.I,
)


def _ingest(ws: Workspace, root: Path, name: str, texts: list[str]) -> None:
    folder = root / name
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"{name}-{i}.txt").write_text(text + "\n", encoding="utf-8")
    report = ws.ingest([folder])
    assert report.added == len(texts), report.skipped


@pytest.mark.parametrize(
    ("texts", "expected"),
    [(NURSE, ["nursing_allied_health"]), (TEACHER, ["teaching"]), (CHEF, [])],
    ids=["nurse", "teacher", "chef"],
)
def test_packs_are_chosen_from_the_feedback(
    workspace: Workspace, tmp_path: Path, texts: list[str], expected: list[str]
) -> None:
    _ingest(workspace, tmp_path, "notes", texts)
    report = workspace.themes()
    chosen = report.engine.packs
    assert [p.id for p in chosen] == expected
    assert report.engine.pack_choice == "from the feedback"
    for pack in chosen:
        assert re.match(r"\d+ of 6 records' criticism fits its competencies best", pack.why)
    for theme in report.themes:  # no coding drill ever reaches a nurse, a teacher or a chef
        assert not any(CODING.search(step) for step in theme.practice), theme.practice
    theme_packs = {
        c.pack
        for c in load_taxonomy().competencies
        + tuple(c for p in load_packs() for c in p.competencies)
        if c.id in {t.id for t in report.themes}
    }
    assert theme_packs <= {"", *expected}


def test_a_mixed_profile_gets_both_packs(workspace: Workspace, tmp_path: Path) -> None:
    _ingest(workspace, tmp_path, "nurse", NURSE)
    _ingest(workspace, tmp_path, "teacher", TEACHER)
    report = workspace.themes()
    ids = [p.id for p in report.engine.packs]
    assert sorted(ids) == ["nursing_allied_health", "teaching"]


def test_discovered_themes_are_named_with_a_phrase_of_their_own(
    workspace: Workspace, tmp_path: Path
) -> None:
    # a chef's feedback: no pack applies, so the kitchen's topics are discovered
    texts = [
        f"{opening} the allergen matrix for the {dish} was incomplete and the allergen "
        f"labels on the {dish} were missing."
        for opening, dish in [
            ("At the trial shift", "risotto"),
            ("Sadly", "tart"),
            ("Head chef's notes:", "salad"),
            ("In the cook-off", "curry"),
        ]
    ]
    _ingest(workspace, tmp_path, "kitchen", texts)
    report = workspace.themes()
    discovered = [t for t in report.themes if t.source == "discovered"]
    assert [t.label for t in discovered] == ["Allergen matrix"]
    [theme] = discovered
    assert len(theme.feedback_ids) >= 3  # one record may sit closer to a competency
    assert "allergen matrix" in theme.practice[0]
    assert theme.practice[1].startswith('Take the first quote ("')


def test_pack_option_overrides_the_choice(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    ws = Workspace(settings, embedder=embedder)
    _ingest(ws, tmp_path, "notes", NURSE)
    runner = CliRunner()
    where = ["--home", str(settings.home), "--profile", settings.profile]
    base = [*where, "--json"]
    result = runner.invoke(app, ["themes", *base, "--pack", "teaching", "--pack", "sales"])
    assert result.exit_code == 0, result.output
    engine = json.loads(result.stdout)["engine"]
    assert sorted(p["id"] for p in engine["packs"]) == ["sales", "teaching"]
    assert engine["pack_choice"] == "given"
    result = runner.invoke(app, ["themes", *base, "--pack", "plumbing"])
    assert result.exit_code == 1
    assert "Error: unknown pack 'plumbing'; packs: customer_support, data_analytics," in (
        result.output
    )
    table = runner.invoke(app, ["themes", *where])
    assert table.exit_code == 0, table.output
    assert table.output.startswith(
        "Role packs (from the feedback): Nursing and allied health (score "
    )


def test_themes_are_the_same_on_every_run(workspace: Workspace, tmp_path: Path) -> None:
    _ingest(workspace, tmp_path, "notes", NURSE + TEACHER)
    first = workspace.themes().model_dump_json()
    assert workspace.themes().model_dump_json() == first


def test_the_labelling_step_can_be_swapped(workspace: Workspace, tmp_path: Path) -> None:
    texts = [
        f"At the {place} the allergen matrix was incomplete and the allergen labels were missing."
        for place in ("trial shift", "cook-off", "tasting", "interview")
    ]
    _ingest(workspace, tmp_path, "kitchen", texts)
    seen: list[int] = []

    def mine(clusters, centroids, embed, taken):  # type: ignore[no-untyped-def]
        seen.append(len(clusters))
        return [Label(f"Cluster {i + 1}", ()) for i in range(len(clusters))]

    engine = ThemeEngine(load_taxonomy(), workspace.embedder.embed, labeler=mine)
    report = engine.analyse(workspace.records())
    assert seen == [1]
    assert [t.label for t in report.themes if t.source == "discovered"] == ["Cluster 1"]
