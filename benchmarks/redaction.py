"""How well and how fast :func:`nextround.privacy.redact` hides people.

Quality is measured on a labelled names set, ``corpus/names/<split>/items.jsonl``:
one JSON object a line with ``text``, ``spans`` (exact substrings that must be
hidden, each with a ``kind``: PERSON, HANDLE or EMAIL), ``script`` and ``note``.
Items without spans are negatives: names used as words, companies, places.

- recall: a gold span counts as found when every one of its characters lies inside
  some redacted entity (of any kind), reported per script and per kind;
- false positives: entities redacted on the negative items (and the characters they
  cover), and, on the items that have spans, entities that touch no gold span.

Speed is measured on a few thousand feedback sentences and inbox messages from the
training parts of the corpus::

    python benchmarks/redaction.py --split dev
    python benchmarks/redaction.py --split dev --baseline 3c09186   # compare with a commit
    python benchmarks/redaction.py --split dev --json

``--baseline REV`` loads redaction (``nextround/privacy``, or ``nextround/ingest/redact.py``
for revisions before it) and its word lists as they were at git revision REV and reports
the same figures for it, plus the speed ratio.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import importlib.util
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from importlib.resources import files
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEED_SOURCES = ("corpus/sentences/train", "corpus/messages/train")

Redactor = Callable[[str], Any]


def load_items(split: str) -> list[dict[str, Any]]:
    path = ROOT / "corpus" / "names" / split / "items.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def speed_texts(limit: int) -> list[str]:
    texts: list[str] = []
    for folder in SPEED_SOURCES:
        for path in sorted((ROOT / folder).glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                row = json.loads(line)
                text = row.get("text") or row.get("body")
                if isinstance(text, str) and text:
                    texts.append(text)
    return texts[:limit]


def baseline_redactor(rev: str) -> Redactor:
    """``redact`` as it was at git revision ``rev``, with that revision's word lists.

    The revision's ``src/nextround`` is extracted to a temporary folder and its redaction
    module imported from there: ``nextround/privacy/redaction.py`` where the revision has
    it, ``nextround/ingest/redact.py`` for revisions before the privacy package. Only the
    modules redaction needs are imported (the revision's ``nextround/__init__.py`` is not
    run), and the current ``nextround`` modules are put back afterwards, so both versions
    can run side by side in this process.
    """
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "src/nextround"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    tree = Path(tempfile.mkdtemp(prefix=f"redact_at_{rev}_"))
    atexit.register(shutil.rmtree, tree, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    package = tree / "src" / "nextround"
    if (package / "privacy" / "redaction.py").is_file():
        module_name = "nextround.privacy.redaction"
    else:
        module_name = "nextround.ingest.redact"

    current = {k: v for k, v in sys.modules.items() if _is_nextround(k)}
    for name in current:
        del sys.modules[name]
    try:
        spec = importlib.util.spec_from_file_location(
            "nextround", package / "__init__.py", submodule_search_locations=[str(package)]
        )
        assert spec is not None
        sys.modules["nextround"] = importlib.util.module_from_spec(spec)
        module = importlib.import_module(module_name)
        resources = sys.modules.get("nextround.resources")
        if resources is not None and hasattr(resources, "files"):
            # Word lists loaded later still come from the revision's tree.
            resources.files = lambda anchor: package if anchor == "nextround" else files(anchor)
        redact: Redactor = module.redact
        redact("Dana Whitfield, dana@example.com")  # load the word lists now
    finally:
        for name in [k for k in sys.modules if _is_nextround(k)]:
            del sys.modules[name]
        sys.modules.update(current)
    return redact


def _is_nextround(module: str) -> bool:
    return module == "nextround" or module.startswith("nextround.")


def _covered(start: int, end: int, entities: Iterable[tuple[int, int]]) -> bool:
    return all(any(a <= i < b for a, b in entities) for i in range(start, end))


def _gold_offsets(text: str, spans: list[dict[str, str]]) -> list[tuple[int, int, str]]:
    """Character ranges of the gold spans: each occurrence of each span text."""
    out: list[tuple[int, int, str]] = []
    for span in spans:
        pos = text.find(span["text"])
        while pos != -1:
            out.append((pos, pos + len(span["text"]), span["kind"]))
            pos = text.find(span["text"], pos + 1)
    return out


def evaluate(items: list[dict[str, Any]], redact: Redactor) -> dict[str, Any]:
    by_script: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: list[dict[str, str]] = []
    fp_entities: list[dict[str, str]] = []
    fp_chars = 0
    extra_entities: list[dict[str, str]] = []
    negatives = 0
    for item in items:
        text = item["text"]
        result = redact(text)
        ents = [(e.start, e.end) for e in result.entities]
        gold = _gold_offsets(text, item["spans"])
        if not item["spans"]:
            negatives += 1
            for e in result.entities:
                fp_entities.append({"id": item["id"], "kind": e.kind, "text": e.text})
                fp_chars += e.end - e.start
            continue
        for span in item["spans"]:
            ranges = [(a, b) for a, b, k in gold if text[a:b] == span["text"]]
            found = all(_covered(a, b, ents) for a, b in ranges)
            for key, table in ((item["script"], by_script), (span["kind"], by_kind)):
                table[key][0] += found
                table[key][1] += 1
            if not found:
                missed.append({"id": item["id"], "kind": span["kind"], "text": span["text"]})
        for e in result.entities:
            if not any(a < e.end and e.start < b for a, b, _ in gold):
                extra_entities.append({"id": item["id"], "kind": e.kind, "text": e.text})

    def table(rows: dict[str, list[int]]) -> dict[str, dict[str, float]]:
        return {
            k: {"found": v[0], "total": v[1], "recall": round(v[0] / v[1], 3)}
            for k, v in sorted(rows.items())
        }

    found = sum(v[0] for v in by_kind.values())
    total = sum(v[1] for v in by_kind.values())
    return {
        "items": len(items),
        "negative_items": negatives,
        "recall": round(found / total, 3) if total else 0.0,
        "spans_found": found,
        "spans_total": total,
        "by_script": table(by_script),
        "by_kind": table(by_kind),
        "false_positive_entities": len(fp_entities),
        "false_positive_chars": fp_chars,
        "extra_entities_on_positive_items": len(extra_entities),
        "missed": missed,
        "false_positives": fp_entities,
        "extra_entities": extra_entities,
    }


def time_redactor(redact: Redactor, texts: list[str], repeat: int) -> float:
    """Best of ``repeat`` passes over ``texts``, in seconds (after one warm-up pass)."""
    for text in texts:
        redact(text)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            redact(text)
        best = min(best, time.perf_counter() - start)
    return best


def print_report(name: str, report: dict[str, Any], show_errors: bool) -> None:
    print(
        f"\n== {name}: recall {report['recall']:.3f} ({report['spans_found']}/"
        f"{report['spans_total']} spans), {report['items']} items "
        f"({report['negative_items']} negatives)"
    )
    print(f"{'':14}{'found':>7}{'total':>7}{'recall':>8}")
    for title, key in (("script", "by_script"), ("kind", "by_kind")):
        print(f"-- by {title}")
        for k, v in report[key].items():
            print(f"{k:14}{v['found']:>7}{v['total']:>7}{v['recall']:>8.3f}")
    print(
        f"false positives on negative items: {report['false_positive_entities']} entities, "
        f"{report['false_positive_chars']} chars; entities touching no gold span on "
        f"positive items: {report['extra_entities_on_positive_items']}"
    )
    if show_errors:
        for m in report["missed"]:
            print(f"  missed {m['id']} {m['kind']}: {m['text']!r}")
        for m in report["false_positives"]:
            print(f"  false positive {m['id']} {m['kind']}: {m['text']!r}")
        for m in report["extra_entities"]:
            print(f"  extra {m['id']} {m['kind']}: {m['text']!r}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "heldout"), default="dev")
    parser.add_argument("--baseline", metavar="REV", help="also measure redaction at git REV")
    parser.add_argument("--texts", type=int, default=5000, help="texts for the speed run")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--errors", action="store_true", help="list misses and false positives")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from nextround.privacy import redact

    items = load_items(args.split)
    texts = speed_texts(args.texts)
    chars = sum(len(t) for t in texts)
    redactors: dict[str, Redactor] = {"current": redact}
    if args.baseline:
        redactors[f"baseline {args.baseline}"] = baseline_redactor(args.baseline)

    out: dict[str, Any] = {"split": args.split, "speed_texts": len(texts), "speed_chars": chars}
    for name, fn in redactors.items():
        report = evaluate(items, fn)
        seconds = time_redactor(fn, texts, args.repeat)
        report["seconds"] = round(seconds, 4)
        report["us_per_text"] = round(seconds / len(texts) * 1e6, 1)
        out[name] = report
    if args.baseline:
        base = out[f"baseline {args.baseline}"]["seconds"]
        out["speed_ratio_current_to_baseline"] = round(out["current"]["seconds"] / base, 2)

    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for name in redactors:
        print_report(f"{name} ({args.split})", out[name], args.errors)
    print(f"\nspeed on {len(texts)} texts ({chars} chars):")
    for name in redactors:
        print(f"  {name:24} {out[name]['seconds']:.3f} s  {out[name]['us_per_text']} µs/text")
    if args.baseline:
        print(f"  ratio current/baseline: {out['speed_ratio_current_to_baseline']}")


if __name__ == "__main__":
    main()
