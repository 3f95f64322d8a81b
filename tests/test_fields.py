"""The learned metadata reader on mail and notes of jobs outside software (the shipped models)."""

from __future__ import annotations

from pathlib import Path

from nextround.ingest.emails import read_eml
from nextround.ingest.notes import read_note
from nextround.ingest.pipeline import Prepared, prepare
from nextround.learn.fields import STAGE_SURE, FieldReader
from nextround.learn.shipped import FIELD_FILES, STAGE_FILE, shipped_model
from nextround.models import Stage

from samples import email_message, write, write_email

KITCHEN = """Dear Tomasz,

Thank you for coming in to cook for us on Thursday and for meeting Chef Lucia Ferraro and me.

We enjoyed your risotto, but service pace slipped once the tickets stacked up and the
plating drifted. We have decided to offer the position to another candidate.

Kind regards,

Hannah Okafor
Kitchen Manager
The Copper Pot Brasserie
"""

WARD = """Hi Amira,

Thanks for your time on the panel interview for the Band 5 Staff Nurse post on Ward 7.
Unfortunately you were not successful on this occasion. The panel felt your answers on
escalating a deteriorating patient lacked structure.

Best wishes,
Graham Pike
Ward Manager, Elmbrook General Hospital
"""


def _prepared(path: Path) -> Prepared:
    reader = read_note if path.suffix in (".txt", ".md") else read_eml
    [item] = reader(path, path.name)
    out = prepare(item)
    assert isinstance(out, Prepared)
    return out


def test_company_from_the_signature_role_from_the_subject(tmp_path: Path) -> None:
    msg = email_message(
        KITCHEN,
        sender='"Hannah Okafor" <hannah@copperpot.example>',
        subject="Your trial shift for Sous Chef",
    )
    record = _prepared(write_email(tmp_path / "trial.eml", msg)).record
    # The signature writes "The Copper Pot Brasserie": with or without its article, the
    # name is as written.
    assert record.company.removeprefix("The ") == "Copper Pot Brasserie"
    assert (record.role, record.interviewer) == ("Sous Chef", "Hannah Okafor")


def test_a_portal_sender_does_not_hide_the_employer_in_the_signature(tmp_path: Path) -> None:
    msg = email_message(
        WARD, sender='"NHS Jobs" <noreply@jobs.example>', subject="Outcome of your interview"
    )
    prepared = _prepared(write_email(tmp_path / "outcome.eml", msg))
    record = prepared.record
    assert (record.company, record.role, record.interviewer, record.stage) == (
        "Elmbrook General Hospital",
        "Band 5 Staff Nurse",
        "Graham Pike",
        Stage.ONSITE,  # a panel interview
    )
    assert record.unsure == ()
    assert prepared.explicit == frozenset()  # nothing came from a column or front matter
    assert set(dict(prepared.sure)) == {"company", "role", "interviewer", "stage"}


def test_a_stage_the_text_does_not_give_is_marked_as_a_guess(tmp_path: Path) -> None:
    note = write(
        tmp_path / "harbourview.md",
        "# Dental Nurse, Harbourview\n\nHeard from Sunita Rao: I need more experience with "
        "sedation appointments.\n",
    )
    prepared = _prepared(note)
    assert (prepared.record.role, prepared.record.interviewer) == ("Dental Nurse", "Sunita Rao")
    assert prepared.record.unsure == ("stage",)
    assert prepared.sure["stage"] < STAGE_SURE


def test_every_value_is_text_of_the_record(tmp_path: Path) -> None:
    msg = email_message(
        "Thanks for applying. We have decided not to proceed with your application.\n",
        sender="no-reply@ats.example",
        subject="Your application",
    )
    record = _prepared(write_email(tmp_path / "a.eml", msg)).record
    assert (record.company, record.role, record.interviewer) == ("", "", "")


def test_the_reader_loads_the_shipped_models() -> None:
    reader = FieldReader.shipped()
    assert reader.stage_model.name == shipped_model(STAGE_FILE).name == "field_stage"
    for name, file in FIELD_FILES.items():
        assert reader.spans[name].classes == ("no", "yes")
        assert reader.spans[name].info["threshold"] == shipped_model(file).info["threshold"]


def _candidate_values(subject: str, body: str) -> set[str]:
    from nextround.ingest.raw import RawItem
    from nextround.ingest.spans import RuleReading, candidates

    item = RawItem(source="x.eml", text=body, kind="email", subject=subject)
    return {c.value for c in candidates(item, body, RuleReading())}


def test_candidates_keep_names_and_titles_whole() -> None:
    values = _candidate_values(
        "Electrician (JIB approved) - Holbeck Building Services Ltd.",
        "Dear Sam,\n\nThe panel (chair L. Baloyi) has decided.\nShunter / HGV Driver: filled, "
        "as is the Staff Nurse - NICU post at Coldwater Solutions, LLC in Leeds.\n",
    )
    for expected in (
        "Electrician (JIB approved)",  # a bracketed qualifier, lower case inside
        "Holbeck Building Services Ltd.",  # the full stop of a legal suffix
        "L. Baloyi",  # an initial
        "Shunter / HGV Driver",  # two titles joined by a slash
        "Staff Nurse - NICU",  # a title and its qualifier after a dash
        "Coldwater Solutions, LLC",  # a legal suffix after a comma
    ):
        assert expected in values, (expected, sorted(values))
    # Parts are candidates too; a bracket is never left open.
    assert {"Electrician", "HGV Driver", "Staff Nurse"} <= values
    assert not any(v.count("(") != v.count(")") for v in values if v.endswith("approved"))


def test_candidates_drop_brackets_and_read_lower_case_notes() -> None:
    from nextround.ingest.raw import RawItem
    from nextround.ingest.spans import RuleReading, candidates

    body = (
        "Feedback relayed by Calder Recruitment (Priya Shah) for the role at "
        "Mahalaxmi Developers (Site Supervisor).\nchat w/ sarah about the rota after.\n"
    )
    item = RawItem(
        source="phone screen codebridge.txt",
        text=body,
        kind="note",
        hint="phone screen codebridge",
    )
    found = {c.value: c.features for c in candidates(item, body, RuleReading())}
    # a bracket the span does not close is not part of a name or a title
    assert {"Priya Shah", "Site Supervisor"} <= found.keys()
    assert not any(v.startswith("(") for v in found)
    assert "sarah" in found  # a given name written in lower case
    # an agency beside another organisation: the model learns the employer is the client
    assert "agency" in found["Calder Recruitment"]
    assert "other_is_agency" in found["Mahalaxmi Developers"]
    assert "other_is_agency" not in found["Calder Recruitment"]
