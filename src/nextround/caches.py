"""Process-wide state, and one call that resets all of it.

nextround keeps a few things for the life of a process, because making them
again costs time or because every worker must share them:

- loaded data: the embedding model, the shipped classifiers, word lists, the
  prompt files; each is a ``functools`` cache with its own ``cache_clear()``.
  Files a user edits (the taxonomy, role packs, reply templates) are keyed by
  their modification time and size, so an edit is seen without any reset;
- :func:`nextround.limits.reset_shared`: the gates and rate limiters that
  bound model calls across batch workers;
- :meth:`nextround.embed.EmbeddingCache.close_all`: the open embedding caches;
- :func:`nextround.store.release_embedded_stores` and
  :func:`nextround.storelock.release_store_locks`: embedded Chroma stores and
  the locks that keep other processes off them.

:func:`reset_caches` resets all of it, for tests and long-running notebooks
(after upgrading a shipped file, or to let another process use the store).
Workspaces opened before the reset must not be used after it: open new ones.

>>> import nextround
>>> nextround.reset_caches()
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

#: Module, and the function in it that resets its state; run only if the module is loaded.
_RESETS = (
    ("nextround.limits", "reset_shared"),
    ("nextround.embed", "EmbeddingCache.close_all"),
    ("nextround.store", "release_embedded_stores"),
    ("nextround.storelock", "release_store_locks"),
)


def function_caches() -> Iterator[Any]:
    """Every module-level ``functools`` cache in the loaded nextround modules."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "nextround" or name.startswith("nextround.")):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and (
                getattr(value, "__module__", None) == name
            ):
                yield value


def reset_caches() -> None:
    """Empty every process-wide cache and release every store lock nextround holds."""
    for cached in function_caches():
        cached.cache_clear()
    for module_name, attribute in _RESETS:
        if module_name not in sys.modules:
            continue  # never loaded: nothing to reset
        target: Any = importlib.import_module(module_name)
        for part in attribute.split("."):
            target = getattr(target, part)
        reset: Callable[[], None] = target
        reset()
