"""Builders for realistic input files used across the tests."""

from __future__ import annotations

import sys
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

REJECTION = (
    "Hi Jordan,\n\n"
    "Thank you for taking the time to interview for the Senior Backend Engineer role at "
    "Northwind Labs. The panel enjoyed the onsite, but the system design discussion stayed "
    "at a high level; we wanted to see trade-offs around consistency and how you would "
    "shard the write path.\n\n"
    "We wish you the best in your search.\n\n"
    "Best,\n"
    "Dana Whitfield\n"
    "Technical Recruiter, Northwind Labs\n"
    "+1 (415) 555-0134\n"
    "https://careers.northwindlabs.example\n"
)
REJECTION_CLEAN = (
    "Hi Jordan,\n\n"
    "Thank you for taking the time to interview for the Senior Backend Engineer role at "
    "Northwind Labs. The panel enjoyed the onsite, but the system design discussion stayed "
    "at a high level; we wanted to see trade-offs around consistency and how you would "
    "shard the write path.\n\n"
    "We wish you the best in your search."
)


def email_message(
    body: str = REJECTION,
    *,
    html: str | None = None,
    sender: str = '"Dana Whitfield" <dana.whitfield@northwindlabs.example>',
    subject: str = "Your application to Northwind Labs",
    date: str = "Wed, 04 Mar 2026 10:12:00 -0800",
    message_id: str = "<r1@northwindlabs.example>",
    charset: str = "utf-8",
    cte: str | None = None,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Jordan Ellis <jordan.ellis@mailbox.example>"
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = message_id
    if body:
        msg.set_content(body, charset=charset, cte=cte)
        if html is not None:
            msg.add_alternative(html, subtype="html")
    elif html is not None:
        msg.set_content(html, subtype="html", charset=charset, cte=cte)
    return msg


def write_email(path: Path, msg: EmailMessage) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(msg.as_bytes(policy=SMTP))
    return path


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def batch_command(source: Path, out: Path, home: Path, *options: str) -> list[str]:
    """The command line of a ``nextround batch --json`` run in its own process."""
    return [
        sys.executable, "-m", "nextround", "batch", str(source),
        "--out", str(out), "--home", str(home), "--json", *options,
    ]  # fmt: skip
