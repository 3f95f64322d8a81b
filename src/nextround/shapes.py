"""The documented JSON shapes of ``--json`` output (a contract: see the README).

Each function turns a library result into the plain dict the CLI prints; the
README's JSON examples are checked against them (tests/test_json_contracts.py).
"""

from __future__ import annotations

from typing import Any

from nextround.batch import BatchReport
from nextround.models import (
    AnalysisResult,
    FeedbackRecord,
    IngestReport,
    LLMRun,
    ReplyDraft,
    ThemeReport,
)

#: The keys an offline run's ``llm`` block has always shown (kept for byte-compatibility).
_OFFLINE_LLM_KEYS = {
    "backend",
    "model",
    "calls",
    "cache_hits",
    "tokens_in",
    "tokens_out",
    "fallbacks",
}


def ingest_json(report: IngestReport) -> dict[str, Any]:
    return {
        "added": report.added,
        "unchanged": report.unchanged,
        "total": report.total,
        "added_ids": report.added_ids,
        "removed_ids": report.removed_ids,
        "duplicates": [d.model_dump() for d in report.duplicates],
        "skipped": [s.model_dump() for s in report.skipped],
        "set_aside": [s.model_dump() for s in report.set_aside],
        "warnings": [w.model_dump() for w in report.warnings],
        "notes": report.notes,
        "mail": [m.model_dump() for m in report.mail],
    }


def record_json(record: FeedbackRecord, *, redact: bool = False) -> dict[str, Any]:
    """The ``list``/``search`` shape of a record."""
    return {
        "id": record.id,
        "source": record.source,
        "company": record.company,
        "role": record.role,
        "stage": record.stage.value,
        "date": record.date.isoformat() if record.date else None,
        "kind": record.kind,
        "interviewer": "" if redact and record.interviewer else record.interviewer,
        "language": record.language,
        "injection_suspected": record.injection_suspected,
        "text": record.redacted_text if redact else record.text,
    }


def record_full_json(record: FeedbackRecord, *, redact: bool = False) -> dict[str, Any]:
    """The ``show`` shape: every field (personal text withheld with ``redact``)."""
    data = record.model_dump(mode="json")
    if redact:
        for key in ("text", "clean_text", "interviewer", "sender", "message_id"):
            data[key] = None
    return data


def themes_json(report: ThemeReport) -> dict[str, Any]:
    """The documented ``themes --json`` shape."""
    return {
        "themes": [
            {
                "id": t.id,
                "label": t.label,
                "summary": t.summary,
                "actionable": t.actionable,
                "feedback_ids": t.feedback_ids,
                "quotes": [q.model_dump() for q in t.quotes],
                "keywords": t.keywords,
                "stages": t.stages,
                "months": t.months,
                "first_seen": t.first_seen,
                "last_seen": t.last_seen,
                "practice": t.practice,
                "source": t.source,
                "score": t.score,
                "written_by": t.written_by,
            }
            for t in report.themes
        ],
        "non_actionable_ids": report.non_actionable_ids,
        "unassigned_ids": report.unassigned_ids,
        "reduced_confidence": [r.model_dump() for r in report.reduced_confidence],
        "engine": report.engine.model_dump(mode="json"),
        "llm": llm_json(report.llm),
    }


def llm_json(run: LLMRun) -> dict[str, Any]:
    """The ``llm`` of ``themes --json``: what the language model did, or would have sent."""
    if run.dry_run:
        return {"dry_run": True, "requests": [r.model_dump(mode="json") for r in run.requests]}
    if run.backend == "offline":
        return run.model_dump(mode="json", include=_OFFLINE_LLM_KEYS)
    return run.model_dump(mode="json", exclude={"dry_run", "requests"})


def dry_run_json(run: LLMRun) -> dict[str, Any]:
    """``themes --dry-run --json``: the requests that would have been sent; none was."""
    return {
        "dry_run": True,
        "sent": 0,
        "requests": [r.model_dump(mode="json") for r in run.requests],
    }


def reply_json(draft: ReplyDraft) -> dict[str, Any]:
    """The documented ``reply --json`` shape: every field but the recipient's name."""
    return draft.model_dump(exclude={"to"})


def analysis_json(result: AnalysisResult) -> dict[str, Any]:
    return {
        "ingest": ingest_json(result.ingest),
        "themes": themes_json(result.themes),
        "replies": [reply_json(d) for d in result.drafts],
        "report": {"html": str(result.html), "markdown": str(result.markdown)},
        "reply_failures": [f.model_dump() for f in result.reply_failures],
    }


def batch_json(report: BatchReport) -> dict[str, Any]:
    """``batch --json``: each profile's outcome, those resumed, and where the summary went."""
    return {
        "profiles": [o.model_dump(mode="json") for o in report.outcomes],
        "resumed": report.resumed,
        "summary": str(report.summary),
        "index": str(report.index),
    }
