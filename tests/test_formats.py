"""The files people keep: Word, PDF, saved pages, Outlook, Maildir, Gmail Takeout, LinkedIn.

Every input is a real file made here with the format's own tools (python-docx, the
standard library's mailbox, pypdf, extract-msg's OLE writer) or written byte by byte
to the format's specification (a PDF with a text layer), and ingested for real.
"""

from __future__ import annotations

import datetime as dt
import io
import mailbox
import struct
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
from extract_msg.ole_writer import OleWriter
from pypdf import PdfWriter

from nextround import Workspace
from nextround.ingest.discover import Candidate
from nextround.ingest.documents import NO_TEXT_LAYER
from nextround.ingest.pipeline import read_candidate
from nextround.ingest.raw import RawItem
from nextround.ingest.triage import gmail_labels
from nextround.models import SkippedInput

from samples import REJECTION, email_message, write

MB = 1024 * 1024
FEEDBACK = (
    "The panel felt your system design answer stayed at a high level and never estimated "
    "the write load."
)
TABLE = [
    ("Area", "Comment"),
    ("Coding", "Clean, well-tested solution to the parser task."),
    ("System design", "No trade-offs discussed for the cache."),
]


def docx_bytes(paragraphs_before: list[str], table: list[tuple[str, str]], after: str) -> bytes:
    document = docx.Document()
    for text in paragraphs_before:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=2)
    for row, cells in zip(grid.rows, table, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    if after:
        document.add_paragraph(after)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rewritten(data: bytes, name: str, content: bytes) -> bytes:
    """A copy of the ZIP package ``data`` with its part ``name`` replaced by ``content``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            part = content if info.filename == name else old.read(info)
            new.writestr(info.filename, part, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def pdf_bytes(content: bytes, resources: bytes, extra: list[bytes] | None = None) -> bytes:
    """A one-page PDF, written to the PDF 1.4 specification with a correct xref table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
        + resources
        + b" /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        *(extra or []),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def text_pdf(lines: list[str]) -> bytes:
    shown = b" T* ".join(
        b"(%s) Tj" % line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(")
        for line in lines
    )
    content = b"BT /F1 11 Tf 14 TL 72 720 Td " + shown + b" ET"
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    return pdf_bytes(content, b"<< /Font << /F1 5 0 R >> >>", [font])


def scanned_pdf() -> bytes:
    """A page that is only a picture, as a scanner makes it: no text layer."""
    pixels = bytes([0, 255, 255, 0])
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length 4 >>\nstream\n" + pixels + b"\nendstream"
    )
    return pdf_bytes(
        b"q 500 0 0 700 56 46 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>", [image]
    )


def locked_pdf(user_password: str, lines: list[str]) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(text_pdf(lines)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def msg_bytes(
    *, subject: str, body: str, sender: str, address: str, sent: dt.datetime, message_id: str
) -> bytes:
    """An Outlook .msg ([MS-OXMSG]: property streams in an OLE2 compound file), written
    with extract-msg's own OLE writer: nothing pip installs writes .msg files whole."""
    strings = {
        "0037": subject,  # PR_SUBJECT
        "1000": body,  # PR_BODY
        "0C1A": sender,  # PR_SENDER_NAME
        "5D01": address,  # PR_SENDER_SMTP_ADDRESS
        "001A": "IPM.Note",  # PR_MESSAGE_CLASS: an e-mail
        "1035": message_id,  # PR_INTERNET_MESSAGE_ID
    }
    writer = OleWriter()
    entries = b""
    for tag, value in strings.items():
        data = value.encode("utf-16-le")
        writer.addEntry(f"__substg1.0_{tag}001F", data)
        entries += struct.pack("<IIII", int(tag + "001F", 16), 6, len(data) + 2, 0)
    filetime = int((sent - dt.datetime(1601, 1, 1, tzinfo=dt.UTC)).total_seconds() * 10**7)
    entries += struct.pack("<IIQ", 0x00390040, 6, filetime)  # PR_CLIENT_SUBMIT_TIME
    writer.addEntry("__properties_version1.0", bytes(32) + entries)  # top-level header
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(["__nameid_version1.0", f"__substg1.0_{stream}"], b"")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_word_document_is_read_paragraphs_and_table_in_order(
    workspace: Workspace, tmp_path: Path
) -> None:
    data = docx_bytes(
        ["Kestrel Cloud, onsite debrief", FEEDBACK], TABLE, "Next time: estimate before drawing."
    )
    write(tmp_path / "in" / "kestrel-onsite.docx", data)
    report = workspace.ingest([tmp_path / "in"])
    assert (report.added, report.skipped, report.set_aside) == (1, [], [])
    [record] = workspace.records()
    assert (record.source, record.format, record.kind) == (
        "kestrel-onsite.docx",
        "note",
        "feedback",
    )
    assert record.text == (
        f"Kestrel Cloud, onsite debrief\n\n{FEEDBACK}\n\nArea | Comment\n\n"
        "Coding | Clean, well-tested solution to the parser task.\n\n"
        "System design | No trade-offs discussed for the cache.\n\n"
        "Next time: estimate before drawing."
    )


def test_a_pdf_text_layer_is_read_and_a_scan_is_skipped(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = tmp_path / "in"
    write(root / "feedback.pdf", text_pdf(["Brightpath phone screen", FEEDBACK]))
    write(root / "scan.pdf", scanned_pdf())
    # locked against editing only (an empty password to open): read as any viewer opens it
    write(root / "unlocked.pdf", locked_pdf("", ["Tidewell onsite", "Estimate before drawing."]))
    report = workspace.ingest([root])
    assert [(s.source, s.reason) for s in report.skipped] == [("scan.pdf", NO_TEXT_LAYER)]
    assert NO_TEXT_LAYER == "PDF has no text layer (a scan?); not read"
    records = {r.source: r.text for r in workspace.records()}
    assert records == {
        "feedback.pdf": f"Brightpath phone screen\n{FEEDBACK}",
        "unlocked.pdf": "Tidewell onsite\nEstimate before drawing.",
    }


def test_damaged_locked_and_empty_documents_are_skipped_and_the_rest_land(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = tmp_path / "in"
    write(root / "good.docx", docx_bytes([FEEDBACK], [], ""))
    write(root / "old.docx", b"\xd0\xcf\x11\xe0 a Word 97 file renamed")
    write(root / "truncated.docx", docx_bytes([FEEDBACK], TABLE, "")[:900])
    write(root / "blank.docx", docx_bytes([], [], ""))
    good = docx_bytes([FEEDBACK], [], "")
    write(root / "bad-xml.docx", rewritten(good, "word/document.xml", b"<w:document"))
    bomb = rewritten(good, "word/document.xml", b" " * (17 * MB))  # 17 MB packed into 17 kB
    write(root / "bomb.docx", bomb)
    write(root / "broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    write(root / "locked.pdf", locked_pdf("s3cret", [FEEDBACK]))
    write(root / "photo.pdf", b"\x89PNG\r\n\x1a\n not a pdf")
    write(root / "empty.html", "<html><head><title>x</title><script>var a=1</script></head></html>")
    report = workspace.ingest([root])
    assert report.added == 1
    assert [r.source for r in workspace.records()] == ["good.docx"]
    assert len(bomb) < 100_000
    assert {s.source: s.reason for s in report.skipped} == {
        "bad-xml.docx": "damaged Word document: XMLSyntaxError: Namespace prefix w on "
        "document is not defined, line 1, column 12 (<string>, line 1)",
        "blank.docx": "Word document has no text",
        "bomb.docx": "Word document's text unpacks to 17 MB of markup, over the 16 MB limit; "
        "not read",
        "broken.pdf": "damaged PDF: PdfStreamError: Stream has ended unexpectedly",
        "empty.html": "web page has no text",
        "locked.pdf": "PDF is encrypted (it needs a password to open); not read: save an "
        "unlocked copy to ingest it",
        "old.docx": "not a Word document (.docx): not a ZIP package; an old .doc or a damaged "
        "file? Save it as .docx",
        "photo.pdf": "not a PDF: it does not start with a %PDF header",
        "truncated.docx": "not a Word document (.docx): not a ZIP package; an old .doc or a "
        "damaged file? Save it as .docx",
    }


def test_a_saved_web_mail_page_is_read_as_its_visible_text(
    workspace: Workspace, tmp_path: Path
) -> None:
    page = (
        '<!DOCTYPE html><html><head><meta charset="windows-1252">'
        "<title>Your interview with Fernhill &amp; Co</title>"
        "<style>.x { color: red }</style><script>track('open')</script></head><body>"
        '<div style="display:none">preheader text nobody sees</div>'
        "<p>Hi Jordan,</p><p>" + FEEDBACK + "</p>"
        "<ul><li>Estimate first</li><li>Name the trade-offs</li></ul>"
        "<p>Regards, Fernhill Caf\xe9 hiring team</p></body></html>"
    )
    write(tmp_path / "in" / "fernhill.html", page.encode("cp1252"))
    report = workspace.ingest([tmp_path / "in"])
    assert (report.added, report.skipped) == (1, [])
    [record] = workspace.records()
    assert record.source == "fernhill.html"
    assert record.subject == "Your interview with Fernhill & Co"
    assert record.text == (
        f"Hi Jordan,\n\n{FEEDBACK}\n\n- Estimate first\n- Name the trade-offs\n\n"
        "Regards, Fernhill Café hiring team"
    )


def test_an_outlook_message_is_read_like_an_email(workspace: Workspace, tmp_path: Path) -> None:
    root = tmp_path / "in"
    sent = dt.datetime(2026, 3, 4, 18, 12, tzinfo=dt.UTC)
    data = msg_bytes(
        subject="Your application to Northwind Labs",
        body=REJECTION.replace("\n", "\r\n"),
        sender="Dana Whitfield",
        address="Dana.Whitfield@northwindlabs.example",
        sent=sent,
        message_id="<r1@northwindlabs.example>",
    )
    write(root / "northwind.msg", data)
    write(root / "damaged.msg", data[:2048])
    write(root / "path.msg", b"/etc/hostname")  # not OLE: never taken for a file name
    report = workspace.ingest([root])
    assert report.added == 1
    [record] = workspace.records()
    assert (record.source, record.format, record.kind) == ("northwind.msg", "email", "rejection")
    assert (record.sender, record.subject, record.date, record.message_id) == (
        "Dana Whitfield",
        "Your application to Northwind Labs",
        dt.date(2026, 3, 4),
        "<r1@northwindlabs.example>",
    )
    assert record.text == REJECTION.rstrip("\n")
    assert record.company == "Northwind Labs"
    assert {s.source: s.reason for s in report.skipped} == {
        "damaged.msg": "damaged Outlook message: OleFileError: incorrect OLE FAT, sector "
        "index out of range",
        "path.msg": "not an Outlook message (.msg): not an OLE2 compound file",
    }
    [item] = read_candidate(Candidate(root / "northwind.msg", "n.msg"), MB, None)
    assert isinstance(item, RawItem)
    assert (item.sender_email, item.kind) == ("dana.whitfield@northwindlabs.example", "email")


JOB_ALERT = (
    "JobFinder Alerts <alerts@jobfinder.example>",
    "14 new jobs for Backend Engineer near Bristol",
    "Here are the latest jobs matching your saved search.\n\nBackend Engineer - Kin Labs - "
    "Bristol - £58,000\nSenior Backend Engineer - Harbour Tech - Clifton\nPlatform Engineer "
    "- Tidewell - Bath\n\nSee all 14 jobs\n\nYou are receiving this email because you created "
    "a job alert. Unsubscribe or manage your alerts.",
)


def alert_message() -> EmailMessage:
    sender, subject, body = JOB_ALERT
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Jordan Ellis <jordan.ellis@mailbox.example>"
    msg["Subject"] = subject
    msg["Date"] = "Thu, 05 Mar 2026 07:00:00 +0000"
    msg["List-Unsubscribe"] = "<https://jobfinder.example/unsubscribe>"
    msg.set_content(body)
    return msg


def test_a_maildir_is_read_message_by_message(workspace: Workspace, tmp_path: Path) -> None:
    root = tmp_path / "Mail"
    box = mailbox.Maildir(root)
    rejection = mailbox.MaildirMessage(email_message())
    rejection.set_subdir("cur")
    rejection.set_flags("S")  # read: in cur/, its name ends ":2,S"
    kept = box.add(rejection)
    alert = box.add(alert_message())  # unread: in new/
    jobs = box.add_folder("Jobs")  # Maildir++: .Jobs/
    feedback = email_message(
        body=f"Hi Jordan,\n\n{FEEDBACK}\n\nBest,\nPriya",
        subject="Feedback from your Tidewell onsite",
        message_id="<f1@tidewell.example>",
    )
    filed = jobs.add(feedback)
    write(root / "tmp" / "1767225600.M9P9.host", b"half a message")
    box.close()
    report = workspace.ingest([root])
    assert report.added == 2
    assert sorted((r.source, r.kind) for r in workspace.records()) == [
        (f".Jobs/new/{filed}", "feedback"),
        (f"cur/{kept}:2,S", "rejection"),
    ]
    assert [(s.source, s.kind) for s in report.set_aside] == [(f"new/{alert}", "job_alert")]
    assert [(s.source, s.reason) for s in report.skipped] == [
        (
            ".Jobs/maildirfolder",  # the Maildir++ marker mailbox.Maildir writes
            "a mail program's file in a Maildir, not a message (those are in cur/ and new/); "
            "not read",
        ),
        ("tmp/1767225600.M9P9.host", "a message still being delivered (Maildir tmp/); not read"),
    ]
    # a message file given on its own is read as an e-mail too
    [item] = read_candidate(Candidate(root / "new" / alert, alert, maildir=True), MB, None)
    assert isinstance(item, RawItem) and item.subject == JOB_ALERT[1]


def test_a_takeout_mbox_keeps_gmail_labels_and_spam_is_set_aside(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "in" / "All mail Including Spam and Trash.mbox"
    path.parent.mkdir()
    box = mailbox.mbox(path)
    rejection = email_message()
    rejection["X-Gmail-Labels"] = 'Inbox,Category Updates,"Jobs, 2026",Opened'
    box.add(rejection)
    scam = EmailMessage()
    scam["From"] = "HR Department <hr.department@quickhire-global.example>"
    scam["Subject"] = "Congratulations! You have been selected for a remote position"
    scam["Date"] = "Fri, 06 Mar 2026 02:14:00 +0000"
    scam["X-Gmail-Labels"] = "Spam,Unread"
    scam.set_content(
        "Dear Candidate,\n\nYour profile has been selected for a remote Data Entry Clerk "
        "position paying $950 per week. No interview is required. Reply with your full "
        "name, bank details and phone number to start today.\n\nHR Department"
    )
    box.add(scam)
    box.close()
    [first, second] = read_candidate(Candidate(path, path.name), MB, None)
    assert isinstance(first, RawItem) and isinstance(second, RawItem)
    assert first.headers["X-Gmail-Labels"] == 'Inbox,Category Updates,"Jobs, 2026",Opened'
    assert gmail_labels(first) == ["Inbox", "Category Updates", "Jobs, 2026", "Opened"]
    report = workspace.ingest([path])
    assert [(r.source, r.kind) for r in workspace.records()] == [(f"{path.name}#1", "rejection")]
    assert [(s.source, s.kind, s.reason) for s in report.set_aside] == [
        (f"{path.name}#2", "not_hiring", "labelled 'Spam' in Gmail: taken as not hiring mail")
    ]


LINKEDIN_HEADER = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
    "DATE,SUBJECT,CONTENT,FOLDER\n"
)
ME = "https://www.linkedin.com/in/jordan-ellis"
DANA = "https://www.linkedin.com/in/dana-whitfield"
OMAR = "https://www.linkedin.com/in/omar-haddad"


def linkedin_row(
    conv: str, sender: tuple[str, str], to: tuple[str, str], date: str, text: str
) -> str:
    content = text.replace('"', '""')
    return f'{conv},,{sender[0]},{sender[1]},{to[0]},{to[1]},{date} UTC,,"{content}",INBOX\n'


def test_a_linkedin_messages_export_gives_one_item_per_conversation(
    workspace: Workspace, tmp_path: Path
) -> None:
    me, dana, omar = ("Jordan Ellis", ME), ("Dana Whitfield", DANA), ("Omar Haddad", OMAR)
    rows = [  # newest first, as LinkedIn exports them
        linkedin_row(
            "2-Y29udjE=", dana, me, "2026-03-06 09:30:00",
            "<p>Of course. The other thing: they wanted you to talk through tests as you "
            "wrote the code.</p>",
        ),
        linkedin_row(
            "2-Y29udjE=", me, dana, "2026-03-05 17:00:00",
            "Thanks Dana, that is disappointing. Could you share any feedback?",
        ),
        linkedin_row(
            "2-Y29udjE=", dana, me, "2026-03-05 16:02:11",
            "<p>Hi Jordan,</p><p>Thanks for your time with the Northwind Labs team. We will "
            "not be moving forward.</p><p>" + FEEDBACK + "</p>",
        ),
        linkedin_row(
            "2-Y29udjI=", omar, me, "2026-02-20 11:00:00",
            "Hi Jordan, quick debrief from Friday: your take-home was tidy, but the README "
            "did not explain how to run the tests, and the reviewers could not run them.",
        ),
        linkedin_row("2-Y29udjM=", me, omar, "2026-01-02 10:00:00", "Happy new year, Omar!"),
    ]  # fmt: skip
    write(tmp_path / "in" / "messages.csv", LINKEDIN_HEADER + "".join(rows))
    report = workspace.ingest([tmp_path / "in"])
    assert report.added == 2
    records = {r.source: r for r in workspace.records()}
    assert sorted(records) == ["messages.csv#2-Y29udjE=", "messages.csv#2-Y29udjI="]
    dana_record = records["messages.csv#2-Y29udjE="]
    assert (dana_record.sender, dana_record.date, dana_record.format) == (
        "Dana Whitfield",
        dt.date(2026, 3, 6),
        "email",
    )
    assert dana_record.text == (
        "Hi Jordan,\n\nThanks for your time with the Northwind Labs team. We will not be "
        f"moving forward.\n\n{FEEDBACK}\n\nOf course. The other thing: they wanted you to "
        "talk through tests as you wrote the code."
    )
    assert records["messages.csv#2-Y29udjI="].sender == "Omar Haddad"
    assert [(s.source, s.reason) for s in report.skipped] == [
        (
            "messages.csv#2-Y29udjM=",
            "only your own messages in this LinkedIn conversation; not read",
        )
    ]


def test_readers_parse_the_bytes_read_once_not_the_path(tmp_path: Path) -> None:
    gone = tmp_path / "gone"  # no file is here: only the bytes are read
    inputs = {
        "a.docx": docx_bytes([FEEDBACK], [], ""),
        "a.pdf": text_pdf([FEEDBACK]),
        "a.htm": f"<p>{FEEDBACK}</p>".encode(),
        "a.msg": msg_bytes(
            subject="Feedback",
            body=FEEDBACK,
            sender="Dana",
            address="dana@x.example",
            sent=dt.datetime(2026, 3, 4, tzinfo=dt.UTC),
            message_id="<a@x.example>",
        ),
        "messages.csv": (
            LINKEDIN_HEADER
            + linkedin_row("c1", ("Dana", DANA), ("Jo", ME), "2026-03-05 16:02:11", FEEDBACK)
            + linkedin_row("c2", ("Omar", OMAR), ("Jo", ME), "2026-03-05 16:02:11", FEEDBACK)
        ).encode(),
    }
    for name, data in inputs.items():
        items = list(read_candidate(Candidate(gone / name, name), MB, None, data))
        assert items and all(isinstance(i, RawItem) for i in items), (name, items)
        assert all(FEEDBACK in i.text for i in items if isinstance(i, RawItem)), name
    skipped = list(read_candidate(Candidate(gone / "x.pdf", "x.pdf"), MB, None, scanned_pdf()))
    assert skipped == [SkippedInput(source="x.pdf", reason=NO_TEXT_LAYER)]
