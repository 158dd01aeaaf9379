"""Request bodies: an article to analyse (text, HTML or JSON) and a batch to ingest."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from khabar.api.errors import ApiError
from khabar.errors import InvalidDateError
from khabar.model import Source, parse_published
from khabar.text.decode import decode_bytes

log = logging.getLogger(__name__)

#: Items one ingest request may hold.
MAX_INGEST_ITEMS = 10_000


@dataclass(frozen=True)
class Article:
    """An article as received: its text, publication date and source, before analysis."""

    text: str
    published: dt.date | None = None
    source: Source = field(default_factory=Source)
    id: str | None = None


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip('"')
    return None


def html_article(html: str) -> Article:
    """The main text, title, date and URL of a web page, through trafilatura."""
    try:
        import trafilatura

        extracted = trafilatura.bare_extraction(html, with_metadata=True,
                                                include_comments=False)
    except Exception as exc:  # noqa: BLE001 - a broken page is the user's input, not a bug
        log.info("HTML extraction failed: %s", exc)
        extracted = None
    meta: dict[str, Any] = {}
    if extracted is not None:
        meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = str(meta.get("text") or "").strip()
    if not text:
        raise ApiError(400, "bad_input", "no article text found in this HTML page; "
                       "paste the article's text instead")
    published = None
    try:
        published = parse_published(meta.get("date"))
    except InvalidDateError:
        published = None
    source = Source(url=meta.get("url"), outlet=meta.get("sitename"), title=meta.get("title"))
    return Article(text=text, published=published, source=source)


def _json_body(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(400, "bad_json", f"the body is not valid JSON: {exc}") from None


def _article_from_mapping(data: Any, where: str = "body") -> Article:
    if not isinstance(data, dict):
        raise ApiError(400, "bad_input", f"{where} must be a JSON object with \"text\" or "
                       "\"html\"")
    text, html = data.get("text"), data.get("html")
    if isinstance(html, str) and html.strip() and not (isinstance(text, str) and text.strip()):
        article = html_article(html)
    elif isinstance(text, str) and text.strip():
        article = Article(text=text)
    else:
        raise ApiError(400, "bad_input", f"{where} has no \"text\" (or \"html\") to analyse")
    given = data.get("source")
    raw_source: dict[str, Any] = given if isinstance(given, dict) else {}
    fields = {key: data.get(key) or raw_source.get(key) or getattr(article.source, key)
              for key in ("url", "outlet", "title")}
    for key, value in fields.items():
        if value is not None and not isinstance(value, str):
            raise ApiError(400, "bad_input", f"{where}: \"{key}\" must be a string")
    date = data.get("published", data.get("date"))
    try:
        published = parse_published(date) if date else article.published
    except InvalidDateError as exc:
        raise ApiError(400, "bad_input", f"{where}: {exc}") from None
    doc_id = data.get("id")
    return Article(text=article.text, published=published, source=Source(**fields),
                   id=None if doc_id is None else str(doc_id))


def article_from_body(body: bytes, content_type: str) -> Article:
    """The article in a request to ``/api/analyze``, by its Content-Type."""
    media = _media_type(content_type)
    if media == "application/json":
        return _article_from_mapping(_json_body(body))
    text = decode_bytes(body, _charset(content_type), name="the request body")
    if media in ("text/html", "application/xhtml+xml"):
        return html_article(text)
    return Article(text=text)


def ingest_items(body: bytes, content_type: str) -> list[Article | str]:
    """Articles (from JSONL or ``{"articles": [...]}``) or URLs (``{"urls": [...]}``)."""
    media = _media_type(content_type)
    items: list[Article | str] = []
    if media == "application/json":
        data = _json_body(body)
        if not isinstance(data, dict) or not ({"urls", "articles"} & data.keys()):
            raise ApiError(400, "bad_input", "send JSON {\"urls\": [...]} or {\"articles\": "
                           "[...]}, or JSONL lines with Content-Type application/x-ndjson")
        for url in data.get("urls") or []:
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                raise ApiError(400, "bad_input", f"not an http(s) URL: {str(url)[:80]!r}")
            items.append(url)
        for n, entry in enumerate(data.get("articles") or [], 1):
            items.append(_article_from_mapping(entry, where=f"article {n}"))
    else:
        try:
            lines = body.decode("utf-8-sig").splitlines()
        except UnicodeDecodeError:
            raise ApiError(400, "bad_input", "JSONL must be UTF-8") from None
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ApiError(400, "bad_json", f"line {n} is not valid JSON: {exc}") from None
            items.append(_article_from_mapping(entry, where=f"line {n}"))
    if not items:
        raise ApiError(400, "bad_input", "nothing to ingest: the body holds no articles or URLs")
    if len(items) > MAX_INGEST_ITEMS:
        raise ApiError(413, "too_large", f"{len(items):,} items in one request; send at most "
                       f"{MAX_INGEST_ITEMS:,} per request")
    return items


QUOTE_COLUMNS = ("published", "speaker", "quote", "kind", "hedge", "source", "cue",
                 "title", "outlet", "url", "article_id", "quote_id", "start", "end")


def quotes_csv(hits: list[dict[str, Any]]) -> str:
    """Quote hits as CSV (with a BOM, so that spreadsheets read the Arabic as UTF-8).

    Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) are
    prefixed with an apostrophe.
    """
    import csv
    import io

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(QUOTE_COLUMNS)
    for hit in hits:
        quote, article = hit["quote"], hit["article"]
        speaker = hit.get("speaker_name") or (quote.get("speaker") or {}).get("text")
        part = {key: (quote.get(key) or {}).get("text") for key in ("hedge", "source", "cue")}
        writer.writerow([cell(v) for v in (
            article.get("published"), speaker, quote["text"], quote["kind"], part["hedge"],
            part["source"], part["cue"], article.get("title"), article.get("outlet"),
            article.get("url"), article["id"], quote["id"], quote["start"], quote["end"])])
    return "\ufeff" + out.getvalue()
