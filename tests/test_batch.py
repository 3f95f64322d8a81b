"""Batch runs: per-candidate reports, a cohort overview, and resuming after kill -9."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from typer.testing import CliRunner

from nextround import Settings, Workspace
from nextround.batch import find_jobs, run_batch
from nextround.cli import app
from nextround.embed import MiniLMEmbedder, Vectors
from nextround.errors import ConfigError

from planted import planted_corpus, write_jsonl
from samples import batch_command


def cohort(root: Path, names: list[str], n: int = 12) -> Path:
    for i, name in enumerate(names):
        write_jsonl(planted_corpus(n, seed=i), root / name / "feedback.jsonl")
    return root


class Recorder:
    """Keeps the progress a batch reports (the BatchProgress interface)."""

    def __init__(self) -> None:
        self.overall_calls: list[tuple[int, int]] = []
        self.steps: list[tuple[str, str, int, int]] = []

    def overall(self, done: int, total: int) -> None:
        self.overall_calls.append((done, total))

    def step(self, profile: str, step: str, done: int, total: int) -> None:
        self.steps.append((profile, step, done, total))


def summary(out: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (out / "summary.jsonl").read_text().splitlines()]


def test_batch_reports_each_candidate_and_the_cohort(
    tmp_path: Path, embedder: MiniLMEmbedder, settings: Settings
) -> None:
    source = cohort(tmp_path / "in", ["Ana María", "bo", "cy"])
    (tmp_path / "in" / "cy" / "slides.pdf").write_bytes(b"%PDF")
    out = tmp_path / "out"
    progress = Recorder()
    report = run_batch(
        settings, find_jobs(source), out, replies=True, embedder=embedder, progress=progress
    )
    assert [o.profile for o in report.outcomes] == ["ana-mar-a", "bo", "cy"]
    # progress: the cohort, and each profile step by step (files for ingest)
    assert progress.overall_calls == [(0, 3), (1, 3), (2, 3), (3, 3)]
    for profile, files in (("ana-mar-a", 1), ("bo", 1), ("cy", 2)):
        steps = [(step, d, t) for p, step, d, t in progress.steps if p == profile]
        assert [s[0] for s in steps if s[0] != "ingest"] == ["themes", "replies", "report", ""]
        ingest = [s for s in steps if s[0] == "ingest"]
        assert ingest[0] == ("ingest", 0, 0) and ingest[-1] == ("ingest", files, files)
    assert [o.status for o in report.outcomes] == ["done", "done", "done"]
    assert [o.records for o in report.outcomes] == [12, 12, 12]
    assert [len(o.skipped) for o in report.outcomes] == [0, 0, 1] and not report.ok
    for profile in ("ana-mar-a", "bo", "cy"):
        assert (out / profile / "report.html").is_file()
        assert len(list((out / profile / "replies").glob("*.txt"))) == 12
    rows = summary(out)
    assert [r["profile"] for r in rows] == ["ana-mar-a", "bo", "cy"]
    assert all(r["top_themes"] for r in rows)
    page = (out / "index.html").read_text()
    assert "Themes common across the cohort" in page and "3 of 3 profiles analysed" in page
    # profiles are separate: one candidate's feedback is not in another's store
    assert len(Workspace(settings.with_profile("bo"), embedder=embedder).records()) == 12

    again = run_batch(settings, find_jobs(source), out, embedder=embedder)
    assert again.resumed == ["ana-mar-a", "bo", "cy"]
    assert [r["profile"] for r in summary(out)] == ["ana-mar-a", "bo", "cy"]

    # a changed candidate is run again, and only that one
    write_jsonl(planted_corpus(14, seed=9), source / "bo" / "feedback.jsonl")
    third = run_batch(settings, find_jobs(source), out, embedder=embedder)
    assert third.resumed == ["ana-mar-a", "cy"]
    assert [o.records for o in third.outcomes][1] == 14  # the changed file replaced its records


def test_manifest_and_its_errors(tmp_path: Path) -> None:
    cohort(tmp_path, ["x", "y"], n=4)
    manifest = tmp_path / "cohort.csv"
    manifest.write_text("profile,paths,candidate\nx1,x,Xena Q\ny1,y;x/feedback.jsonl,\n")
    jobs = find_jobs(manifest)
    assert [(j.profile, [p.name for p in j.paths], j.candidate) for j in jobs] == [
        ("x1", ["x"], "Xena Q"),
        ("y1", ["y", "feedback.jsonl"], ""),
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text("- profile: a\n")
    with pytest.raises(ConfigError, match="entry 1: needs 'profile' and 'paths'"):
        find_jobs(bad)
    with pytest.raises(ConfigError, match="no such directory or manifest"):
        find_jobs(tmp_path / "nope")


def wait_for_first_profile(proc: subprocess.Popen[bytes], checkpoint: Path) -> None:
    deadline = time.monotonic() + 300
    while not (checkpoint.is_file() and checkpoint.read_text().count("\n") >= 1):
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_resumes_after_kill_9(tmp_path: Path) -> None:
    source = cohort(tmp_path / "in", ["p1", "p2", "p3", "p4"], n=20)
    out = tmp_path / "out"
    home = tmp_path / "home"
    command = batch_command(source, out, home)
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    checkpoint = out / "checkpoint.jsonl"
    wait_for_first_profile(proc, checkpoint)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    first = [json.loads(line)["profile"] for line in checkpoint.read_text().splitlines()]
    assert 1 <= len(first) < 4
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data["resumed"]) == set(first)  # finished work is not redone
    rows = summary(out)
    assert [r["profile"] for r in rows] == ["p1", "p2", "p3", "p4"]
    assert [r["records"] for r in rows] == [20, 20, 20, 20]  # nothing lost, nothing twice
    lines = [json.loads(line)["profile"] for line in checkpoint.read_text().splitlines()]
    assert sorted(lines) == ["p1", "p2", "p3", "p4"]


def test_ctrl_c_stops_the_running_profiles_and_the_rerun_finishes_them(tmp_path: Path) -> None:
    source = tmp_path / "in"
    write_jsonl(planted_corpus(4, seed=0), source / "a1" / "feedback.jsonl")
    for seed, name in enumerate(["b2", "c3", "d4"], start=1):  # 30 files each: seconds of work
        records = planted_corpus(150, seed=seed)
        for f in range(30):
            write_jsonl(records[f * 5 : f * 5 + 5], source / name / f"f{f:02d}.jsonl")
    out = tmp_path / "out"
    command = batch_command(source, out, tmp_path / "home", "--workers", "2")
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Ctrl-C as a terminal delivers it, even when the tests themselves run in the
        # background (a shell starts background jobs with SIGINT ignored, the child
        # inherits that, and Python then installs no KeyboardInterrupt handler).
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    checkpoint = out / "checkpoint.jsonl"
    wait_for_first_profile(proc, checkpoint)  # a1 is done; b2 and c3 are under way
    proc.send_signal(signal.SIGINT)
    _stdout, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "Interrupted; what was stored so far is kept." in stderr
    assert "Traceback" not in stderr
    # d4 was never started, and b2 and c3 stopped at their next step instead of
    # running to the end: only a1 is recorded as finished.
    assert [json.loads(line)["profile"] for line in checkpoint.read_text().splitlines()] == ["a1"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["resumed"] == ["a1"]
    rows = summary(out)
    assert [(r["profile"], r["status"], r["records"]) for r in rows] == [
        ("a1", "done", 4),
        ("b2", "done", 150),  # what the interrupted run stored is not stored twice
        ("c3", "done", 150),
        ("d4", "done", 150),
    ]


def test_batch_cli_exit_codes(tmp_path: Path) -> None:
    source = cohort(tmp_path / "in", ["a"], n=4)
    result = CliRunner().invoke(app, ["batch", str(source), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("1 of 1 profiles done.")
    result = CliRunner().invoke(app, ["batch", str(tmp_path / "missing")])
    assert result.exit_code == 1 and "no such directory or manifest" in result.stderr


def test_releasing_embedded_stores_between_profiles_loses_nothing(
    tmp_path: Path, embedder: MiniLMEmbedder, settings: Settings
) -> None:
    source = cohort(tmp_path / "in", ["a1", "b2", "c3", "d4", "e5"], n=8)
    out = tmp_path / "out"
    report = run_batch(
        settings, find_jobs(source), out, workers=2, embedder=embedder, release_every=1
    )
    assert [(o.profile, o.status, o.records) for o in report.outcomes] == [
        (p, "done", 8) for p in ("a1", "b2", "c3", "d4", "e5")
    ]
    for profile in ("a1", "c3", "e5"):
        records = Workspace(settings.with_profile(profile), embedder=embedder).records()
        assert len(records) == 8


class InFlight:
    """Counts calls in progress at once, and the most seen."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.calls = 0

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.calls += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.now -= 1


