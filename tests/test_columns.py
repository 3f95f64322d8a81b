"""Tables whose columns are named in their writer's own words are still read."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from nextround.errors import InputError
from nextround.ingest.fields import match_columns, parse_date
from nextround.ingest.raw import RawItem
from nextround.ingest.tables import read_csv, read_json, read_jsonl

OWN_WORDS = (
    "Outfit;Doing what;Who I dealt with;How it went – in their words;Where it stopped;"
    "Applied on;Date they got back;Van?\n"
    "Brightfield Renewables Ltd;PV Installer;Stuart Penhallow;Stuart said my roof work was "
    "tidy but my DC string testing was slow and I could not explain the IR results.;"
    "Practical assessment;02/01/26;12/02/26;yes\n"
    "SunSmith Solar;Solar Installer;;Got the automated unfortunately email two days after "
    "applying, nothing else.;CV sift;15/01/26;20/01/26;\n"
    "Tidewater Electrical;Electrician (domestic);Becky at Apex;Becky said the client wanted "
    "someone with more battery storage installs behind them.;Phone interview;20/01/26;"
    "03/02/26;\n"
)


def _items(found: list[object]) -> list[RawItem]:
    assert all(isinstance(i, RawItem) for i in found), found
    return [i for i in found if isinstance(i, RawItem)]


def test_columns_in_own_words_are_typed_by_their_cells(tmp_path: Path) -> None:
    path = tmp_path / "kwame.csv"
    path.write_text(OWN_WORDS, encoding="utf-8")
    items = _items(list(read_csv(path, "kwame.csv")))
    assert [i.source for i in items] == ["kwame.csv#1", "kwame.csv#2", "kwame.csv#3"]
    assert [i.company for i in items] == [
        "Brightfield Renewables Ltd",
        "SunSmith Solar",
        "Tidewater Electrical",
    ]
    assert [i.role for i in items] == ["PV Installer", "Solar Installer", "Electrician (domestic)"]
    # the organisation after "at" is not a person
    assert [i.interviewer for i in items] == ["Stuart Penhallow", "", "Becky"]
    # the later of two date columns, read day first because one day is above 12
    assert [i.date for i in items] == [
        dt.date(2026, 2, 12),
        dt.date(2026, 1, 20),
        dt.date(2026, 2, 3),
    ]
    assert items[0].text.startswith("Stuart said my roof work")


def test_stage_cells_in_own_words(tmp_path: Path) -> None:
    path = tmp_path / "kwame.csv"
    table = OWN_WORDS.replace("Where it stopped", "Stage")
    path.write_text(table.replace("Phone interview", "Met the owners over coffee"), "utf-8")
    items = _items(list(read_csv(path, "kwame.csv")))
    # "CV sift" is the application stage; a stage no rule names is left to the learned
    # reader, which reads the cell as a hint beside the text
    assert [(i.stage, i.hint) for i in items] == [
        ("technical", ""),
        ("application", ""),
        ("", "Met the owners over coffee"),
    ]


def test_json_objects_are_matched_like_columns(tmp_path: Path) -> None:
    rows = [
        {
            "agency": "Harrowgate Talent Partners",
            "desk": "Senior Recruitment Consultant",
            "who_grilled_me": "Lewis Fairbrother & the MD",
            "heard_back": "Mon 2 Feb 2026",
            "the_gist": "Not progressing. Lewis said my rapport was great but I never asked "
            "for the business.",
        },
        {
            "agency": "Clearpath Recruitment",
            "desk": "Trainee Recruiter",
            "who_grilled_me": None,
            "heard_back": "Thu 15 Jan 2026",
            "the_gist": "generic rejection email, zero feedback given to me",
        },
    ]
    jsonl = tmp_path / "femi.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    as_array = tmp_path / "femi.json"
    as_array.write_text(json.dumps({"records": rows}), encoding="utf-8")
    for items in (
        _items(list(read_jsonl(jsonl, "femi.jsonl"))),
        _items(list(read_json(as_array, "femi.json"))),
    ):
        assert [(i.company, i.role, i.interviewer, i.date) for i in items] == [
            (
                "Harrowgate Talent Partners",
                "Senior Recruitment Consultant",
                "Lewis Fairbrother",
                dt.date(2026, 2, 2),
            ),
            ("Clearpath Recruitment", "Trainee Recruiter", "", dt.date(2026, 1, 15)),
        ]


def test_header_head_noun_and_tsv(tmp_path: Path) -> None:
    path = tmp_path / "declan.tsv"
    path.write_text(
        "Candidate_Stage\tJob_Posting_Title\tService\tOutcome date\tDebrief (my words)\n"
        "Final interview\tParamedic\tNorthvale Ambulance Service\t21/1/26\t"
        "Panel said my scenario was safe but my handover to the ED team was rushed.\n",
        encoding="utf-8",
    )
    (item,) = _items(list(read_csv(path, "declan.tsv")))
    assert (item.stage, item.role, item.company, item.date) == (
        "final",
        "Paramedic",
        "Northvale Ambulance Service",
        dt.date(2026, 1, 21),
    )


def test_no_prose_column_is_still_a_clear_error() -> None:
    with pytest.raises(InputError, match="no feedback column found"):
        match_columns(["Outfit", "Rate"], None, [["Brightfield", "£160"], ["SunSmith", "£150"]])


@pytest.mark.parametrize(
    ("text", "dayfirst", "want"),
    [
        ("21/1/26", False, dt.date(2026, 1, 21)),
        ("03/02/2026", False, dt.date(2026, 3, 2)),
        ("03/02/2026", True, dt.date(2026, 2, 3)),
        ("12-Feb-26", False, dt.date(2026, 2, 12)),
        ("14th January 2026", False, dt.date(2026, 1, 14)),
        ("Mon 2 Feb 2026", False, dt.date(2026, 2, 2)),
        ("31/31/2026", False, None),
    ],
)
def test_date_forms(text: str, dayfirst: bool, want: dt.date | None) -> None:
    assert parse_date(text, dayfirst) == want


def test_a_person_cell_keeps_a_lower_case_name_and_drops_roles(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text(
        "Company,Interviewer,Feedback\n"
        "Tesco,sarah,Said my till speed was fine but I froze on the complaint question.\n"
        "Aldi,Ravi Menon & the MD,They wanted more stock-rotation examples from me.\n",
        encoding="utf-8",
    )
    items = _items(list(read_csv(path, "notes.csv")))
    assert [(i.interviewer, i.names) for i in items] == [
        ("sarah", ["sarah"]),
        ("Ravi Menon", ["Ravi Menon"]),
    ]
