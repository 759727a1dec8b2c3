"""An LRU cache of search results and answers, emptied whenever the index on disk changes.

The index's generation is read from the files every writer replaces atomically (the manifest on each file
written or removed, the BM25 folder on commit), so an ingest by another process sharing the index folder
empties this process's cache too. Query embeddings need no cache here: the embedder keeps its own.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field

logger = logging.getLogger(__name__)

T = TypeVar("T")
Generation = tuple[tuple[int, int, int], ...]


class CacheSettings(BaseModel):
    """Answers to repeated questions."""

    size: int = Field(
        256,
        ge=0,
        description="Search results and answers kept (least recently used dropped first); 0 turns the cache off.",
    )


class QueryCache:
    """Thread-safe LRU keyed by the caller; every entry is dropped when `generation()` changes."""

    def __init__(self, size: int, generation: Callable[[], Hashable]) -> None:
        self.size = size
        self._generation = generation
        self._current: Hashable = None
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @classmethod
    def for_files(cls, size: int, paths: list[Path]) -> QueryCache:
        return cls(size, lambda: file_generation(paths))

    def get_or_compute(self, key: Hashable, compute: Callable[[], T]) -> tuple[T, bool]:
        """The cached value for `key` and True, or `compute()` (then cached) and False."""
        if self.size <= 0:
            return compute(), False
        generation = self._generation()
        with self._lock:
            if generation != self._current:
                self._entries.clear()
                self._current = generation
            if key in self._entries:
                self._entries.move_to_end(key)
                self.hits += 1
                return self._entries[key], True
            self.misses += 1
        value = compute()
        with self._lock:
            if generation == self._current:  # an entry computed across a change is not kept
                self._entries[key] = value
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value, False

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def file_generation(paths: list[Path]) -> Generation:
    """(inode, size, mtime in ns) of each path: any atomic replacement or rewrite changes it."""
    stamps = []
    for path in paths:
        try:
            stat = os.stat(path)
        except OSError:
            stamps.append((0, 0, 0))
        else:
            stamps.append((stat.st_ino, stat.st_size, stat.st_mtime_ns))
    return tuple(stamps)
