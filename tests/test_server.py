"""The same library against a real `chroma run` server (HttpClient)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from nextround import Settings, Workspace
from nextround.cli import app
from nextround.embed import MiniLMEmbedder

from samples import email_message, write, write_email


def test_ingest_search_and_reopen_through_server(
    chroma_server: str, isolated_env: Path, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    root = tmp_path / "in"
    write_email(root / "r.eml", email_message())
    write(root / "n.txt", "Company: Acme\n\nThe take-home needed more tests.")
    settings = Settings.load(home=isolated_env, profile="server-a", chroma_url=chroma_server)
    ws = Workspace(settings, embedder=embedder)
    report = ws.ingest([root])
    assert (report.added, report.total) == (2, 2)
    # a second client (another process would do the same) sees the same data
    again = Workspace(settings, embedder=embedder)
    assert again.ingest([root]).unchanged == 2
    assert again.embedder.misses == 0
    hits = again.search("missing tests in the take-home", k=1)
    assert [h.record.source for h in hits] == ["n.txt"]
    # nothing was written to the embedded store
    assert not settings.store_path.exists()


def test_cli_with_chroma_url(chroma_server: str, tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Company: Kestrel\n\nClarify requirements before coding.")
    runner = CliRunner()
    result = runner.invoke(
        app, ["ingest", str(path), "--profile", "server-b", "--chroma-url", chroma_server, "--json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 1
    result = runner.invoke(
        app, ["list", "--profile", "server-b", "--chroma-url", chroma_server, "--json"]
    )
    assert [r["company"] for r in json.loads(result.stdout)["records"]] == ["Kestrel"]


def test_migrate_to_server(
    chroma_server: str, isolated_env: Path, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    root = tmp_path / "in"
    write_email(root / "r.eml", email_message())
    write(root / "n.txt", "Company: Acme\n\nThe take-home needed more tests.")
    local = Workspace(Settings.load(home=isolated_env, profile="movers"), embedder=embedder)
    local.ingest([root])
    result = CliRunner().invoke(
        app,
        [
            "migrate",
            "--to",
            chroma_server,
            "--profile",
            "movers",
            "--home",
            str(isolated_env),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["copied"] == 2
    remote = Workspace(
        Settings.load(home=isolated_env, profile="movers", chroma_url=chroma_server),
        embedder=embedder,
    )
    assert sorted(r.id for r in remote.records()) == sorted(r.id for r in local.records())
    assert [h.record.source for h in remote.search("missing tests", k=1)] == ["n.txt"]
    assert local.migrate(chroma_server) == 0  # re-running copies nothing


def test_corrections_travel_with_migrate_and_outlive_reingest_on_the_server(
    chroma_server: str, isolated_env: Path, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    root = tmp_path / "in"
    write(root / "n.txt", "Company: Acme\n\nThe take-home needed more tests.")
    local = Workspace(Settings.load(home=isolated_env, profile="fixers"), embedder=embedder)
    local.ingest([root])
    [record] = local.records()
    local.edit(record.id, company="Acme Health", stage="take-home")
    assert local.migrate(chroma_server) == 1
    remote = Workspace(
        Settings.load(home=isolated_env, profile="fixers", chroma_url=chroma_server),
        embedder=embedder,
    )
    moved = remote.get(record.id)
    assert (moved.company, moved.stage.value, moved.corrected) == (
        "Acme Health",
        "take-home",
        ("company", "stage"),
    )
    # the server store rebuilt from the files keeps the correction too
    remote.forget([record.id])
    remote.ingest([root])
    again = remote.get(record.id)
    assert (again.company, again.stage.value) == ("Acme Health", "take-home")


def test_two_batch_workers_share_a_server(chroma_server: str, tmp_path: Path) -> None:
    import subprocess

    from planted import planted_corpus, write_jsonl
    from samples import batch_command

    source = tmp_path / "cohort"
    for i, name in enumerate(["w1", "w2", "w3"]):
        write_jsonl(planted_corpus(15, seed=i), source / name / "f.jsonl")
    commands = [
        batch_command(
            source, tmp_path / f"o{k}", tmp_path / f"home{k}", "--chroma-url", chroma_server
        )
        for k in (1, 2)
    ]
    procs = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    for name in ("w1", "w2", "w3"):
        ws = Workspace(
            Settings.load(home=tmp_path / "home1", profile=name, chroma_url=chroma_server)
        )
        records = ws.records()
        assert len(records) == 15 and len({r.id for r in records}) == 15
