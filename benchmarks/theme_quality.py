"""Theme quality on the labelled corpus: nextround's engine vs a BERTopic baseline.

Both see the same records and the same bundled model in the same run (BERTopic
one embedding per record, as it expects; nextround its sentences'):

    python benchmarks/theme_quality.py               # prints both side by side
    python benchmarks/theme_quality.py --calibrate   # sweeps the taxonomy threshold

Scores (on records labelled with at least one actionable theme, unless noted):

- ARI / NMI: each record's top predicted theme vs its primary labelled theme.
- theme recall: share of labelled actionable themes with >= 5 records for which
  some predicted theme contains >= 60% of those records.
- strict recall: the same, when >= 50% of that predicted theme's records are the
  labelled theme's; strict 1:1: each predicted theme may recover one labelled theme.
- actionable precision / recall (all records): nextround's actionable flag; for
  BERTopic, "in a topic" (not an outlier) stands in for actionable.

The BERTopic baseline needs the bench extra (see benchmarks/bertopic_baseline.py).
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

from nextround import Settings, Workspace  # noqa: E402
from nextround.models import FeedbackRecord  # noqa: E402
from nextround.themes import ThemeEngine, load_taxonomy  # noqa: E402


def _comb2(n: int) -> float:
    return n * (n - 1) / 2


def ari(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Adjusted Rand index of two labelings."""
    n = len(a)
    pairs = Counter(zip(a, b, strict=True))
    index = sum(_comb2(v) for v in pairs.values())
    sum_a = sum(_comb2(v) for v in Counter(a).values())
    sum_b = sum(_comb2(v) for v in Counter(b).values())
    expected = sum_a * sum_b / _comb2(n)
    maximum = (sum_a + sum_b) / 2
    return 0.0 if maximum == expected else (index - expected) / (maximum - expected)


