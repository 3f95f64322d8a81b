"""The parts of replies on their own: drafters, the replier, the registry, writing drafts."""

from __future__ import annotations

import email
import email.policy
import json
from collections.abc import Iterable
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from nextround import Settings
from nextround.errors import ReplyError
from nextround.models import FeedbackRecord, ReplyDraft, Stage
from nextround.replies.drafter import Drafter, make_drafter
from nextround.replies.eml import write_reply
from nextround.replies.llm import LLMReplyDrafter
from nextround.replies.offline import Facts, OfflineDrafter, facts_for, finish
from nextround.replies.registry import DraftRegistry
from nextround.replies.replier import ReadRecord, Replier
from nextround.themes.engine import RecordReading


def record(rid: str, *, company: str = "Northwind Labs", fmt: str = "note") -> FeedbackRecord:
    return FeedbackRecord(
        id=rid,
        source=f"rows.jsonl#{rid}",
        text="Thanks for interviewing with us.",
        clean_text="Thanks for interviewing with us.",
        redacted_text="Thanks for interviewing with us.",
        company=company,
        role="Data Analyst",
        stage=Stage.ONSITE,
        interviewer="Dana Whitfield",
        content_hash=rid,
        format=fmt,
        message_id="<orig-1@mail.northwind.example>" if fmt == "email" else "",
    )


def reader(actionable: Iterable[str] = ()) -> tuple[list[str], ReadRecord]:
    """A record reader that praises SQL, and counts the records it read."""
    seen: list[str] = []
    carries = set(actionable)

    def read(rec: FeedbackRecord) -> RecordReading:
        seen.append(rec.id)
        return RecordReading(actionable=rec.id in carries, strengths=["SQL and data modelling"])

    return seen, read


class Plain:
    """A drafter a notebook might bring: one fixed sentence."""

    def __init__(self, fail_on: str = "") -> None:
        self.fail_on = fail_on
        self.facts: list[Facts] = []

    def draft(
        self,
        record: FeedbackRecord,
        kind: str,
        facts: Facts,
        *,
        tone: str = "warm",
        seed: int = 0,
        max_chars: int = 300,
        other_companies: Iterable[str] = (),
    ) -> ReplyDraft:
        if record.id == self.fail_on:
            raise ValueError("not today")
        self.facts.append(facts)
        body = f"Thank you, {facts.first_name}."
        return finish(record, kind, tone, "Thanks", body, "plain", other_companies)


def offline_settings(tmp_path: Path) -> Settings:
    return Settings.load(home=tmp_path / "home", profile="p", env={})


def test_both_drafters_satisfy_the_protocol(tmp_path: Path) -> None:
    settings = offline_settings(tmp_path)
    offline: Drafter = make_drafter(settings)
    llm: Drafter = make_drafter(settings, FakeListChatModel(responses=["{}"]))
    assert type(offline) is OfflineDrafter and type(llm) is LLMReplyDrafter
    assert isinstance(offline, Drafter) and isinstance(llm, Drafter)
    assert isinstance(Plain(), Drafter)
    assert isinstance(llm.fallback, OfflineDrafter)


def test_the_llm_drafter_falls_back_to_the_drafter_it_holds(tmp_path: Path) -> None:
    settings = offline_settings(tmp_path)
    rude = json.dumps({"subject": "Hi", "body": "Hi [FIRST_NAME], your process was a joke."})
    llm = make_drafter(settings, FakeListChatModel(responses=[rude]))
    assert isinstance(llm, LLMReplyDrafter)
    rec = record("a1")
    facts = facts_for(rec, "Jordan Ellis", "SQL and data modelling")
    draft = llm.draft(rec, "thank_you", facts, seed=3)
    offline = OfflineDrafter().draft(rec, "thank_you", facts, seed=3)
    assert draft.engine == "fallback"
    assert draft.model_dump() == offline.model_copy(update={"engine": "fallback"}).model_dump()
    mine = LLMReplyDrafter(llm.client, fallback=Plain())
    assert mine.draft(rec, "thank_you", facts).body == "Thank you, Dana."
    with pytest.raises(ValueError, match="unknown reply kind 'poem'"):
        llm.draft(rec, "poem", facts)


