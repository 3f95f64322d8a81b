"""Ingest into a real Chroma store with the real model: counts, dedup, idempotence."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from nextround import Settings, Workspace
from nextround.embed import MiniLMEmbedder, Vectors
from nextround.errors import EmbeddingMismatchError, NotFoundError
from nextround.ingest.pipeline import read_inputs
from nextround.ingest.triage import Triage, head_text
from nextround.points import split_points
from nextround.themes import ThemeEngine, load_taxonomy
from nextround.themes.packs import load_packs, with_packs

from samples import REJECTION, email_message, write, write_email


def feedback_dir(root: Path) -> Path:
    write_email(root / "emails" / "northwind.eml", email_message())
    write(
        root / "notes" / "acme.txt",
        "Company: Acme\nStage: take-home\n\nThe take-home had no tests.",
    )
    write(
        root / "ats.csv",
        "id,Company,Feedback\n"
        "7,Kestrel,You jumped into coding without clarifying the requirements.\n"
        "8,Brightpath,We went with an internal candidate.\n",
    )
    return root


def test_ingest_adds_every_item_and_reports_exactly(workspace: Workspace, tmp_path: Path) -> None:
    root = feedback_dir(tmp_path / "in")
    report = workspace.ingest([root])
    assert (report.added, report.unchanged, report.total) == (4, 0, 4)
    assert report.skipped == [] and report.duplicates == []
    sources = sorted(r.source for r in workspace.records())
    assert sources == ["ats.csv#7", "ats.csv#8", "emails/northwind.eml", "notes/acme.txt"]
    assert sorted(report.added_ids) == sorted(r.id for r in workspace.records())


def test_reingest_adds_nothing_and_embeds_nothing(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    root = feedback_dir(tmp_path / "in")
    first = Workspace(settings, embedder=embedder)
    first.ingest([root])
    # ingest embeds each record's points (what the theme engine reads), once per text,
    # and the opening that triage's full model reads
    texts = {p.flat for r in first.records() for p in split_points(r)}
    triage = Triage.shipped()
    unsure = {i.source for i in read_inputs([root], max_bytes=1 << 20) if triage.quick(i) is None}
    heads = {head_text(r.subject, r.clean_text) for r in first.records() if r.source in unsure}
    assert first.embedder.misses == len(texts | heads)
    again = Workspace(settings, embedder=embedder)  # a new process would look like this
    report = again.ingest([root])
    assert (report.added, report.unchanged, report.total) == (0, 4, 4)
    assert report.duplicates == []
    assert again.embedder.misses == 0


def test_themes_after_ingest_embed_only_the_taxonomy(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    ThemeEngine.forget_example_vectors()  # as in a new process
    workspace = Workspace(settings, embedder=embedder)
    workspace.ingest([feedback_dir(tmp_path / "in")])
    before = workspace.embedder.misses
    workspace.themes()
    # every pack is scored, so every pack's examples are embedded (once: cached)
    taxonomy = with_packs(load_taxonomy(), load_packs())
    # the point classifier reads the points' own vectors: only competencies are new
    sentences = {e for c in taxonomy.competencies for e in c.examples}
    assert workspace.embedder.misses - before == len(sentences)
    # another profile in the same process (a batch) reuses the examples' vectors
    other = Workspace(Settings.load(home=tmp_path / "other", profile="b"), embedder=embedder)
    other.ingest([feedback_dir(tmp_path / "in2")])
    before = other.embedder.misses
    other.themes()
    assert other.embedder.misses == before
    # a record's vector is the normalised mean of its points' vectors
    [record] = [r for r in workspace.records() if r.source == "notes/acme.txt"]
    points = workspace.embedder.embed([p.flat for p in split_points(record)])
    mean = points.mean(axis=0)
    stored = workspace.store.vectors([record.id])[0]
    assert np.allclose(stored, mean / np.linalg.norm(mean), atol=1e-5)


def test_exact_copy_forward_and_quoted_copy_are_duplicates(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = tmp_path / "in"
    original = write_email(root / "a-original.eml", email_message())
    write(root / "b-copy.eml", original.read_bytes())
    forward_body = (
        "Saving this one - useful feedback.\n\n---------- Forwarded message ---------\n"
        "From: Dana Whitfield <dana.whitfield@northwindlabs.example>\n"
        "Date: Wed, Mar 4, 2026 at 10:12 AM\nSubject: Your application to Northwind Labs\n"
        "To: Jordan Ellis <jordan.ellis@mailbox.example>\n\n" + REJECTION
    )
    write_email(
        root / "0-forward.eml",
        email_message(
            forward_body,
            sender="Jordan Ellis <jordan.ellis@mailbox.example>",
            subject="Fwd: Your application to Northwind Labs",
            message_id="<fwd@mailbox.example>",
        ),
    )
    quoted = (
        "Thank you for the feedback, Dana!\n\nOn Wed, Mar 4, 2026 at 10:12 AM Dana Whitfield "
        "<dana.whitfield@northwindlabs.example> wrote:\n"
        + "".join(f"> {line}\n" for line in REJECTION.splitlines())
    )
    write_email(
        root / "0-reply.eml",
        email_message(
            quoted,
            sender="Jordan Ellis <jordan.ellis@mailbox.example>",
            subject="Re: Your application",
            message_id="<re@mailbox.example>",
        ),
    )
    report = workspace.ingest([root])
    assert report.added == 1
    [record] = workspace.records()
    dupes = {d.source: d.duplicate_of for d in report.duplicates}
    assert dupes == {"0-forward.eml": record.id, "b-copy.eml": record.id, "0-reply.eml": record.id}
    # forwards and quoting replies wait until originals are stored, so the
    # original is kept even though the copies come first in file order
    assert record.source == "a-original.eml"
    assert (record.company, record.interviewer, record.date) == (
        "Northwind Labs",
        "Dana Whitfield",
        dt.date(2026, 3, 4),
    )


def test_same_boilerplate_from_two_companies_is_two_records(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "rows.csv",
        "Company,Feedback\n"
        "Acme,We went with another candidate.\n"
        "Beta,We went with another candidate.\n",
    )
    report = workspace.ingest([path])
    assert (report.added, len(report.duplicates)) == (2, 0)


def test_a_bad_file_in_a_batch_of_many_is_reported_and_the_rest_land(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = tmp_path / "many"
    for i in range(60):
        write(
            root / f"note-{i:03d}.txt", f"Note {i}: the interviewer wanted more tests in part {i}."
        )
    write(root / "note-030-bad.txt", b"\x00\x00\x00")
    report = workspace.ingest([root])
    assert report.added == 60
    assert [(s.source, s.reason) for s in report.skipped] == [
        ("note-030-bad.txt", "binary file, not text")
    ]
    assert report.total == 60


def test_writes_are_batched_under_the_store_limit(workspace: Workspace, tmp_path: Path) -> None:
    lines = "".join(
        f"{i},Company {i % 7},Feedback number {i} about testing depth.\n" for i in range(25)
    )
    path = write(tmp_path / "rows.csv", "id,Company,Feedback\n" + lines)
    workspace.store.max_batch = 4  # as if the server accepted 4 items per write
    report = workspace.ingest([path])
    assert (report.added, report.total) == (25, 25)


def test_profiles_are_isolated(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    alice = Workspace(settings.with_profile("alice"), embedder=embedder)
    bob = Workspace(settings.with_profile("bob"), embedder=embedder)
    alice.ingest([write(tmp_path / "a.txt", "Alice needed deeper system design answers.")])
    bob.ingest([write(tmp_path / "b.txt", "Bob should practise behavioural stories.")])
    assert [r.source for r in alice.records()] == ["a.txt"]
    assert [h.record.source for h in bob.search("system design", k=5)] == ["b.txt"]


def test_search_ranks_by_meaning_and_filters(workspace: Workspace, tmp_path: Path) -> None:
    workspace.ingest([feedback_dir(tmp_path / "in")])
    hits = workspace.search("not enough questions about requirements before coding", k=2)
    assert hits[0].record.source == "ats.csv#7"
    assert hits[0].score > hits[1].score
    hits = workspace.search("tests", k=5, company="acme")
    assert [h.record.source for h in hits] == ["notes/acme.txt"]
    hits = workspace.search("anything", k=5, since=dt.date(2026, 3, 1), until=dt.date(2026, 3, 31))
    assert [h.record.source for h in hits] == ["emails/northwind.eml"]
    assert workspace.search("anything", k=5, stage="final") == []


def test_get_by_prefix_and_forget(workspace: Workspace, tmp_path: Path) -> None:
    workspace.ingest([feedback_dir(tmp_path / "in")])
    record = next(r for r in workspace.records() if r.source == "notes/acme.txt")
    assert workspace.get(record.id[:6]).id == record.id
    assert workspace.forget([record.id]) == [record.id]
    with pytest.raises(NotFoundError, match=f"no record '{record.id}'"):
        workspace.get(record.id)
    deleted = workspace.forget(source="ats.csv")
    assert len(deleted) == 2
    assert [r.source for r in workspace.records()] == ["emails/northwind.eml"]
    with pytest.raises(NotFoundError, match=r"no records come from 'ats\.csv'"):
        workspace.forget(source="ats.csv")


def test_opening_a_profile_with_another_model_is_refused(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    Workspace(settings, embedder=embedder).ingest([write(tmp_path / "a.txt", "More depth.")])

    class OtherModel:
        name = "other-model"
        dim = 384
        remote = False

        def embed(self, texts: list[str]) -> object:
            return embedder.embed(texts)

    other = Workspace(settings, embedder=OtherModel())  # type: ignore[arg-type]
    with pytest.raises(EmbeddingMismatchError) as info:
        other.records()
    assert str(info.value) == (
        "profile 'test' was built with the embedding model 'minilm-l6-v2-int8', but "
        "'other-model' was asked for. Vectors from different models cannot be compared: use "
        "--embedding minilm for this profile, or ingest into a new profile."
    )


def test_stats(workspace: Workspace, tmp_path: Path) -> None:
    workspace.ingest([feedback_dir(tmp_path / "in")])
    stats = workspace.stats()
    assert stats["records"] == 4
    assert stats["companies"] == 4
    assert stats["by_stage"] == dict(Counter(r.stage.value for r in workspace.records()))
    assert stats["by_stage"]["take-home"] == 1  # the note's "Stage: take-home"
    assert stats["by_month"] == {"2026-03": 1}


def test_unchanged_files_replay_their_outcome_and_changed_ones_are_read_again(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    root = feedback_dir(tmp_path / "in")
    write(root / "rows.jsonl", '{"feedback": "Practise estimation."}\n{broken\n')
    write(root / "copy.txt", "Company: Acme\nStage: take-home\n\nThe take-home had no tests.")
    first = Workspace(settings, embedder=embedder).ingest([root])
    assert (first.added, len(first.duplicates), len(first.skipped)) == (5, 1, 1)

    again = Workspace(settings, embedder=embedder).ingest([root])
    assert (again.added, again.unchanged) == (0, 5)
    assert again.duplicates == first.duplicates
    assert again.skipped == first.skipped  # the broken row is still reported

    write(root / "notes" / "acme.txt", "Company: Acme\n\nThe take-home had no tests at all.")
    changed = Workspace(settings, embedder=embedder).ingest([root])
    # copy.txt (read first) holds the record; acme.txt was its duplicate and is now new
    assert (changed.added, changed.unchanged, changed.total) == (1, 5, 6)
    assert (changed.duplicates, changed.removed_ids) == ([], [])

    old = {r.source: r.id for r in Workspace(settings, embedder=embedder).records()}["copy.txt"]
    write(root / "copy.txt", "Company: Acme\n\nFixed a typo: the take-home had few tests.")
    edited = Workspace(settings, embedder=embedder).ingest([root])
    assert (edited.added, edited.removed_ids, edited.total) == (1, [old], 6)


def test_forgotten_records_come_back_when_their_file_is_ingested_again(
    workspace: Workspace, tmp_path: Path
) -> None:
    root = feedback_dir(tmp_path / "in")
    workspace.ingest([root])
    workspace.forget(source="ats.csv")
    report = workspace.ingest([root])
    assert (report.added, report.unchanged, report.total) == (2, 2, 4)


def test_workspace_from_home_and_profile(tmp_path: Path, embedder: MiniLMEmbedder) -> None:
    ws = Workspace(tmp_path / "h", "alice", embedder=embedder)
    assert (ws.settings.home, ws.profile) == (tmp_path / "h", "alice")
    ws.ingest([write(tmp_path / "a.txt", "More tests, please.")])
    assert [r.source for r in Workspace(str(tmp_path / "h"), "alice").records()] == ["a.txt"]


def test_a_second_process_gets_a_clear_message_not_a_hang(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    import subprocess
    import sys

    Workspace(settings, embedder=embedder).ingest([write(tmp_path / "a.txt", "More tests.")])
    Workspace(settings, embedder=embedder).records()  # the same process shares the lock
    script = (
        "from nextround.cli import main; import sys; "
        f"sys.argv = ['nextround', 'list', '--home', {str(settings.home)!r}, '--profile', 'test']; "
        "main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "NEXTROUND_STORE_LOCK_TIMEOUT": "1"},
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"Error: the store at {settings.store_path} is in use by pid ")
    assert "--chroma-url" in proc.stderr


class RemoteRecorder:
    """Stands in for a hosted embedding API (none is reachable here): records what it is sent."""

    remote = True

    def __init__(self, inner: MiniLMEmbedder) -> None:
        self.inner = inner
        self.name = "openai:recorder"
        self.dim = inner.dim
        self.sent: list[str] = []

    def embed(self, texts: Sequence[str]) -> Vectors:
        self.sent.extend(texts)
        return self.inner.embed(texts)


def test_a_remote_embedding_model_sees_only_redacted_text(
    settings: Settings, embedder: MiniLMEmbedder, tmp_path: Path
) -> None:
    remote = RemoteRecorder(embedder)
    workspace = Workspace(replace(settings, embedding="openai:recorder"), embedder=remote)
    root = feedback_dir(tmp_path / "in")
    write(
        root / "notes" / "globex.txt",
        "Company: Globex\n\nPriya Raman felt your answers ran long and lacked structure. "
        "She said to write to priya.raman@globex.example for more detail.",
    )
    workspace.ingest([root])
    before = len(remote.sent)
    workspace.themes()
    assert any(t.startswith("The panel enjoyed") for t in remote.sent[before:])  # its points
    sent = "\n".join(remote.sent)
    assert "[PERSON_" in sent
    for private in ("Dana", "Whitfield", "Priya", "Raman", "priya.raman@globex", "Jordan"):
        assert private not in sent, private
