"""Fetching pages and feeds over HTTP: a timeout, a size cap and a polite User-Agent."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from email.message import Message

from khabar.errors import IngestError
from khabar.ingest.article import ReadOptions

log = logging.getLogger(__name__)


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) (never to ftp: or file:)."""

    def redirect_request(self, req: urllib.request.Request, fp: object, code: int, msg: str,
                         headers: Message, newurl: str) -> urllib.request.Request | None:
        if not is_url(newurl):
            raise IngestError(f"{req.full_url} redirects to {newurl!r}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def fetch(url: str, options: ReadOptions) -> tuple[bytes, str | None, str]:
    """The body, the charset the server declared (or None) and the final URL.

    Raises IngestError for a non-http(s) URL, a network error, an HTTP error status, a
    timeout or a body above ``options.max_bytes``.
    """
    if not is_url(url):
        raise IngestError(f"cannot fetch {url!r}: only http:// and https:// URLs are fetched")
    headers = {"User-Agent": options.user_agent, "Accept": "text/html, application/rss+xml, "
               "application/atom+xml, application/xml;q=0.9, */*;q=0.5", **dict(options.headers)}
    opener = urllib.request.build_opener(_HttpOnlyRedirects())
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=options.timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > options.max_bytes:
                raise IngestError(f"{url} is {int(length):,} bytes, above the limit of "
                                  f"{options.max_bytes:,}")
            body = response.read(options.max_bytes + 1)
            charset = response.headers.get_content_charset()
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise IngestError(f"{url} answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise IngestError(f"cannot fetch {url}: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise IngestError(f"cannot fetch {url}: {exc or 'timed out'}") from None
    if len(body) > options.max_bytes:
        raise IngestError(f"{url} is larger than the limit of {options.max_bytes:,} bytes")
    log.debug("fetched %s (%d bytes)", final, len(body))
    return body, charset, final


def fetch_url(url: str, options: ReadOptions | None = None) -> str:
    """The decoded text (usually HTML) of a page at an http(s) URL; IngestError otherwise."""
    from khabar.ingest.pages import decode_page

    options = options or ReadOptions()
    body, charset, _ = fetch(url, options)
    return decode_page(body, charset, options, url)
