"""Batch runs over many candidates: one profile each, resumable, with a cohort view.

Input is a directory with one sub-directory per candidate, or a manifest
(CSV or YAML: ``profile``, ``paths``, optional ``candidate`` name). Each
candidate is ingested, analysed and reported into ``OUT/<profile>/``. A
checkpoint (``OUT/checkpoint.jsonl``, one line per finished profile, flushed
to disk) lets a re-run after a crash, Ctrl-C or ``kill -9`` carry on without
redoing finished work; ingest itself is idempotent, so a profile interrupted
half-way is simply run again. ``summary.jsonl`` and ``index.html`` are
rewritten from the checkpoint at the end.

Each candidate goes through :meth:`Workspace.analyze`, the same path as
``nextround analyze``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

import yaml
from pydantic import BaseModel, Field

from nextround.errors import ConfigError, NextroundError
from nextround.models import SkippedInput
from nextround.report import render_index
from nextround.settings import Settings
from nextround.store import release_embedded_stores


class BatchProgress(Protocol):
    """Told where a batch is: overall, and within each profile being worked on."""

    def overall(self, done: int, total: int) -> None:
        """``done`` of ``total`` profiles are finished (resumed ones included)."""

    def step(self, profile: str, step: str, done: int, total: int) -> None:
        """``profile`` is at ``step`` ("ingest", "themes", "replies", "report"),
        ``done`` of ``total`` units into it (files for ingest, else 0 of 1);
        step "" means the profile is finished."""


@dataclass(frozen=True)
class CandidateJob:
    profile: str
    paths: tuple[Path, ...]
    candidate: str = ""


def profile_name(text: str) -> str:
    """A profile name from a folder or manifest value ("Ana María" → "ana-mar-a")."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", text.strip().lower()).strip("-_")
    if not slug:
        raise ConfigError(f"cannot make a profile name from {text!r}")
    return slug[:63].rstrip("-_")


def find_jobs(source: Path) -> list[CandidateJob]:
    """Candidates from a directory of per-candidate folders or from a manifest."""
    if source.is_dir():
        folders = sorted(p for p in source.iterdir() if p.is_dir() and not p.name.startswith("."))
        if not folders:
            raise ConfigError(f"{source} has no candidate folders (one sub-folder per candidate)")
        return [CandidateJob(profile_name(p.name), (p,)) for p in folders]
    if not source.is_file():
        raise ConfigError(f"no such directory or manifest: {source}")
    base = source.parent
    rows: list[dict[str, Any]]
    if source.suffix.lower() == ".csv":
        with source.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
    elif source.suffix.lower() in (".yaml", ".yml"):
        loaded = yaml.safe_load(source.read_text(encoding="utf-8")) or []
        rows = loaded.get("candidates", []) if isinstance(loaded, dict) else loaded
    else:
        raise ConfigError(f"a manifest is .csv or .yaml, not {source.suffix or 'no extension'}")
    jobs = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not row.get("profile") or not row.get("paths"):
            raise ConfigError(f"{source.name} entry {number}: needs 'profile' and 'paths'")
        paths = row["paths"]
        parts = paths if isinstance(paths, list) else re.split(r"[;|]", str(paths))
        jobs.append(
            CandidateJob(
                profile_name(str(row["profile"])),
                tuple((base / str(p).strip()) for p in parts if str(p).strip()),
                str(row.get("candidate") or "").strip(),
            )
        )
    names = [j.profile for j in jobs]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ConfigError(f"{source.name}: profiles listed twice: {', '.join(duplicated)}")
    return jobs


def fingerprint(job: CandidateJob) -> str:
    """Changes when any input file of the job is added, removed or modified."""
    digest = hashlib.sha256(job.candidate.encode())
    for root in job.paths:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


class BatchStatus(StrEnum):
    """How one candidate of a batch ended."""

    DONE = "done"  # analysed and reported (inputs may still have been skipped)
    FAILED = "failed"  # stopped by an error; run again next time


class ProfileOutcome(BaseModel):
    """One candidate of a batch: a line of ``summary.jsonl`` and ``checkpoint.jsonl``."""

    profile: str
    status: BatchStatus
    fingerprint: str  # of the inputs: a changed file means the profile is run again
    records: int = 0
    added: int = 0
    actionable_share: float = 0.0  # of the records, those with feedback to act on
    top_themes: list[str] = Field(default_factory=list)
    skipped: list[SkippedInput] = Field(default_factory=list)  # inputs and replies left out
    error: str = ""
    report: str = ""  # path of report.html
    seconds: float = 0.0
    finished: str = ""  # ISO time, UTC


