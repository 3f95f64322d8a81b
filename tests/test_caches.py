"""Process-wide caches: edited files are re-read, and everything can be reset."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nextround
from nextround import limits
from nextround.caches import function_caches
from nextround.embed import EmbeddingCache
from nextround.models import FeedbackRecord, Stage
from nextround.replies.offline import Facts, OfflineDrafter, load_templates
from nextround.resources import prompts_dir
from nextround.storelock import lock_store
from nextround.themes.taxonomy import load_taxonomy


def _record() -> FeedbackRecord:
    text = "Thank you for interviewing with us."
    return FeedbackRecord(
        id="r1",
        source="note.txt",
        text=text,
        clean_text=text,
        redacted_text=text,
        company="Northwind Labs",
        stage=Stage.ONSITE,
        content_hash="r1",
    )


def _touch_later(path: Path) -> None:
    """Make sure the edit is seen even on a file system with coarse timestamps."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_an_edited_reply_template_is_used_without_restarting(tmp_path: Path) -> None:
    path = tmp_path / "reply_templates.yaml"
    shutil.copy(prompts_dir() / "reply_templates.yaml", path)
    before = OfflineDrafter(load_templates(path)).draft(_record(), "thank_you", Facts())
    assert "Cheers from the test team," not in before.body

    text = path.read_text(encoding="utf-8")
    old = '  brief: ["Best,", "Thanks,"]'
    assert old in text
    path.write_text(text.replace(old, '  brief: ["Cheers from the test team,"]'), "utf-8")
    _touch_later(path)

    after = OfflineDrafter(load_templates(path)).draft(
        _record(), "thank_you", Facts(), tone="brief"
    )
    assert "Cheers from the test team," in after.body
    assert load_templates(path) is load_templates(path)  # unchanged: parsed once


def test_reset_caches_empties_every_cache(tmp_path: Path) -> None:
    load_taxonomy()
    load_templates()
    gate = limits.shared_gate("test-model", 2)
    assert limits.shared_gate("test-model", 2) is gate
    cache = EmbeddingCache.shared(tmp_path / "cache", "test-model")
    lock_store(tmp_path, timeout=0)
    assert not _lockable(tmp_path / ".nextround.lock")
    cached = list(function_caches())
    assert any(c.cache_info().currsize for c in cached)

    nextround.reset_caches()

    assert all(c.cache_info().currsize == 0 for c in function_caches())
    assert limits.shared_gate("test-model", 2) is not gate
    assert EmbeddingCache.shared(tmp_path / "cache", "test-model") is not cache
    assert _lockable(tmp_path / ".nextround.lock")  # the store lock was let go


def _lockable(path: Path) -> bool:
    """Whether another open file could take the lock (flock locks belong to one open file)."""
    import fcntl

    with path.open("a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return True
