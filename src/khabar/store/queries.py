"""The store's read queries: search, quotes, entities, entity. SQL is parameterised; user
text reaches FTS5 only through ``khabar.store.fts.parse_query``."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from khabar.errors import StoreError
from khabar.model import ENTITY_TYPES
from khabar.store.fts import (
    ROW_MASK,
    SPEAKER_PREFIX,
    date_range,
    day_bound,
    entity_token,
    outlet_token,
    parse_query,
    snippet,
)
from khabar.store.linking import name_key
from khabar.store.results import ArticleInfo, EntityDetail, EntitySummary, QuoteHit, SearchHit
from khabar.text.normalize import fold

_ARTICLE = "a.id, a.title, a.published, a.outlet, a.url, a.origin"
#: bm25 column weights: title, body, stems.
_BM25 = "bm25(4.0, 1.0, 0.5)"


def date_bound(value: str | None, *, end: bool) -> str | None:
    """A comparable bound from ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (inclusive)."""
    if value is None or value == "":
        return None
    day = day_bound(str(value), end=end).isoformat()
    return day + "\uffff" if end else day


def _info(row: Sequence[Any]) -> ArticleInfo:
    return ArticleInfo(*row[:6])


def _filters(since: str | None, until: str | None, outlet: str | None,
             table: str = "a") -> tuple[str, list[Any]]:
    """SQL conditions (and their arguments) on ``table``'s ``published`` and ``outlet``."""
    sql: str = ""
    args: list[Any] = []
    if (low := date_bound(since, end=False)) is not None:
        sql, args = sql + f" AND {table}.published >= ?", [*args, low]
    if (high := date_bound(until, end=True)) is not None:
        sql, args = sql + f" AND {table}.published <= ?", [*args, high]
    if outlet:
        sql, args = sql + " AND a.outlet = ? COLLATE NOCASE", [*args, outlet]
    return sql, args


#: Relevance is ranked over this many of the newest matching articles (by publication
#: date): bm25 costs about a microsecond per match, and a frequent word matches half the store.
RANK_WINDOW = 1000


def search(conn: sqlite3.Connection, query: str, *, since: str | None = None,
           until: str | None = None, outlet: str | None = None, limit: int = 20,
           offset: int = 0) -> list[SearchHit]:
    """Articles matching ``query`` in any spelling, best first (bm25 over the
    :data:`RANK_WINDOW` newest matches), with snippets."""
    parsed = parse_query(query)
    low, high = date_range(since, until)
    match = _article_match(parsed.fts(), outlet)

    def matching(low: int) -> tuple[str, list[Any]]:
        return ("FROM articles_fts WHERE articles_fts MATCH ? AND articles_fts.rowid "
                "BETWEEN ? AND ?", [match, low, high])

    # The newest matches stream from the index in rowid order; the window's oldest row
    # bounds the ranked query, so bm25 never runs over all matches of a frequent word.
    window = max(RANK_WINDOW, offset + limit)
    sql, args = matching(low)
    edge = _run(conn, f"SELECT articles_fts.rowid {sql} ORDER BY articles_fts.rowid DESC "
                "LIMIT 1 OFFSET ?", [*args, window - 1])
    sql, args = matching(int(edge[0][0]) if edge else low)
    ranked = _run(conn, f"SELECT articles_fts.rowid, articles_fts.rank {sql} "
                  "AND articles_fts.rank MATCH ? ORDER BY articles_fts.rank LIMIT ? OFFSET ?",
                  [*args, _BM25, limit, offset])
    hits = []
    for key, score in ranked:
        row = conn.execute(f"SELECT {_ARTICLE}, a.text FROM articles a WHERE a.rowid = ?",
                           (int(key) & ROW_MASK,)).fetchone()
        hits.append(SearchHit(_info(row), float(score), snippet(row[6], parsed)))
    return hits


def count(conn: sqlite3.Connection, query: str, *, since: str | None = None,
          until: str | None = None, outlet: str | None = None) -> int:
    """How many articles match ``query`` (as :func:`search`); a few ms per 50,000."""
    low, high = date_range(since, until)
    rows = _run(conn, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ? "
                "AND rowid BETWEEN ? AND ?",
                [_article_match(parse_query(query).fts(), outlet), low, high])
    return int(rows[0][0])


def _article_match(match: str, outlet: str | None) -> str:
    if not outlet:
        return match
    # The outlet is a word of the index, so the filter is part of the full-text match.
    return f"({match}) AND stems : {outlet_token(outlet) or 'khabaroutletnone'}"


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
#: Quotes of articles that mention the topic are looked for among this many of the
#: speaker's newest quotes (or the newest articles about the topic).
ARTICLE_TOPIC_WINDOW = 1000


