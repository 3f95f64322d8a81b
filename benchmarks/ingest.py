"""Ingest throughput vs raw embedding throughput, re-ingest speed, and peak RSS.

Each size runs in its own process so peak RSS is that run's alone:

    python benchmarks/ingest.py            # 1k and 10k items
    python benchmarks/ingest.py --sizes 1000

Prints one line per size and a table at the end (copy it into the README).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from sizes import run_per_size

sys.path.insert(0, str(Path(__file__).parent))


def one(size: int) -> dict[str, float]:
    from nextround import Settings, Workspace
    from nextround.embed import MiniLMEmbedder

    from synthetic import write_jsonl

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        texts = write_jsonl(root / "feedback.jsonl", size)
        model = MiniLMEmbedder()
        model.embed(texts[:32])  # warm up
        start = time.perf_counter()
        model.embed(texts)
        raw = size / (time.perf_counter() - start)

        settings = Settings.load(home=root / "home", profile="bench")
        ws = Workspace(settings, embedder=model)
        start = time.perf_counter()
        report = ws.ingest([root / "feedback.jsonl"])
        first = time.perf_counter() - start
        assert report.added == size, report.added

        ws2 = Workspace(settings, embedder=model)
        start = time.perf_counter()
        report2 = ws2.ingest([root / "feedback.jsonl"])
        second = time.perf_counter() - start
        assert report2.added == 0 and ws2.embedder.misses == 0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "items": size,
        "raw_embed_per_s": raw,
        "ingest_per_s": size / first,
        "ratio": (size / first) / raw,
        "ingest_s": first,
        "reingest_s": second,
        "reingest_speedup": first / second,
        "peak_rss_mb": rss_mb,
    }


def main() -> None:
    rows = run_per_size(__file__, __doc__ or "", [1000, 10000], one)
    if rows is None:
        return
    print("| items | raw embed/s | ingest/s | ratio | re-ingest | speed-up | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['items']:,.0f} | {r['raw_embed_per_s']:.0f} | {r['ingest_per_s']:.0f} "
            f"| {r['ratio']:.0%} | {r['reingest_s']:.2f} s | {r['reingest_speedup']:.0f}x "
            f"| {r['peak_rss_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
