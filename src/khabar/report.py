"""The readable terminal report of ``khabar analyze``.

One fact per line, labels in their own columns. Arabic is right to left: terminals
with bidi support (Konsole, mlterm, GNOME Terminal and other VTE ≥ 0.58) reorder it
themselves, so by default it is written in logical order, as stored. For terminals
without (xterm, the Linux console, Windows Terminal, most IDE consoles),
``render_report(doc, visual=True)`` lays each line out in visual order with python-bidi
and right-aligns it; ``khabar analyze --bidi auto`` picks the mode from the terminal.
Output that is not a terminal (a pipe, a file) always keeps logical order.
"""

from __future__ import annotations

import logging
import os
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from khabar.model import Document, Quote, TimeExpression

log = logging.getLogger(__name__)

TYPE_LABELS = {"PER": "people", "ORG": "organisations", "LOC": "places", "MISC": "other names"}


#: (visual order wanted, line width) for the report being rendered.
_LAYOUT: ContextVar[tuple[bool, int]] = ContextVar("khabar_report_layout", default=(False, 80))
_RTL_RANGES = (("\u0590", "\u08ff"), ("\ufb1d", "\ufdff"), ("\ufe70", "\ufeff"))
#: Terminals that apply the bidi algorithm themselves (environment variable, minimum).
_BIDI_TERMINALS = (("KONSOLE_VERSION", 0), ("MLTERM", 0), ("VTE_VERSION", 5800))