class Checkpoint:
    """Append-only record of finished profiles, durable across crashes."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "checkpoint.jsonl"
        self._lock = threading.Lock()

    def load(self) -> dict[str, ProfileOutcome]:
        latest: dict[str, ProfileOutcome] = {}
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    data = json.loads(line)
                    latest[data["profile"]] = ProfileOutcome(**data)
                except (ValueError, TypeError, KeyError):  # ValidationError is a ValueError
                    continue  # a line cut short by a crash
        return latest

    def record(self, outcome: ProfileOutcome) -> None:
        line = json.dumps(outcome.model_dump(mode="json"), ensure_ascii=False)
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())


@dataclass
class BatchReport:
    """What a batch did: every profile's outcome, those finished in an earlier run,
    and where the summary and the cohort overview were written."""

    outcomes: list[ProfileOutcome]
    resumed: list[str]
    summary: Path
    index: Path

    @property
    def ok(self) -> bool:
        return all(o.status is BatchStatus.DONE and not o.skipped for o in self.outcomes)


def run_batch(
    settings: Settings,
    jobs: Sequence[CandidateJob],
    out_dir: Path,
    *,
    replies: bool = False,
    workers: int = 1,
    embedder: Any | None = None,
    chat_model: Any | None = None,
    progress: BatchProgress | None = None,
    release_every: int = 50,
) -> BatchReport:
    """Run every job not already finished with the same inputs; write the cohort view.

    With an embedded store, the stores of finished profiles are let go every
    ``release_every`` profiles, so memory stays flat however large the cohort.
    """
    from nextround.workspace import Workspace

    checkpoint = Checkpoint(out_dir)
    finished = checkpoint.load()
    prints = {job.profile: fingerprint(job) for job in jobs}
    todo = [
        j
        for j in jobs
        if not (
            finished.get(j.profile)
            and finished[j.profile].status is BatchStatus.DONE
            and finished[j.profile].fingerprint == prints[j.profile]
        )
    ]
    resumed = [j.profile for j in jobs if j not in todo]
    done_count = [len(resumed)]
    lock = threading.Lock()
    stop = threading.Event()
    memory = _StoreMemory(embedded=not settings.chroma_url, every=release_every)

    def one(job: CandidateJob) -> None:
        with memory.profile():
            run_one(job)

    def run_one(job: CandidateJob) -> None:
        started = time.monotonic()
        outcome = ProfileOutcome(
            profile=job.profile, status=BatchStatus.FAILED, fingerprint=prints[job.profile]
        )
        try:
            job_settings = replace(
                settings.with_profile(job.profile),
                candidate_name=job.candidate or settings.candidate_name,
            )
            ws = Workspace(job_settings, embedder=embedder, chat_model=chat_model)

            def step(name: str, done: int = 0, total: int = 1) -> None:
                if stop.is_set():
                    raise _Stopped  # interrupted: leave this profile for the re-run
                if progress is not None:
                    progress.step(job.profile, name, done, total)

            result = ws.analyze(
                list(job.paths),
                out_dir / job.profile,
                replies=replies,
                # ingest counts files once it has listed them: 0 of 0 until then
                on_stage=lambda name: step(name, 0, 0 if name == "ingest" else 1),
                progress=lambda done, total, _src: step("ingest", done, total),
            )
            ingest, themes, total = result.ingest, result.themes, result.ingest.total
            outcome = ProfileOutcome(
                profile=job.profile,
                status=BatchStatus.DONE,
                fingerprint=prints[job.profile],
                records=total,
                added=ingest.added,
                actionable_share=round(1 - len(themes.non_actionable_ids) / total, 3)
                if total
                else 0.0,
                top_themes=[t.label for t in themes.themes if t.actionable][:5],
                skipped=[*ingest.skipped, *result.reply_failures],
                report=str(result.html),
            )
        except NextroundError as exc:
            outcome.error = str(exc)
        except Exception as exc:  # one candidate's failure must not end the batch
            outcome.error = f"{type(exc).__name__}: {exc}"
        outcome.seconds = round(time.monotonic() - started, 2)
        outcome.finished = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        checkpoint.record(outcome)
        with lock:
            done_count[0] += 1
            if progress is not None:
                progress.step(job.profile, "", 1, 1)
                progress.overall(done_count[0], len(jobs))

    if progress is not None:
        progress.overall(done_count[0], len(jobs))
    if workers <= 1:
        for job in todo:
            one(job)
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
        try:
            list(pool.map(one, todo))
        except BaseException:  # Ctrl-C: start nothing new, stop the others at their next step
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
    latest = checkpoint.load()
    outcomes = [latest[j.profile] for j in jobs if j.profile in latest]
    summary = _write_atomic(
        out_dir / "summary.jsonl",
        "".join(json.dumps(o.model_dump(mode="json"), ensure_ascii=False) + "\n" for o in outcomes),
    )
    index = _write_atomic(out_dir / "index.html", render_index(outcomes))
    return BatchReport(outcomes, resumed, summary, index)


class _Stopped(BaseException):
    """Ends a profile early when the batch is interrupted (not a failure: nothing is recorded)."""


class _StoreMemory:
    """Releases embedded Chroma's per-profile memory between profiles.

    Profiles run inside :meth:`profile`; after every ``every`` finished ones, the
    next to finish waits until none is running, releases the stores, and lets
    the waiting profiles start.
    """

    def __init__(self, embedded: bool, every: int) -> None:
        self.embedded = embedded and every > 0
        self.every = every
        self.cond = threading.Condition()
        self.running = 0
        self.finished = 0
        self.releasing = False

    @contextmanager
    def profile(self) -> Iterator[None]:
        with self.cond:
            self.cond.wait_for(lambda: not self.releasing)
            self.running += 1
        try:
            yield
        finally:
            with self.cond:
                self.running -= 1
                self.finished += 1
                if self.embedded and self.finished >= self.every and not self.releasing:
                    self.releasing = True
                    self.cond.wait_for(lambda: self.running == 0)
                    release_embedded_stores()
                    self.finished = 0
                    self.releasing = False
                self.cond.notify_all()


def _write_atomic(path: Path, text: str) -> Path:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
