"""The SQLite schema, as numbered migrations applied in order inside one transaction each.

``PRAGMA user_version`` holds the number of the last migration applied, so an older file is
brought up to date when it is opened for writing, and a newer one is refused.
"""

from __future__ import annotations

import logging
import sqlite3

from khabar.errors import StoreError

log = logging.getLogger(__name__)

#: Each entry moves the schema from version i to i + 1. Never edit one that has shipped:
#: append a new one.
MIGRATIONS: tuple[str, ...] = (
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
        # executescript commits first; BEGIN makes the migration and its version atomic.
        conn.executescript(
            f"BEGIN IMMEDIATE;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;"
        )
    return SCHEMA_VERSION
