"""Setup checks for ``nextround doctor``. Reports what is configured, never a secret."""

from __future__ import annotations

import time
from typing import Any

from nextround.errors import NextroundError
from nextround.settings import Settings


def _check(name: str, ok: bool, detail: str) -> dict[str, Any]:
    return {"name": name, "ok": ok, "detail": detail}


def run_checks(settings: Settings) -> list[dict[str, Any]]:
    """Embedding model files, the store location, and a one-line LLM round trip."""
    from nextround.embed import minilm_files

    checks = []
    try:
        model, tokenizer = minilm_files()
        checks.append(
            _check("embedding model", True, f"{model.name} and {tokenizer.name} verified")
        )
    except NextroundError as exc:
        checks.append(_check("embedding model", False, str(exc)))
    where = settings.chroma_url or str(settings.store_path)
    checks.append(
        _check("store", True, f"{'server' if settings.chroma_url else 'embedded'} at {where}")
    )
    checks.append(llm_check(settings))
    return checks


def llm_check(settings: Settings) -> dict[str, Any]:
    from nextround.llm.backend import build_chat_model, parse_llm

    try:
        spec = parse_llm(settings.llm, settings.llm_model)
    except NextroundError as exc:
        return _check("llm", False, str(exc))
    if spec.offline:
        return _check("llm", True, "offline (no language model configured; results are offline)")
    described = spec.describe()
    where = f" at {described['endpoint']}" if described["endpoint"] else ""
    has_key = bool(settings.llm_api_key or (spec.backend == "openai" and settings.openai_api_key))
    label = f"{spec.backend} model {spec.model}{where}, API key {'set' if has_key else 'not set'}"
    try:
        model = build_chat_model(spec, settings)
        started = time.monotonic()
        model.invoke([("user", "Reply with the single word: ok")])
        latency = time.monotonic() - started
    except NextroundError as exc:
        return _check("llm", False, f"{label}: {exc}")
    except Exception as exc:  # any transport error means "does not answer"
        return _check("llm", False, f"{label}: does not answer ({type(exc).__name__})")
    return _check("llm", True, f"{label}: answered in {latency:.1f} s")
