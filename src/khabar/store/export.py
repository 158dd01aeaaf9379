"""``Store.export``: documents, quotes or entities as JSON lines or CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from khabar.errors import StoreError

if TYPE_CHECKING:
    from khabar.store.sqlite import Store

WHAT = ("documents", "quotes", "entities")
FORMATS = ("jsonl", "csv")

_COLUMNS = {
    "documents": ["id", "published", "outlet", "title", "url", "entities", "quotes", "times",
                  "text"],
    "quotes": ["article", "published", "title", "quote_id", "kind", "start", "end", "text",
               "speaker", "speaker_kind", "speaker_entity", "speaker_name", "source", "hedge",
               "dates"],
    "entities": ["id", "type", "name", "latin", "articles", "mentions", "aliases"],
}


def _records(store: Store, what: str, since: str | None,
             until: str | None) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(full JSON record, flat CSV row) pairs."""
    if what == "documents":
        for doc in store.articles(since=since, until=until):
            data = doc.to_json()
            yield data, {"id": doc.id, "published": data["published"],
                         "outlet": doc.source.outlet, "title": doc.source.title,
                         "url": doc.source.url, "entities": len(doc.entities),
                         "quotes": len(doc.quotes), "times": len(doc.times), "text": doc.text}
    elif what == "quotes":
        offset, page = 0, 1000
        while hits := store.quotes(since=since, until=until, limit=page, offset=offset):
            for hit in hits:
                q = hit.quote
                speaker = q.get("speaker") or {}
                yield hit.to_json(), {
                    "article": hit.article.id, "published": hit.article.published,
                    "title": hit.article.title, "quote_id": q["id"], "kind": q["kind"],
                    "start": q["start"], "end": q["end"], "text": q["text"],
                    "speaker": speaker.get("text"), "speaker_kind": speaker.get("kind"),
                    "speaker_entity": hit.speaker_entity, "speaker_name": hit.speaker_name,
                    "source": (q.get("source") or {}).get("text"),
                    "hedge": (q.get("hedge") or {}).get("text"), "dates": " ".join(hit.dates)}
            offset += page
    else:
        offset, page = 0, 1000
        while found := store.entities(top=page, offset=offset):
            for entity in found:
                data = entity.to_json()
                yield data, {**data, "aliases": " | ".join(entity.aliases)}
            offset += page


def export(store: Store, what: str, out: TextIO, *, format: str = "jsonl",
           since: str | None = None, until: str | None = None) -> int:
    """Write records to ``out``; returns how many."""
    if what not in WHAT:
        raise StoreError(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")
    if format not in FORMATS:
        raise StoreError(f"unknown export format {format!r}: choose jsonl or csv")
    writer = csv.DictWriter(out, fieldnames=_COLUMNS[what]) if format == "csv" else None
    if writer:
        writer.writeheader()
    count = 0
    for record, row in _records(store, what, since, until):
        if writer:
            writer.writerow(row)
        else:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count
