"""Starting real local servers for tests: a free port, a readiness probe, a clean stop."""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    command: Sequence[str], ready_url: str, log_path: Path, timeout: float
) -> Iterator[None]:
    """Run ``command`` until ``ready_url`` answers; stop it afterwards.

    Raises ``RuntimeError`` with the end of the server's log if it does not come up.
    """
    with log_path.open("wb") as log:
        proc = subprocess.Popen(list(command), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(ready_url, timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    raise RuntimeError(
                        f"{command[0]} did not start: " + log_path.read_text()[-2000:]
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
