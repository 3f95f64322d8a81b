"""Everything one command needs to use a language model, built from settings."""

from __future__ import annotations

from typing import Any

from nextround.limits import rate_limiter, shared_gate
from nextround.llm.backend import LLMSpec, build_chat_model, parse_llm
from nextround.llm.cache import ResponseCache
from nextround.llm.runlog import RunLog
from nextround.llm.structured import METHODS, StructuredClient
from nextround.llm.summarizer import LLMSummarizer
from nextround.settings import Settings


def make_client(settings: Settings, chat_model: Any | None = None) -> StructuredClient | None:
    """A structured client for the configured model, or None when offline.

    ``chat_model`` (any LangChain ``BaseChatModel``) overrides the settings, so a
    notebook can bring its own.
    """
    spec: LLMSpec = parse_llm(settings.llm, settings.llm_model)
    if chat_model is None and spec.offline:
        return None
    if chat_model is None:
        chat_model = build_chat_model(spec, settings)
        model_id, backend = f"{spec.backend}:{spec.model}", spec.backend
        endpoint = f"{model_id}@{spec.base_url or ''}"
        chat_model.rate_limiter = rate_limiter(endpoint, settings.llm_rpm)
    else:
        name = getattr(chat_model, "model_name", None) or type(chat_model).__name__
        model_id, backend = f"custom:{name}", "custom"
        endpoint = f"{model_id}@{id(chat_model)}"
    return StructuredClient(
        chat_model,
        model_id=model_id,
        backend=backend,
        cache=ResponseCache(settings.cache_path),
        log=RunLog(settings.home / "logs" / "llm.jsonl"),
        methods=METHODS,
        gate=shared_gate(f"llm:{endpoint}", settings.llm_concurrency),
        timeout=settings.llm_timeout,
    )


def make_summarizer(settings: Settings, chat_model: Any | None = None) -> LLMSummarizer | None:
    client = make_client(settings, chat_model)
    return LLMSummarizer(client, settings.llm_concurrency) if client else None
