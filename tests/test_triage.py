"""Triage: hiring feedback is found among the rest of an inbox; the rest is reported."""

from __future__ import annotations

import json
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nextround import Workspace
from nextround.cli import app
from nextround.embed import MiniLMEmbedder
from nextround.ingest.raw import RawItem
from nextround.ingest.triage import Triage, triage_items

from samples import write

# One realistic message of each kind, written for these tests (not training data).
MESSAGES: dict[str, tuple[str, str, str, str]] = {
    # kind: (sender, subject, body, extra header)
    "rejection": (
        "Harrowgate Dental Group <no-reply@harrowgate.myworkday.example>",
        "Your application for Dental Nurse",
        "Dear Amira,\n\nThank you for applying for the Dental Nurse vacancy at Harrowgate "
        "Dental Group. After reviewing your application, we regret to let you know that we "
        "will not be taking it further on this occasion.\n\nWe wish you every success.\n\n"
        "Harrowgate Dental Group Recruitment",
        "",
    ),
    "feedback": (
        "Colm Brennan <colm.brennan@lowtidebistro.example>",
        "Re: feedback on Saturday's trial",
        "Hi Amira,\n\nAs promised, a few notes from the trial shift. Your mise en place was "
        "tidy and you kept your station clean all service. Where you lost time was on the "
        "grill: steaks went out a touch over, and you didn't call back tickets to the pass, "
        "so I had to chase you twice. Work on your timing on proteins and talk to the pass.\n\n"
        "Colm",
        "",
    ),
    "application_received": (
        "Brightwater Schools Trust <careers@brightwater.teamtailor-mail.example>",
        "We have received your application",
        "Hello Amira,\n\nThanks for applying for the Teaching Assistant role with Brightwater "
        "Schools Trust. Your application has been received and our team will review it "
        "shortly. If you are shortlisted we will be in touch to arrange the next steps.\n\n"
        "Kind regards,\nBrightwater Schools Trust",
        "",
    ),
    "interview_invitation": (
        "Priscilla Owusu <p.owusu@meridiancare.example>",
        "Interview invitation - Care Coordinator",
        "Dear Amira,\n\nWe were pleased to receive your application and would like to invite "
        "you to interview for the Care Coordinator post. Please use the link below to pick a "
        "slot on Tuesday 14 or Wednesday 15 April; interviews last around 45 minutes.\n\n"
        "Best wishes,\nPriscilla Owusu\nRecruitment Officer, Meridian Care",
        "",
    ),
    "assessment": (
        "Northgate Bank Talent <talent@northgatebank.example>",
        "Next step: online numerical reasoning test",
        "Hi Amira,\n\nThank you for your application for the Customer Service Adviser role. "
        "The next step is a 25-minute online numerical reasoning and situational judgement "
        "test. Please complete it within 5 days using the link below.\n\nGood luck!\n"
        "Northgate Bank Talent Team",
        "",
    ),
    "recruiter_outreach": (
        "Jonah Pereira <jonah@keystonetalent.example>",
        "Hospitality role that may suit you",
        "Hi Amira,\n\nI came across your profile and I'm working with a boutique hotel group "
        "that is hiring a Front Office Supervisor. The package is competitive and the hours "
        "are flexible. Would you be open to a quick chat this week?\n\nCheers,\nJonah\n"
        "Senior Consultant, Keystone Talent",
        "",
    ),
    "job_alert": (
        "JobFinder Alerts <alerts@jobfinder.example>",
        "14 new jobs for Chef de Partie near Bristol",
        "Here are the latest jobs matching your saved search.\n\nChef de Partie - The Old "
        "Mill - Bristol - £28,000\nSenior Chef de Partie - Harbour Hotel - Clifton\nSous Chef "
        "- Kin Kitchen - Bath\n\nSee all 14 jobs\n\nYou are receiving this email because you "
        "created a job alert. Unsubscribe or manage your alerts.",
        "<https://jobfinder.example/unsubscribe>",
    ),
    "not_hiring": (
        "Parcelway <updates@parcelway.example>",
        "Your parcel is on its way",
        "Good news! Your order #48213 has been dispatched and will arrive on Thursday between "
        "10:00 and 14:00. Track your parcel in the app.\n\nThanks for shopping with us.",
        "<mailto:unsubscribe@parcelway.example>",
    ),
}


def _item(kind: str) -> RawItem:
    sender, subject, body, _unsub = MESSAGES[kind]
    name, address = sender.rsplit(" <", 1)
    return RawItem(
        source=kind,
        text=body,
        kind="email",
        subject=subject,
        sender=name,
        sender_email=address.rstrip(">"),
        headers={"List-Unsubscribe": _unsub} if _unsub else {},
    )


def test_each_kind_is_recognised(embedder: MiniLMEmbedder) -> None:
    verdicts = triage_items([_item(k) for k in MESSAGES], embedder.embed)
    assert [v.kind if v else None for v in verdicts] == list(MESSAGES)
    assert all(v is not None and 0 < v.confidence <= 1 for v in verdicts)


