"""Asking a chat model for a validated, structured answer, whatever the server supports.

Servers differ: OpenAI honours ``json_schema`` response formats, llama.cpp's
server answers HTTP 500 to them but honours ``json_object`` with a schema,
some servers only do function calling, and LangChain's fake models only
return text. :class:`StructuredClient` tries those methods in turn, remembers
which one works, validates every answer (JSON, the pydantic schema, then the
caller's own grounding checks), retries a bounded number of times, caches good
answers on disk, and logs every exchange. When nothing valid comes back it
returns ``None`` and the caller keeps its offline result.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from nextround.errors import EndpointUnavailable
from nextround.limits import Gate
from nextround.llm.cache import ResponseCache, cache_key
from nextround.llm.runlog import Exchange, RunLog
from nextround.prompts import Prompt

T = TypeVar("T", bound=BaseModel)

METHODS = ("json_schema", "function_calling", "json_object", "text")
#: Cached in place of an answer when every attempt was invalid.
NO_VALID_ANSWER = "\x00no-valid-answer"


class _Unsupported(Exception):
    """This server does not support this way of asking."""

    def __init__(self, reason: str, *, local: bool = False) -> None:
        super().__init__(reason)
        self.local = local  # refused by the client library: no request was made


class _OutOfBudget(Exception):
    """No calls left for this analysis."""


class _TimedOut(Exception):
    """A request (with its wait for a free slot) took longer than the time limit."""


class _Transient(Exception):
    """Worth retrying after a pause (rate limit, overload, connection)."""

    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status


@dataclass
class CallStats:
    calls: int = 0
    cache_hits: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    fallbacks: int = 0
    invalid: int = 0
    timeouts: int = 0
    warnings: list[str] = field(default_factory=list)
    #: Questions of this run that were never sent, each with why ("question", "reason").
    not_asked: list[dict[str, str]] = field(default_factory=list)


def parse_json_object(text: str) -> Any:
    """The first JSON object in ``text``, tolerating code fences and raw newlines."""
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", text.strip())
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("no JSON object in the answer")
    return json.loads(text[start : end + 1], strict=False)


def _classify_error(exc: Exception) -> Exception:
    """Map client errors to unsupported / transient / fatal."""
    import openai

    if isinstance(exc, NotImplementedError):
        return _Unsupported(str(exc) or "not implemented by this model", local=True)
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return EndpointUnavailable(
            "the LLM endpoint rejected the API key; check OPENAI_API_KEY or NEXTROUND_LLM_API_KEY"
        )
    if isinstance(exc, openai.APITimeoutError):
        return _TimedOut("no answer within the time limit")
    if isinstance(exc, openai.RateLimitError | openai.APIConnectionError):
        return _Transient(type(exc).__name__)  # includes timeouts
    if isinstance(exc, openai.APIStatusError):
        if exc.status_code >= 500:
            return _Transient(f"HTTP {exc.status_code}", exc.status_code)
        return _Unsupported(f"HTTP {exc.status_code}")
    return exc


class StructuredClient:
    """Validated structured answers from one chat model, with cache, log and budget."""

    def __init__(
        self,
        model: Any,
        *,
        model_id: str,
        backend: str,
        cache: ResponseCache | None = None,
        log: RunLog | None = None,
        methods: Sequence[str] = METHODS,
        max_attempts: int = 3,
        retries: int = 3,
        backoff: float = 0.5,
        gate: Gate | None = None,
        timeout: float | None = None,
        max_timeouts: int = 2,
    ) -> None:
        self.model = model
        self.model_id = model_id
        self.backend = backend
        self.cache = cache
        self.log = log or RunLog(None)
        self.methods = list(methods)
        self.max_attempts = max_attempts
        self.retries = retries
        self.backoff = backoff
        # Bounds requests in flight to this model across every client sharing it.
        self.gate = gate
        # Seconds one request may take, waiting for a free slot included; a request
        # that runs over fails that question (cached, so a re-run does not pay again),
        # and after ``max_timeouts`` in a row the endpoint counts as too slow for this run.
        self.timeout = timeout
        self.max_timeouts = max_timeouts
        self._timeouts_in_a_row = 0
        self.stats = CallStats()
        # Every question is asked at least once; further calls (retries, and probing
        # which way of asking a server supports) come from this shared pool.
        self.retry_budget: int | None = None  # None = unlimited
        self._lock = threading.Lock()
        self._method = 0
        self.down: str | None = None

    # -- public -----------------------------------------------------------------

    def messages(self, prompt: Prompt, values: dict[str, str]) -> list[tuple[str, str]]:
        system, user = prompt.render(**values)
        return [("system", system), ("user", user)]

    def ask(
        self,
        prompt: Prompt,
        values: dict[str, str],
        schema: type[T],
        validate: Callable[[T], list[str]] = lambda _answer: [],
        *,
        question: str = "",
    ) -> T | None:
        """A valid answer, or None (the caller falls back). Raises EndpointUnavailable.

        Every question ends one of three ways: answered (and cached), failed (an
        invalid answer or a timeout, cached as failed so an unchanged re-run does
        not ask again), or not asked, listed in ``stats.not_asked`` with the
        reason (the endpoint is down or too slow for this run).
        """
        messages = self.messages(prompt, values)
        schema_json = json.dumps(schema.model_json_schema(), sort_keys=True)
        key = cache_key(self.model_id, prompt.digest, messages, schema_json)
        if self.cache is not None:
            cached = self.cache.get(key)
            if cached == self._timeout_marker():
                with self._lock:
                    self.stats.cache_hits += 1
                    self.stats.fallbacks += 1
                self.log.write(self._exchange(prompt, "cache", cache_hit=True, outcome="timeout"))
                return None
            if cached == NO_VALID_ANSWER:
                # this exact question got no valid answer last time: do not pay again
                with self._lock:
                    self.stats.cache_hits += 1
                    self.stats.fallbacks += 1
                self.log.write(self._exchange(prompt, "cache", cache_hit=True, outcome="invalid"))
                return None
            if cached is not None:
                answer = self._accept(cached, schema, validate)
                if answer is not None:
                    with self._lock:
                        self.stats.cache_hits += 1
                    self.log.write(self._exchange(prompt, "cache", cache_hit=True))
                    return answer
        conversation = list(messages)
        attempts = 0
        calls = 0
        while attempts < self.max_attempts:
            if self.down:
                if not attempts:
                    with self._lock:
                        self.stats.not_asked.append(
                            {"question": question or prompt.name, "reason": self.down}
                        )
                raise EndpointUnavailable(self.down)
            method = self.methods[min(self._method, len(self.methods) - 1)]
            started = time.monotonic()
            try:
                text, tokens_in, tokens_out = self._call(method, conversation, schema, calls)
                calls += 1
            except _TimedOut as exc:
                latency = int((time.monotonic() - started) * 1000)
                self.log.write(
                    self._exchange(
                        prompt, method, latency_ms=latency, outcome="timeout", detail=str(exc)
                    )
                )
                with self._lock:
                    self.stats.timeouts += 1
                    self.stats.fallbacks += 1
                    self._timeouts_in_a_row += 1
                    if self._timeouts_in_a_row >= self.max_timeouts and not self.down:
                        self.down = (
                            f"the LLM endpoint is too slow: {self._timeouts_in_a_row} requests "
                            f"in a row got no answer within llm_timeout ({self.timeout:g} s)"
                        )
                if self.cache is not None:
                    self.cache.put(key, self._timeout_marker())
                return None
            except _Unsupported as exc:
                calls += 0 if exc.local else 1  # a refused request still counts
                self.log.write(
                    self._exchange(prompt, method, outcome="unsupported", detail=str(exc)[:200])
                )
                with self._lock:
                    if self.methods[min(self._method, len(self.methods) - 1)] == method:
                        if self._method >= len(self.methods) - 1:
                            break  # nothing left to try
                        self._method += 1
                continue
            except _OutOfBudget:
                break
            attempts += 1
            latency = int((time.monotonic() - started) * 1000)
            with self._lock:
                self._timeouts_in_a_row = 0
                self.stats.tokens_in += tokens_in
                self.stats.tokens_out += tokens_out
            problems: list[str] = []
            answer = self._accept(text, schema, validate, problems)
            self.log.write(
                self._exchange(
                    prompt,
                    method,
                    tokens_in=tokens_in,
                    tokens_out=tokens_out,
                    latency_ms=latency,
                    outcome="ok" if answer is not None else "invalid",
                    detail="; ".join(problems)[:300],
                )
            )
            if answer is not None:
                if self.cache is not None:
                    self.cache.put(key, answer.model_dump_json())
                return answer
            with self._lock:
                self.stats.invalid += 1
            conversation = [
                *messages,
                ("assistant", text[:2000]),
                (
                    "user",
                    "That answer was not valid: "
                    + "; ".join(problems)[:500]
                    + ". Answer again with one JSON object only.",
                ),
            ]
        with self._lock:
            self.stats.fallbacks += 1
        if self.cache is not None and attempts and not self.down:
            self.cache.put(key, NO_VALID_ANSWER)
        return None

    # -- internals --------------------------------------------------------------

    def _timeout_marker(self) -> str:
        """What the cache holds for a question that timed out under this time limit.

        A longer ``llm_timeout`` is another marker, so raising the limit asks again.
        """
        return f"{NO_VALID_ANSWER}:timeout:{self.timeout}"

    def _call(
        self, method: str, messages: list[tuple[str, str]], schema: type[BaseModel], made: int
    ) -> tuple[str, int, int]:
        """One request (spending the budget), unless the library refuses it locally."""
        if method in ("json_schema", "function_calling"):
            try:
                self.model.with_structured_output(schema, method=method, include_raw=True)
            except NotImplementedError as exc:
                raise _Unsupported(f"{method}: not implemented by this model", local=True) from exc
        if not self._spend(first=made == 0):
            raise _OutOfBudget
        return self._invoke_with_retries(method, messages, schema)

    def _spend(self, *, first: bool) -> bool:
        with self._lock:
            if not first and self.retry_budget is not None:
                if self.retry_budget <= 0:
                    return False
                self.retry_budget -= 1
            self.stats.calls += 1
            return True

    def _accept(
        self,
        text: str,
        schema: type[T],
        validate: Callable[[T], list[str]],
        problems: list[str] | None = None,
    ) -> T | None:
        problems = problems if problems is not None else []
        try:
            answer = schema.model_validate(parse_json_object(text))
        except (ValueError, ValidationError) as exc:
            problems.append(f"not the expected JSON ({str(exc).splitlines()[0][:200]})")
            return None
        problems.extend(validate(answer))
        return None if problems else answer

    def _invoke_with_retries(
        self, method: str, messages: list[tuple[str, str]], schema: type[BaseModel]
    ) -> tuple[str, int, int]:
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                return self._invoke_in_time(method, messages, schema)
            except _TimedOut:
                raise
            except Exception as exc:  # the client raises many types; classified here
                error = exc
            kind = _classify_error(error)
            if isinstance(kind, _TimedOut):
                raise kind from error
            if isinstance(kind, _Transient) and kind.status is not None and method != "text":
                # llama.cpp's server answers 500 to json_schema: try the next method
                raise _Unsupported(str(kind)) from error
            if isinstance(kind, _Transient) and attempt < self.retries:
                time.sleep(delay)
                delay *= 2
                continue
            if isinstance(kind, _Transient):
                self.down = f"the LLM endpoint is not answering ({kind})"
                raise EndpointUnavailable(self.down) from error
            if isinstance(kind, EndpointUnavailable):
                self.down = str(kind)
                raise kind from error
            if isinstance(kind, _Unsupported):
                raise kind from error
            raise _Unsupported(f"{type(error).__name__}: {error}") from error
        raise AssertionError("unreachable")

    def _invoke_in_time(
        self, method: str, messages: list[tuple[str, str]], schema: type[BaseModel]
    ) -> tuple[str, int, int]:
        """One request within the time limit, the wait for a free slot included.

        The request runs on a worker thread that holds the slot until the HTTP
        call ends (bounded by the client's own timeout), so the gate stays
        honest about what is in flight; the caller stops waiting at the limit.
        """
        started = time.monotonic()
        if self.gate is not None:
            got = self.gate.acquire(timeout=self.timeout) if self.timeout else self.gate.acquire()
            if not got:
                raise _TimedOut(f"no free slot within llm_timeout ({self.timeout:g} s)")
        left = None if self.timeout is None else self.timeout - (time.monotonic() - started)
        outcome: dict[str, Any] = {}
        finished = threading.Event()

        def work() -> None:
            try:
                outcome["value"] = self._invoke(method, messages, schema, left)
            except BaseException as exc:  # handed to the caller below
                outcome["error"] = exc
            finally:
                if self.gate is not None:
                    self.gate.release()
                finished.set()

        if left is None:
            work()
        else:
            threading.Thread(target=work, name="nextround-llm-request", daemon=True).start()
            if not finished.wait(max(left, 0.0)):
                raise _TimedOut(f"no answer within llm_timeout ({self.timeout:g} s)")
        if "error" in outcome:
            raise outcome["error"]
        value: tuple[str, int, int] = outcome["value"]
        return value

    def _invoke(
        self,
        method: str,
        messages: list[tuple[str, str]],
        schema: type[BaseModel],
        timeout: float | None = None,
    ) -> tuple[str, int, int]:
        """One request; ``timeout`` (seconds left of the limit) bounds the HTTP call."""
        # the request option ends the HTTP call itself where LangChain passes it on
        # (OpenAI-compatible models take it; other chat models are only waited for)
        bounded = timeout is not None and hasattr(self.model, "request_timeout")
        model = self.model.bind(timeout=max(timeout or 0.0, 0.1)) if bounded else self.model
        if method in ("json_schema", "function_calling"):
            runnable = self.model.with_structured_output(schema, method=method, include_raw=True)
            result = runnable.invoke(messages)
            raw = result.get("raw")
            parsed = result.get("parsed")
            text = parsed.model_dump_json() if isinstance(parsed, BaseModel) else _content(raw)
            if not text and raw is not None:
                calls = getattr(raw, "tool_calls", None) or []
                text = json.dumps(calls[0].get("args", {})) if calls else ""
            return text, *_usage(raw)
        if method == "json_object":
            bound = model.bind(
                response_format={"type": "json_object", "schema": schema.model_json_schema()}
            )
            message = bound.invoke(messages)
            return _content(message), *_usage(message)
        message = model.invoke(messages)
        return _content(message), *_usage(message)

    def _exchange(self, prompt: Prompt, method: str, **fields: Any) -> Exchange:
        return Exchange(
            prompt=prompt.name,
            prompt_hash=prompt.digest,
            model=self.model_id,
            backend=self.backend,
            method=method,
            **fields,
        )


def _content(message: Any) -> str:
    content = getattr(message, "content", "")
    if isinstance(content, list):
        return "".join(
            part.get("text", "") if isinstance(part, dict) else str(part) for part in content
        )
    return str(content or "")


def _usage(message: Any) -> tuple[int, int]:
    usage = getattr(message, "usage_metadata", None) or {}
    return int(usage.get("input_tokens", 0) or 0), int(usage.get("output_tokens", 0) or 0)
