"""The SQLite schema, as numbered migrations applied in order inside one transaction each.

``PRAGMA user_version`` holds the number of the last migration applied, so an older file is
brought up to date when it is opened for writing, and a newer one is refused.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable

from khabar.errors import StoreError

log = logging.getLogger(__name__)

#: Each entry moves the schema from version i to i + 1. Never edit one that has shipped:
#: append a new one.
MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    # 1: articles, global entities with aliases, per-article layers, FTS5 indexes.
    """
    CREATE TABLE articles (
        rowid      INTEGER PRIMARY KEY,
        id         TEXT NOT NULL UNIQUE,
        hash       TEXT NOT NULL UNIQUE,
        url        TEXT UNIQUE,
        outlet     TEXT,
        title      TEXT,
        published  TEXT,
        origin     TEXT,
        added      TEXT NOT NULL,
        text       TEXT NOT NULL,
        layers     TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet, published);

    CREATE TABLE entities (
        id        INTEGER PRIMARY KEY,
        type      TEXT NOT NULL,
        name      TEXT NOT NULL,
        latin     TEXT,
        articles  INTEGER NOT NULL DEFAULT 0,
        mentions  INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX entities_rank ON entities(type, articles DESC);
    CREATE INDEX entities_articles ON entities(articles DESC);

    CREATE TABLE aliases (
        entity  INTEGER NOT NULL REFERENCES entities(id),
        folded  TEXT NOT NULL,
        alias   TEXT NOT NULL,
        last    TEXT NOT NULL,
        count   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (entity, folded)
    ) WITHOUT ROWID;
    CREATE INDEX aliases_folded ON aliases(folded);
    CREATE INDEX aliases_last ON aliases(last);

    CREATE TABLE article_entities (
        article   INTEGER NOT NULL REFERENCES articles(rowid),
        local_id  TEXT NOT NULL,
        entity    INTEGER NOT NULL REFERENCES entities(id),
        mentions  INTEGER NOT NULL,
        PRIMARY KEY (article, local_id)
    ) WITHOUT ROWID;
    CREATE INDEX article_entities_entity ON article_entities(entity, article);

    CREATE TABLE mentions (
        article  INTEGER NOT NULL REFERENCES articles(rowid),
        entity   INTEGER NOT NULL REFERENCES entities(id),
        start    INTEGER NOT NULL,
        end      INTEGER NOT NULL,
        text     TEXT NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article);

    CREATE TABLE quotes (
        rowid           INTEGER PRIMARY KEY,
        article         INTEGER NOT NULL REFERENCES articles(rowid),
        local_id        TEXT NOT NULL,
        kind            TEXT NOT NULL,
        start           INTEGER NOT NULL,
        end             INTEGER NOT NULL,
        text            TEXT NOT NULL,
        speaker         TEXT,
        speaker_kind    TEXT,
        speaker_entity  INTEGER REFERENCES entities(id),
        source          TEXT,
        hedge           TEXT,
        times           TEXT NOT NULL,
        json            TEXT NOT NULL
    );
    CREATE INDEX quotes_article ON quotes(article);
    CREATE INDEX quotes_speaker ON quotes(speaker_entity, article);

    CREATE TABLE times (
        article  INTEGER NOT NULL REFERENCES articles(rowid),
        local_id TEXT NOT NULL,
        start    INTEGER NOT NULL,
        end      INTEGER NOT NULL,
        text     TEXT NOT NULL,
        value    TEXT,
        grain    TEXT
    );
    CREATE INDEX times_article ON times(article);
    CREATE INDEX times_value ON times(value);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, stems, content='', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        body, speaker, content='', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE entities_fts USING fts5(
        names, tokenize='unicode61 remove_diacritics 2'
    );
    """,
    # 2: the publication date on each quote, so quotes are listed newest first from an index.
    """
    ALTER TABLE quotes ADD COLUMN published TEXT;
    UPDATE quotes SET published = (SELECT published FROM articles WHERE rowid = quotes.article);
    CREATE INDEX quotes_published ON quotes(published);
    CREATE INDEX quotes_speaker_published ON quotes(speaker_entity, published);
    """,
    # 3: full-text rows keyed by publication day (khabar.store.fts.fts_key), linked
    # speakers indexed by their entity token, outlets by theirs.
    lambda conn: _rekey_full_text(conn),
)

SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the missing migrations; returns the schema version reached."""
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store has schema version {version}, newer than this khabar "
            f"({SCHEMA_VERSION}); upgrade khabar to open it"
        )
    for number in range(version, SCHEMA_VERSION):
        log.info("store: applying migration %d", number + 1)
        step = MIGRATIONS[number]
        if isinstance(step, str):
            # executescript commits first; BEGIN makes the migration and its version atomic.
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{step}\nPRAGMA user_version = {number + 1};\nCOMMIT;")
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return SCHEMA_VERSION


_FULL_TEXT = """
    DROP TABLE IF EXISTS articles_fts;
    DROP TABLE IF EXISTS quotes_fts;
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, stems, content='', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        body, speaker, content='', tokenize='unicode61 remove_diacritics 2'
    );
"""


def _rekey_full_text(conn: sqlite3.Connection) -> None:
    """Rebuild both full-text indexes from the stored rows (a minute per ~50,000 articles)."""
    from khabar.store.fts import text_stems
    from khabar.store.writer import index_article, index_quote
    from khabar.text.normalize import fold

    for statement in _FULL_TEXT.split(";"):
        if statement.strip():
            conn.execute(statement)
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    rows = conn.execute("SELECT rowid, title, published, outlet, text FROM articles")
    for n, (rowid, title, published, outlet, text) in enumerate(rows, 1):
        index_article(conn, rowid, published, outlet, fold(title or ""), fold(text),
                      text_stems(text))
        if n % 10_000 == 0:
            log.info("store: re-indexed %d of %d articles", n, total)
    quotes = conn.execute("SELECT rowid, published, text, speaker_entity, speaker FROM quotes")
    for rowid, published, text, entity, speaker in quotes:
        index_quote(conn, rowid, published, text, entity, speaker)
