"""A small cache of query answers, emptied whenever the store file changes.

Newsrooms ask the same questions over and over (a speaker's quotes, this week's search);
answering a repeated query from memory keeps latency low under many clients. The cache
never serves stale answers: every lookup compares the store file's and its WAL's
modification time and size, which change with every committed write.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def _signature(path: Path) -> tuple[int, ...]:
    out: list[int] = []
    for suffix in ("", "-wal"):
        try:
            info = os.stat(f"{path}{suffix}")
        except OSError:
            out += [0, 0]
        else:
            out += [info.st_mtime_ns, info.st_size]
    return tuple(out)


class QueryCache:
    """Up to ``size`` answers by key (least recently used go first); ``size=0`` disables."""

    def __init__(self, path: Path | None, size: int = 2048) -> None:
        self.path = path
        self.size = size
        self._answers: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._signature: tuple[int, ...] = ()
        self._running: dict[Hashable, threading.Event] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached answer for ``key``, or ``compute()``'s. When several requests miss
        the same key at once, one computes and the others wait for its answer."""
        if not self.size or self.path is None:
            return compute()
        signature = _signature(self.path)
        with self._lock:
            if signature != self._signature:
                self._answers.clear()
                self._signature = signature
            if key in self._answers:
                self._answers.move_to_end(key)
                self.hits += 1
                answer: T = self._answers[key]
                return answer
            self.misses += 1
            running = self._running.get(key)
            if running is None:
                running = self._running[key] = threading.Event()
                owner = True
            else:
                owner = False
        if not owner:
            running.wait(timeout=60)
            with self._lock:
                if key in self._answers:
                    answer = self._answers[key]
                    return answer
            return compute()  # the first one failed: this request tries itself
        try:
            answer = compute()
            with self._lock:
                if signature == self._signature:
                    self._answers[key] = answer
                    while len(self._answers) > self.size:
                        self._answers.popitem(last=False)
        finally:
            with self._lock:
                self._running.pop(key, None)
            running.set()
        return answer

    def stats(self) -> dict[str, int]:
        with self._lock:
            return {"size": self.size, "entries": len(self._answers), "hits": self.hits,
                    "misses": self.misses}
