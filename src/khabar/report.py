"""The readable terminal report of ``khabar analyze``.

Arabic is printed in logical order, one fact per line, with labels on their own
lines or columns, so that terminals with bidi support show it right to left and
those without still keep each fact together.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from khabar.model import Document, Quote, TimeExpression

TYPE_LABELS = {"PER": "people", "ORG": "organisations", "LOC": "places", "MISC": "other names"}


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
            meta.add_row(label, value)
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
            table.add_row(TYPE_LABELS.get(etype, etype), name, latin or "", str(count),
                          "، ".join(dict.fromkeys(roles)))
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
    lines = [Text(f"{quote.id} · {quote.kind} · {speaker}", style="bold")]
    mark = ("«", "»") if quote.kind == "direct" else ("", "")
    lines.append(Text(f"{mark[0]}{_clip(quote.text, 400)}{mark[1]}"))
    extras = []
    if quote.cue:
        extras.append(f"cue: {quote.cue.text}")
    if quote.source:
        extras.append(f"source: {quote.source.text}")
    if quote.hedge:
        extras.append(f"hedge: {quote.hedge.text}")
    sentence = next((s for s in doc.sentences if s.start <= quote.start < s.end), None)
    times = _times_in(doc, sentence.start, sentence.end) if sentence else []
    if times:
        extras.append("when: " + "، ".join(f"{t.text} = {t.value or '?'}" for t in times))
    for extra in extras:
        lines.append(Text(f"  {extra}", style="dim"))
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
        table.add_row(t.text, t.value or "unresolved", t.grain or "", f"{t.start}–{t.end}")
    return table


def render_report(doc: Document) -> RenderableType:
    """The whole report: header, entities, quotes and times (each when its layer ran)."""
    parts: list[RenderableType] = [render_header(doc)]
    if "entities" in doc.layers or doc.entities:
        counts = Counter(e.type for e in doc.entities)
        parts.append(render_entities(doc) if counts else Text("No entities found.", style="dim"))
    if "quotes" in doc.layers or doc.quotes:
        parts.append(render_quotes(doc))
    if "times" in doc.layers or doc.times:
        parts.append(render_times(doc) if doc.times else Text("No dates found.", style="dim"))
    return Group(*parts)
