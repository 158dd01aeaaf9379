"""``Store``: the embedded SQLite store (one file, WAL mode, FTS5), behind one small class.

The method names are the words of the CLI and the HTTP API; a PostgreSQL backend would
implement the same methods.

>>> import khabar
>>> with khabar.Store.open(":memory:") as store:
...     _ = store.add([khabar.analyze("قال بوتين إن روسيا مستعدة.", published="2023-09-15")])
...     [hit.article.published for hit in store.search("روسيا")]
['2023-09-15']
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

from khabar.errors import OldStoreError, StoreError
from khabar.model import Document
from khabar.store import queries
from khabar.store.protocol import StoreBackend
from khabar.store.results import (
    AddResult,
    ArticleInfo,
    EntityDetail,
    EntitySummary,
    QuoteHit,
    SearchHit,
    StoreStats,
)
from khabar.store.schema import SCHEMA_VERSION, migrate, schema_version
from khabar.store.writer import content_hash, finish_batch, is_stored, write_document

if TYPE_CHECKING:
    from khabar.ingest.runner import IngestProgress, IngestReport
    from khabar.ingest.sources import ReadOptions

log = logging.getLogger(__name__)

#: The store file used when no path is given (``--db``).
DEFAULT_PATH = "khabar.db"


class Store:
    """Articles with their entities, quotes and dates, searchable in any spelling.

    Open with ``Store.open(path)``; use as a context manager or call ``close()``.
    """

    def __init__(self, conn: sqlite3.Connection, path: str, read_only: bool) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only

    @classmethod
    def open_for_reading(cls, path: str | Path = DEFAULT_PATH) -> Store:
        """Open read-only; a store made by an older khabar is first upgraded once, when the
        file can be written."""
        try:
            return cls.open(path, read_only=True)
        except OldStoreError:
            if not os.access(path, os.W_OK):
                raise
            log.warning("upgrading the store %s to this khabar's schema (once; about a "
                        "minute per 50,000 articles)", path)
            cls.open(path).close()
            return cls.open(path, read_only=True)

    @classmethod
    def open(cls, path: str | Path = DEFAULT_PATH, *, read_only: bool = False) -> Store:
        """Open (creating and migrating when needed) the store at ``path``.

        ``read_only=True`` never writes and fails when the file does not exist.
        """
        name = str(path)
        try:
            if read_only:
                if name != ":memory:" and not Path(name).is_file():
                    raise StoreError(f"no store at {name}; create one with "
                                     f"'khabar ingest ARTICLES --db {name}'")
                conn = sqlite3.connect(f"{Path(name).resolve().as_uri()}?mode=ro", uri=True,
                                       check_same_thread=False)
            else:
                if name != ":memory:" and Path(name).is_dir():
                    raise StoreError(f"{name} is a folder; give the path of a store file")
                conn = sqlite3.connect(name, check_same_thread=False, isolation_level=None)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MB: index pages of frequent words
            if not read_only:
                migrate(conn)
            elif (version := schema_version(conn)) == 0:
                raise StoreError(f"{name} is not a khabar store (no schema); "
                                 "create one with 'khabar ingest'")
            elif version < SCHEMA_VERSION:
                conn.close()
                raise OldStoreError(f"{name} was made by an older khabar (schema {version}, "
                                    f"this one reads {SCHEMA_VERSION}); open it once for "
                                    "writing to upgrade it: any khabar query command does, "
                                    f"or 'khabar serve --db {name}' without --read-only")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {name}: {exc}; is it a khabar store?"
                             ) from None
        return cls(conn, name, read_only)

    def close(self) -> None:
        """Close the store; a writer folds the write-ahead log back into the file first."""
        if not self.read_only:
            try:
                self.conn.execute("PRAGMA optimize")  # planner statistics, when useful
                self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.OperationalError:  # another connection is busy: leave the log
                log.debug("store: checkpoint skipped, the store is busy")
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------

    def add(self, documents: Iterable[Document], *, origins: Sequence[str | None] | None = None,
            stems: Sequence[str | None] | None = None) -> AddResult:
        """Store documents in one transaction; ones already stored (same text or URL) are
        skipped. ``origins`` records where each came from (a path or URL)."""
        if self.read_only:
            raise StoreError(f"the store {self.path} is open read-only")
        docs = list(documents)
        added: list[str] = []
        skipped: list[str] = []
        touched: set[int] = set()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            for i, doc in enumerate(docs):
                doc_id = write_document(
                    self.conn, doc, origin=origins[i] if origins else None,
                    stems=stems[i] if stems else None, touched=touched)
                (added if doc_id else skipped).append(doc_id or doc.id)
            finish_batch(self.conn, touched)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        return AddResult(tuple(added), tuple(skipped))

    def has(self, *, text: str | None = None, url: str | None = None) -> bool:
        """Whether an article with this text (by content hash) or this URL is stored."""
        return is_stored(self.conn, content_hash(text) if text else None, url)

    def ingest(self, inputs: Sequence[str], *, workers: int | None = None,
               options: ReadOptions | None = None, batch_size: int = 32,
               progress: Callable[[IngestProgress], None] | None = None,
               errors_path: str | None = None, max_chars: int | None = None) -> IngestReport:
        """Read, analyse (in ``workers`` processes) and store articles from files, folders,
        feeds, JSONL dumps or URLs; failures are listed in the report (and written to
        ``errors_path`` as JSON lines). See ``khabar.ingest.runner.ingest``."""
        from khabar.ingest.runner import ingest
        from khabar.pipeline import DEFAULT_MAX_CHARS

        return ingest(self, inputs, workers=workers, options=options, batch_size=batch_size,
                      progress=progress, errors_path=errors_path,
                      max_chars=max_chars or DEFAULT_MAX_CHARS)

    # -- reading ------------------------------------------------------------------------

    def search(self, query: str, since: str | None = None, until: str | None = None,
               outlet: str | None = None, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Articles matching ``query`` in any spelling (AND of words; ``"…"`` a phrase,
        ``OR`` between words, ``word*`` a prefix), best first, with highlighted snippets.
        ``since``/``until`` are YYYY, YYYY-MM or YYYY-MM-DD, inclusive."""
        return queries.search(self.conn, query, since=since, until=until, outlet=outlet,
                              limit=limit, offset=offset)

    def count(self, query: str, since: str | None = None, until: str | None = None,
              outlet: str | None = None) -> int:
        """How many articles :meth:`search` finds for ``query`` (all pages)."""
        return queries.count(self.conn, query, since=since, until=until, outlet=outlet)

    def quotes(self, speaker: str | None = None, about: str | None = None,
               since: str | None = None, until: str | None = None, limit: int = 20,
               offset: int = 0) -> list[QuoteHit]:
        """Quotes by ``speaker`` (any alias, e.g. «بوتين» or «Putin») whose text or article
        mentions ``about``; quotes on the topic themselves first, then the newest."""
        return queries.quotes(self.conn, speaker=speaker, about=about, since=since,
                              until=until, limit=limit, offset=offset)

    def entities(self, type: str | None = None, q: str | None = None, top: int = 20,
                 offset: int = 0) -> list[EntitySummary]:
        """Global entities seen in the most articles, optionally of one ``type`` or
        matching a name ``q``."""
        return queries.entities(self.conn, type=type, q=q, top=top, offset=offset)

    def entity(self, id_or_name: str | int) -> EntityDetail | None:
        """One entity by number or name: aliases, counts per month, co-occurring entities
        (over its latest 5,000 articles), its latest quotes; None when no entity matches."""
        return queries.entity(self.conn, id_or_name)

    def latest(self, since: str | None = None, until: str | None = None,
               outlet: str | None = None, limit: int = 20, offset: int = 0) -> list[ArticleInfo]:
        """Articles newest first (by publication date, then by when they were stored)."""
        return queries.latest(self.conn, since=since, until=until, outlet=outlet, limit=limit,
                              offset=offset)

    def article(self, id: str) -> Document:
        """The stored Document with every layer, by its id."""
        row = self.conn.execute("SELECT text, layers FROM articles WHERE id = ?",
                                (id,)).fetchone()
        if row is None:
            raise StoreError(f"no article with id {id!r} in {self.path}; "
                             "find ids with 'khabar search'")
        data = json.loads(row[1])
        data["text"] = row[0]
        return Document.from_json(data)

    def articles(self, since: str | None = None, until: str | None = None,
                 outlet: str | None = None) -> Iterable[Document]:
        """Every stored Document (oldest stored first), optionally filtered."""
        where, args = queries._filters(since, until, outlet)
        cursor = self.conn.execute(
            f"SELECT a.text, a.layers FROM articles a WHERE 1{where} ORDER BY a.rowid", args)
        for text, layers in cursor:
            data = json.loads(layers)
            data["text"] = text
            yield Document.from_json(data)

    def export(self, what: str, out: TextIO, format: str = "jsonl",
               since: str | None = None, until: str | None = None) -> int:
        """Write ``documents``, ``quotes`` or ``entities`` to ``out`` as ``jsonl`` or
        ``csv``; returns the number of records written."""
        from khabar.store.export import export

        return export(self, what, out, format=format, since=since, until=until)

    def stats(self) -> StoreStats:
        """How many articles, entities, quotes and dates the store holds."""
        def count(table: str) -> int:
            return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        outlets = tuple((r[0] or "unknown", int(r[1])) for r in self.conn.execute(
            "SELECT outlet, count(*) FROM articles GROUP BY outlet ORDER BY 2 DESC LIMIT 20"))
        size = sum(Path(self.path + suffix).stat().st_size for suffix in ("", "-wal")
                   if Path(self.path + suffix).is_file())
        return StoreStats(count("articles"), count("entities"), count("quotes"),
                          count("times"), schema_version(self.conn), self.path, size, outlets)


def _implements_backend(store: Store) -> StoreBackend:
    return store  # mypy checks here that Store implements the StoreBackend protocol
