"""Corrections (`edit`), the candidate's inferred name, and what one record tells another."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nextround import Settings, Workspace
from nextround.cli import app
from nextround.embed import MiniLMEmbedder
from nextround.errors import ConfigError
from nextround.models import Stage

from samples import email_message, write, write_email

NOTE = (
    "Company: Bramley Academy\nRole: Teacher of Geography\n\n"
    "The lesson observation went well for pace, but I didn't check understanding before "
    "moving on and the plenary was rushed."
)


def test_edit_corrects_fields_and_show_marks_them(workspace: Workspace, tmp_path: Path) -> None:
    write(tmp_path / "in" / "bramley.txt", NOTE)
    workspace.ingest([tmp_path / "in"])
    [record] = workspace.records()
    corrected = workspace.edit(
        record.id[:6], company="Bramley Academy Trust", stage="onsite", date="2026-03-12"
    )
    assert corrected.id == record.id
    assert (corrected.company, corrected.stage, corrected.date) == (
        "Bramley Academy Trust",
        Stage.ONSITE,
        dt.date(2026, 3, 12),
    )
    assert corrected.corrected == ("company", "date", "stage")
    assert workspace.get(record.id) == corrected  # stored


def test_the_edit_command_and_show_mark_corrected_fields(tmp_path: Path) -> None:
    write(tmp_path / "in" / "bramley.txt", NOTE)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(tmp_path / "in")]).exit_code == 0
    rid = json.loads(runner.invoke(app, ["list", "--json"]).stdout)["records"][0]["id"]
    edited = runner.invoke(app, ["edit", rid, "--company", "Bramley Academy Trust", "--json"])
    assert edited.exit_code == 0
    assert json.loads(edited.stdout)["corrected"] == ["company"]
    shown = runner.invoke(app, ["show", rid])
    assert "company: Bramley Academy Trust  (corrected)" in shown.stdout
    assert "role: Teacher of Geography\n" in shown.stdout  # not corrected, not marked


def test_corrections_survive_a_changed_file_and_a_rebuilt_store(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    write(folder / "bramley.txt", NOTE)
    workspace.ingest([folder])
    [record] = workspace.records()
    workspace.edit(record.id, role="Geography Teacher (maternity cover)", interviewer="Ms Okafor")
    # a re-ingest of the same content, and a store rebuilt from scratch, keep the correction
    workspace.ingest([folder])
    workspace.forget([record.id])
    assert workspace.records() == []
    report = workspace.ingest([folder])
    assert report.added_ids == [record.id]
    again = workspace.get(record.id)
    assert (again.role, again.interviewer) == ("Geography Teacher (maternity cover)", "Ms Okafor")
    assert again.corrected == ("interviewer", "role")


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--stage", "lunch", "unknown stage 'lunch': choose one of application, recruiter-screen"),
        ("--date", "12/03/2026", "date '12/03/2026' is not a date: use YYYY-MM-DD"),
    ],
)
def test_edit_rejects_bad_values_and_changes_nothing(
    tmp_path: Path, option: str, value: str, message: str
) -> None:
    write(tmp_path / "in" / "bramley.txt", NOTE)
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(tmp_path / "in")]).exit_code == 0
    rid = json.loads(runner.invoke(app, ["list", "--json"]).stdout)["records"][0]["id"]
    before = json.loads(runner.invoke(app, ["show", rid, "--json"]).stdout)
    result = runner.invoke(app, ["edit", rid, option, value])
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    after = json.loads(runner.invoke(app, ["show", rid, "--json"]).stdout)
    assert after == before and after["corrected"] == []


def test_edit_needs_a_field(workspace: Workspace, tmp_path: Path) -> None:
    write(tmp_path / "in" / "bramley.txt", NOTE)
    workspace.ingest([tmp_path / "in"])
    with pytest.raises(ConfigError, match="nothing to change"):
        workspace.edit(workspace.records()[0].id)


def _rejection(folder: Path, greeting: str, company: str, n: int) -> None:
    body = (
        f"{greeting},\n\nThank you for interviewing for the Staff Nurse post at {company}. "
        "The panel felt your answer on escalating a deteriorating patient lacked structure, "
        "and we have offered the post to another candidate.\n\n"
        f"Kind regards,\nRecruitment team {n}"
    )
    write_email(
        folder / f"r{n}.eml",
        email_message(
            body,
            sender=f'"Recruitment {n}" <jobs{n}@trust{n}.example>',
            subject="Staff Nurse interview",
            message_id=f"<r{n}@trust.example>",
        ),
    )


def test_the_candidate_name_is_inferred_from_greetings_once(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    for n, (greeting, company) in enumerate(
        [
            ("Dear Priya Raman", "St Bride's Hospital"),
            ("Hi Priya", "Ashworth Care"),
            ("Dear Priya", "Meadowfield Trust"),
        ]
    ):
        _rejection(folder, greeting, company, n)
    ws = Workspace(settings, embedder=embedder)
    first = ws.ingest([folder])
    assert first.notes == [
        "Your feedback greets you as Priya Raman (3 of 3 greetings): nextround signs drafts "
        "with that name and redacts it. Set candidate_name (or NEXTROUND_CANDIDATE_NAME) to "
        "use another."
    ]
    assert ws.candidate_name == "Priya Raman"
    record = ws.records()[0]
    assert ws.reply(record.id, "thank_you").body.endswith("\nPriya Raman")
    _rejection(folder, "Dear Priya", "Hollins House", 9)
    assert ws.ingest([folder]).notes == []  # said once


def test_without_a_consistent_name_drafts_end_with_a_placeholder(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _rejection(folder, "Dear Priya", "St Bride's Hospital", 1)
    _rejection(folder, "Dear Tomasz", "Ashworth Care", 2)
    ws = Workspace(settings, embedder=embedder)
    assert ws.ingest([folder]).notes == []
    assert ws.candidate_name == ""
    draft = ws.reply(ws.records()[0].id, "stay_in_touch")
    assert draft.body.endswith("\n[Your name]")


def test_a_company_and_person_named_in_one_record_are_recognised_in_another(
    workspace: Workspace, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    body = (
        "Hi Amira,\n\nThanks for coming in for the trial shift. Your knife work was neat, "
        "but the sauces were under-seasoned and you fell behind on the second sitting.\n\n"
        "Rafael Nunes\nHead of Kitchen, The Salt House\n"
    )
    write_email(
        folder / "trial.eml",
        email_message(
            body,
            sender='"Rafael Nunes" <rafael@thesalthouse.example>',
            subject="Trial shift feedback",
        ),
    )
    write(
        folder / "the_salt_house_second_trial.txt",
        "Second trial. Rafael again watched the pass; I plated faster but forgot to wipe rims.",
    )
    workspace.ingest([folder])
    by_source = {r.source: r for r in workspace.records()}
    assert by_source["trial.eml"].company == "The Salt House"
    assert by_source["trial.eml"].interviewer == "Rafael Nunes"
    note = by_source["the_salt_house_second_trial.txt"]
    assert (note.company, note.interviewer) == ("The Salt House", "Rafael")


def test_a_template_rejection_without_an_interview_is_at_the_application_stage(
    workspace: Workspace, tmp_path: Path
) -> None:
    write_email(
        tmp_path / "in" / "r.eml",
        email_message(
            "Dear Amira,\n\nThank you for applying for the Pastry Chef position at Honeycomb "
            "Bakery. Unfortunately, Honeycomb Bakery has decided not to move forward with your "
            "application at this time.\n\nBest regards,\nHoneycomb Bakery",
            sender='"Honeycomb Bakery" <no-reply@honeycomb.workable.example>',
            subject="Your application",
        ),
    )
    workspace.ingest([tmp_path / "in"])
    [record] = workspace.records()
    assert (record.kind, record.stage, record.company, record.role) == (
        "rejection",
        Stage.APPLICATION,
        "Honeycomb Bakery",
        "Pastry Chef",
    )
