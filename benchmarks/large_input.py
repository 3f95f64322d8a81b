"""Peak memory and time of ingesting one large input, against a small note.

Each case is one ``nextround ingest --json`` in a fresh process with its own
home, so its peak RSS (from ``wait4``) is its own: model loading and the store
are in every figure, and the small note run in the same session is the
baseline the others are divided by. Inputs are generated (seeded):

* ``small_note``: a normal note of a few paragraphs (the baseline);
* ``note_3_5mb``: a 3.5 MB note of varied prose;
* ``note_3_5mb_names``: a 3.5 MB note of capitalised words only, the most
  work per character for the metadata readers;
* ``csv_cell_9_9mb``: a CSV whose one feedback cell is 9.9 MB;
* ``eml_random_base64``: a 270 KB e-mail whose base64 text/plain part is random bytes.

    .venv/bin/python benchmarks/large_input.py [--timeout 600] [--cases ...] [--json]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MB = 1_000_000
PHRASES = [
    "the panel felt your system design answer stayed at a high level",
    "we wanted more depth on trade offs around consistency sharding caching testing",
    "and how you would debug a slow query next time talk through edge cases",
    "before writing code communication was clear and the behavioural round went well",
    "but the coding exercise ran out of time",
]
WORDS = [word for phrase in PHRASES for word in phrase.split()]
NAMES = ["Acme", "Dana", "Whitfield", "Northwind", "Labs", "Kestrel", "Priya", "Cloud"]


def _prose(size: int, rng: random.Random) -> str:
    out: list[str] = []
    total = 0
    while total < size:
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
        sentence = " ".join(words).capitalize() + (". \n\n" if rng.random() < 0.2 else ". ")
        out.append(sentence)
        total += len(sentence)
    return "".join(out)[:size]


def small_note(folder: Path, rng: random.Random) -> Path:
    path = folder / "2026-03-04-acme-onsite.txt"
    path.write_text("Company: Acme\nStage: onsite\n\n" + _prose(600, rng), encoding="utf-8")
    return path


def note_3_5mb(folder: Path, rng: random.Random) -> Path:
    path = folder / "long-debrief.txt"
    path.write_text("Company: Acme\n\n" + _prose(int(3.5 * MB), rng), encoding="utf-8")
    return path


def note_3_5mb_names(folder: Path, rng: random.Random) -> Path:
    path = folder / "names.txt"
    words = (rng.choice(NAMES) for _ in range(int(3.5 * MB) // 6))
    path.write_text(" ".join(words)[: int(3.5 * MB)], encoding="utf-8")
    return path


def csv_cell_9_9mb(folder: Path, rng: random.Random) -> Path:
    path = folder / "export.csv"
    cell = _prose(int(9.9 * MB), rng).replace('"', "")
    path.write_text(f'Company,Stage,Feedback\nAcme,onsite,"{cell}"\n', encoding="utf-8")
    return path


def eml_random_base64(folder: Path, rng: random.Random) -> Path:
    path = folder / "attachment-as-text.eml"
    noise = base64.encodebytes(rng.randbytes(200_000))
    path.write_bytes(
        b"From: Dana Whitfield <dana@acme.example>\nTo: jo@mail.example\n"
        b"Subject: Your application\nDate: Wed, 04 Mar 2026 10:12:00 -0800\n"
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
        b"Content-Transfer-Encoding: base64\n\n" + noise
    )
    return path


CASES: dict[str, Callable[[Path, random.Random], Path]] = {
    "small_note": small_note,
    "note_3_5mb": note_3_5mb,
    "note_3_5mb_names": note_3_5mb_names,
    "csv_cell_9_9mb": csv_cell_9_9mb,
    "eml_random_base64": eml_random_base64,
}


def measure(name: str, folder: Path, timeout: float) -> dict[str, Any]:
    """Ingest the case's input in a fresh process: seconds, peak RSS and the report."""
    path = CASES[name](folder / name, random.Random(14))
    home = folder / f"{name}-home"
    command = [sys.executable, "-m", "nextround", "ingest", str(path), "--home", str(home)]
    out_path = folder / f"{name}.out"
    start = time.perf_counter()
    with out_path.open("wb") as out:
        proc = subprocess.Popen([*command, "--json"], stdout=out, stderr=subprocess.DEVNULL)
        row: dict[str, Any] = {"case": name, "bytes": path.stat().st_size}
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                proc.kill()
                _, status, usage = os.wait4(proc.pid, 0)
                row["finished"] = False
                break
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    row["seconds"] = time.perf_counter() - start
    row["peak_rss_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    row.setdefault("finished", True)
    row["exit_code"] = proc.returncode
    if row["finished"]:
        try:
            report = json.loads(out_path.read_text(encoding="utf-8"))
        except ValueError:
            report = {}
        row["added"] = report.get("added")
        row["skipped"] = [s["reason"] for s in report.get("skipped", [])]
        row["warnings"] = [w["reason"] for w in report.get("warnings", [])]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    cases = ["small_note", *(c for c in args.cases if c != "small_note")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in cases:
            (Path(tmp) / name).mkdir()
            rows.append(measure(name, Path(tmp), args.timeout))
            if not args.json:
                print(f"measured {name}", file=sys.stderr, flush=True)
    base = rows[0]
    for row in rows:
        row["rss_ratio"] = row["peak_rss_mb"] / base["peak_rss_mb"]
        row["time_ratio"] = row["seconds"] / base["seconds"]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    header = ("case", "MB in", "seconds", "x base", "peak MB", "x base")
    print("{:20} {:>7} {:>8} {:>7} {:>8} {:>7}  result".format(*header))
    for row in rows:
        if row["finished"]:
            result = f"exit {row['exit_code']}, added {row['added']}"
            notes = row["skipped"] + row["warnings"]
            if notes:
                result += f"; {notes[0]}"
        else:
            result = f"did not finish in {args.timeout:g} s"
        print(
            f"{row['case']:20} {row['bytes'] / MB:7.2f} {row['seconds']:8.1f} "
            f"{row['time_ratio']:7.1f} {row['peak_rss_mb']:8.0f} {row['rss_ratio']:7.2f}  {result}"
        )


if __name__ == "__main__":
    main()
