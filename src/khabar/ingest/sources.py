"""Readers: files, folders (recursive), ``.gz``, JSONL dumps, HTML pages, feeds and URLs.

``read_inputs(inputs, options)`` yields an ``Article`` per article and a ``ReadFailure`` per
item that cannot be read (with where and why), so that one bad item never stops the rest.
"""

from __future__ import annotations

import gzip
import json
import logging
import zlib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from khabar.errors import KhabarError
from khabar.ingest.article import Article, ReadFailure, ReadOptions, iso_date
from khabar.ingest.fetch import fetch, is_url
from khabar.ingest.pages import decode_page, read_feed, read_html
from khabar.text.decode import decode_bytes

log = logging.getLogger(__name__)

Item = Article | ReadFailure

#: File kinds by extension (after removing ``.gz``).
KINDS = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
         ".xml": "feed", ".rss": "feed", ".atom": "feed", ".jsonl": "jsonl",
         ".ndjson": "jsonl", ".json": "jsonl"}

_DEFAULT_FIELDS = {
    "text": ("text", "content", "body", "article"),
    "date": ("published", "date", "pubDate", "published_at", "datetime"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source", "site", "sitename"),
    "id": ("id", "doc_id", "guid"),
}


def read_inputs(inputs: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Every article of every input: paths of files or folders, http(s) URLs, or ``-`` for
    standard input."""
    options = options or ReadOptions()
    for value in inputs:
        if value == "-":
            yield from _read_stdin(options)
            continue
        if is_url(value):
            yield from _read_url(value, options)
            continue
        path = Path(value)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _wanted(child, path):
                    yield from read_file(child, options)
        elif path.is_file():
            yield from read_file(path, options)
        else:
            yield ReadFailure(value, "no such file or folder")


def _read_stdin(options: ReadOptions) -> Iterator[Item]:
    """Standard input: one text, page or feed, or a JSONL stream (told apart by content)."""
    import sys

    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield ReadFailure("standard input", f"larger than the limit of {options.max_bytes:,} "
                          "bytes")
        return
    kind = sniff(data)
    if kind == "feed":
        yield from read_feed(data, "standard input", options, base=None)
        return
    try:
        text = decode_bytes(data, options.encoding, name="standard input")
    except KhabarError as exc:
        yield ReadFailure("standard input", str(exc))
        return
    if kind == "jsonl":
        yield from read_jsonl(text, "standard input", options)
    elif kind == "html":
        yield read_html(text, "standard input", options)
    else:
        yield Article(text=text, origin="standard input", published=options.date,
                      outlet=options.outlet)


def _wanted(path: Path, root: Path) -> bool:
    """Files a folder contributes: known extensions, not hidden, not khabar's own files."""
    parts = path.relative_to(root).parts
    if any(p.startswith(".") for p in parts):
        return False
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    if name.endswith((".errors.jsonl", ".db", ".db-wal", ".db-shm")):
        return False
    return Path(name).suffix.lower() in KINDS


def _read_url(url: str, options: ReadOptions) -> Iterator[Item]:
    try:
        body, charset, final = fetch(url, options)
    except KhabarError as exc:
        yield ReadFailure(url, str(exc))
        return
    kind = sniff(body)
    if kind == "feed":
        yield from read_feed(body, url, options, base=final)
    elif kind == "jsonl":
        yield from read_jsonl(decode_page(body, charset, options, url), url, options)
    else:
        try:
            html = decode_page(body, charset, options, url)
        except KhabarError as exc:
            yield ReadFailure(url, str(exc))
            return
        yield read_html(html, url, options, url=final)


def sniff(data: bytes) -> str:
    """``feed``, ``html``, ``jsonl`` or ``text`` from the first bytes."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return "jsonl"
    if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
        return "feed"
    if head.startswith(b"<") and (b"<html" in head or b"<!doctype html" in head
                                  or b"<body" in head or b"<p" in head):
        return "html"
    return "text"


def _read_bytes(path: Path, options: ReadOptions) -> bytes:
    """The file's bytes (decompressed for .gz), at most ``options.max_bytes``."""
    cap = options.max_bytes
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rb") as handle:
        data: bytes = handle.read(cap + 1)
    if len(data) > cap:
        raise ValueError(f"larger than the limit of {cap:,} bytes (--max-bytes)")
    return data


def read_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    """The articles of one file; its kind comes from the extension, else from its content."""
    origin = str(path)
    try:
        data = _read_bytes(path, options)
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        yield ReadFailure(origin, f"cannot read: {reason}")
        return
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    kind = KINDS.get(Path(name).suffix.lower()) or sniff(data)
    if kind == "feed":
        yield from read_feed(data, origin, options, base=path.parent)
        return
    try:
        text = decode_bytes(data, options.encoding, name=origin)
    except KhabarError as exc:
        yield ReadFailure(origin, str(exc))
        return
    if kind == "jsonl":
        yield from read_jsonl(text, origin, options)
    elif kind == "html":
        yield read_html(text, origin, options)
    else:
        yield Article(text=text, origin=origin, published=options.date, outlet=options.outlet)


def _field(record: Mapping[str, Any], chosen: str | None, kind: str) -> Any:
    if chosen:
        return record.get(chosen)
    for name in _DEFAULT_FIELDS[kind]:
        if record.get(name) not in (None, ""):
            return record[name]
    return None


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_jsonl(text: str, origin: str, options: ReadOptions) -> Iterator[Item]:
    """Articles of a JSON-lines dump, a JSON array of objects or one (pretty-printed) JSON
    object; field names per ``options``."""
    whole: Any = None
    if text.lstrip().startswith(("[", "{")) and "\n" in text.strip():
        try:
            whole = json.loads(text)
        except json.JSONDecodeError as exc:
            if text.lstrip().startswith("["):
                yield ReadFailure(origin, f"not valid JSON: {exc}")
                return
    if isinstance(whole, list):
        records = list(enumerate(whole, 1))
    elif isinstance(whole, dict):
        yield _record_article(whole, origin, options)
        return
    else:
        records = []
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                yield ReadFailure(f"{origin}:{number}", f"not valid JSON: {exc.msg}")
    for number, record in records:
        yield _record_article(record, f"{origin}:{number}", options)


def _record_article(record: Any, where: str, options: ReadOptions) -> Item:
    if not isinstance(record, dict):
        return ReadFailure(where, "the line is not a JSON object")
    text = _field(record, options.text_field, "text")
    if not isinstance(text, str) or not text.strip():
        field = options.text_field or "text"
        return ReadFailure(where, f"no text in field {field!r} (set --text-field)")
    if not _encodable(text):
        return ReadFailure(where, "the text holds unpaired surrogates (\\ud800…): not valid "
                           "Unicode; fix the dump's encoding")
    try:
        published = iso_date(_field(record, options.date_field, "date")) or options.date
    except ValueError as exc:
        return ReadFailure(where, f"{exc} (set --date-field, or fix the date)")
    def text_of(kind: str, chosen: str | None) -> str | None:
        value = _field(record, chosen, kind)
        return None if value in (None, "") or not _encodable(str(value)) else str(value)

    return Article(text=text, origin=where, published=published,
                   title=text_of("title", options.title_field),
                   url=text_of("url", options.url_field),
                   outlet=text_of("outlet", options.outlet_field) or options.outlet,
                   id=text_of("id", options.id_field))


def count_articles(inputs: Iterable[str], limit_bytes: int = 2_000_000_000) -> int | None:
    """How many articles the inputs hold, when that is cheap to know (for a progress bar):
    one per text or HTML file, one per line of an uncompressed JSONL file. None when an
    input is a URL, a feed, standard input or compressed JSONL."""
    total, scanned = 0, 0
    for value in inputs:
        if value == "-" or is_url(value):
            return None
        path = Path(value)
        files = ([p for p in sorted(path.rglob("*")) if p.is_file() and _wanted(p, path)]
                 if path.is_dir() else [path])
        for file in files:
            name = file.name[:-3] if file.name.endswith(".gz") else file.name
            kind = KINDS.get(Path(name).suffix.lower(), "text")
            if kind in ("text", "html"):
                total += 1
            elif kind == "jsonl" and not file.name.endswith(".gz"):
                try:
                    size = file.stat().st_size
                    scanned += size
                    if scanned > limit_bytes:
                        return None
                    total += _lines(file)
                except OSError:
                    total += 1
            else:
                return None
    return total


def _lines(path: Path) -> int:
    """Non-empty lines, or 1 for a JSON document spread over lines."""
    with path.open("rb") as handle:
        head = handle.read(1).lstrip()
        if head in (b"[",):
            return 1
        handle.seek(0)
        count, last = 0, b"\n"
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
        return count + (last != b"\n")