def nmi(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """Normalized mutual information (arithmetic mean of entropies)."""
    n = len(a)
    ca, cb, cab = Counter(a), Counter(b), Counter(zip(a, b, strict=True))
    mi = sum(v / n * math.log(v * n / (ca[x] * cb[y])) for (x, y), v in cab.items())
    ha = -sum(v / n * math.log(v / n) for v in ca.values())
    hb = -sum(v / n * math.log(v / n) for v in cb.values())
    return mi / ((ha + hb) / 2) if ha + hb else 1.0


def theme_recall(
    labelled: dict[str, set[str]], predicted: list[set[str]], min_size: int = 5
) -> float:
    big = {t: ids for t, ids in labelled.items() if len(ids) >= min_size}
    hits = sum(any(len(ids & p) >= 0.6 * len(ids) for p in predicted) for ids in big.values())
    return hits / len(big) if big else 0.0


def recovers(predicted: set[str], labelled: set[str]) -> bool:
    """A predicted theme recovers a labelled one when it holds >= 60 % of the labelled
    theme's records and >= 50 % of its own records are the labelled theme's."""
    shared = len(labelled & predicted)
    return shared >= 0.6 * len(labelled) and shared >= 0.5 * len(predicted)


def strict_recall(
    labelled: dict[str, set[str]], predicted: list[set[str]], min_size: int = 5
) -> float:
    """Share of labelled themes (>= ``min_size`` records) that one predicted theme
    recovers (:func:`recovers`)."""
    big = {t: ids for t, ids in labelled.items() if len(ids) >= min_size}
    hits = sum(any(recovers(p, ids) for p in predicted) for ids in big.values())
    return hits / len(big) if big else 0.0


def one_to_one_recall(
    labelled: dict[str, set[str]], predicted: list[set[str]], min_size: int = 5
) -> float:
    """Strict recall where each predicted theme may recover one labelled theme only
    (a maximum matching), so that one large theme holding half of several labelled
    themes counts once, not for each of them."""
    big = [ids for ids in labelled.values() if len(ids) >= min_size]
    edges = [[k for k, p in enumerate(predicted) if recovers(p, ids)] for ids in big]
    owner: dict[int, int] = {}

    def place(t: int, seen: set[int]) -> bool:
        for k in edges[t]:
            if k not in seen:
                seen.add(k)
                if k not in owner or place(owner[k], seen):
                    owner[k] = t
                    return True
        return False

    matched = sum(place(t, set()) for t in range(len(big)))
    return matched / len(big) if big else 0.0


def scores(
    records: list[FeedbackRecord],
    labels: dict[str, dict[str, Any]],
    top: dict[str, str],
    groups: list[set[str]],
    actionable: set[str],
    min_size: int = 5,
) -> dict[str, float]:
    themed = [r for r in records if labels[r.source]["themes"]]
    truth = [labels[r.source]["themes"][0] for r in themed]
    predicted = [top.get(r.id, "none") for r in themed]
    labelled: dict[str, set[str]] = defaultdict(set)
    for r in records:
        for theme in labels[r.source]["themes"]:
            labelled[theme].add(r.id)
    act_truth = {r.id for r in records if labels[r.source]["actionable"]}
    tp = len(actionable & act_truth)
    return {
        "ARI": ari(truth, predicted),
        "NMI": nmi(truth, predicted),
        "theme recall": theme_recall(labelled, groups, min_size),
        "strict recall": strict_recall(labelled, groups, min_size),
        "strict 1:1": one_to_one_recall(labelled, groups, min_size),
        "actionable P": tp / len(actionable) if actionable else 0.0,
        "actionable R": tp / len(act_truth),
    }


def run_engine(
    ws: Workspace, records: list[FeedbackRecord], threshold: float | None = None
) -> tuple[dict[str, str], float, int, list[set[str]], set[str]]:
    """Each record's top theme, the seconds the analysis took, the number of actionable
    themes, those themes as sets of record ids, and the records read as actionable."""
    taxonomy = load_taxonomy()
    if threshold is not None:
        taxonomy = replace(taxonomy, threshold=threshold)
    engine = ThemeEngine(taxonomy, ws.embedder.embed, model_name=ws.embedder.name)
    start = time.perf_counter()
    report = engine.analyse(records)
    elapsed = time.perf_counter() - start
    top = {rid: themes[0] for rid, themes in report.record_themes.items()}
    groups = [set(t.feedback_ids) for t in report.themes if t.actionable]
    actionable = {r.id for r in records} - set(report.non_actionable_ids)
    return top, elapsed, len(groups), groups, actionable


#: The pack each profession of ``corpus/themes`` should get; chef has none on purpose,
#: so that the held-out figures show discovery where no pack applies.
EXPECTED_PACKS = {
    "nursing": {"nursing_allied_health"},
    "teaching": {"teaching"},
    "sales": {"sales"},
    "customer_support": {"customer_support"},
    "finance": {"finance_accounting"},
    "chef": set(),
    "software": {"software_engineering"},
}


def bertopic_scores(
    ws: Workspace,
    records: list[FeedbackRecord],
    labels: dict[str, dict[str, Any]],
    min_size: int,
) -> tuple[dict[str, float], float, int] | None:
    """BERTopic on the same model's record vectors; None when it cannot fit the records."""
    from bertopic_baseline import bertopic_labels

    docs = [r.clean_text for r in records]
    vectors = ws.embedder.embed(docs)
    start = time.perf_counter()
    try:
        topics = bertopic_labels(docs, vectors, min_topic_size=min(5, max(2, len(docs) // 6)))
    except (ValueError, TypeError) as exc:  # too few documents for UMAP / HDBSCAN
        print(f"  BERTopic could not fit {len(docs)} records: {exc}")
        return None
    elapsed = time.perf_counter() - start
    top, groups = topic_groups(records, topics)
    got = scores(records, labels, top, groups, set(top), min_size)
    return got, elapsed, len(groups)


def topic_groups(
    records: list[FeedbackRecord], topics: Sequence[int]
) -> tuple[dict[str, str], list[set[str]]]:
    """BERTopic's topics as each record's top theme and as groups (outliers, -1, left out)."""
    top = {r.id: f"topic-{t}" for r, t in zip(records, topics, strict=True) if t >= 0}
    groups: dict[int, set[str]] = defaultdict(set)
    for r, t in zip(records, topics, strict=True):
        if t >= 0:
            groups[t].add(r.id)
    return top, list(groups.values())


def professions(part: str, bertopic: bool, show_packs: bool) -> None:
    """Each profession of ``corpus/themes/<part>``: nextround with packs chosen from
    the feedback, and BERTopic on the same vectors."""
    root = ROOT / "corpus" / "themes" / part
    rows: list[tuple[str, str, dict[str, float]]] = []
    for folder in sorted(p for p in root.iterdir() if (p / "labels.yaml").is_file()):
        data = yaml.safe_load((folder / "labels.yaml").read_text("utf-8"))
        labels = {item["source"]: item for item in data["items"]}
        with tempfile.TemporaryDirectory() as tmp:
            ws = Workspace(Settings.load(home=tmp, profile=folder.name))
            ws.ingest([folder])
            records = [r for r in ws.records() if r.source in labels]
            missing = len(labels) - len(records)
            engine = ThemeEngine(load_taxonomy(), ws.embedder.embed, model_name=ws.embedder.name)
            report = engine.analyse(records)
            top = {rid: themes[0] for rid, themes in report.record_themes.items()}
            groups = [set(t.feedback_ids) for t in report.themes if t.actionable]
            actionable = {r.id for r in records} - set(report.non_actionable_ids)
            # the first dev part plants each theme in at least 4 records, the rest in 5
            min_size = 4 if part == "dev" else 5
            got = scores(records, labels, top, groups, actionable, min_size)
            chosen = [p.id for p in report.engine.packs]
            expected = EXPECTED_PACKS.get(folder.name)
            verdict = "" if expected is None else (" ok" if set(chosen) == expected else " WRONG")
            print(
                f"{folder.name}: {len(records)} records ({missing} set aside by triage), "
                f"{len(groups)} themes; packs {chosen or ['none']}{verdict}"
            )
            if show_packs:
                ranked = report.engine.pack_scores
                print("    pack scores:", ", ".join(f"{k} {v:.2f}" for k, v in ranked.items()))
            for t in report.themes:
                if t.actionable:
                    print(f"    {len(t.feedback_ids):>2} {t.label} [{t.source}]")
            rows.append((folder.name, "nextround", got))
            if bertopic:
                bt = bertopic_scores(ws, records, labels, min_size)
                if bt is not None:
                    rows.append((folder.name, "BERTopic", bt[0]))
    keys = [
        "strict recall",
        "strict 1:1",
        "theme recall",
        "NMI",
        "ARI",
        "actionable P",
        "actionable R",
    ]
    print()
    print("| profession | method | " + " | ".join(keys) + " |")
    print("|---|---|" + "---:|" * len(keys))
    for name, method, got in rows:
        print(f"| {name} | {method} | " + " | ".join(f"{got[k]:.2f}" for k in keys) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calibrate", action="store_true", help="sweep the threshold")
    parser.add_argument("--no-bertopic", action="store_true", help="skip the baseline")
    parser.add_argument(
        "--professions",
        choices=("dev", "dev2", "dev3", "heldout"),
        help="score each profession of corpus/themes/<part> instead of corpus/feedback",
    )
    parser.add_argument("--packs", action="store_true", help="print every pack's score")
    args = parser.parse_args()
    if args.professions:
        professions(args.professions, not args.no_bertopic, args.packs)
        return
    labels = {
        item["source"]: item
        for item in yaml.safe_load((ROOT / "corpus" / "labels.yaml").read_text("utf-8"))["items"]
    }
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Settings.load(home=tmp, profile="quality", candidate_name="Jordan Ellis"))
        ws.ingest([ROOT / "corpus" / "feedback"])
        records = ws.records()
        print(
            f"corpus: {len(records)} records, "
            f"{sum(1 for r in records if labels[r.source]['themes'])} with labelled themes"
        )
        if args.calibrate:
            for step in range(28, 50, 2):
                top, _, _, groups, actionable = run_engine(ws, records, step / 100)
                s = scores(records, labels, top, groups, actionable)
                if step == 28:
                    print(f"{'threshold':>9} | " + " | ".join(f"{k:>13}" for k in s))
                print(f"{step / 100:>9.2f} | " + " | ".join(f"{v:>13.3f}" for v in s.values()))
            return
        run_engine(ws, records)  # warm the embedding cache: both methods start with vectors
        top, engine_time, n_themes, groups, actionable = run_engine(ws, records)
        results = {
            "nextround": (scores(records, labels, top, groups, actionable), engine_time, n_themes)
        }
        if not args.no_bertopic:
            from bertopic_baseline import bertopic_labels

            # BERTopic embeds whole documents: the same model, one vector per record's
            # clean text (the store keeps the mean of the record's sentences instead)
            docs = [r.clean_text for r in records]
            vectors = ws.embedder.embed(docs)
            bertopic_labels(docs[:20], vectors[:20])  # numba compiles on first use
            start = time.perf_counter()
            topics = bertopic_labels(docs, vectors, min_topic_size=5)
            bt_time = time.perf_counter() - start
            bt_top, bt_groups = topic_groups(records, topics)
            results["BERTopic"] = (
                scores(records, labels, bt_top, bt_groups, set(bt_top)),
                bt_time,
                len(bt_groups),
            )
    names = list(results)
    print()
    print("| score | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for key in results[names[0]][0]:
        print(f"| {key} | " + " | ".join(f"{results[n][0][key]:.3f}" for n in names) + " |")
    print("| themes/topics | " + " | ".join(str(results[n][2]) for n in names) + " |")
    print("| runtime | " + " | ".join(f"{results[n][1]:.2f} s" for n in names) + " |")


if __name__ == "__main__":
    main()
