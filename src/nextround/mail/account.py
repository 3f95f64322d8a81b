"""A mail account named by a URL, its password, and a secure connection to it.

``imap://USER@HOST[:PORT]/FOLDER`` (or ``imaps://…``) names an account and a
folder. The connection is always encrypted, and nextround never sends a
password in clear:

- by default, TLS from the first byte (implicit TLS, port 993), for both
  ``imap://`` and ``imaps://`` (the ``imap`` scheme names the protocol, not
  the transport);
- with ``starttls``, a plain connection to port 143 upgraded with STARTTLS
  before anything else is said; a server that does not offer STARTTLS is an
  error, never a reason to carry on unencrypted;
- ``insecure`` keeps the encryption but does not check the server's
  certificate: only for a test server of your own with a self-signed one.

The password is never part of the URL (one there is refused, so it cannot
end up in a shell history or a record's source): it comes from the settings
(``NEXTROUND_IMAP_PASSWORD`` or ``imap_password`` in the config file), else
from ``MailAccess.prompt`` (the CLI asks in a terminal). It is never stored,
logged or shown.
"""

from __future__ import annotations

import imaplib
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from imap_tools import BaseMailBox, MailBox, MailboxLoginError, MailBoxStartTls
from imap_tools.errors import MailboxStarttlsError

from nextround.errors import MailError, MailLoginError, MailUnreachable, UsageError

#: Port of IMAP over TLS (implicit TLS), and of IMAP upgraded with STARTTLS.
TLS_PORT = 993
STARTTLS_PORT = 143
#: Seconds to wait for the server: to connect, and for each answer.
TIMEOUT = 30.0

#: What the CLI prints before connecting with ``--insecure``.
INSECURE_WARNING = (
    "WARNING: --insecure: the mail server's certificate is NOT checked. Anyone between you "
    "and the server could pose as it and read your password and your mail. Use it only for "
    "a test server of your own with a self-signed certificate."
)


def is_mail_url(text: str | Path) -> bool:
    """Whether an ingest input names a mail folder (``imap://`` or ``imaps://``)."""
    return isinstance(text, str) and text.lower().startswith(("imap://", "imaps://"))


def message_folder(source: str) -> str:
    """The folder (``imap://USER@HOST/FOLDER``) a record read from mail came from, else ""."""
    if not is_mail_url(source):
        return ""
    folder, _, uid = source.rpartition("/")
    return folder if uid.isdigit() else ""


@dataclass(frozen=True)
class MailAccess:
    """How to reach mail accounts; the defaults are the safe choice.

    ``prompt`` asks for a password the settings do not hold (the CLI passes
    :func:`getpass.getpass` when stdin is a terminal); ``ssl_context`` trusts
    the certificates a private server uses (e.g. one made for a test).
    """

    starttls: bool = False
    insecure: bool = False
    prompt: Callable[[str], str] | None = None
    timeout: float = TIMEOUT
    ssl_context: ssl.SSLContext | None = None


@dataclass(frozen=True)
class MailAccount:
    """A user's folder on an IMAP server, from ``imap://USER@HOST[:PORT]/FOLDER``."""

    user: str
    host: str
    port: int
    folder: str
    starttls: bool = False
    insecure: bool = False

    @property
    def address(self) -> str:
        """``imap://USER@HOST`` (with the port when it is not the usual one): the account."""
        port = "" if self.port in (TLS_PORT, STARTTLS_PORT) else f":{self.port}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"imap://{quote(self.user, safe='')}@{host}{port}"

    @property
    def source(self) -> str:
        """``imap://USER@HOST/FOLDER``: where records from this folder say they come from."""
        return f"{self.address}/{self.folder}"

    def message_source(self, uid: int) -> str:
        """The source of the message with ``uid``: ``imap://USER@HOST/FOLDER/UID``."""
        return f"{self.source}/{uid}"