class CountingEmbedder:
    """The real model behind an embedder that counts the calls it has in flight.

    With ``remote=True`` it stands in for a hosted embedding API (none is
    reachable here), with a network round trip's delay.
    """

    def __init__(self, inner: MiniLMEmbedder, *, remote: bool) -> None:
        self.inner = inner
        self.remote = remote
        self.name = "openai:counting" if remote else inner.name
        self.dim = inner.dim
        self.flight = InFlight()

    def embed(self, texts: Sequence[str]) -> Vectors:
        with self.flight:
            if self.remote:
                time.sleep(0.2)
            return self.inner.embed(texts)


@pytest.mark.parametrize(("remote", "bound"), [(False, 1), (True, 2)])
def test_workers_share_one_bound_on_embedding_calls(
    tmp_path: Path, embedder: MiniLMEmbedder, settings: Settings, remote: bool, bound: int
) -> None:
    model = CountingEmbedder(embedder, remote=remote)
    settings = replace(settings, embedding=model.name, embed_concurrency=2)
    source = cohort(tmp_path / "in", ["a1", "b2", "c3", "d4", "e5", "f6"], n=8)
    report = run_batch(settings, find_jobs(source), tmp_path / "out", workers=4, embedder=model)
    assert [o.status for o in report.outcomes] == ["done"] * 6
    assert model.flight.calls >= 6  # every profile embedded its own feedback
    # Four workers, yet never more than one batch on the local model (it uses
    # every core) or embed_concurrency requests to a hosted API.
    assert model.flight.peak == bound


class SlowChat(FakeListChatModel):
    """A chat model with a network round trip's delay, counting calls in flight."""

    flight: InFlight

    def _call(self, *args: Any, **kwargs: Any) -> str:
        with self.flight:
            time.sleep(0.1)
            return super()._call(*args, **kwargs)


def test_workers_share_one_bound_on_llm_calls(
    tmp_path: Path, embedder: MiniLMEmbedder, settings: Settings
) -> None:
    chat = SlowChat(responses=["not an answer"], flight=InFlight())
    settings = replace(settings, llm_concurrency=2)
    source = cohort(tmp_path / "in", ["a1", "b2", "c3", "d4"], n=12)
    report = run_batch(
        settings, find_jobs(source), tmp_path / "out", workers=4, embedder=embedder, chat_model=chat
    )
    assert [o.status for o in report.outcomes] == ["done"] * 4
    # Each profile's theme writer would run llm_concurrency calls at once, so four
    # workers would mean eight; the bound is shared: two, whatever the workers.
    assert chat.flight.calls > 8
    assert chat.flight.peak == 2
