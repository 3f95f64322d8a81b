"""A mail account over IMAP: feedback read from a folder, replies put in its Drafts.

Reading never changes the account (the folder is EXAMINEd, messages fetched
with ``BODY.PEEK[]``); drafts are only ever APPENDed to the Drafts folder with
``\\Draft``. Nothing is sent: there is no SMTP in nextround.

- :mod:`~nextround.mail.account`: the ``imap://USER@HOST/FOLDER`` URL, password, TLS connection.
- :mod:`~nextround.mail.fetch`: a folder's new messages, in batches, into an ingest.
- :mod:`~nextround.mail.drafts`: reply drafts APPENDed to Drafts, once each.
"""

from nextround.mail.account import MailAccess, MailAccount, is_mail_url, parse_account
from nextround.mail.drafts import DraftsUpload, PlacedDraft
from nextround.mail.fetch import FetchOptions

__all__ = [
    "DraftsUpload",
    "FetchOptions",
    "MailAccess",
    "MailAccount",
    "PlacedDraft",
    "is_mail_url",
    "parse_account",
]
