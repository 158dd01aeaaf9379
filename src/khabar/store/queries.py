"""The store's read queries: search, quotes, entities, entity. SQL is parameterised; user
text reaches FTS5 only through ``khabar.store.fts.parse_query``."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from typing import Any

from khabar.errors import InvalidDateError, StoreError
from khabar.model import ENTITY_TYPES
from khabar.store.fts import parse_query, snippet
from khabar.store.linking import name_key
from khabar.store.results import ArticleInfo, EntityDetail, EntitySummary, QuoteHit, SearchHit
from khabar.text.normalize import fold

_BOUND = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ARTICLE = "a.id, a.title, a.published, a.outlet, a.url, a.origin"
#: bm25 column weights: title, body, stems.
_BM25 = "bm25(4.0, 1.0, 0.5)"


def date_bound(value: str | None, *, end: bool) -> str | None:
    """A comparable bound from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (inclusive)."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    if not _BOUND.match(text):
        raise InvalidDateError(f"invalid date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD, "
                               "for example --since 2023-09")
    return text + "\uffff" if end else text


def _info(row: Sequence[Any]) -> ArticleInfo:
    return ArticleInfo(*row[:6])


def _filters(since: str | None, until: str | None, outlet: str | None) -> tuple[str, list[Any]]:
    sql: str = ""
    args: list[Any] = []
    if (low := date_bound(since, end=False)) is not None:
        sql, args = sql + " AND a.published >= ?", [*args, low]
    if (high := date_bound(until, end=True)) is not None:
        sql, args = sql + " AND a.published <= ?", [*args, high]
    if outlet:
        sql, args = sql + " AND a.outlet = ? COLLATE NOCASE", [*args, outlet]
    return sql, args


def search(conn: sqlite3.Connection, query: str, *, since: str | None = None,
           until: str | None = None, outlet: str | None = None, limit: int = 20,
           offset: int = 0) -> list[SearchHit]:
    """Articles matching ``query`` in any spelling, best first (bm25), with snippets."""
    parsed = parse_query(query)
    where, args = _filters(since, until, outlet)
    # Rank inside FTS5 first and join the article rows of one page only: reading every
    # matching article's text before sorting is what makes a frequent word slow.
    join = " JOIN articles a ON a.rowid = articles_fts.rowid" if where else ""
    ranked = _run(conn, f"SELECT articles_fts.rowid, articles_fts.rank FROM articles_fts{join} "
                  f"WHERE articles_fts MATCH ? AND articles_fts.rank MATCH ?{where} "
                  "ORDER BY articles_fts.rank LIMIT ? OFFSET ?",
                  [parsed.fts(), _BM25, *args, limit, offset])
    hits = []
    for rowid, score in ranked:
        row = conn.execute(f"SELECT {_ARTICLE}, a.text FROM articles a WHERE a.rowid = ?",
                           (rowid,)).fetchone()
        hits.append(SearchHit(_info(row), float(score), snippet(row[6], parsed)))
    return hits


def latest(conn: sqlite3.Connection, *, since: str | None = None, until: str | None = None,
           outlet: str | None = None, limit: int = 20, offset: int = 0) -> list[ArticleInfo]:
    """Articles newest first."""
    where, args = _filters(since, until, outlet)
    rows = _run(conn, f"SELECT {_ARTICLE} FROM articles a WHERE 1{where} "
                "ORDER BY a.published DESC, a.rowid DESC LIMIT ? OFFSET ?",
                [*args, limit, offset])
    return [_info(r) for r in rows]


def _run(conn: sqlite3.Connection, sql: str, args: Sequence[Any]) -> list[Any]:
    try:
        return conn.execute(sql, args).fetchall()
    except sqlite3.OperationalError as exc:
        raise StoreError(f"the store could not run the query: {exc}") from None


def speaker_ids(conn: sqlite3.Connection, speaker: str) -> list[int]:
    """Global entities whose names (any alias, Arabic or Latin) match ``speaker``; titles
    are dropped first («الرئيس الروسي فلاديمير بوتين» looks for «فلاديمير بوتين»)."""
    return [int(r[0]) for r in _run(
        conn, "SELECT rowid FROM entities_fts WHERE entities_fts MATCH ? LIMIT 200",
        [parse_query(_without_titles(speaker)).fts()])]


def _without_titles(name: str) -> str:
    key = name_key(name, "PER")
    return key.display if key else name


_QUOTE = ("SELECT {article}, q.json, q.speaker_entity, e.name, q.times FROM quotes q "
          "JOIN articles a ON a.rowid = q.article "
          "LEFT JOIN entities e ON e.id = q.speaker_entity WHERE q.rowid = ?")


def quotes(conn: sqlite3.Connection, *, speaker: str | None = None, about: str | None = None,
           since: str | None = None, until: str | None = None, limit: int = 20,
           offset: int = 0, entity_id: int | None = None) -> list[QuoteHit]:
    """Quotes by ``speaker`` (any alias of the entity, or the speaker's words) whose text or
    article mentions ``about``; quotes about the topic themselves first, then newest."""
    where: str = ""
    args: list[Any] = []
    if (low := date_bound(since, end=False)) is not None:
        where, args = " AND q.published >= ?", [low]
    if (high := date_bound(until, end=True)) is not None:
        where, args = where + " AND q.published <= ?", [*args, high]
    if entity_id is not None:
        where, args = where + " AND q.speaker_entity = ?", [*args, entity_id]
    if speaker:
        ids = speaker_ids(conn, speaker)
        marks = ",".join("?" * len(ids)) or "NULL"
        where += (f" AND (q.speaker_entity IN ({marks}) OR q.rowid IN "
                  "(SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?))")
        args += [*ids, "speaker : (" + parse_query(speaker).fts() + ")"]
    wanted = offset + limit
    if not about:
        found = [(r, False) for r in _quote_ids(conn, where, args, wanted)]
    else:
        topic = parse_query(about).fts()
        in_quote = " AND q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)"
        first = _quote_ids(conn, where + in_quote, [*args, f"body : ({topic})"], wanted)
        found = [(r, True) for r in first]
        if len(first) < wanted:
            in_article = (" AND q.article IN (SELECT rowid FROM articles_fts "
                          "WHERE articles_fts MATCH ?)")
            more = _quote_ids(conn, where + in_article, [*args, topic], wanted + len(first))
            seen = set(first)
            found += [(r, False) for r in more if r not in seen]
    hits = []
    for rowid, about_in_quote in found[offset:wanted]:
        r = conn.execute(_QUOTE.format(article=_ARTICLE), (rowid,)).fetchone()
        hits.append(QuoteHit(_info(r), json.loads(r[6]), r[7], r[8], tuple(json.loads(r[9])),
                             about_in_quote))
    return hits


