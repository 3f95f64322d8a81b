"""Reading a mail folder over IMAP and putting drafts in Drafts, against a real Dovecot.

Every test starts its own Dovecot (tests/dovecot.py) with a mailbox like a job
seeker's: a rejection with feedback among a job alert, an application
confirmation and a newsletter. What the server holds is read through a
connection of the test's own before and after, to show that ingest changes
nothing there.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from nextround import Settings, Workspace
from nextround.cli import app
from nextround.embed import MiniLMEmbedder
from nextround.errors import MailUnreachable, UsageError
from nextround.mail import FetchOptions, MailAccess, parse_account
from nextround.mail.account import INSECURE_WARNING

from dovecot import Dovecot, running_dovecot, skip_reason
from samples import email_message
from servers import free_port

pytestmark = pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or "")
runner = CliRunner()


def _message(sender: str, subject: str, body: str, message_id: str, **headers: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Jordan Ellis <jordan.ellis@mailbox.example>"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 09 Mar 2026 09:00:00 +0000"
    msg["Message-ID"] = message_id
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes(policy=SMTP)


REJECTION = email_message().as_bytes(policy=SMTP)  # Northwind Labs, with feedback
ALERT = _message(
    "Indeed <alert@indeed.example>",
    "15 new Backend Engineer jobs in Seattle, WA",
    "Backend Engineer jobs in Seattle, WA\n\nSenior Backend Engineer\nKestrel Cloud - Seattle\n"
    "$160,000 - $190,000 a year\nEasily apply\n\nBackend Engineer II\nBluefen - Remote\nNew\n\n"
    "See all 15 jobs\n\nYou're receiving this because you set up a job alert. "
    "Unsubscribe | Edit alert",
    "<a1@indeed.example>",
    List_Unsubscribe="<https://indeed.example/unsubscribe?id=3a>",
)
CONFIRMATION = _message(
    "Kestrel Cloud Careers <no-reply@kestrelcloud.myworkdayjobs.example>",
    "Thank you for applying: Staff Engineer, Platform",
    "Dear Jordan,\n\nThank you for your interest in Kestrel Cloud. We have received your "
    "application for Staff Engineer, Platform (REQ-4471).\n\nOur recruiting team will review "
    "your application against the requirements of the role. Should your application be "
    "successful, a member of our team will contact you.\n\nYou can check the status of your "
    "application at any time in our careers portal.\n\nKestrel Cloud Talent Acquisition",
    "<c1@kestrelcloud.example>",
)
NEWSLETTER = _message(
    "The Pragmatic Engineer <newsletter@pragmatic.example>",
    "The Pulse #112: What's next for platform teams",
    "Hi there,\n\nThis week: why platform teams are shrinking, a deep dive into on-call "
    "compensation, and three reader questions about staff-level promotions.\n\n"
    "Read in browser | Unsubscribe from this newsletter\n\n"
    "The Pragmatic Engineer, 548 Market St, San Francisco",
    "<n1@pragmatic.example>",
    List_Id="<pulse.pragmatic.example>",
    List_Unsubscribe="<mailto:unsub@pragmatic.example>",
)
LATER_REJECTION = email_message(
    "Hi Jordan,\n\nThank you for interviewing for the Platform Engineer role at Bluefen. "
    "The team liked your debugging, but your answers on capacity planning were thin and "
    "the load-testing exercise was left unfinished.\n\nWe wish you the best.\n\n"
    "Priya Raman\nEngineering Manager, Bluefen\n",
    sender='"Priya Raman" <priya@bluefen.example>',
    subject="Platform Engineer at Bluefen",
    message_id="<r2@bluefen.example>",
).as_bytes(policy=SMTP)

#: INBOX as the server holds it: the rejection read already, the newsletter flagged.
INBOX = [(REJECTION, "S"), ALERT, CONFIRMATION, (NEWSLETTER, "F")]
SET_ASIDE = [(2, "job_alert"), (3, "application_received"), (4, "not_hiring")]


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dovecot]:
    """A Dovecot whose certificate this process trusts, and its password in the environment."""
    with running_dovecot({"INBOX": INBOX, "Jobs": [REJECTION, ALERT]}) as dovecot:
        monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cafile))  # read by ssl's defaults
        monkeypatch.setenv("NEXTROUND_IMAP_PASSWORD", dovecot.password)
        yield dovecot


@pytest.fixture
def ws(isolated_env: Path, embedder: MiniLMEmbedder) -> Workspace:
    return Workspace(Settings.load(home=isolated_env, profile="mail"), embedder=embedder)


def ingest(*args: str) -> tuple[int, dict[str, object], str]:
    result = runner.invoke(app, ["ingest", *args, "--profile", "mail", "--json"])
    data = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, data, result.stderr


def sources(server: Dovecot, folder: str = "INBOX") -> str:
    return f"imap://{server.user}@127.0.0.1:{server.port}/{folder}"


def test_an_inbox_keeps_only_the_feedback_and_nothing_on_the_server_changes(
    server: Dovecot,
) -> None:
    before = server.snapshot()
    code, data, _ = ingest(server.url())
    assert code == 0
    assert data["added"] == 1
    assert [(s["source"], s["kind"]) for s in data["set_aside"]] == [  # type: ignore[attr-defined]
        (f"{sources(server)}/{uid}", kind) for uid, kind in SET_ASIDE
    ]
    assert data["mail"] == [
        {
            "source": sources(server),
            "uidvalidity": server.uidvalidity("INBOX"),
            "fetched": 4,
            "last_uid": 4,
            "renumbered": False,
        }
    ]
    listed = json.loads(runner.invoke(app, ["list", "--profile", "mail", "--json"]).stdout)
    [record] = listed["records"]
    assert (record["source"], record["company"], record["kind"]) == (
        f"{sources(server)}/1",
        "Northwind Labs",
        "rejection",
    )
    assert "shard the write path" in record["text"]
    # Flags (\Seen not set on the unread ones, \Recent kept) and counts of every folder.
    after = server.snapshot()
    assert after == before
    assert after["INBOX"][1] == (2, ("\\Recent",))


def test_a_rerun_fetches_nothing_and_then_only_what_arrived(server: Dovecot) -> None:
    assert ingest(server.url())[0] == 0
    code, data, _ = ingest(server.url())
    assert (code, data["added"], data["set_aside"]) == (0, 0, [])
    assert data["mail"][0]["fetched"] == 0 and data["mail"][0]["last_uid"] == 4  # type: ignore[index]

    server.append("INBOX", LATER_REJECTION)
    before = server.snapshot()
    code, data, _ = ingest(server.url())
    assert (code, data["added"], data["total"]) == (0, 1, 2)
    assert data["mail"][0]["fetched"] == 1 and data["mail"][0]["last_uid"] == 5  # type: ignore[index]
    listed = json.loads(runner.invoke(app, ["list", "--profile", "mail", "--json"]).stdout)
    assert sorted(r["source"].rsplit("/", 1)[1] for r in listed["records"]) == ["1", "5"]
    assert server.snapshot() == before


def test_forgotten_mail_comes_back_on_the_next_ingest(server: Dovecot) -> None:
    assert ingest(server.url())[0] == 0
    forget = runner.invoke(app, ["forget", "--source", sources(server), "--profile", "mail"])
    assert forget.exit_code == 0
    code, data, err = ingest(server.url())
    assert err == ""
    # the folder is read from the start again, and its one rejection stored again
    assert (code, data["added"], data["total"]) == (0, 1, 1)
    assert data["mail"][0]["fetched"] == 4 and data["mail"][0]["last_uid"] == 4  # type: ignore[index]
    # forgetting one message by id does the same for its folder
    listed = json.loads(runner.invoke(app, ["list", "--profile", "mail", "--json"]).stdout)
    [record] = listed["records"]
    assert runner.invoke(app, ["forget", record["id"], "--profile", "mail"]).exit_code == 0
    code, data, _ = ingest(server.url())
    assert (code, data["added"], data["total"]) == (0, 1, 1)
    # a folder whose records stay is read on from where it was left
    code, data, _ = ingest(server.url())
    assert (code, data["added"], data["mail"][0]["fetched"]) == (0, 0, 0)  # type: ignore[index]
    # another selection reads the folder from the start: what is stored is recognised
    code, data, err = ingest(server.url(), "--since", "2000-01-01")
    assert (code, err, data["added"], data["unchanged"], data["total"]) == (0, "", 0, 1, 1)
    assert data["mail"][0]["fetched"] == 4  # type: ignore[index]


def test_an_interrupted_run_resumes_after_its_last_batch(server: Dovecot, ws: Workspace) -> None:
    access = MailAccess(ssl_context=server.ssl_context())

    def stop_in_the_second_batch(done: int, total: int, source: str) -> None:
        if source.endswith("/INBOX/3"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ws.ingest(
            [server.url()],
            mail=access,
            fetch=FetchOptions(batch_size=2),
            progress=stop_in_the_second_batch,
        )
    assert [r.source for r in ws.records()] == [f"{sources(server)}/1"]  # batch 1 was stored
    report = ws.ingest([server.url()], mail=access, fetch=FetchOptions(batch_size=2))
    assert (report.mail[0].fetched, report.mail[0].last_uid) == (2, 4)  # only UIDs 3 and 4
    assert [(s.source.rsplit("/", 1)[1], s.kind) for s in report.set_aside] == [
        ("3", "application_received"),
        ("4", "not_hiring"),
    ]


def test_a_renumbered_folder_is_read_again_without_storing_twice(
    server: Dovecot, ws: Workspace
) -> None:
    access = MailAccess(ssl_context=server.ssl_context())
    first = ws.ingest([server.url("Jobs")], mail=access)
    assert (first.added, first.mail[0].fetched) == (1, 2)
    old = server.uidvalidity("Jobs")
    server.recreate("Jobs", [ALERT, REJECTION])  # a restore: new UIDVALIDITY, other UIDs
    assert server.uidvalidity("Jobs") != old

    again = ws.ingest([server.url("Jobs")], mail=access)
    read = again.mail[0]
    assert (read.renumbered, read.fetched, read.uidvalidity) == (
        True,
        2,
        server.uidvalidity("Jobs"),
    )
    assert (again.added, again.unchanged, again.duplicates, again.total) == (0, 1, [], 1)
    assert [s.source for s in again.set_aside] == [f"{sources(server, 'Jobs')}/1"]
    # and the run after that is an ordinary re-run again
    assert ws.ingest([server.url("Jobs")], mail=access).mail[0].fetched == 0


def test_a_message_over_the_size_limit_is_reported_not_downloaded(
    server: Dovecot, isolated_env: Path, embedder: MiniLMEmbedder
) -> None:
    limit = len(CONFIRMATION) - 1  # the only message larger than this
    settings = Settings.load(home=isolated_env, profile="mail", max_file_mb=limit / 1_048_576)
    ws = Workspace(settings, embedder=embedder)
    report = ws.ingest([server.url()], mail=MailAccess(ssl_context=server.ssl_context()))
    [skipped] = report.skipped
    assert skipped.source == f"{sources(server)}/3"
    assert skipped.reason.startswith("message is 0.0 MB, over the 0.00076")
    assert skipped.reason.endswith(
        "MB limit (raise it with --max-file-mb or max_file_mb in the config file); not downloaded"
    )
    assert [s.kind for s in report.set_aside] == ["job_alert", "not_hiring"]
    assert (report.added, report.mail[0].last_uid) == (1, 4)


def test_a_batch_holds_at_most_its_bytes_and_at_least_one_message() -> None:
    from nextround.mail.fetch import BATCH_BYTES, _by_bytes

    half = BATCH_BYTES // 2
    sizes = {1: half, 2: half, 3: 10, 4: BATCH_BYTES * 2, 5: 10}
    # 4 is over the 100 MB limit: not downloaded, so it weighs nothing
    assert list(_by_bytes([1, 2, 3, 4, 5], sizes, 100 << 20)) == [[1, 2], [3, 4, 5]]
    assert list(_by_bytes([1, 2, 3, 4, 5], sizes, 1 << 40)) == [[1, 2], [3], [4], [5]]


def test_search_and_since_are_asked_of_the_server(server: Dovecot) -> None:
    code, data, _ = ingest(server.url(), "--search", "shard the write path")
    assert (code, data["added"], data["mail"][0]["fetched"]) == (0, 1, 1)  # type: ignore[index]
    code, data, _ = ingest(server.url(), "--since", "2999-01-01")
    assert (code, data["mail"][0]["fetched"]) == (0, 0)  # type: ignore[index]


def test_analyze_asks_the_server_for_since_and_search(server: Dovecot, tmp_path: Path) -> None:
    def analyze(*options: str) -> dict[str, Any]:
        out = tmp_path / "report"
        args = ["analyze", server.url(), *options, "--out", str(out), "--profile", "m", "--json"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)["ingest"]  # type: ignore[no-any-return]

    late = analyze("--since", "2999-01-01")
    assert (late["added"], late["mail"][0]["fetched"]) == (0, 0)
    found = analyze("--search", "shard the write path")
    assert (found["added"], found["mail"][0]["fetched"]) == (1, 1)
    # on files they have nothing to do, and say so
    result = runner.invoke(app, ["analyze", str(tmp_path), "--since", "2026-01-01"])
    assert result.exit_code == 2
    assert "applies to mail folders (imap://…) only" in result.stderr
    assert "--since" in result.stderr


def test_starttls_on_the_plain_port(server: Dovecot) -> None:
    code, data, _ = ingest(server.url(scheme="imap", starttls=True), "--starttls")
    assert (code, data["added"]) == (0, 1)
    assert data["mail"][0]["source"] == (  # type: ignore[index]
        f"imap://{server.user}@127.0.0.1:{server.starttls_port}/INBOX"
    )


def test_analyze_reads_a_folder_over_starttls(server: Dovecot, tmp_path: Path) -> None:
    url = server.url(scheme="imap", starttls=True)
    out = tmp_path / "report"
    args = ["analyze", url, "--starttls", "--out", str(out), "--profile", "mail", "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ingest"]["added"] == 1
    assert (out / "report.html").is_file()
    # on files it has nothing to do, and says so
    result = runner.invoke(app, ["analyze", str(tmp_path), "--starttls", "--profile", "mail"])
    assert result.exit_code == 2
    assert "applies to mail folders (imap://…) only" in result.stderr


def test_a_wrong_password_is_one_clear_line(
    server: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTROUND_IMAP_PASSWORD", "not the password")
    result = runner.invoke(app, ["ingest", server.url()])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the IMAP server 127.0.0.1 refused the login of jordan: check the user name and "
        "the password (NEXTROUND_IMAP_PASSWORD or imap_password in the config file)\n"
    )
    assert "not the password" not in result.output


def test_an_unreachable_server_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEXTROUND_IMAP_PASSWORD", "x")
    port = free_port()  # nothing listens there
    result = runner.invoke(app, ["ingest", f"imaps://jordan@127.0.0.1:{port}/INBOX"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot reach the IMAP server 127.0.0.1:{port}: connection refused (is the port "
        "right? 993 for TLS, 143 with --starttls)\n"
    )


def test_an_untrusted_certificate_is_refused_and_insecure_says_so_loudly(
    server: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE")
    result = runner.invoke(app, ["ingest", server.url()])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: the certificate of the IMAP server 127.0.0.1:{server.port} cannot be trusted ("
    )
    assert result.stderr.count("\n") == 1 and "--insecure" in result.stderr
    code, data, stderr = ingest(server.url(), "--insecure")
    assert (code, data["added"]) == (0, 1)
    assert stderr.startswith(INSECURE_WARNING)


def test_the_password_never_comes_from_the_url_or_a_missing_terminal(
    server: Dovecot, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"imaps://jordan:hunter2@127.0.0.1:{server.port}/INBOX"
    result = runner.invoke(app, ["ingest", url])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: the mail URL contains a password; nextround never")
    assert "hunter2" not in result.output
    monkeypatch.delenv("NEXTROUND_IMAP_PASSWORD")
    result = runner.invoke(app, ["ingest", server.url()])  # CliRunner's stdin is no terminal
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no password for jordan at 127.0.0.1: set NEXTROUND_IMAP_PASSWORD, put "
        "imap_password in the config file, or run nextround in a terminal to be asked\n"
    )


def test_drafts_go_to_drafts_once_threaded_and_flagged(server: Dovecot) -> None:
    assert ingest(server.url())[0] == 0
    record_id = json.loads(runner.invoke(app, ["list", "--profile", "mail", "--json"]).stdout)[
        "records"
    ][0]["id"]
    inbox = server.snapshot()["INBOX"]
    first = runner.invoke(app, ["reply", record_id, "--to-drafts", server.url(), "-p", "mail"])
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Put 1 draft in Drafts of imap://jordan@127.0.0.1:"), (
        first.stdout
    )
    again = runner.invoke(
        app, ["reply", "--pending", "--to-drafts", server.url(), "-p", "mail", "--json"]
    )
    assert again.exit_code == 0, again.output
    upload = json.loads(again.stdout)
    assert (upload["folder"], upload["appended"]) == ("Drafts", [])
    assert [(d["feedback_id"], d["kind"]) for d in upload["already_there"]] == [
        (record_id, "thank_you")
    ]

    with server.mailbox() as box:
        box.folder.set("Drafts", readonly=True)
        [draft] = list(box.fetch(mark_seen=False))
    message = message_from_bytes(draft.obj.as_bytes())
    assert "\\Draft" in draft.flags
    assert message["Message-ID"] == f"<{record_id}.thank_you@draft.nextround.invalid>"
    assert message["In-Reply-To"] == message["References"] == "<r1@northwindlabs.example>"
    assert message["Subject"] == "Re: Your application to Northwind Labs"
    assert message["To"] is None and message["From"] is None  # your mail client fills them in
    assert "Northwind Labs" in draft.text
    assert server.snapshot()["INBOX"] == inbox


def test_mail_urls_are_read_strictly() -> None:
    account = parse_account("imap://jordan%40mail.example@IMAP.example.com/Job%20Search")
    assert (account.user, account.host, account.port, account.folder) == (
        "jordan@mail.example",
        "imap.example.com",
        993,
        "Job Search",
    )
    assert account.message_source(7) == (
        "imap://jordan%40mail.example@imap.example.com/Job Search/7"
    )
    assert parse_account("imap://j@h.example", MailAccess(starttls=True)).port == 143
    assert parse_account("imaps://j@h.example:1993/inbox").folder == "INBOX"
    for url, message in [
        ("imaps://h.example/INBOX", "names no user"),
        ("imaps://j@h.example/INBOX?x=1", r"no \?query"),
        ("pop3://j@h.example/INBOX", "starts with imap://"),
        ("imaps://j:pw@h.example/INBOX", "contains a password"),
    ]:
        with pytest.raises(UsageError, match=message):
            parse_account(url)
    with pytest.raises(UsageError, match="--starttls is for imap://"):
        parse_account("imaps://j@h.example/INBOX", MailAccess(starttls=True))


def test_a_server_that_speaks_no_tls_is_refused_before_any_password() -> None:
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def plain_greeting() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"* OK IMAP4rev1 ready\r\n")
            conn.recv(1024)

    threading.Thread(target=plain_greeting, daemon=True).start()
    account = parse_account(f"imaps://jordan@127.0.0.1:{port}/INBOX")
    ws_access = MailAccess(timeout=5, ssl_context=ssl.create_default_context())
    from nextround.mail.account import open_mailbox

    with (
        pytest.raises(MailUnreachable, match="no TLS connection could be made"),
        open_mailbox(account, "secret", ws_access),
    ):
        pass
    listener.close()
