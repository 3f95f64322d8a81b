"""How the trained readers do on feedback nobody tuned them on.

Reads only data that nothing in nextround was fitted or tuned on:

- ``corpus/sentences/heldout/``: labelled feedback sentences by writers and
  professions that are not in the training sentences;
- ``corpus/messages/heldout/``: labelled inbox messages by a writer not in the
  training messages;
- ``corpus/heldout/records/`` with ``records_labels.yaml``: feedback files
  (e-mails, notes, CSV/JSONL exports; six professions) with company, role,
  interviewer, stage and date labels;
- ``../shared/real/rejection_emails_dev.csv`` when present: 65 real e-mails
  (rejection / not), a public labelled set (used for development, not shipped).

Prints triage precision/recall per kind, point-classification accuracy and
confusion, actionable precision/recall, metadata accuracy per field, and
triage messages/s on a whole-inbox mailbox:

    python benchmarks/generalization.py
    python benchmarks/generalization.py --inbox 20000
    python benchmarks/generalization.py --dev-sentences   # dev sentences, not held out
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import mailbox
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import yaml

from nextround import Settings, Workspace
from nextround.embed import MiniLMEmbedder
from nextround.ingest.emails import read_mbox
from nextround.ingest.known import company_key
from nextround.ingest.pipeline import Prepared, prepare
from nextround.ingest.raw import RawItem
from nextround.ingest.triage import KINDS, STORED_KINDS, triage_items
from nextround.learn.points import POINT_LABELS, PointClassifier
from nextround.learn.train import load_messages, load_sentences
from nextround.themes import ThemeEngine, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REAL = ROOT.parent / "shared" / "real" / "rejection_emails_dev.csv"


def _pr(gold: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float, int]:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), sum(gold)


def points_section(embedder: MiniLMEmbedder, part: str = "heldout") -> None:
    """Point classification on ``corpus/sentences/<part>``."""
    sentences = load_sentences(CORPUS / "sentences" / part)
    texts = [s.text for s in sentences]
    readings = PointClassifier.shipped().read(texts, embedder.embed(texts))
    gold = [s.label for s in sentences]
    predicted = [r.label for r in readings]
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    print(f"\n## Point classification ({part} sentences: {len(gold)})")
    print(f"accuracy {accuracy:.3f}")
    family = {lab: lab.split(":")[0] for lab in POINT_LABELS}
    fam_acc = sum(family[g] == family[p] for g, p in zip(gold, predicted, strict=True))
    print(
        f"accuracy by family (criticism, praise, context, chatter, boilerplate) "
        f"{fam_acc / len(gold):.3f}"
    )
    p, r, n = _pr([g == "criticism" for g in gold], [x == "criticism" for x in predicted])
    print(f"actionable (criticism) precision {p:.3f} recall {r:.3f} (n={n})")
    boiler = [i for i, g in enumerate(gold) if g.startswith("boilerplate")]
    wrong = sum(predicted[i] == "criticism" for i in boiler)
    print(f"boilerplate read as criticism: {wrong} of {len(boiler)}")
    fams = ["criticism", "praise", "context", "chatter", "boilerplate"]
    confusion = Counter((family[g], family[p]) for g, p in zip(gold, predicted, strict=True))
    print("confusion (rows gold, columns predicted):")
    print("               " + " ".join(f"{f[:10]:>11}" for f in fams))
    for g in fams:
        print(f"{g:>14} " + " ".join(f"{confusion[(g, p)]:>11}" for p in fams))
    reasons = [i for i in boiler if predicted[i].startswith("boilerplate")]
    right = sum(predicted[i] == gold[i] for i in reasons)
    print(f"boilerplate reason right when read as boilerplate: {right} of {len(reasons)}")


def triage_section(embedder: MiniLMEmbedder) -> None:
    messages = load_messages(CORPUS / "messages" / "heldout")
    verdicts = triage_items([m.item for m in messages], embedder.embed)
    gold = [m.kind for m in messages]
    predicted = [v.kind if v else "not_hiring" for v in verdicts]
    print(f"\n## Triage (held-out messages: {len(gold)})")
    print(f"{'kind':>22} precision recall   n")
    for kind in KINDS:
        p, r, n = _pr([g == kind for g in gold], [x == kind for x in predicted])
        print(f"{kind:>22} {p:9.3f} {r:6.3f} {n:4d}")
    p, r, n = _pr([g in STORED_KINDS for g in gold], [x in STORED_KINDS for x in predicted])
    print(f"{'kept (rejection|feedback)':>22} {p:9.3f} {r:6.3f} {n:4d}")
    by = Counter(v.by for v in verdicts if v)
    print(f"decided by: {dict(sorted(by.items()))}")


def real_section(embedder: MiniLMEmbedder) -> None:
    if not REAL.is_file():
        print("\n## Real e-mails: ../shared/real/ not present, skipped")
        return
    with REAL.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    items = [RawItem(source=r["id"], text=r["text"].strip(), kind="email") for r in rows]
    verdicts = triage_items(items, embedder.embed)
    gold = [r["label"] == "reject" for r in rows]
    predicted = [bool(v and v.kind == "rejection") for v in verdicts]
    kept = [bool(v and v.stored) for v in verdicts]
    print(f"\n## Real e-mails ({len(rows)}: {sum(gold)} rejections, {len(gold) - sum(gold)} other)")
    p, r, _ = _pr(gold, predicted)
    print(f"rejection triage precision {p:.3f} recall {r:.3f}")
    p, r, _ = _pr(gold, kept)
    print(f"kept as feedback (rejection|feedback) precision {p:.3f} recall {r:.3f}")
    for row, v, g in zip(rows, verdicts, gold, strict=True):
        if bool(v and v.kind == "rejection") != g:
            print(f"  miss {row['id']} gold={row['label']} got={v.kind if v else None}")
    # Real rejections are template text: none should be actionable or become a theme.
    records = []
    for item, g in zip(items, gold, strict=True):
        prepared = prepare(RawItem(source=item.source, text=item.text, kind="email"))
        if g and isinstance(prepared, Prepared):
            records.append(prepared.record)
    engine = ThemeEngine(load_taxonomy(), embedder.embed)
    report = engine.analyse(records)
    quiet = len(report.non_actionable_ids)
    print(
        f"real rejections read as not actionable: {quiet} of {len(records)} "
        f"({quiet / max(len(records), 1):.3f})"
    )
    practise = [t.label for t in report.themes if t.actionable]
    print(f"themes to practise from real rejections: {len(practise)} {practise}")
    for rid in sorted(set(r.id for r in records) - set(report.non_actionable_ids)):
        print(f"  actionable: {next(r.source for r in records if r.id == rid)}")


def _norm(value: Any) -> str:
    return " ".join(str(value or "").split()).casefold()


def metadata_section(part: str = "heldout", verbose: bool = False) -> None:
    """Metadata accuracy per field on ``corpus/<part>/records`` (``heldout`` or ``dev``)."""
    folder = CORPUS / part / "records"
    labels = yaml.safe_load((CORPUS / part / "records_labels.yaml").read_text("utf-8"))
    items = {i["source"]: i for i in labels["items"]}
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Settings.load(home=Path(tmp), profile="heldout", env={}))
        report = ws.ingest([folder], keep_all=True)
        records = {r.source.removeprefix("records/"): r for r in ws.records()}
    fields = ("company", "role", "interviewer", "stage", "date", "kind")
    right: Counter[str] = Counter()
    same_company = 0  # the same company, its legal form and a leading "the" aside
    missing = [s for s in items if _find(records, s) is None]
    found = [s for s in items if _find(records, s) is not None]
    misses: dict[str, list[str]] = {f: [] for f in fields}
    for source in found:
        record = _find(records, source)
        assert record is not None
        label = items[source]
        got = {
            "company": record.company,
            "role": record.role,
            "interviewer": record.interviewer,
            "stage": record.stage.value,
            "date": record.date.isoformat() if record.date else "",
            "kind": record.kind,
        }
        want = {f: label.get(f) for f in fields}
        if isinstance(want["date"], dt.date):
            want["date"] = want["date"].isoformat()
        if company_key(str(got["company"] or "")) == company_key(str(want["company"] or "")):
            same_company += 1
        for f in fields:
            if _norm(got[f]) == _norm(want[f]):
                right[f] += 1
            else:
                misses[f].append(f"{source}: got {got[f]!r} want {want[f]!r}")
    if verbose:
        for f in fields:
            for miss in misses[f]:
                print(f"  {f} {miss}")
    print(
        f"\n## Metadata ({part} records: {len(items)}; read {len(found)}, "
        f"not stored {len(missing)}, skipped {len(report.skipped)})"
    )
    for f in fields:
        print(f"{f:>12} accuracy {right[f] / len(items):.3f}")
    print(f"{'company':>12} same company (legal form, 'the' aside) {same_company / len(items):.3f}")


def _find(records: dict[str, Any], source: str) -> Any:
    for key, record in records.items():
        if key.endswith(source):
            return record
    return None


def inbox_section(size: int) -> None:
    """messages/s for ingest over a whole-inbox mbox.

    The mix of a job seeker's mailbox: 2% rejections and feedback, 8% other
    hiring mail, 90% everything else (job alerts and not-hiring mail). Message
    texts come from the held-out messages, each made unique.
    """
    pool = load_messages(CORPUS / "messages" / "heldout")
    keep = [m for m in pool if m.kind in STORED_KINDS]
    hiring = [m for m in pool if m.kind not in (*STORED_KINDS, "job_alert", "not_hiring")]
    rest = [m for m in pool if m.kind in ("job_alert", "not_hiring")]
    plan = [keep] * (size // 50) + [hiring] * (size * 8 // 100)
    plan += [rest] * (size - len(plan))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "inbox.mbox"
        box = mailbox.mbox(str(path))
        for i, group in enumerate(plan):
            m = group[i % len(group)]
            msg = EmailMessage()
            msg["From"] = m.item.sender_email or "someone@example.com"
            msg["Subject"] = f"{m.item.subject} #{i}"
            for key, value in m.item.headers.items():
                msg[key] = value
            msg.set_content(f"{m.item.text}\n\nRef {i}")
            box.add(msg)
        box.flush()
        box.close()
        ws = Workspace(Settings.load(home=Path(tmp) / "home", profile="inbox", env={}))
        ws.embedder.embed(["warm up"])
        start = time.perf_counter()
        report = ws.ingest([path])
        seconds = time.perf_counter() - start
        # Triage alone, with an embedder of its own (the workspace's caches vectors).
        embedder = MiniLMEmbedder()
        embedder.embed(["warm up"])
        start = time.perf_counter()
        items = [i for i in read_mbox(path, "inbox.mbox") if isinstance(i, RawItem)]
        verdicts = triage_items(items, embedder.embed)
        triage_seconds = time.perf_counter() - start
    n_keep = size // 50
    print(
        f"\n## Whole-inbox ingest ({size} messages: {n_keep} rejections or feedback, "
        f"{size * 8 // 100} other hiring mail, the rest alerts and other mail)"
    )
    quick = sum(1 for v in verdicts if v is not None and v.by == "quick")
    print(
        f"{size / triage_seconds:.0f} messages/s for triage alone, parsing included "
        f"({triage_seconds:.1f} s; {quick / size:.1%} settled by the quick model)"
    )
    print(
        f"{size / seconds:.0f} messages/s end to end ({seconds:.1f} s, 2 cores): "
        f"stored {report.added}, set aside {len(report.set_aside)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inbox", type=int, default=10_000, help="messages in the inbox test")
    parser.add_argument(
        "--dev-metadata",
        action="store_true",
        help="only the metadata figures on the dev records, with every miss (for development)",
    )
    parser.add_argument(
        "--inbox-only", action="store_true", help="only the whole-inbox speed figures"
    )
    parser.add_argument(
        "--dev-sentences",
        action="store_true",
        help="only the point classifier on the dev sentences (verdict lines; the contrast sets "
        "and whole messages t12-t21 are training data now)",
    )
    args = parser.parse_args()
    if args.inbox_only:
        inbox_section(args.inbox)
        return
    if args.dev_metadata:
        metadata_section("dev", verbose=True)
        return
    if args.dev_sentences:
        embedder = MiniLMEmbedder()
        points_section(embedder, "dev")
        return
    embedder = MiniLMEmbedder()
    points_section(embedder)
    triage_section(embedder)
    real_section(embedder)
    metadata_section()
    inbox_section(args.inbox)


if __name__ == "__main__":
    main()
