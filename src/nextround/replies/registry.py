"""Which rejections already have a draft, so ``reply --pending`` drafts each once.

One JSON file per profile, ``$NEXTROUND_HOME/drafts/<profile>.json``, mapping a
record id to the kind of reply drafted for it::

    {"3f9a1c0b2d4e": "thank_you", "7c1e0a9b4f2d": "feedback_request"}

A record whose draft failed is not in it, so it is tried again next time.
"""

from __future__ import annotations

import json
from pathlib import Path


class DraftRegistry:
    """The drafted records of one profile: read on creation, written by :meth:`save`.

    >>> reg = DraftRegistry.for_profile(home, "jordan")   # doctest: +SKIP
    >>> "3f9a1c0b2d4e" in reg                             # doctest: +SKIP
    False
    >>> reg.add("3f9a1c0b2d4e", "thank_you"); reg.save()  # doctest: +SKIP
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._kinds: dict[str, str] = (
            json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        )

    @classmethod
    def for_profile(cls, home: Path, profile: str) -> DraftRegistry:
        """The registry of ``profile`` under the nextround home ``home``."""
        return cls(home / "drafts" / f"{profile}.json")

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._kinds

    def kind(self, record_id: str) -> str | None:
        """The kind of reply drafted for ``record_id``, or None when it has none."""
        return self._kinds.get(record_id)

    def add(self, record_id: str, kind: str) -> None:
        """Remember that a ``kind`` reply was drafted for ``record_id`` (kept on :meth:`save`)."""
        self._kinds[record_id] = kind

    def save(self) -> None:
        """Write the registry, creating its folder when needed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self._kinds, indent=1, sort_keys=True), encoding="utf-8")
