"""Theme analysis speed and memory at 100, 1,000 and 10,000 records.

The records are planted synthetic feedback (tests/planted.py). Ingest embeds
every point; the first analysis after it embeds only the taxonomy's sentences
(once per home); the timed run measures the analysis itself, as a user
re-running `themes` sees it. Each size runs in its own process so peak RSS is its own:

    python benchmarks/themes.py
    python benchmarks/themes.py --sizes 100 1000
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from sizes import run_per_size

ROOT = Path(__file__).resolve().parents[1]


def one(size: int) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "tests"))
    from nextround import Settings, Workspace

    from planted import planted_corpus, write_jsonl

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = write_jsonl(planted_corpus(size, seed=1), root / "planted.jsonl")
        ws = Workspace(Settings.load(home=root / "home", profile="bench"))
        start = time.perf_counter()
        ws.ingest([path])
        ingest_s = time.perf_counter() - start
        start = time.perf_counter()
        ws.themes()  # embeds every point once; cached afterwards
        first_s = time.perf_counter() - start
        start = time.perf_counter()
        report = ws.themes()
        themes_s = time.perf_counter() - start
    return {
        "records": size,
        "ingest_s": ingest_s,
        "first_themes_s": first_s,
        "themes_s": themes_s,
        "themes": len([t for t in report.themes if t.actionable]),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    rows = run_per_size(__file__, __doc__ or "", [100, 1000, 10000], one)
    if rows is None:
        return
    print("| records | themes | first run after ingest | ingest | peak RSS |")
    print("|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['records']:,.0f} | {r['themes_s']:.2f} s | {r['first_themes_s']:.1f} s "
            f"| {r['ingest_s']:.1f} s | {r['peak_rss_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
