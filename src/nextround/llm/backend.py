"""Choosing and building the chat model.

One way to choose, the same on every command: ``--llm offline`` (default),
``--llm openai:MODEL``, or ``--llm URL --llm-model NAME`` for any
OpenAI-compatible server (Ollama, llama.cpp, vLLM, LM Studio). The same values
come from ``NEXTROUND_LLM`` / ``NEXTROUND_LLM_MODEL`` or the config file.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from nextround.errors import ConfigError
from nextround.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

OPENAI_DEFAULT_MODEL = "gpt-4o-mini"
MAX_ANSWER_TOKENS = 700


@dataclass(frozen=True)
class LLMSpec:
    """A parsed ``--llm`` choice."""

    backend: str  # "offline" | "openai" | "compatible"
    model: str = ""
    base_url: str | None = None

    @property
    def offline(self) -> bool:
        return self.backend == "offline"

    @property
    def leaves_machine(self) -> bool:
        """True unless the server is on this machine."""
        if self.backend != "compatible" or not self.base_url:
            return self.backend == "openai"
        host = urlparse(self.base_url).hostname or ""
        if host == "localhost":
            return False
        try:
            return not ipaddress.ip_address(host).is_loopback
        except ValueError:
            return True

    def describe(self) -> dict[str, Any]:
        """What to show about the backend: never a key."""
        where = urlparse(self.base_url).netloc if self.base_url else None
        return {"backend": self.backend, "model": self.model or None, "endpoint": where}


def parse_llm(value: str | None, model: str | None = None) -> LLMSpec:
    """``offline``, ``openai[:MODEL]`` or an ``http(s)://`` base URL (with a model name)."""
    value = (value or "offline").strip()
    model = (model or "").strip()
    if value == "offline":
        return LLMSpec("offline")
    if value == "openai" or value.startswith("openai:"):
        chosen = value.partition(":")[2] or model or OPENAI_DEFAULT_MODEL
        return LLMSpec("openai", chosen)
    if value.startswith(("http://", "https://")):
        if not model:
            raise ConfigError(
                f"--llm {value} needs a model name: add --llm-model NAME "
                "(or NEXTROUND_LLM_MODEL), e.g. --llm-model llama3.1"
            )
        if not urlparse(value).hostname:
            raise ConfigError(f"--llm {value!r} is not a valid URL")
        return LLMSpec("compatible", model, value.rstrip("/"))
    raise ConfigError(
        f"unknown --llm {value!r}: use offline, openai:MODEL (e.g. openai:gpt-4o-mini), or an "
        "OpenAI-compatible base URL with --llm-model (e.g. --llm http://127.0.0.1:11434/v1 "
        "--llm-model llama3.1)"
    )


def build_chat_model(spec: LLMSpec, settings: Settings) -> BaseChatModel:
    """A LangChain ``ChatOpenAI`` for ``spec`` (imported lazily)."""
    if spec.offline:
        raise ValueError("the offline backend has no chat model")
    try:
        from langchain_openai import ChatOpenAI
        from pydantic import SecretStr
    except ImportError as exc:  # pragma: no cover - a core dependency
        raise ConfigError("the LLM backends need: pip install langchain-openai") from exc
    if spec.backend == "openai":
        key = settings.llm_api_key or settings.openai_api_key
        if not key:
            raise ConfigError(
                "--llm openai needs an API key: set OPENAI_API_KEY (or openai_api_key in the "
                "config file), or use --llm offline"
            )
    else:
        key = settings.llm_api_key or "not-needed"  # most local servers ignore it
    # A write-up is ~200 tokens; a runaway answer is cut short. Compatible servers
    # (llama.cpp, older vLLM) read "max_tokens", OpenAI reads "max_completion_tokens".
    extra = {"max_tokens": MAX_ANSWER_TOKENS} if spec.backend == "compatible" else None
    model: BaseChatModel = ChatOpenAI(
        model=spec.model,
        base_url=spec.base_url,
        api_key=SecretStr(key),
        temperature=0,
        max_completion_tokens=MAX_ANSWER_TOKENS,
        extra_body=extra,
        timeout=settings.llm_timeout,
        max_retries=0,  # nextround retries itself, with backoff and a clear give-up
    )
    return model
