"""What readers yield: an Article to analyse, or a ReadFailure for one item that failed."""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from dataclasses import dataclass, field

from khabar.model import Source

#: Sent with every HTTP request, so that sites know who is asking.
USER_AGENT = "khabar/0.1 (Arabic news analysis for research; +https://pypi.org/project/khabar/)"


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read: its text and whatever metadata the input had.

    ``origin`` says where it came from (``path``, ``path:line``, a URL, ``feed#entry``) and
    is what error messages and the store's ``origin`` column show.
    """

    text: str
    origin: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    id: str | None = None

    @property
    def source(self) -> Source:
        return Source(url=self.url, outlet=self.outlet, title=self.title)


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An item that could not be read; the other items go on."""

    origin: str
    reason: str


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How readers interpret their input (the options of ``khabar ingest``).

    Field names (``text_field`` …) apply to JSONL dumps; None means the usual names
    (text/content/body, published/date, title, url/link, outlet/source, id).
    """

    date: str | None = None
    outlet: str | None = None
    encoding: str | None = None
    text_field: str | None = None
    date_field: str | None = None
    title_field: str | None = None
    url_field: str | None = None
    outlet_field: str | None = None
    id_field: str | None = None
    max_bytes: int = 40_000_000
    timeout: float = 20.0
    fetch_links: bool = True
    min_feed_chars: int = 400
    min_page_chars: int = 20
    user_agent: str = USER_AGENT
    headers: tuple[tuple[str, str], ...] = field(default=())


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` from an ISO date/time, an RFC 2822 date («Fri, 15 Sep 2023 …»), a
    ``time.struct_time`` or a date; None for empty values. Raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
    text = str(value).strip()
    try:
        if len(text) >= 10 and text[4] == "-" and text[7] == "-":
            return dt.date.fromisoformat(text[:10]).isoformat()
        if len(text) == 10 and text[4] == "/" and text[7] == "/":
            return dt.date.fromisoformat(text.replace("/", "-")).isoformat()
        parsed = email.utils.parsedate_to_datetime(text)
        return parsed.date().isoformat()
    except (ValueError, TypeError, IndexError):
        raise ValueError(f"unreadable date {text[:40]!r}") from None
