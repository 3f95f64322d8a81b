"""Metadata from the text: right when it can tell, empty when it cannot."""

from __future__ import annotations

import datetime as dt

import pytest

from nextround.ingest.fields import parse_date, parse_stage
from nextround.ingest.metadata import (
    company_from_sender,
    company_from_text,
    interviewer_from_sender,
    role_from_text,
)
from nextround.ingest.stages import stage_from_text
from nextround.models import Stage


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Thanks for completing the take-home assignment.", Stage.TAKE_HOME),
        ("Thank you for joining us for the virtual onsite.", Stage.ONSITE),
        ("After your final round with the CTO we decided", Stage.FINAL),
        ("Thanks for the phone screen last week.", Stage.PHONE_SCREEN),
        ("It was great to chat in our recruiter call.", Stage.RECRUITER_SCREEN),
        ("Your live coding session showed", Stage.TECHNICAL),
        ("We will not move you forward to the onsite after the phone screen.", Stage.PHONE_SCREEN),
        ("We have decided not to proceed with your application.", Stage.UNKNOWN),
        ("Gracias por la entrevista técnica.", Stage.TECHNICAL),
    ],
)
def test_stage_from_text(text: str, stage: Stage) -> None:
    assert stage_from_text(text) is stage


@pytest.mark.parametrize(
    ("value", "stage"),
    [
        ("On-site", Stage.ONSITE),
        ("HM screen", Stage.PHONE_SCREEN),
        ("Final Round", Stage.FINAL),
        ("Take home", Stage.TAKE_HOME),
        ("Recruiter Screen", Stage.RECRUITER_SCREEN),
        ("Technical Interview", Stage.TECHNICAL),
        ("banana", Stage.UNKNOWN),
        ("", Stage.UNKNOWN),
    ],
)
def test_parse_stage(value: str, stage: Stage) -> None:
    assert parse_stage(value) is stage


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2026-03-14", dt.date(2026, 3, 14)),
        ("2026-03-14T10:00:00Z", dt.date(2026, 3, 14)),
        ("03/14/2026", dt.date(2026, 3, 14)),
        ("14.03.2026", dt.date(2026, 3, 14)),
        ("Mar 14, 2026", dt.date(2026, 3, 14)),
        ("14 March 2026", dt.date(2026, 3, 14)),
        ("Sat, 14 Mar 2026 10:00:00 +0000", dt.date(2026, 3, 14)),
        ("2026-02-30", None),
        ("soon", None),
        ("", None),
    ],
)
def test_parse_date(value: str, date: dt.date | None) -> None:
    assert parse_date(value) == date


def test_company_from_sender_domain_spelled_in_text() -> None:
    assert (
        company_from_sender(
            "Dana Whitfield",
            "dana@northwindlabs.example",
            "Thanks for interviewing with Northwind Labs.",
        )
        == "Northwind Labs"
    )


def test_company_from_team_sender_name() -> None:
    assert company_from_sender("Brightpath Recruiting", "no-reply@greenlight-ats.example", "") == (
        "Brightpath"
    )


def test_company_from_generic_domain_is_empty() -> None:
    assert company_from_sender("Lee", "lee@gmail.com", "hi") == ""
    assert company_from_sender("Lee", "lee@myworkday.com", "hi") == ""


def test_company_from_text_patterns() -> None:
    assert company_from_text("Thank you for your interest in Kestrel Systems. Unfortunately") == (
        "Kestrel Systems"
    )
    assert (
        company_from_text("We enjoyed meeting you", "Your application to Acme Health")
        == "Acme Health"
    )
    assert company_from_text("We have decided to move on.") == ""


def test_role_from_text() -> None:
    assert (
        role_from_text("for the Staff Engineer, Platform role at X") == "Staff Engineer, Platform"
    )
    assert role_from_text("your application for the Senior Data Engineer position") == (
        "Senior Data Engineer"
    )
    assert role_from_text("we enjoyed talking with you") == ""


def test_interviewer_from_sender_ignores_teams() -> None:
    assert interviewer_from_sender("Dana Whitfield") == "Dana Whitfield"
    assert interviewer_from_sender("Brightpath Recruiting") == ""
    assert interviewer_from_sender("no-reply") == ""
