"""One process at a time on an embedded store.

Chroma's embedded ``PersistentClient`` is not safe for two processes on one
directory (they can wait on SQLite for many minutes or see stale data). The
first nextround process takes an exclusive lock on the store; a second one
waits up to a timeout and then gets a clear message instead of hanging. Within
one process the lock is shared, so any number of workspaces can be open.
Several processes share a store through a Chroma server (``--chroma-url``).
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import IO

from nextround.errors import StoreLockedError

_held: dict[Path, IO[str]] = {}
_guard = threading.Lock()

if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[str]) -> bool:
        handle.seek(0)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(handle: IO[str]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def _holder(handle: IO[str]) -> str:
    try:
        handle.seek(0)
        return handle.read().strip() or "another process"
    except OSError:  # Windows does not let us read a region another process locked
        return "another process"


def lock_store(directory: Path, timeout: float) -> None:
    """Hold the store's lock for the rest of this process (waits up to ``timeout`` s)."""
    path = (directory / ".nextround.lock").resolve()
    with _guard:
        if path in _held:
            return
        handle = path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + timeout
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                holder = _holder(handle)
                handle.close()
                raise StoreLockedError(
                    f"the store at {directory} is in use by {holder}. Wait for it to "
                    "finish (or raise store_lock_timeout), or share the store between "
                    "processes with a Chroma server: chroma run --path DIR --port N, then "
                    "--chroma-url http://127.0.0.1:N"
                )
            time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _held[path] = handle


def release_store_locks() -> None:
    """Let go of every store lock this process holds, so another process may open them.

    For tests and long-running notebooks (see :func:`nextround.reset_caches`):
    workspaces opened before must not be used after; open new ones.
    """
    with _guard:
        for handle in _held.values():
            handle.close()  # closing the file releases its lock
        _held.clear()