def terminal_reorders(environ: dict[str, str] | None = None) -> bool:
    """Whether the terminal in ``environ`` shows right-to-left text itself.

    ``KHABAR_BIDI=visual`` or ``logical`` overrides the guess.
    """
    env = os.environ if environ is None else environ
    forced = env.get("KHABAR_BIDI", "").lower()
    if forced in ("visual", "logical"):
        return forced == "logical"
    for name, minimum in _BIDI_TERMINALS:
        value = env.get(name)
        if value is not None:
            digits = "".join(ch for ch in value if ch.isdigit())
            if not minimum or (digits and int(digits) >= minimum):
                return True
    return False


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds Arabic or Hebrew letters."""
    return any(lo <= ch <= hi for ch in text for lo, hi in _RTL_RANGES)


@lru_cache(maxsize=1)
def _reorder() -> Callable[[str], str] | None:
    # python-bidi's pure-Python algorithm mirrors brackets and guillemets in right-to-left
    # runs («» () stay the right way round); its Rust-backed get_display does not.
    try:
        from bidi.algorithm import get_display
    except ImportError:
        try:
            from bidi import get_display
        except ImportError:
            log.warning("python-bidi is not installed: Arabic stays in logical order")
            return None
    return lambda line: str(get_display(line, base_dir="R"))


def display(text: str, width: int | None = None) -> str:
    """``text`` as the terminal should receive it: unchanged (logical order), or — when
    the report is laid out for a terminal without bidi — wrapped to ``width`` and each
    line reordered visually, so it reads right to left.

    >>> display("قال بوتين")
    'قال بوتين'
    """
    visual, line_width = _LAYOUT.get()
    reorder = _reorder() if visual and has_rtl(text) else None
    if reorder is None:
        return text
    lines = textwrap.wrap(text, width or line_width) or [text]
    return "\n".join(reorder(line) for line in lines)


def rtl_text(text: str, style: str = "", width: int | None = None) -> Text:
    """A rich Text of Arabic ``text``: right-aligned and visually ordered when needed."""
    shown = display(text, width)
    return Text(shown, style=style, justify="right" if shown != text else None)


@contextmanager
def layout(visual: bool, width: int = 80) -> Iterator[None]:
    """Render reports inside this block in visual order (``visual=True``) or logical."""
    token = _LAYOUT.set((visual, max(20, width)))
    try:
        yield
    finally:
        _LAYOUT.reset(token)


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_header(doc: Document) -> RenderableType:
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    meta.add_row("id", doc.id)
    meta.add_row("published", doc.published.isoformat() if doc.published else "unknown")
    for label, value in (("outlet", doc.source.outlet), ("title", doc.source.title),
                         ("url", doc.source.url)):
        if value:
            meta.add_row(label, display(value))
    meta.add_row("size", f"{len(doc.text):,} characters, {len(doc.sentences)} sentences, "
                 f"{len(doc.tokens)} tokens")
    meta.add_row("found", f"{len(doc.entities)} entities, {len(doc.quotes)} quotes, "
                 f"{len(doc.times)} time expressions")
    return Panel(meta, title="khabar", title_align="left")


def render_entities(doc: Document) -> RenderableType:
    by_type: dict[str, list[tuple[str, str | None, int, list[str]]]] = defaultdict(list)
    for ent in doc.entities:
        by_type[ent.type].append((ent.name, ent.latin, len(ent.mentions),
                                  [r.text for r in ent.roles]))
    table = Table(title="Entities", show_lines=False, expand=False)
    table.add_column("type")
    table.add_column("name", justify="right")
    table.add_column("latin")
    table.add_column("mentions", justify="right")
    table.add_column("roles", justify="right")
    for etype in sorted(by_type, key=lambda t: (list(TYPE_LABELS).index(t) if t in TYPE_LABELS else 9, t)):
        for name, latin, count, roles in sorted(by_type[etype], key=lambda e: -e[2]):
            table.add_row(TYPE_LABELS.get(etype, etype), display(name), latin or "", str(count),
                          display("، ".join(dict.fromkeys(roles))))
    return table


def _times_in(doc: Document, start: int, end: int) -> list[TimeExpression]:
    return [t for t in doc.times if start <= t.start and t.end <= end]


def _quote_block(doc: Document, quote: Quote) -> RenderableType:
    speaker = "?"
    if quote.speaker is not None:
        entity = doc.entity(quote.speaker.entity) if quote.speaker.entity else None
        speaker = entity.name if entity else quote.speaker.text
        if entity and entity.latin:
            speaker += f" ({entity.latin})"
    lines = [Text(f"{quote.id} · {quote.kind} · {display(speaker)}", style="bold")]
    mark = ("«", "»") if quote.kind == "direct" else ("", "")
    lines.append(rtl_text(f"{mark[0]}{_clip(quote.text, 400)}{mark[1]}"))
    extras: list[tuple[str, str]] = []
    if quote.cue:
        extras.append(("cue", display(quote.cue.text)))
    if quote.source:
        extras.append(("source", display(quote.source.text)))
    if quote.hedge:
        extras.append(("hedge", display(quote.hedge.text)))
    sentence = next((s for s in doc.sentences if s.start <= quote.start < s.end), None)
    times = _times_in(doc, sentence.start, sentence.end) if sentence else []
    if times:
        extras.append(("when", "، ".join(f"{display(t.text)} = {t.value or '?'}"
                                         for t in times)))
    for label, value in extras:
        lines.append(Text(f"  {label}: {value}", style="dim"))
    return Group(*lines)


def render_quotes(doc: Document) -> RenderableType:
    if not doc.quotes:
        return Text("No quotes found.", style="dim")
    blocks: list[RenderableType] = []
    for quote in doc.quotes:
        blocks.append(_quote_block(doc, quote))
        blocks.append(Text(""))
    return Panel(Group(*blocks), title="Quotes (who said what)", title_align="left")


def render_times(doc: Document) -> RenderableType:
    table = Table(title="Dates and times")
    table.add_column("text", justify="right")
    table.add_column("value")
    table.add_column("grain")
    table.add_column("offsets")
    for t in doc.times:
        table.add_row(display(t.text), t.value or "unresolved", t.grain or "", f"{t.start}–{t.end}")
    return table


def render_report(doc: Document, *, visual: bool | None = None,
                  width: int = 80) -> RenderableType:
    """The whole report: header, entities, quotes and times (each when its layer ran).

    ``visual=True`` lays Arabic out in visual order for terminals without bidi support
    (lines wrapped to ``width``); None keeps the layout of an enclosing ``layout()``.
    """
    if visual is not None:
        with layout(visual, width):
            return _render_report(doc)
    return _render_report(doc)


def _render_report(doc: Document) -> RenderableType:
    parts: list[RenderableType] = [render_header(doc)]
    if "entities" in doc.layers or doc.entities:
        counts = Counter(e.type for e in doc.entities)
        parts.append(render_entities(doc) if counts else Text("No entities found.", style="dim"))
    if "quotes" in doc.layers or doc.quotes:
        parts.append(render_quotes(doc))
    if "times" in doc.layers or doc.times:
        parts.append(render_times(doc) if doc.times else Text("No dates found.", style="dim"))
    return Group(*parts)
