"""A local log of every exchange with a model: what, how big, how long, cached or not.

One JSON object per line in ``$NEXTROUND_HOME/logs/llm.jsonl``. It records the
prompt's name and hash, never its text, and never a key.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Exchange:
    prompt: str
    prompt_hash: str
    model: str
    backend: str
    method: str
    tokens_in: int = 0
    tokens_out: int = 0
    latency_ms: int = 0
    cache_hit: bool = False
    outcome: str = "ok"  # ok | invalid | timeout | error | unsupported
    detail: str = ""
    time: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))


class RunLog:
    """Appends exchanges to the log file (thread-safe)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)

    def write(self, exchange: Exchange) -> None:
        if self.path is None:
            return
        line = json.dumps(asdict(exchange), ensure_ascii=False)
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")
