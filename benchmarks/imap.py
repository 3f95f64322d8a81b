"""Reading a whole inbox over IMAP: fetch alone, and fetch + triage + ingest.

Starts a local Dovecot (tests/dovecot.py; Debian's ``dovecot-imapd``) whose
INBOX holds ``--messages`` messages made from the held-out inbox messages
(``corpus/messages/heldout``), each made unique, in the mix of a job seeker's
mailbox as in ``benchmarks/generalization.py``: 2% rejections and feedback, 8%
other hiring mail, 90% job alerts and other mail. Then, over TLS on 127.0.0.1:

1. fetch alone: the folder EXAMINEd, the UIDs searched, every message's size
   and then its bytes fetched in batches, the folder state saved per batch;
2. fetch + triage + ingest: ``Workspace.ingest(["imaps://…/INBOX"])`` into a
   fresh home (the model and the classifiers loaded beforehand, by ingesting
   another 50 messages into a throwaway home);
3. the re-run, which fetches nothing;
4. for comparison, the same messages as one mbox file, ingested into another
   fresh home in the same process.

    python benchmarks/imap.py
    python benchmarks/imap.py --messages 1000 --batch 200
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from nextround import Settings, Workspace  # noqa: E402
from nextround.embed import MiniLMEmbedder  # noqa: E402
from nextround.ingest.manifest import Manifest  # noqa: E402
from nextround.ingest.triage import STORED_KINDS  # noqa: E402
from nextround.learn.train import load_messages  # noqa: E402
from nextround.mail import FetchOptions, MailAccess, parse_account  # noqa: E402
from nextround.mail.fetch import BATCH, read_folder  # noqa: E402

from dovecot import running_dovecot  # noqa: E402


def write_mbox(path: Path, messages: Iterable[bytes]) -> Path:
    with path.open("wb") as out:
        for data in messages:
            out.write(b"From bench@mailbox.example Mon Mar  9 09:00:00 2026\n")
            out.write(data.replace(b"\r\n", b"\n").replace(b"\nFrom ", b"\n>From "))
            out.write(b"\n")
    return path


def inbox(size: int, offset: int = 0) -> list[bytes]:
    """``size`` unique messages in a job seeker's mix (as generalization.py's inbox)."""
    pool = load_messages(ROOT / "corpus" / "messages" / "heldout")
    keep = [m for m in pool if m.kind in STORED_KINDS]
    hiring = [m for m in pool if m.kind not in (*STORED_KINDS, "job_alert", "not_hiring")]
    rest = [m for m in pool if m.kind in ("job_alert", "not_hiring")]
    plan = [keep] * (size // 50) + [hiring] * (size * 8 // 100)
    plan += [rest] * (size - len(plan))
    out = []
    for i, group in enumerate(plan, start=offset):
        m = group[i % len(group)]
        msg = EmailMessage()
        msg["From"] = m.item.sender_email or "someone@example.com"
        msg["To"] = "candidate@mailbox.example"
        msg["Subject"] = f"{m.item.subject} #{i}"
        msg["Date"] = "Mon, 09 Mar 2026 09:00:00 +0000"
        msg["Message-ID"] = f"<bench-{i}@mailbox.example>"
        for key, value in m.item.headers.items():
            msg[key] = value
        msg.set_content(f"{m.item.text}\n\nRef {i}")
        out.append(msg.as_bytes(policy=SMTP))
    return out


class FetchOnly:
    """Stands in for the ingest runner: takes each batch and stores nothing."""

    keep_all = False
    max_bytes = 10 << 20

    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0

    def run_messages(self, batches: Iterable[Any], total: int, progress: Any = None) -> None:
        for batch in batches:
            for _source, data in batch.messages:
                self.messages += 1
                self.bytes += len(data) if isinstance(data, bytes) else 0
            batch.done()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=5000, help="messages in the INBOX")
    parser.add_argument("--batch", type=int, default=BATCH, help="UIDs fetched together")
    args = parser.parse_args()

    messages = inbox(args.messages)
    with running_dovecot({"INBOX": messages}) as server, tempfile.TemporaryDirectory() as tmp:
        access = MailAccess(ssl_context=server.ssl_context())
        options = FetchOptions(batch_size=args.batch)
        account = parse_account(server.url(), access)

        fetcher = FetchOnly()
        manifest = Manifest(Path(tmp) / "fetch-only.sqlite3")
        start = time.perf_counter()
        read_folder(fetcher, manifest, account, server.password, access=access, options=options)  # type: ignore[arg-type]
        fetch_seconds = time.perf_counter() - start
        manifest.close()

        model = MiniLMEmbedder()
        env = {"NEXTROUND_IMAP_PASSWORD": server.password}
        warm = Path(tmp) / "warm-up.mbox"
        write_mbox(warm, inbox(50, offset=10**6))
        Workspace(Settings.load(home=Path(tmp) / "warm", env=env), embedder=model).ingest([warm])
        settings = Settings.load(home=Path(tmp) / "imap", profile="inbox", env=env)
        ws = Workspace(settings, embedder=model)
        start = time.perf_counter()
        report = ws.ingest([server.url()], mail=access, fetch=options)
        ingest_seconds = time.perf_counter() - start
        start = time.perf_counter()
        again = ws.ingest([server.url()], mail=access, fetch=options)
        rerun_seconds = time.perf_counter() - start

        mbox = write_mbox(Path(tmp) / "inbox.mbox", messages)
        baseline = Workspace(Settings.load(home=Path(tmp) / "mbox", env=env), embedder=model)
        start = time.perf_counter()
        from_file = baseline.ingest([mbox])
        mbox_seconds = time.perf_counter() - start

    size = args.messages
    kinds = Counter(s.kind for s in report.set_aside)
    print(
        f"## IMAP inbox ({size} messages, {fetcher.bytes / 1_048_576:.1f} MB, batches of "
        f"{args.batch}; local Dovecot over TLS)"
    )
    print(f"fetch alone: {size / fetch_seconds:.0f} messages/s ({fetch_seconds:.1f} s)")
    print(
        f"fetch + triage + ingest: {size / ingest_seconds:.0f} messages/s "
        f"({ingest_seconds:.1f} s): stored {report.added}, set aside {len(report.set_aside)} "
        f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}), "
        f"duplicates {len(report.duplicates)}, skipped {len(report.skipped)}"
    )
    print(f"re-run: {rerun_seconds:.2f} s, fetched {again.mail[0].fetched}, added {again.added}")
    print(
        f"the same messages as an mbox file: {size / mbox_seconds:.0f} messages/s "
        f"({mbox_seconds:.1f} s): stored {from_file.added}, set aside {len(from_file.set_aside)}"
    )


if __name__ == "__main__":
    main()
