"""A real IMAP server for tests and benchmarks: Debian's Dovecot on 127.0.0.1.

:func:`running_dovecot` writes a throwaway configuration into a temporary
directory (its own ``base_dir``, state and log; a passwd-file user with a plain
password; ``mail_location = maildir:…``; TLS with a self-signed certificate made
here with ``openssl``), fills the Maildir with the messages given, starts
``dovecot -F`` on two free ports (implicit TLS, and plain for STARTTLS) and
stops it afterwards.

Dovecot refuses to give mail access to root and to run its login process as
root. Run as root (what CI does), the master process stays root, logins run as
``nobody`` and the mail belongs to ``nobody``; run as anyone else, everything
runs as that user. ``make test`` installs ``dovecot-imapd`` when it is missing
and it runs as root.
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from imap_tools import BaseMailBox, MailBox

from servers import free_port

DOVECOT = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/sbin")
MISSING = (
    "Dovecot is not installed, and only root can install it here: run "
    "`sudo apt-get install dovecot-imapd` (make test does it when run as root)"
)
USER = "jordan"
PASSWORD = "correct horse battery 7"


def skip_reason() -> str | None:
    """Why tests that need Dovecot must skip here: only when it is missing and we are not
    root (as root, ``make test`` installs it, so a missing one is a failure, not a skip)."""
    return MISSING if DOVECOT is None and os.geteuid() != 0 else None


@dataclass(frozen=True)
class Dovecot:
    """A running test server: where it listens, its user, the CA that signed its certificate."""

    root: Path
    port: int  # implicit TLS
    starttls_port: int  # plain IMAP, upgraded with STARTTLS
    cafile: Path
    user: str = USER
    password: str = PASSWORD
    host: str = "127.0.0.1"

    def url(self, folder: str = "INBOX", *, scheme: str = "imaps", starttls: bool = False) -> str:
        port = self.starttls_port if starttls else self.port
        return f"{scheme}://{self.user}@{self.host}:{port}/{folder}"

    def ssl_context(self) -> ssl.SSLContext:
        """A context that trusts this server's certificate (and checks it as usual)."""
        return ssl.create_default_context(cafile=str(self.cafile))

    @contextmanager
    def mailbox(self) -> Iterator[BaseMailBox]:
        """A connection of its own, logged in (for arranging and checking the server)."""
        box = MailBox(self.host, self.port, ssl_context=self.ssl_context(), timeout=10)
        box.login(self.user, self.password, initial_folder=None)
        try:
            yield box
        finally:
            box.logout()

    def append(self, folder: str, message: bytes, flags: Sequence[str] = ()) -> None:
        """A message arrives in ``folder`` (delivered as a mail client would)."""
        with self.mailbox() as box:
            box.append(message, folder, flag_set=list(flags))

    def recreate(self, folder: str, messages: Sequence[bytes]) -> None:
        """Delete ``folder`` and make a new one of the same name holding ``messages``:
        the server gives it a new UIDVALIDITY, as after a restore or a migration."""
        with self.mailbox() as box:
            box.folder.delete(folder)
            box.folder.create(folder)
            for message in messages:
                box.append(message, folder)

    def uidvalidity(self, folder: str) -> int:
        with self.mailbox() as box:
            return box.folder.status(folder, ["UIDVALIDITY"])["UIDVALIDITY"]

    def snapshot(self) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
        """Every folder's messages as ``(UID, flags)``, read through EXAMINE."""
        state: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        with self.mailbox() as box:
            for info in box.folder.list():
                box.folder.set(info.name, readonly=True)
                state[info.name] = sorted(
                    (int(m.uid or 0), tuple(sorted(m.flags)))
                    for m in box.fetch(mark_seen=False, headers_only=True, bulk=True)
                )
        return state


def _maildir(root: Path, folder: str) -> Path:
    """The Maildir++ directory of ``folder`` (``INBOX`` is the Maildir itself)."""
    return root if folder == "INBOX" else root / f".{folder.replace('/', '.')}"


def fill_maildir(maildir: Path, folders: Mapping[str, Sequence[bytes | tuple[bytes, str]]]) -> None:
    """Write messages straight into the Maildir (before the server starts: fast for many).

    A message is its bytes, or ``(bytes, flags)`` with Maildir flag letters
    (``"S"`` seen, ``"F"`` flagged, ``"D"`` draft).
    """
    for folder, messages in folders.items():
        path = _maildir(maildir, folder)
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        for number, message in enumerate(messages, start=1):
            data, flags = message if isinstance(message, tuple) else (message, "")
            name = f"{1_700_000_000 + number}.M{number}P{number}.nextround-test:2,{flags}"
            (path / "cur" / name).write_bytes(data)


def _certificate(root: Path) -> tuple[Path, Path]:
    cert, key = root / "cert.pem", root / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def _config(root: Path, port: int, starttls_port: int, cert: Path, key: Path) -> Path:
    if os.geteuid() == 0:
        # Dovecot will not run logins as root or give root mail access.
        login_user, internal_user = "nobody", "root"
        uid, gid = pwd.getpwnam("nobody").pw_uid, pwd.getpwnam("nobody").pw_gid
    else:
        login_user = internal_user = pwd.getpwuid(os.getuid()).pw_name
        uid, gid = os.getuid(), os.getgid()
    group = grp.getgrgid(gid).gr_name if internal_user != "root" else "root"
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    conf = root / "dovecot.conf"
    conf.write_text(
        f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain
auth_failure_delay = 0
default_internal_user = {internal_user}
default_internal_group = {group}
default_login_user = {login_user}
first_valid_uid = {uid}
first_valid_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Drafts {{
    special_use = \\Drafts
    auto = create
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {starttls_port}
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
""",
        encoding="utf-8",
    )
    if os.geteuid() == 0:
        for path in [root / "mail", *(root / "mail").rglob("*")]:
            os.chown(path, uid, gid)
    return conf


def _wait_for(port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                text = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"dovecot did not start: {text}") from None
            time.sleep(0.05)


@contextmanager
def running_dovecot(
    folders: Mapping[str, Sequence[bytes | tuple[bytes, str]]] | None = None,
) -> Iterator[Dovecot]:
    """A Dovecot server on free local ports, its Maildir filled with ``folders`` first."""
    assert DOVECOT is not None, MISSING
    # Not under pytest's tmp_path: its parent is private to the user, and the mail
    # processes run as another user when we are root.
    root = Path(tempfile.mkdtemp(prefix="nextround-dovecot-"))
    try:
        root.chmod(0o755)
        fill_maildir(root / "mail" / USER / "Maildir", folders or {"INBOX": []})
        cert, key = _certificate(root)
        port, starttls_port = free_port(), free_port()
        conf = _config(root, port, starttls_port, cert, key)
        with (root / "stdout.log").open("wb") as out:
            # In a process group of its own, so that it and the processes it starts are
            # stopped together, at once: a clean shutdown takes a second, and the Maildir
            # is thrown away anyway.
            proc = subprocess.Popen(
                [DOVECOT, "-F", "-c", str(conf)], stdout=out, stderr=out, start_new_session=True
            )
            try:
                _wait_for(port, proc, root / "dovecot.log", timeout=20)
                yield Dovecot(root=root, port=port, starttls_port=starttls_port, cafile=cert)
            finally:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    finally:
        shutil.rmtree(root, ignore_errors=True)