def test_the_replier_reads_once_and_refuses_a_pointless_feedback_request() -> None:
    seen, read = reader(actionable=["a1"])
    plain = Plain()
    replier = Replier(read, ["Kestrel Cloud", "Northwind Labs", "Kestrel Cloud"], "Jordan", plain)
    rec = record("a1")
    assert replier.companies == ["Kestrel Cloud", "Northwind Labs"]
    assert replier.kind_for(rec) == "thank_you"
    assert replier.draft(rec, "thank_you").body == "Thank you, Dana."
    with pytest.raises(ReplyError, match="already carries feedback"):
        replier.draft(rec, "feedback_request")
    assert seen == ["a1"]
    assert plain.facts[0].strength == "SQL and data modelling"
    assert plain.facts[0].candidate == "Jordan" and plain.facts[0].company == "Northwind Labs"
    assert replier.kind_for(record("b2")) == "feedback_request"


def test_draft_pending_drafts_each_record_once_and_retries_failures(tmp_path: Path) -> None:
    _, read = reader(actionable=["a1"])
    registry = DraftRegistry.for_profile(tmp_path, "p")
    records = [record("a1"), record("b2", fmt="email")]

    made = Replier(read, [], "Jordan", Plain(fail_on="b2")).draft_pending(
        records, registry, tmp_path / "out"
    )
    assert [d.feedback_id for d in made.drafts] == ["a1"]
    assert [(f.source, f.reason) for f in made.failed] == [
        ("b2", "no feedback request drafted: ValueError: not today")
    ]
    assert json.loads((tmp_path / "drafts" / "p.json").read_text()) == {"a1": "thank_you"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a1-thank_you.txt"]
    again = Replier(read, [], "Jordan", Plain()).draft_pending(
        records, DraftRegistry.for_profile(tmp_path, "p"), tmp_path / "out"
    )
    assert [d.feedback_id for d in again.drafts] == ["b2"] and again.failed == []
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "a1-thank_you.txt",
        "b2-feedback_request.eml",
        "b2-feedback_request.txt",
    ]
    assert made.as_dict()["failed"] == [
        {"source": "b2", "reason": "no feedback request drafted: ValueError: not today"}
    ]


def test_registry_round_trip_keeps_the_file_and_format(tmp_path: Path) -> None:
    path = tmp_path / "drafts" / "jordan.json"
    registry = DraftRegistry.for_profile(tmp_path, "jordan")
    assert registry.path == path and "x1" not in registry and registry.kind("x1") is None
    registry.add("x2", "feedback_request")
    registry.add("x1", "thank_you")
    assert not path.exists()
    registry.save()
    assert path.read_text() == '{\n "x1": "thank_you",\n "x2": "feedback_request"\n}'
    again = DraftRegistry(path)
    assert "x1" in again and again.kind("x2") == "feedback_request"


def test_write_reply_writes_the_files_asked_for(tmp_path: Path) -> None:
    rec = record("e1", fmt="email")
    draft = OfflineDrafter().draft(rec, "thank_you", facts_for(rec, "Jordan Ellis"))
    assert write_reply(draft, rec) == []
    text, eml = tmp_path / "reply.txt", tmp_path / "reply.eml"
    assert write_reply(draft, rec, text=text, eml=eml) == [text, eml]
    assert text.read_text() == f"Subject: {draft.subject}\n\n{draft.body}\n"
    msg = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert msg["In-Reply-To"] == "<orig-1@mail.northwind.example>" and msg["X-Unsent"] == "1"
    assert msg.get_content().replace("\r\n", "\n").rstrip("\n") == draft.body
