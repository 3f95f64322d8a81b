"""One process at a time on an embedded store.

Chroma's embedded ``PersistentClient`` is not safe for two processes on one
directory (they can wait on SQLite for many minutes or see stale data). The
first nextround process takes an exclusive lock on the store; a second one
waits up to a timeout and then gets a clear message instead of hanging. Within
one process the lock is shared, so any number of workspaces can be open.
Several processes share a store through a Chroma server (``--chroma-url``).
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path
from typing import IO

from nextround.errors import StoreLockedError

_held: dict[Path, IO[str]] = {}
_guard = threading.Lock()


def lock_store(directory: Path, timeout: float) -> None:
    """Hold the store's lock for the rest of this process (waits up to ``timeout`` s)."""
    path = (directory / ".nextround.lock").resolve()
    with _guard:
        if path in _held:
            return
        handle = path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    handle.close()
                    raise StoreLockedError(
                        f"the store at {directory} is in use by {holder}. Wait for it to "
                        "finish (or raise store_lock_timeout), or share the store between "
                        "processes with a Chroma server: chroma run --path DIR --port N, then "
                        "--chroma-url http://127.0.0.1:N"
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _held[path] = handle