def quotes(conn: sqlite3.Connection, *, speaker: str | None = None, about: str | None = None,
           since: str | None = None, until: str | None = None, limit: int = 20,
           offset: int = 0, entity_id: int | None = None) -> list[QuoteHit]:
    """Quotes by ``speaker`` (any alias of the entity, or the speaker's words) whose text or
    article mentions ``about``; quotes about the topic themselves first, then newest."""
    low, high = date_range(since, until)
    wanted = offset + limit
    who = []
    if entity_id is not None:
        who.append(f"speaker : {entity_token(entity_id)}")
    if speaker:
        names = [entity_token(i) for i in speaker_ids(conn, speaker)]
        who.append("speaker : (" + " OR ".join([*names, f"({parse_query(speaker).fts(SPEAKER_PREFIX)})"])
                   + ")")
    topic = parse_query(about).fts() if about else None
    wanted_expr = " AND ".join(who + ([f"body : ({topic})"] if topic else []))
    if not wanted_expr:
        found = [(r, False) for r in _newest_quotes(conn, since, until, wanted)]
    else:
        first = [k & ROW_MASK for k in _keys(conn, "quotes_fts", wanted_expr, low, high, wanted)]
        found = [(r, True) for r in first]
        if topic and len(first) < wanted:
            seen = set(first)
            more = _quotes_in_articles(conn, " AND ".join(who), topic, low, high,
                                       wanted - len(first), seen)
            found += [(r, False) for r in more]
    hits = []
    for rowid, about_in_quote in found[offset:wanted]:
        r = conn.execute(_QUOTE.format(article=_ARTICLE), (rowid,)).fetchone()
        hits.append(QuoteHit(_info(r), json.loads(r[6]), r[7], r[8], tuple(json.loads(r[9])),
                             about_in_quote))
    return hits


def _keys(conn: sqlite3.Connection, table: str, match: str, low: int, high: int,
          limit: int) -> list[int]:
    """Full-text rowids matching ``match`` in ``low``…``high``, newest first."""
    rows = _run(conn, f"SELECT rowid FROM {table} WHERE {table} MATCH ? "
                "AND rowid BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?",
                [match, low, high, limit])
    return [int(r[0]) for r in rows]


def _newest_quotes(conn: sqlite3.Connection, since: str | None, until: str | None,
                   limit: int) -> list[int]:
    where, args = _filters(since, until, None, table="q")
    rows = _run(conn, f"SELECT q.rowid FROM quotes q WHERE 1{where} "
                "ORDER BY q.published DESC, q.rowid DESC LIMIT ?", [*args, limit])
    return [int(r[0]) for r in rows]


def _quotes_in_articles(conn: sqlite3.Connection, who: str, topic: str, low: int, high: int,
                        need: int, seen: set[int]) -> list[int]:
    """Newest quotes (by ``who``, when given) in articles that mention ``topic``."""
    found: list[tuple[int, int]] = []  # (full-text key, quote rowid)
    if who:
        # The speaker's quotes newest first, kept when their article mentions the topic.
        keys = _keys(conn, "quotes_fts", who, low, high, ARTICLE_TOPIC_WINDOW)
        for part in _chunks(keys):
            article_of = dict(_quote_rows(conn, "rowid", [k & ROW_MASK for k in part]))
            # The articles about the topic over the days of these quotes.
            days = (part[-1] & ~ROW_MASK, part[0] | ROW_MASK)
            about = {k & ROW_MASK for k in _keys(conn, "articles_fts", topic, *days, 1 << 62)}
            found += [(k, k & ROW_MASK) for k in part
                      if article_of.get(k & ROW_MASK) in about and k & ROW_MASK not in seen]
            if len(found) >= need:
                break
    else:
        # The newest articles about the topic, and their quotes.
        articles = _keys(conn, "articles_fts", topic, low, high, ARTICLE_TOPIC_WINDOW)
        for part in _chunks(articles):
            day = {k & ROW_MASK: k & ~ROW_MASK for k in part}
            found += [(day[article] | quote, quote) for quote, article
                      in _quote_rows(conn, "article", list(day)) if quote not in seen]
            if len(found) >= need:
                break
    found.sort(reverse=True)
    return [rowid for _, rowid in found[:need]]


def _chunks(keys: list[int], size: int = 250) -> Iterator[list[int]]:
    for start in range(0, len(keys), size):
        yield keys[start:start + size]


def _quote_rows(conn: sqlite3.Connection, column: str, values: list[int]
                ) -> list[tuple[int, int]]:
    """``(quote rowid, article rowid)`` of the quotes whose ``column`` is one of ``values``."""
    marks = ",".join("?" * len(values))
    return [(int(r), int(a)) for r, a in conn.execute(
        f"SELECT rowid, article FROM quotes WHERE {column} IN ({marks})", values)]


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