def test_clear_messages_are_settled_before_any_embedding() -> None:
    triage = Triage.shipped()
    for kind in ("job_alert", "application_received", "recruiter_outreach"):
        verdict = triage.quick(_item(kind))
        assert verdict is not None and verdict.kind == kind and verdict.by == "quick"
    unsure = RawItem(source="x", text="About the interview.", kind="email")
    assert triage.quick(unsure) is None  # the full model decides
    assert triage.quick(_item("rejection")) is None  # what is kept, the full model confirms


def _mbox(path: Path, kinds: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.mbox(str(path))
    for n, kind in enumerate(kinds):
        sender, subject, body, unsub = MESSAGES[kind]
        msg = EmailMessage()
        msg["From"] = sender
        msg["To"] = "Amira Haddad <amira.haddad@mailbox.example>"
        msg["Subject"] = subject
        msg["Date"] = f"Mon, {n + 2:02d} Mar 2026 09:00:00 +0000"
        msg["Message-ID"] = f"<m{n}@inbox.example>"
        if unsub:
            msg["List-Unsubscribe"] = unsub
        msg.set_content(body)
        box.add(msg)
    box.flush()
    box.close()
    return path


def test_a_mixed_mailbox_keeps_only_feedback_and_reports_the_rest(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = _mbox(tmp_path / "inbox.mbox", list(MESSAGES))
    report = workspace.ingest([path])
    assert report.added == 2
    assert sorted((r.source, r.kind) for r in workspace.records()) == [
        ("inbox.mbox#1", "rejection"),
        ("inbox.mbox#2", "feedback"),
    ]
    assert [(s.source, s.kind) for s in report.set_aside] == [
        (f"inbox.mbox#{n}", kind) for n, kind in enumerate(MESSAGES, start=1) if n > 2
    ]
    assert all(s.reason.startswith("looks like ") for s in report.set_aside)
    # nothing is silently dropped, and an unchanged re-run reports the same
    again = workspace.ingest([path])
    assert (again.added, again.unchanged) == (0, 2)
    assert again.set_aside == report.set_aside


def test_keep_all_stores_every_message_with_its_kind_and_list_filters(tmp_path: Path) -> None:
    path = _mbox(tmp_path / "in" / "inbox.mbox", list(MESSAGES))
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(path), "--keep-all", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["added"], data["set_aside"]) == (8, [])
    listed = runner.invoke(app, ["list", "--kind", "job_alert", "--json"])
    assert [r["source"] for r in json.loads(listed.stdout)["records"]] == ["inbox.mbox#7"]
    assert json.loads(listed.stdout)["records"][0]["kind"] == "job_alert"
    bad = runner.invoke(app, ["list", "--kind", "spam"])
    assert bad.exit_code == 2 and "choose one of rejection, feedback" in bad.output


def test_the_human_output_counts_what_was_set_aside(tmp_path: Path) -> None:
    path = _mbox(tmp_path / "in" / "inbox.mbox", list(MESSAGES))
    result = CliRunner().invoke(app, ["ingest", str(path)])
    assert result.exit_code == 0
    assert (
        "Set aside 6 messages without feedback (application_received 1, assessment 1, "
        "interview_invitation 1, job_alert 1, not_hiring 1, recruiter_outreach 1)"
    ) in " ".join(result.stdout.split())


def test_notes_the_user_wrote_are_feedback(workspace: Workspace, tmp_path: Path) -> None:
    write(
        tmp_path / "in" / "ember_trial.txt",
        "Trial shift at Ember & Rye. Plating was slow on the second sitting and I forgot to "
        "taste the jus before sending. Head chef liked my knife work.",
    )
    report = workspace.ingest([tmp_path / "in"])
    assert report.added == 1 and report.set_aside == []
    assert workspace.records()[0].kind == "feedback"


@pytest.mark.parametrize(
    "sentence",
    [
        "Unfortunately, Harbour Dental has moved to the next step in their hiring process, "
        "and your application was not selected at this time.",
        "Due to the high number of applications we are unable to provide individual feedback.",
        "We went with another candidate whose experience more closely matched the role.",
        "The position has now been filled.",
        "We have decided to pursue other applicants at this time.",
        "Regrettably the vacancy has been withdrawn following a budget review.",
        "The post was offered to an internal applicant.",
        "Candidates must hold the right to work in the UK without sponsorship.",
    ],
)
def test_rejection_boilerplate_is_never_actionable(
    workspace: Workspace, tmp_path: Path, sentence: str
) -> None:
    write(tmp_path / "in" / "r.txt", f"Dear Amira,\n\n{sentence}\n\nBest wishes,\nThe team")
    workspace.ingest([tmp_path / "in"], keep_all=True)
    [record] = workspace.records()
    report = workspace.themes()
    assert report.non_actionable_ids == [record.id]
    assert [t for t in report.themes if t.actionable] == []
    # asking for feedback on a template rejection is exactly right
    draft = workspace.reply(record.id, "feedback_request")
    assert draft.kind == "feedback_request"