def _quote_ids(conn: sqlite3.Connection, where: str, args: list[Any], limit: int) -> list[int]:
    """Quote rowids matching ``where``, newest first."""
    rows = _run(conn, f"SELECT q.rowid FROM quotes q WHERE 1{where} "
                "ORDER BY q.published DESC, q.rowid LIMIT ?", [*args, limit])
    return [int(r[0]) for r in rows]


def _summaries(conn: sqlite3.Connection, rows: list[Any]) -> list[EntitySummary]:
    out = []
    for entity_id, type_, name, latin, articles, mentions in rows:
        aliases = tuple(r[0] for r in conn.execute(
            "SELECT alias FROM aliases WHERE entity = ? ORDER BY count DESC, alias LIMIT 8",
            (entity_id,)))
        out.append(EntitySummary(entity_id, type_, name, latin, articles, mentions, aliases))
    return out


_ENTITY = "SELECT id, type, name, latin, articles, mentions FROM entities"

#: Co-occurring entities are counted over this many of the entity's latest stored articles.
COOCCURRENCE_ARTICLES = 5000


def entities(conn: sqlite3.Connection, *, type: str | None = None, q: str | None = None,
             top: int = 20, offset: int = 0) -> list[EntitySummary]:
    """Global entities, most articles first; ``type`` PER/ORG/LOC/MISC, ``q`` a name."""
    where, args = "", []
    if type:
        if type.upper() not in ENTITY_TYPES:
            raise StoreError(f"unknown entity type {type!r}: choose one of "
                             f"{', '.join(ENTITY_TYPES)}")
        where, args = " AND type = ?", [type.upper()]
    if q:
        where += " AND id IN (SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?)"
        args.append(parse_query(q).fts())
    rows = _run(conn, f"{_ENTITY} WHERE 1{where} ORDER BY articles DESC, id LIMIT ? OFFSET ?",
                [*args, top, offset])
    return _summaries(conn, rows)


def resolve_entity(conn: sqlite3.Connection, id_or_name: str | int) -> int | None:
    """A global entity id from its number or one of its names (the most seen wins)."""
    text = str(id_or_name).strip()
    if text.isdigit():
        row = conn.execute("SELECT id FROM entities WHERE id = ?", (int(text),)).fetchone()
        return int(row[0]) if row else None
    row = conn.execute("SELECT e.id FROM aliases a JOIN entities e ON e.id = a.entity "
                       "WHERE a.folded = ? ORDER BY e.articles DESC LIMIT 1",
                       (fold(text).lower(),)).fetchone()
    if row:
        return int(row[0])
    found = entities(conn, q=_without_titles(text), top=1)
    return found[0].id if found else None


def entity(conn: sqlite3.Connection, id_or_name: str | int, *,
           quotes_limit: int = 10) -> EntityDetail | None:
    """An entity's aliases, articles per month, co-occurring entities and latest quotes."""
    entity_id = resolve_entity(conn, id_or_name)
    if entity_id is None:
        return None
    summary = _summaries(conn, conn.execute(f"{_ENTITY} WHERE id = ?", (entity_id,)).fetchall())
    alias_counts = tuple((r[0], int(r[1])) for r in conn.execute(
        "SELECT alias, count FROM aliases WHERE entity = ? ORDER BY count DESC, alias",
        (entity_id,)))
    by_month = tuple((r[0] or "undated", int(r[1])) for r in conn.execute(
        "SELECT substr(a.published, 1, 7) AS month, count(DISTINCT a.rowid) "
        "FROM article_entities ae JOIN articles a ON a.rowid = ae.article "
        "WHERE ae.entity = ? GROUP BY month ORDER BY month", (entity_id,)))
    # Counted over the entity's latest articles, so that a very frequent name stays quick.
    pairs = conn.execute(
        "WITH mine AS (SELECT article FROM article_entities WHERE entity = ? "
        "ORDER BY article DESC LIMIT ?) "
        "SELECT other.entity, count(DISTINCT other.article) AS n FROM mine "
        "JOIN article_entities other ON other.article = mine.article AND other.entity != ? "
        "GROUP BY other.entity ORDER BY n DESC LIMIT 10",
        (entity_id, COOCCURRENCE_ARTICLES, entity_id)).fetchall()
    others = {s.id: s for s in _summaries(conn, [
        conn.execute(f"{_ENTITY} WHERE id = ?", (p[0],)).fetchone() for p in pairs])}
    return EntityDetail(
        entity=summary[0], alias_counts=alias_counts, by_month=by_month,
        cooccurring=tuple((others[p[0]], int(p[1])) for p in pairs),
        quotes=tuple(quotes(conn, entity_id=entity_id, limit=quotes_limit)))
