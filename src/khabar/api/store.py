"""The API's view of the store: a small pool of read-only ``khabar.store.Store``
connections, answers as JSON.

The API answers requests from a thread pool of up to 40 threads. Queries borrow one of a
few connections (reads run in parallel in WAL mode; SQLite releases the GIL while it
works): few connections keep their page caches warm, and more simultaneous queries than
cores would only share the CPU. Ingest jobs open their own writable Store.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from khabar.api.cache import QueryCache
from khabar.api.errors import ApiError
from khabar.api.jobs import Progress
from khabar.errors import KhabarError, StoreError

if TYPE_CHECKING:
    from khabar.api.bodies import Article
    from khabar.store import Store
    from khabar.store.results import EntityDetail

log = logging.getLogger(__name__)

#: Store connections of a server process when ``query_slots`` is not given.
DEFAULT_CONNECTIONS = 4

JSON = dict[str, Any]


def _json(value: Any) -> Any:
    return value.to_json() if hasattr(value, "to_json") else value


@contextmanager
def _user_query(parameter: str) -> Iterator[None]:
    """The store's complaints about a query (no words, bad syntax) are the user's to fix."""
    try:
        yield
    except StoreError as exc:
        if "no such" in str(exc):  # a schema problem (an old store opened read-only), not input
            raise ApiError(503, "old_store", "the store was made by an older khabar; open it "
                           "once without --read-only (khabar serve or khabar ingest) to "
                           "upgrade it") from None
        raise ApiError(400, "bad_query", f"bad parameter {parameter}: {exc}") from None


def _no_store() -> ApiError:
    return ApiError(503, "no_store", "this server has no store; start it with "
                    "khabar serve --db PATH (and fill it with khabar ingest)")


class StoreGateway:
    """Thread-local Stores over one database file, and the queries the routes need."""

    def __init__(self, path: Path | None, read_only: bool = False,
                 cache_size: int = 2048, query_slots: int = 0) -> None:
        self.path = path
        self.read_only = read_only
        self.cache = QueryCache(path, cache_size)
        #: Connections (and so store queries at once); the default suits a small machine.
        self.connections = query_slots or DEFAULT_CONNECTIONS
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.connections)
        self._write_lock = threading.Lock()
        self._prepared = False
        self._prepare_lock = threading.Lock()  # not the write lock: a job may hold that

    @property
    def available(self) -> bool:
        return self.path is not None

    def check(self) -> None:
        """Open the store once now, so that a bad path fails at start, not on first use."""
        with self._lease():
            pass

    def _prepare(self) -> None:
        """Once: a writable server creates a missing store and migrates an old one; the
        request threads then read through read-only connections."""
        with self._prepare_lock:
            if not self._prepared and not self.read_only:
                self._open(read_only=False).close()
            self._prepared = True

    def _open(self, read_only: bool) -> Store:
        from khabar.store import Store

        assert self.path is not None
        return Store.open(self.path, read_only=read_only)

    @contextmanager
    def _lease(self) -> Iterator[Store]:
        """One of the pool's connections, for one query (the most recently used first: its
        page cache is the warmest)."""
        if self.path is None:
            raise _no_store()
        with self._slots:
            try:
                store = self._idle.get_nowait()
            except queue.Empty:
                if not self._prepared:
                    self._prepare()
                store = self._open(read_only=True)
            try:
                yield store
            finally:
                self._idle.put(store)

    # -- queries ---------------------------------------------------------------------

    def search(self, query: str | None, since: str | None, until: str | None,
               outlet: str | None, limit: int, offset: int) -> tuple[list[JSON], int | None]:
        """Articles matching ``query``, best first, and how many match; without a query,
        the newest articles."""
        def compute() -> tuple[list[JSON], int | None]:
            if query is None:
                with self._lease() as store:
                    articles = store.latest(since=since, until=until, outlet=outlet,
                                            limit=limit, offset=offset)
                return [{"article": _json(a), "score": None, "snippet": None}
                        for a in articles], None
            with _user_query("q"), self._lease() as store:
                hits = store.search(query, since=since, until=until, outlet=outlet,
                                    limit=limit, offset=offset)
                total = store.count(query, since=since, until=until, outlet=outlet)
            return [_json(hit) for hit in hits], total

        key = ("search", query, since, until, outlet, limit, offset)
        return self.cache.get(key, compute)

    def quotes(self, speaker: str | None, about: str | None, since: str | None,
               until: str | None, limit: int, offset: int) -> tuple[list[JSON], int | None]:
        def compute() -> list[JSON]:
            with _user_query("speaker or about"), self._lease() as store:
                hits = store.quotes(speaker=speaker, about=about, since=since, until=until,
                                    limit=limit, offset=offset)
            return [_json(hit) for hit in hits]

        key = ("quotes", speaker, about, since, until, limit, offset)
        return self.cache.get(key, compute), None

    def article(self, article_id: str) -> JSON:
        with self._lease() as store:
            try:
                doc = store.article(article_id)
            except StoreError:
                if _exists(store, article_id):
                    raise
                raise ApiError(404, "not_found", f"no article {article_id!r} in the store; "
                               "find articles with /api/search") from None
        out: JSON = doc.to_json()
        return out

    def entities(self, kind: str | None, query: str | None, limit: int, offset: int
                 ) -> tuple[list[JSON], int | None]:
        def compute() -> list[JSON]:
            with _user_query("q"), self._lease() as store:
                found = store.entities(type=kind, q=query, top=limit, offset=offset)
            return [_json(entity) for entity in found]

        return self.cache.get(("entities", kind, query, limit, offset), compute), None

    def entity(self, id_or_name: str) -> JSON:
        key: int | str = int(id_or_name) if id_or_name.isdigit() else id_or_name

        def compute() -> EntityDetail | None:
            with self._lease() as store:
                return store.entity(key)

        detail = self.cache.get(("entity", key), compute)
        if detail is None:
            raise ApiError(404, "not_found", f"no entity {id_or_name!r} in the store; "
                           "find entities with /api/entities?q=NAME")
        out: JSON = _json(detail)
        return out

    def status(self) -> JSON:
        if self.path is None:
            return {"store": None, "read_only": self.read_only}
        try:
            with self._lease() as store:
                stats = _json(store.stats())
        except KhabarError as exc:
            return {"store": str(self.path), "read_only": self.read_only, "error": str(exc)}
        return {"store": str(self.path), "read_only": self.read_only, "stats": stats,
                "cache": self.cache.stats()}

    # -- ingest ----------------------------------------------------------------------

    def ingest_job(self, items: list[Article | str]) -> Callable[[Progress], None]:
        """The function a background job runs: analyse each article and add it to the store;
        URLs (pages or feeds) go through the store's own ingest (fetch, extract, analyse)."""
        if self.path is None:
            raise _no_store()
        articles = [item for item in items if not isinstance(item, str)]
        urls = [item for item in items if isinstance(item, str)]

        def run(progress: Progress) -> None:
            from khabar.pipeline import analyze

            progress.set_total(len(articles) + len(urls) if not urls else None)
            with self._write_lock, self._open(read_only=False) as store:
                for n, article in enumerate(articles, 1):
                    try:
                        doc = analyze(article.text, article.published, article.source,
                                      id=article.id)
                        result = store.add([doc])
                    except KhabarError as exc:
                        progress.item(error=(article.id or f"article {n}", str(exc)))
                        continue
                    progress.item(added=bool(result.added))
                if urls:
                    base = progress.snapshot()
                    report = store.ingest(urls, workers=1, progress=lambda counts: progress.set(
                        done=base["done"] + counts.done, added=base["added"] + counts.added,
                        skipped=base["skipped"] + counts.skipped,
                        failed=base["failed"] + counts.failed))
                    for failure in report.failures:
                        progress.error(failure.origin, failure.reason)

        return run


# Tells a missing article (404) from a store that cannot read one (an error).
def _exists(store: Store, article_id: str) -> bool:
    row = store.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row is not None
