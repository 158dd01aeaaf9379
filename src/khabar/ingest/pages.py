"""HTML pages (through trafilatura) and RSS/Atom feeds (through feedparser)."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

from khabar.errors import KhabarError
from khabar.ingest.article import Article, ReadFailure, ReadOptions, iso_date
from khabar.ingest.fetch import fetch, is_url
from khabar.text.decode import decode_bytes

log = logging.getLogger(__name__)

_BLOCKS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
           "section", "article")
_BLANKS = re.compile(r"[ \t\u00a0]*\n[\s]*")


def decode_page(data: bytes, charset: str | None, options: ReadOptions, name: str) -> str:
    """A page's text: the declared charset when it decodes, else khabar's guess."""
    if charset and not options.encoding:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            log.debug("%s: declared charset %s does not decode; guessing", name, charset)
    return decode_bytes(data, options.encoding, name=name)


def read_html(html: str, origin: str, options: ReadOptions, *, url: str | None = None,
              published: str | None = None, title: str | None = None,
              outlet: str | None = None) -> Article | ReadFailure:
    """The main text of a page, with its title, date and URL (boilerplate, navigation and
    comments removed by trafilatura). Metadata given by the caller (a feed) wins."""
    import trafilatura

    try:
        page = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                           include_comments=False, include_tables=True)
    except Exception as exc:  # noqa: BLE001 - any parser failure is this item's failure
        return ReadFailure(origin, f"HTML extraction failed: {type(exc).__name__}: {exc}")
    text = (getattr(page, "text", None) or "").strip() if page is not None else ""
    if len(text) < options.min_page_chars:
        return ReadFailure(origin, f"no article text found in the page ({len(text)} characters "
                           "of main text)")
    try:
        date = published or iso_date(getattr(page, "date", None)) or options.date
    except ValueError:
        date = options.date
    return Article(text=text, origin=origin, published=date,
                   title=title or getattr(page, "title", None),
                   url=url or getattr(page, "url", None),
                   outlet=outlet or options.outlet or getattr(page, "sitename", None))


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), one line per block."""
    import lxml.html

    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # noqa: BLE001 - lxml raises several types on junk
        return re.sub(r"<[^>]+>", " ", html).strip()
    for element in root.iter(*_BLOCKS):
        element.tail = "\n" + (element.tail or "")
    for bad in root.iter("script", "style"):
        bad.drop_tree()
    return _BLANKS.sub("\n", root.text_content()).strip()


def _entry_content(entry: Any) -> str:
    parts = [c.get("value", "") for c in entry.get("content", []) or []]
    best = max(parts, key=len, default="")
    summary = entry.get("summary", "") or ""
    return fragment_text(best if len(best) >= len(summary) else summary)


def read_feed(data: bytes, origin: str, options: ReadOptions,
              base: str | Path | None = None) -> Iterator[Article | ReadFailure]:
    """Articles of an RSS/Atom feed: each entry's own content when it is a full article,
    else the page its link points to (fetched over HTTP, or read from beside a local feed)."""
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = str(feed.get("bozo_exception") or "it has no entries")
        yield ReadFailure(origin, f"not a readable RSS/Atom feed: {reason}")
        return
    outlet = options.outlet or feed.feed.get("title") or None
    broken = f" (the feed is malformed: {feed.bozo_exception})" if feed.get("bozo") else ""
    for number, entry in enumerate(feed.entries, 1):
        where = f"{origin}#{number}"
        try:
            published = iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        except ValueError:
            published = None
        published = published or options.date
        link = entry.get("link") or None
        text = _entry_content(entry)
        if (len(text) < options.min_feed_chars and link and options.fetch_links) or not text:
            if not link:
                yield ReadFailure(where, f"the feed entry has neither content nor a link{broken}")
                continue
            yield _linked_page(link, where, options, base, published=published,
                               title=entry.get("title"), outlet=outlet, fallback=text)
            continue
        yield Article(text=text, origin=where, published=published, title=entry.get("title"),
                      url=link if link and is_url(link) else None, outlet=outlet)


def _linked_page(link: str, where: str, options: ReadOptions, base: str | Path | None, *,
                 published: str | None, title: str | None, outlet: str | None,
                 fallback: str) -> Article | ReadFailure:
    """The page an entry links to. When it cannot be had the entry fails (rather than
    storing a summary under the article's URL), so that a rerun tries it again."""
    target = urljoin(base, link) if isinstance(base, str) else link
    try:
        if is_url(target):
            body, charset, final = fetch(target, options)
            html = decode_page(body, charset, options, target)
            page_url: str | None = final
        else:
            path = local_link(target, base)
            html = decode_page(_read_capped(path, options), None, options, str(path))
            page_url = None
    except KhabarError as exc:
        return ReadFailure(where, str(exc))
    return read_html(html, f"{where} {target}", options, url=page_url, published=published,
                     title=title, outlet=outlet)


def local_link(link: str, base: str | Path | None) -> Path:
    """A feed link to a local page, which must lie in the feed's own folder (or below).

    A feed cannot make khabar read (or write) anything outside that folder:
    «../../etc/passwd» and «file:///etc/passwd» are refused.
    """
    from khabar.errors import IngestError

    if not isinstance(base, Path):
        raise IngestError(f"link {link!r} is not an http(s) URL")
    parsed = urlparse(link)
    if parsed.scheme not in ("", "file"):
        raise IngestError(f"link {link!r} has an unsupported scheme {parsed.scheme!r}")
    folder = base.resolve()
    relative = unquote(parsed.path if parsed.scheme else link)
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder):
        raise IngestError(f"link {link!r} points outside the feed's folder {folder}")
    if not path.is_file():
        raise IngestError(f"link {link!r}: no such file {path}")
    return path


def _read_capped(path: Path, options: ReadOptions) -> bytes:
    from khabar.errors import IngestError

    with path.open("rb") as handle:
        data = handle.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        raise IngestError(f"{path} is larger than the limit of {options.max_bytes:,} bytes")
    return data
