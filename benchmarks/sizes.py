"""Running a benchmark once per size, each in a fresh process (so peak RSS is its own)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any


def run_per_size(
    script: str, doc: str, default_sizes: Sequence[int], one: Callable[[int], dict[str, Any]]
) -> list[dict[str, Any]] | None:
    """Parse ``--sizes``; in the child (``--one N``) run ``one(N)`` and print it as JSON.

    In the parent, returns one result row per size (printing each as it lands);
    in a child, prints its row and returns None.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(default_sizes))
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one)))
        return None
    rows = []
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, script, "--one", str(size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps({k: round(v, 2) for k, v in rows[-1].items()}), flush=True)
    print()
    return rows
