"""What the store's queries return: plain frozen dataclasses with ``to_json()``.

The CLI prints them, ``--json`` and the HTTP API serialise them with ``to_json()``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of the article around the matches; ``highlights`` are ``[start, end)`` pairs
    into ``text``; ``start`` is the offset of ``text`` in the article."""

    text: str
    start: int
    highlights: tuple[tuple[int, int], ...] = ()

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each highlight wrapped in ``before``/``after``."""
        out, pos = [], 0
        for a, b in self.highlights:
            out += [self.text[pos:a], before, self.text[a:b], after]
            pos = b
        out.append(self.text[pos:])
        return "".join(out)

    def to_json(self) -> JSON:
        return {"text": self.text, "start": self.start,
                "highlights": [list(h) for h in self.highlights], "marked": self.marked()}


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article's metadata (no text)."""

    id: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    origin: str | None = None

    def to_json(self) -> JSON:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article found by ``Store.search``; ``score`` is bm25 (lower is better)."""

    article: ArticleInfo
    score: float
    snippet: Snippet

    def to_json(self) -> JSON:
        return {"article": self.article.to_json(), "score": round(self.score, 4),
                "snippet": self.snippet.to_json()}


@dataclass(frozen=True, slots=True)
class QuoteHit:
    """One quote found by ``Store.quotes``: the quote as in the JSON contract, its
    speaker's global entity, the dates it mentions and the article it comes from."""

    article: ArticleInfo
    quote: JSON
    speaker_entity: int | None
    speaker_name: str | None
    dates: tuple[str, ...] = ()
    about_in_quote: bool = False

    def to_json(self) -> JSON:
        return {"article": self.article.to_json(), "quote": self.quote,
                "speaker_entity": self.speaker_entity, "speaker_name": self.speaker_name,
                "dates": list(self.dates), "about_in_quote": self.about_in_quote}


@dataclass(frozen=True, slots=True)
class EntitySummary:
    """A global (cross-article) entity with its counts."""

    id: int
    type: str
    name: str
    latin: str | None
    articles: int
    mentions: int
    aliases: tuple[str, ...] = ()

    def to_json(self) -> JSON:
        out = asdict(self)
        out["aliases"] = list(self.aliases)
        return out


@dataclass(frozen=True, slots=True)
class EntityDetail:
    """``Store.entity``: aliases with counts, articles per month, co-occurring entities,
    and the latest quotes by the entity."""

    entity: EntitySummary
    alias_counts: tuple[tuple[str, int], ...]
    by_month: tuple[tuple[str, int], ...]
    cooccurring: tuple[tuple[EntitySummary, int], ...]
    quotes: tuple[QuoteHit, ...]

    def to_json(self) -> JSON:
        return {
            "entity": self.entity.to_json(),
            "aliases": [{"alias": a, "count": c} for a, c in self.alias_counts],
            "by_month": [{"month": m, "articles": c} for m, c in self.by_month],
            "cooccurring": [{"entity": e.to_json(), "articles": c} for e, c in self.cooccurring],
            "quotes": [q.to_json() for q in self.quotes],
        }


@dataclass(frozen=True, slots=True)
class AddResult:
    """What ``Store.add`` did: ids stored, and ids skipped as already present."""

    added: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    def to_json(self) -> JSON:
        return {"added": list(self.added), "skipped": list(self.skipped)}


@dataclass(frozen=True, slots=True)
class StoreStats:
    """Row counts and the size of the store file."""

    articles: int
    entities: int
    quotes: int
    times: int
    schema_version: int
    path: str
    bytes: int = 0
    outlets: tuple[tuple[str, int], ...] = field(default=())

    def to_json(self) -> JSON:
        out = asdict(self)
        out["outlets"] = [{"outlet": o, "articles": n} for o, n in self.outlets]
        return out
