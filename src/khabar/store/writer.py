"""Writing documents into the store: one article row, its layers, its index rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3

from khabar.errors import StoreError
from khabar.model import Document
from khabar.store.fts import (
    article_columns,
    entity_token,
    fts_key,
    index_stems,
    outlet_token,
    speaker_words,
)
from khabar.store.linking import link_entity, refresh_names
from khabar.text.normalize import fold


def content_hash(text: str) -> str:
    """SHA-256 of the article text (the store's duplicate check)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def is_stored(conn: sqlite3.Connection, text_hash: str | None, url: str | None) -> bool:
    """Whether an article with this content hash or URL is in the store."""
    if text_hash and conn.execute("SELECT 1 FROM articles WHERE hash = ?",
                                  (text_hash,)).fetchone():
        return True
    return bool(url) and conn.execute("SELECT 1 FROM articles WHERE url = ?",
                                      (url,)).fetchone() is not None


def _free_id(conn: sqlite3.Connection, doc_id: str, text_hash: str) -> str:
    """``doc_id``, or ``doc_id-<hash>`` when another text already has that id."""
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (doc_id,)).fetchone() is None:
        return doc_id
    return f"{doc_id}-{text_hash[:12]}"


def write_document(conn: sqlite3.Connection, doc: Document, *, stems: str | None = None,
                   origin: str | None = None, touched: set[int]) -> str | None:
    """Insert ``doc`` (inside the caller's transaction); None when it is already stored.

    ``touched`` collects the global entities whose names changed, to re-index once per batch.
    """
    try:
        doc.text.encode("utf-8")
    except UnicodeEncodeError:
        raise StoreError(f"document {doc.id!r} holds unpaired surrogates (invalid Unicode) "
                         "and cannot be stored; decode its source correctly") from None
    text_hash = content_hash(doc.text)
    if is_stored(conn, text_hash, doc.source.url):
        return None
    doc_id = _free_id(conn, doc.id, text_hash)
    layers = doc.to_json()
    layers.pop("text")
    layers["id"] = doc_id
    cur = conn.execute(
        "INSERT INTO articles(id, hash, url, outlet, title, published, origin, added, text, "
        "layers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (doc_id, text_hash, doc.source.url or None, doc.source.outlet, doc.source.title,
         doc.published.isoformat() if doc.published else None, origin,
         dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), doc.text,
         json.dumps(layers, ensure_ascii=False, separators=(",", ":"))))
    article = int(cur.lastrowid or 0)
    published = doc.published.isoformat() if doc.published else None
    index_article(conn, article, published, doc.source.outlet, *article_columns(doc),
                  stems if stems is not None else index_stems(doc))
    local = _write_entities(conn, doc, article, touched)
    _write_quotes(conn, doc, article, local, published)
    conn.executemany(
        "INSERT INTO times(article, local_id, start, end, text, value, grain) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(article, t.id, t.start, t.end, t.text, t.value, t.grain) for t in doc.times])
    return doc_id


def index_article(conn: sqlite3.Connection, rowid: int, published: str | None,
                  outlet: str | None, title: str, body: str, stems: str) -> None:
    """The article's full-text row (folded title and body, clitic stems, outlet token)."""
    conn.execute("INSERT INTO articles_fts(rowid, title, body, stems) VALUES (?, ?, ?, ?)",
                 (fts_key(published, rowid), title, body,
                  f"{stems} {outlet_token(outlet)}".strip()))


def _write_entities(conn: sqlite3.Connection, doc: Document, article: int,
                    touched: set[int]) -> dict[str, int]:
    counted: set[int] = set()
    local: dict[str, int] = {}
    for entity in doc.entities:
        global_id = link_entity(conn, entity, counted)
        local[entity.id] = global_id
        touched.add(global_id)
        conn.execute("INSERT OR REPLACE INTO article_entities(article, local_id, entity, "
                     "mentions) VALUES (?, ?, ?, ?)",
                     (article, entity.id, global_id, len(entity.mentions)))
        conn.executemany(
            "INSERT INTO mentions(article, entity, start, end, text) VALUES (?, ?, ?, ?, ?)",
            [(article, global_id, m.start, m.end, m.text) for m in entity.mentions])
    return local


def _write_quotes(conn: sqlite3.Connection, doc: Document, article: int,
                  local: dict[str, int], published: str | None) -> None:
    values = {t.id: t.value for t in doc.times}
    for quote in doc.quotes:
        speaker = quote.speaker
        speaker_entity = local.get(speaker.entity) if speaker and speaker.entity else None
        named = doc.entity(speaker.entity) if speaker and speaker.entity else None
        dates = [values[t] for t in quote.times if values.get(t)]
        cur = conn.execute(
            "INSERT INTO quotes(article, local_id, kind, start, end, text, speaker, "
            "speaker_kind, speaker_entity, source, hedge, times, json, published) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article, quote.id, quote.kind, quote.start, quote.end, quote.text,
             speaker.text if speaker else None, speaker.kind if speaker else None,
             speaker_entity, quote.source.text if quote.source else None,
             quote.hedge.text if quote.hedge else None, json.dumps(dates),
             json.dumps(quote.to_json(), ensure_ascii=False, separators=(",", ":")), published))
        speaker_names = " ".join(
            x for x in (speaker.text if speaker else "", named.name if named else "") if x)
        index_quote(conn, int(cur.lastrowid or 0), published, quote.text, speaker_entity,
                    speaker_names)


def index_quote(conn: sqlite3.Connection, rowid: int, published: str | None, text: str,
                speaker_entity: int | None, speaker_text: str | None) -> None:
    """The quote's full-text row. A linked speaker is indexed as its entity's token (its
    names live on the entity); only the words of unlinked speakers («الخبراء», «مصدر
    مطلع») are indexed with the quote."""
    speaker = (entity_token(speaker_entity) if speaker_entity is not None
               else speaker_words(speaker_text or ""))
    conn.execute("INSERT INTO quotes_fts(rowid, body, speaker) VALUES (?, ?, ?)",
                 (fts_key(published, rowid), fold(text), speaker))


def finish_batch(conn: sqlite3.Connection, touched: set[int]) -> None:
    """Re-index the names of the entities a batch touched."""
    refresh_names(conn, touched)
    touched.clear()
