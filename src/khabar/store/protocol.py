"""The store interface every backend implements (SQLite today; PostgreSQL can follow).

The CLI, the HTTP API and the Python API use only these methods, so a backend that
provides them (with the same arguments and result types) can replace ``khabar.store.Store``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TextIO, runtime_checkable

from khabar.model import Document
from khabar.store.results import (
    AddResult,
    ArticleInfo,
    EntityDetail,
    EntitySummary,
    QuoteHit,
    SearchHit,
    StoreStats,
)


@runtime_checkable
class StoreBackend(Protocol):
    def close(self) -> None: ...

    def add(self, documents: Iterable[Document], *, origins: Sequence[str | None] | None = None,
            stems: Sequence[str | None] | None = None) -> AddResult: ...

    def has(self, *, text: str | None = None, url: str | None = None) -> bool: ...

    def search(self, query: str, since: str | None = None, until: str | None = None,
               outlet: str | None = None, limit: int = 20,
               offset: int = 0) -> list[SearchHit]: ...

    def count(self, query: str, since: str | None = None, until: str | None = None,
              outlet: str | None = None) -> int: ...

    def quotes(self, speaker: str | None = None, about: str | None = None,
               since: str | None = None, until: str | None = None, limit: int = 20,
               offset: int = 0) -> list[QuoteHit]: ...

    def entities(self, type: str | None = None, q: str | None = None, top: int = 20,
                 offset: int = 0) -> list[EntitySummary]: ...

    def entity(self, id_or_name: str | int) -> EntityDetail | None: ...

    def latest(self, since: str | None = None, until: str | None = None,
               outlet: str | None = None, limit: int = 20,
               offset: int = 0) -> list[ArticleInfo]: ...

    def article(self, id: str) -> Document: ...

    def articles(self, since: str | None = None, until: str | None = None,
                 outlet: str | None = None) -> Iterable[Document]: ...

    def export(self, what: str, out: TextIO, format: str = "jsonl",
               since: str | None = None, until: str | None = None) -> int: ...

    def stats(self) -> StoreStats: ...
