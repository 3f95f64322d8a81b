"""Reading a mail folder, read-only: the new messages, in batches, and nothing changed.

The folder is opened with EXAMINE, which the server treats as read-only (no
flag, move or delete is possible in it), and messages are fetched with
``BODY.PEEK[]``, which does not set ``\\Seen``. Nothing is ever stored, moved,
copied, flagged or expunged on the server.

How far each folder was read is kept in the ingest manifest
(:class:`~nextround.ingest.manifest.FolderState`): the server's UIDVALIDITY and
the last UID read, per account, folder, search and ``--keep-all``. A run asks
only for UIDs above it and saves it after every batch, so a re-run fetches only
what arrived since, and an interrupted run resumes after its last batch. When
the server renumbers the folder (a new UIDVALIDITY: a restored backup, a moved
account), the whole folder is read again and what is already stored is
recognised by its record id, not stored twice.

Each message then goes through the same triage and pipeline as a file
(:meth:`~nextround.ingest.runner.IngestRunner.run_messages`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from imap_tools import AND, BaseMailBox, MailboxFolderSelectError, MailMessage, UidRange

from nextround.errors import MailError
from nextround.ingest.manifest import FolderState, Manifest
from nextround.ingest.runner import IngestRunner, ProgressFn
from nextround.mail.account import MailAccess, MailAccount, open_mailbox
from nextround.models import FolderRead, SkippedInput

#: UIDs fetched (and stored, and saved in the manifest) together. Triage embeds the
#: messages its quick model leaves open a batch at a time, and sorts them by length to
#: pad little: 1,000 read a 5,000-message inbox 1.3 times as fast as 200 did.
BATCH = 1000
#: At most this many bytes of messages in one batch (their sizes are asked first).
BATCH_BYTES = 64 << 20


@dataclass(frozen=True)
class FetchOptions:
    """Which messages of a folder to read: all (the default), or those the server finds
    on or after ``since`` (its arrival date) and holding ``search`` (IMAP ``TEXT``)."""

    since: dt.date | None = None
    search: str = ""
    batch_size: int = BATCH

    def criteria(self, after: int) -> AND:
        """The IMAP search for the messages above UID ``after`` that these options select."""
        return AND(
            uid=UidRange(str(after + 1), "*"),
            date_gte=self.since,
            text=self.search or None,
        )


def folder_key(account: MailAccount, options: FetchOptions, keep_all: bool) -> str:
    """The manifest's name for how far ``account``'s folder was read with these options.

    Another search, date or ``--keep-all`` selects other messages, so it reads
    the folder from the start (what was stored already is recognised, not stored
    twice); the port and TLS mode are how the server is reached, not which mail.
    """
    selection = json.dumps([options.since and options.since.isoformat(), options.search, keep_all])
    digest = hashlib.sha256(selection.encode("utf-8")).hexdigest()[:12]
    return f"{account.source}#{digest}"


class _Fetched(MailMessage):
    """A fetched message kept as the server's bytes, for nextround's own reader.

    :class:`~imap_tools.MailMessage` parses every message as it arrives; this
    keeps the raw bytes instead (they are hashed and parsed once, by
    :func:`~nextround.ingest.emails.parse_message`). ``uid`` and ``size_rfc822``
    work as in the parent.
    """

    def __init__(self, fetch_data: list[Any]) -> None:  # no parsing: see the class
        raw, uid_data, flag_data = self._get_message_data_parts(fetch_data)
        self.raw: bytes = raw
        self._raw_uid_data = uid_data
        self._raw_flag_data = flag_data


@dataclass(frozen=True)
class _Batch:
    """One batch for :meth:`IngestRunner.run_messages` (see its ``MessageBatch``)."""

    messages: list[tuple[str, bytes | SkippedInput]]
    renumbered: str
    save: Callable[[], None]

    def done(self) -> None:
        self.save()


def read_folder(
    runner: IngestRunner,
    manifest: Manifest,
    account: MailAccount,
    password: str,
    *,
    access: MailAccess | None = None,
    options: FetchOptions | None = None,
    progress: ProgressFn | None = None,
) -> FolderRead:
    """Ingest the folder's messages that arrived since the last run, with ``runner``.

    Returns what was read; the records, set-aside messages and skipped ones are
    in ``runner.report`` like those of files.
    """
    options = options or FetchOptions()
    key = folder_key(account, options, runner.keep_all)
    with open_mailbox(account, password, access) as box:
        uidvalidity = _examine(box, account)
        before = manifest.folder_state(key)
        renumbered = before is not None and before.uidvalidity != uidvalidity
        after = before.last_uid if before is not None and not renumbered else 0
        uids = _uids(box, options, after)
        if not uids:
            manifest.save_folder_state(key, FolderState(uidvalidity, after))

        def save(last_uid: int) -> None:
            manifest.save_folder_state(key, FolderState(uidvalidity, last_uid))

        batches = _batches(
            box,
            account,
            uids,
            options.batch_size,
            runner.max_bytes,
            save,
            f"{account.source}/" if renumbered else "",
        )
        runner.run_messages(batches, len(uids), progress)
    return FolderRead(
        source=account.source,
        uidvalidity=uidvalidity,
        fetched=len(uids),
        last_uid=max(uids, default=after),
        renumbered=renumbered,
    )


def _examine(box: BaseMailBox, account: MailAccount) -> int:
    """Open the folder read-only (EXAMINE) and return its UIDVALIDITY."""
    try:
        box.folder.set(account.folder, readonly=True)
    except MailboxFolderSelectError:
        names = sorted(f.name for f in box.folder.list())
        shown = ", ".join(names[:15]) + (", …" if len(names) > 15 else "")
        raise MailError(
            f"there is no folder {account.folder!r} for {account.user} at {account.host} "
            f"(its folders: {shown})"
        ) from None
    _, data = box.client.response("UIDVALIDITY")
    if data and data[0]:
        return int(data[0])
    return int(box.folder.status(account.folder, ["UIDVALIDITY"])["UIDVALIDITY"])


def _uids(box: BaseMailBox, options: FetchOptions, after: int) -> list[int]:
    """The UIDs above ``after`` that ``options`` select, in order."""
    charset = "US-ASCII" if options.search.isascii() else "UTF-8"
    found = box.uids(options.criteria(after), charset=charset)
    # "UID n:*" always matches the last message, even when its UID is below n
    return sorted(u for u in map(int, found) if u > after)


def _batches(
    box: BaseMailBox,
    account: MailAccount,
    uids: Sequence[int],
    size: int,
    max_bytes: int,
    save: Callable[[int], None],
    renumbered: str,
) -> Iterator[_Batch]:
    """The messages of ``uids``, ``size`` (and :data:`BATCH_BYTES`) at a time; each batch
    saves its last UID when done.

    Sizes are asked first, so a message over the size limit is reported, not downloaded.
    """
    box.email_message_class = _Fetched
    for start in range(0, len(uids), size):
        window = list(uids[start : start + size])
        sizes = {int(m.uid or 0): m.size_rfc822 for m in _fetch(box, window, headers_only=True)}
        for chunk in _by_bytes(window, sizes, max_bytes):
            yield _batch(
                box, account, chunk, sizes, max_bytes, renumbered, partial(save, chunk[-1])
            )


def _by_bytes(uids: list[int], sizes: dict[int, int], max_bytes: int) -> Iterator[list[int]]:
    """``uids`` in runs whose messages (those under the size limit) hold at most
    :data:`BATCH_BYTES` together; one message alone may hold more."""
    run: list[int] = []
    held = 0
    for uid in uids:
        size = sizes.get(uid, 0) if sizes.get(uid, 0) <= max_bytes else 0
        if run and held + size > BATCH_BYTES:
            yield run
            run, held = [], 0
        run.append(uid)
        held += size
    if run:
        yield run


def _batch(
    box: BaseMailBox,
    account: MailAccount,
    chunk: list[int],
    sizes: dict[int, int],
    max_bytes: int,
    renumbered: str,
    save: Callable[[], None],
) -> _Batch:
    """The messages of ``chunk``: their bytes, or why one is not read."""
    wanted = [u for u in chunk if u in sizes and sizes[u] <= max_bytes]
    bodies = {
        int(m.uid or 0): m.raw
        for m in _fetch(box, wanted, headers_only=False)
        if isinstance(m, _Fetched)
    }
    messages: list[tuple[str, bytes | SkippedInput]] = []
    for uid in chunk:
        source = account.message_source(uid)
        if uid in bodies:
            messages.append((source, bodies[uid]))
            continue
        if uid in sizes and sizes[uid] > max_bytes:
            reason = (
                f"message is {sizes[uid] / 1_048_576:.1f} MB, over the "
                f"{max_bytes / 1_048_576:g} MB limit (raise it with --max-file-mb or "
                "max_file_mb in the config file); not downloaded"
            )
        else:
            reason = "the message was deleted on the server before it could be read"
        messages.append((source, SkippedInput(source=source, reason=reason)))
    return _Batch(messages, renumbered, save)


def _fetch(box: BaseMailBox, uids: Sequence[int], *, headers_only: bool) -> Iterator[MailMessage]:
    """``UID FETCH`` of ``uids`` in one command, with ``BODY.PEEK`` (``\\Seen`` is not set)."""
    if not uids:
        return iter(())
    return box.fetch(
        uid_list=[str(u) for u in uids], mark_seen=False, headers_only=headers_only, bulk=True
    )
