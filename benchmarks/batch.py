"""Batch throughput at career-centre scale: a synthetic cohort, end to end.

Generates PROFILES candidates x ITEMS feedback items (planted synthetic feedback,
tests/planted.py), runs `run_batch` (ingest + themes + report per candidate),
and prints end-to-end items/s and the ingest step's items/s, each as a ratio to
raw embedding throughput measured in the same run on the same texts (the
first 10,000 of them: --raw-sample), the time
spent in each step, time per profile, peak RSS, and the time to re-run the
unchanged cohort (resumed from the checkpoint). The raw baseline runs in a
process of its own, so the peak RSS printed is the batch's alone (embedding
whole records grows onnxruntime's memory arena more than the short sentences
ingest embeds). With --workers > 1 the step times add up the workers' time, so
only the end-to-end figures are wall time:

    python benchmarks/batch.py                       # 200 x 50 = 10,000 items
    python benchmarks/batch.py --profiles 20 --items 50
    python benchmarks/batch.py --profiles 2000 --items 50  # 100,000 items
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from nextround import Settings  # noqa: E402
from nextround.batch import find_jobs, run_batch  # noqa: E402
from nextround.embed import MiniLMEmbedder  # noqa: E402

from planted import planted_corpus, write_jsonl  # noqa: E402
from synthetic import unique_sentences  # noqa: E402


def raw_embedding(texts: list[str]) -> tuple[float, float]:
    """Texts/s embedding ``texts`` whole in ingest-sized chunks; this process's peak RSS (MB)."""
    model = MiniLMEmbedder()
    model.embed(texts[:32])
    start = time.perf_counter()
    for at in range(0, len(texts), 1024):
        model.embed(texts[at : at + 1024])
    rate = len(texts) / (time.perf_counter() - start)
    return rate, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    """This process's resident memory now (Linux), or 0 where /proc is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class StepTimer:
    """Adds up the time each profile spends in each step (the BatchProgress interface).

    Also samples resident memory after each tenth of the cohort, to show
    whether it stays flat as the cohort grows.
    """

    def __init__(self) -> None:
        self.current: dict[str, tuple[str, float]] = {}
        self.seconds: dict[str, float] = {}
        self.rss_by_tenth: list[int] = []

    def overall(self, done: int, total: int) -> None:
        if done and done * 10 // total > len(self.rss_by_tenth):
            self.rss_by_tenth.append(round(current_rss_mb()))

    def step(self, profile: str, step: str, done: int, total: int) -> None:
        now = time.perf_counter()
        previous = self.current.get(profile)
        if previous is not None and previous[0] == step:
            return  # more files of the same step
        if previous is not None:
            name, since = previous
            self.seconds[name] = self.seconds.get(name, 0.0) + now - since
        if step:
            self.current[profile] = (step, now)
        else:
            self.current.pop(profile, None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--raw-sample",
        type=int,
        default=10_000,
        help="measure raw embedding on this many of the texts (a rate needs no more)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        texts: list[str] = []
        for p in range(args.profiles):
            records = [
                replace(r, text=unique_sentences(r.text, f"{p}.{i}"))
                for i, r in enumerate(planted_corpus(args.items, seed=p))
            ]
            texts.extend(r.text for r in records)
            write_jsonl(records, root / "cohort" / f"c{p:04d}" / "feedback.jsonl")
        unique = list(dict.fromkeys(texts))
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(1, mp_context=spawn) as pool:
            raw, raw_rss = pool.submit(raw_embedding, unique[: args.raw_sample]).result()
        model = MiniLMEmbedder()
        model.embed(unique[:32])  # warm up, as the baseline does

        settings = Settings.load(home=root / "home", env={})
        jobs = find_jobs(root / "cohort")
        timer = StepTimer()
        start = time.perf_counter()
        report = run_batch(
            settings, jobs, root / "out", workers=args.workers, embedder=model, progress=timer
        )
        first = time.perf_counter() - start
        assert all(o.status == "done" for o in report.outcomes)
        stored = sum(o.records for o in report.outcomes)
        start = time.perf_counter()
        again = run_batch(settings, jobs, root / "out", workers=args.workers, embedder=model)
        rerun = time.perf_counter() - start
        assert len(again.resumed) == args.profiles
    result = {
        "profiles": args.profiles,
        "items": args.profiles * args.items,
        "stored_records": stored,
        "distinct_texts": len(unique),
        "raw_sample": min(len(unique), args.raw_sample),
        "raw_embed_per_s": round(raw, 1),
        "batch_items_per_s": round(args.profiles * args.items / first, 1),
        "batch_distinct_texts_per_s": round(len(unique) / first, 1),
        "ratio": round(len(unique) / first / raw, 3),
        "ingest_items_per_s": round(args.profiles * args.items / timer.seconds["ingest"], 1),
        "ingest_ratio": round(args.profiles * args.items / timer.seconds["ingest"] / raw, 3),
        "step_seconds": {k: round(v, 1) for k, v in sorted(timer.seconds.items())},
        "workers": args.workers,
        "seconds": round(first, 1),
        "seconds_per_profile": round(first / args.profiles, 2),
        "rerun_seconds": round(rerun, 2),
        "rerun_speedup": round(first / rerun, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "rss_mb_after_each_tenth": timer.rss_by_tenth,
        "raw_baseline_peak_rss_mb": round(raw_rss),
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
