"""The store: articles and their layers in one SQLite file, searchable in any spelling.

``Store.open(path)`` → ``add`` / ``ingest`` → ``search``, ``quotes``, ``entities``,
``entity``, ``article``, ``export``. Results are frozen dataclasses with ``to_json()``.
"""

from khabar.store.protocol import StoreBackend
from khabar.store.results import (
    AddResult,
    ArticleInfo,
    EntityDetail,
    EntitySummary,
    QuoteHit,
    SearchHit,
    Snippet,
    StoreStats,
)
from khabar.store.sqlite import DEFAULT_PATH, Store

__all__ = ["Store", "StoreBackend", "DEFAULT_PATH", "AddResult", "ArticleInfo", "EntityDetail",
           "EntitySummary", "QuoteHit", "SearchHit", "Snippet", "StoreStats"]
