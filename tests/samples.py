"""Builders for realistic input files used across the tests."""

from __future__ import annotations

import base64
import os
import random
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


def raw_email(
    body: bytes, *, content_type: str = "text/plain; charset=utf-8", cte: str = ""
) -> bytes:
    """A message's bytes with the given body, as a mail client saves it."""
    head = (
        b"From: Dana Whitfield <dana@acme.example>\nTo: Jordan Ellis <jo@mailbox.example>\n"
        b"Subject: Your application to Acme\nDate: Wed, 04 Mar 2026 10:12:00 -0800\n"
        b"MIME-Version: 1.0\nContent-Type: " + content_type.encode() + b"\n"
    )
    if cte:
        head += b"Content-Transfer-Encoding: " + cte.encode() + b"\n"
    return head + b"\n" + body


def multipart_email(parts: list[tuple[str, bytes, str]]) -> bytes:
    """A multipart/mixed message of (content type, body, transfer encoding) parts."""
    body = b"".join(
        b"--zz\nContent-Type: " + ctype.encode() + b"\n"
        + (b"Content-Transfer-Encoding: " + cte.encode() + b"\n" if cte else b"")
        + b"\n" + payload + b"\n"
        for ctype, payload, cte in parts
    )  # fmt: skip
    return raw_email(body + b"--zz--\n", content_type="multipart/mixed; boundary=zz")


def random_base64(size: int, seed: int = 14) -> bytes:
    """``size`` random bytes, base64-encoded in lines as a mail client writes them."""
    return base64.encodebytes(random.Random(seed).randbytes(size))


def fifo(path: Path) -> Path:
    """A named pipe at ``path``: a file that blocks whoever opens it for reading."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path