def parse_account(url: str, access: MailAccess | None = None) -> MailAccount:
    """The account and folder ``url`` names, connected as ``access`` says.

    >>> parse_account("imaps://jordan@imap.example.com/INBOX").port
    993
    >>> parse_account("imap://jordan@imap.example.com/Jobs", MailAccess(starttls=True)).port
    143
    """
    access = access or MailAccess()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UsageError(
            f"not a mail folder URL ({exc}): expected imap://USER@HOST/FOLDER"
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("imap", "imaps"):
        raise UsageError("a mail folder URL starts with imap:// or imaps://")
    if parts.password is not None:
        # Never echo the URL: it holds the password.
        raise UsageError(
            "the mail URL contains a password; nextround never takes one from a URL (it would "
            "stay in your shell history). Remove it (imap://USER@HOST/FOLDER) and set "
            "NEXTROUND_IMAP_PASSWORD, put imap_password in the config file, or let nextround "
            "ask for it in a terminal"
        )
    if not parts.username:
        raise UsageError("the mail URL names no user: write imap://USER@HOST/FOLDER")
    if not parts.hostname:
        raise UsageError("the mail URL names no server: write imap://USER@HOST/FOLDER")
    if parts.query or parts.fragment:
        raise UsageError("a mail URL has no ?query or #fragment: write imap://USER@HOST/FOLDER")
    if scheme == "imaps" and access.starttls:
        raise UsageError(
            "imaps:// is TLS from the first byte; --starttls is for imap:// (usually port 143)"
        )
    folder = unquote(parts.path).strip("/") or "INBOX"
    if folder.upper() == "INBOX":
        folder = "INBOX"  # the one name IMAP compares without case
    default = STARTTLS_PORT if access.starttls else TLS_PORT
    return MailAccount(
        user=unquote(parts.username),
        host=parts.hostname,
        port=port or default,
        folder=folder,
        starttls=access.starttls,
        insecure=access.insecure,
    )


def password_for(account: MailAccount, configured: str | None, access: MailAccess) -> str:
    """The password: from the settings, else asked with ``access.prompt``, else an error."""
    if configured:
        return configured
    if access.prompt is not None:
        entered = access.prompt(f"Password for {account.user} at {account.host}: ")
        if entered:
            return entered
        raise MailError("no password was entered; nothing was read")
    raise MailError(
        f"no password for {account.user} at {account.host}: set NEXTROUND_IMAP_PASSWORD, put "
        "imap_password in the config file, or run nextround in a terminal to be asked"
    )


def _ssl_context(account: MailAccount, access: MailAccess) -> ssl.SSLContext:
    if account.insecure:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    return access.ssl_context or ssl.create_default_context()


def _where(account: MailAccount) -> str:
    return f"{account.host}:{account.port}"


def _connect(account: MailAccount, access: MailAccess) -> BaseMailBox:
    """A TLS connection to the server (no login yet), or a :class:`MailUnreachable`."""
    where = _where(account)
    context = _ssl_context(account, access)
    try:
        if account.starttls:
            return MailBoxStartTls(
                account.host, account.port, timeout=access.timeout, ssl_context=context
            )
        return MailBox(account.host, account.port, timeout=access.timeout, ssl_context=context)
    except ssl.SSLCertVerificationError as exc:
        raise MailUnreachable(
            f"the certificate of the IMAP server {where} cannot be trusted "
            f"({exc.verify_message}); nothing was sent. If it is a test server of your own "
            "with a self-signed certificate, --insecure skips the check"
        ) from None
    except ssl.SSLError as exc:
        hint = (
            ""
            if account.starttls
            else "; if the server offers STARTTLS on port 143, add --starttls"
        )
        raise MailUnreachable(
            f"no TLS connection could be made to the IMAP server {where} "
            f"({exc.reason or exc}){hint}"
        ) from None
    except MailboxStarttlsError:
        raise MailUnreachable(
            f"the IMAP server {where} does not offer STARTTLS, and nextround never sends a "
            "password unencrypted; try imaps:// (port 993) without --starttls"
        ) from None
    except TimeoutError:
        raise MailUnreachable(
            f"cannot reach the IMAP server {where}: no answer within {access.timeout:g} s"
        ) from None
    except socket.gaierror:
        raise MailUnreachable(
            f"cannot reach the IMAP server {where}: the host name {account.host} is unknown"
        ) from None
    except ConnectionRefusedError:
        raise MailUnreachable(
            f"cannot reach the IMAP server {where}: connection refused (is the port right? "
            f"{TLS_PORT} for TLS, {STARTTLS_PORT} with --starttls)"
        ) from None
    except OSError as exc:
        raise MailUnreachable(
            f"cannot reach the IMAP server {where}: {exc.strerror or exc}"
        ) from None
    except imaplib.IMAP4.error as exc:
        raise MailUnreachable(f"{where} does not answer as an IMAP server: {exc}") from None


def _login(box: BaseMailBox, account: MailAccount, password: str) -> None:
    try:
        if account.user.isascii() and password.isascii():
            box.login(account.user, password, initial_folder=None)
        else:  # LOGIN is ASCII only; AUTHENTICATE PLAIN carries UTF-8
            box.login_utf8(account.user, password, initial_folder=None)
    except (MailboxLoginError, imaplib.IMAP4.error):
        raise MailLoginError(
            f"the IMAP server {account.host} refused the login of {account.user}: check the "
            "user name and the password (NEXTROUND_IMAP_PASSWORD or imap_password in the "
            "config file)"
        ) from None


@contextmanager
def open_mailbox(
    account: MailAccount, password: str, access: MailAccess | None = None
) -> Iterator[BaseMailBox]:
    """A logged-in connection to ``account``'s server, logged out afterwards.

    Which folder is opened, and how, is the caller's: :mod:`~nextround.mail.fetch`
    only ever EXAMINEs (read-only), :mod:`~nextround.mail.drafts` only APPENDs.
    A connection that drops meanwhile is a :class:`MailUnreachable`.
    """
    access = access or MailAccess()
    box = _connect(account, access)
    try:
        _login(box, account, password)
        yield box
    except (imaplib.IMAP4.abort, ssl.SSLError, ConnectionError, TimeoutError) as exc:
        raise MailUnreachable(
            f"the connection to the IMAP server {_where(account)} was lost ({exc}); what was "
            "read so far is kept, and the next run goes on from there"
        ) from None
    finally:
        try:
            box.logout()
        except Exception:  # the connection may be gone already: just close the socket
            with suppress(Exception):
                box.client.shutdown()
