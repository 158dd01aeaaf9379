"""The document model: one immutable Document with layers of spans into its text.

Every span is a half-open ``[start, end)`` pair of Python ``str`` indices into
``Document.text`` exactly as received; ``text[start:end] == span.text`` always holds.
The JSON form follows the contract in DESIGN.md (``to_json`` / ``from_json``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from khabar.errors import DocumentError

SCHEMA_VERSION = "0.1.0"

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
QUOTE_KINDS = ("direct", "indirect", "mixed")
SPEAKER_KINDS = ("name", "role", "group", "pronoun")
TIME_GRAINS = ("day", "week", "month", "year", "decade", "century", "part-of-day", "time",
               "duration", "hour", "minute", "season")

JSON = dict[str, Any]


def _span_json(start: int, end: int, text: str) -> JSON:
    return {"start": start, "end": end, "text": text}


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the original text: ``text == doc.text[start:end]``."""

    start: int
    end: int
    text: str

    def __init__(self, start: int, end: int, text: str) -> None:
        # Hand-written for speed (the text layers make millions): slot setters instead of
        # the generated frozen __init__'s object.__setattr__ calls; still immutable.
        _SPAN_SET[0](self, start)
        _SPAN_SET[1](self, end)
        _SPAN_SET[2](self, text)

    def to_json(self) -> JSON:
        return _span_json(self.start, self.end, self.text)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span ``[start, end)`` of ``text``."""
        return cls(start, end, text[start:end])


def _opt_span(data: Mapping[str, Any] | None) -> Span | None:
    return None if data is None else Span.from_json(data)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int

    def to_json(self) -> JSON:
        return {"start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Sentence:
        return cls(int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Token:
    """A token with its clitic analysis: proclitics, a stem and enclitics, as sub-spans.

    «وبوتين» → prefixes (و), stem «بوتين»; «بالدعم» → prefixes (ب, ال), stem «دعم».
    """

    start: int
    end: int
    text: str
    stem: Span
    prefixes: tuple[Span, ...] = ()
    suffixes: tuple[Span, ...] = ()

    def __init__(self, start: int, end: int, text: str, stem: Span,
                 prefixes: tuple[Span, ...] = (), suffixes: tuple[Span, ...] = ()) -> None:
        _TOKEN_SET[0](self, start)  # see Span.__init__
        _TOKEN_SET[1](self, end)
        _TOKEN_SET[2](self, text)
        _TOKEN_SET[3](self, stem)
        _TOKEN_SET[4](self, prefixes)
        _TOKEN_SET[5](self, suffixes)

    def to_json(self) -> JSON:
        out = _span_json(self.start, self.end, self.text)
        out["stem"] = self.stem.to_json()
        out["prefixes"] = [p.to_json() for p in self.prefixes]
        out["suffixes"] = [s.to_json() for s in self.suffixes]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Token:
        return cls(
            int(data["start"]), int(data["end"]), str(data["text"]),
            stem=Span.from_json(data["stem"]),
            prefixes=tuple(Span.from_json(p) for p in data.get("prefixes", ())),
            suffixes=tuple(Span.from_json(s) for s in data.get("suffixes", ())),
        )


def _slot_setters(cls: type, names: Sequence[str]) -> tuple[Any, ...]:
    return tuple(cls.__dict__[name].__set__ for name in names)


_SPAN_SET = _slot_setters(Span, ("start", "end", "text"))
_TOKEN_SET = _slot_setters(Token, ("start", "end", "text", "stem", "prefixes", "suffixes"))


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str

    def to_json(self) -> JSON:
        return _span_json(self.start, self.end, self.text)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Mention:
        return cls(int(data["start"]), int(data["end"]), str(data["text"]))


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, organisation, place or other name, merged over its mentions."""

    id: str
    type: str
    name: str
    mentions: tuple[Mention, ...]
    latin: str | None = None
    roles: tuple[Span, ...] = ()

    def to_json(self) -> JSON:
        return {
            "id": self.id, "type": self.type, "name": self.name, "latin": self.latin,
            "mentions": [m.to_json() for m in self.mentions],
            "roles": [r.to_json() for r in self.roles],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Entity:
        return cls(
            id=str(data["id"]), type=str(data["type"]), name=str(data["name"]),
            mentions=tuple(Mention.from_json(m) for m in data.get("mentions", ())),
            latin=data.get("latin"),
            roles=tuple(Span.from_json(r) for r in data.get("roles", ())),
        )


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said it. ``kind`` is name, role, group or pronoun; ``entity`` an Entity id."""

    start: int
    end: int
    text: str
    kind: str | None = None
    entity: str | None = None

    def to_json(self) -> JSON:
        return {"entity": self.entity, "kind": self.kind, **_span_json(self.start, self.end, self.text)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Speaker:
        return cls(int(data["start"]), int(data["end"]), str(data["text"]),
                   kind=data.get("kind"), entity=data.get("entity"))


@dataclass(frozen=True, slots=True)
class Quote:
    """A statement attributed to someone: direct, indirect (reported) or mixed."""

    id: str
    kind: str
    start: int
    end: int
    text: str
    cue: Span | None = None
    speaker: Speaker | None = None
    source: Span | None = None
    hedge: Span | None = None
    times: tuple[str, ...] = ()

    def to_json(self) -> JSON:
        return {
            "id": self.id, "kind": self.kind, **_span_json(self.start, self.end, self.text),
            "cue": self.cue.to_json() if self.cue else None,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "source": self.source.to_json() if self.source else None,
            "hedge": self.hedge.to_json() if self.hedge else None,
            "times": list(self.times),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Quote:
        speaker = data.get("speaker")
        return cls(
            id=str(data["id"]), kind=str(data["kind"]),
            start=int(data["start"]), end=int(data["end"]), text=str(data["text"]),
            cue=_opt_span(data.get("cue")),
            speaker=None if speaker is None else Speaker.from_json(speaker),
            source=_opt_span(data.get("source")),
            hedge=_opt_span(data.get("hedge")),
            times=tuple(str(t) for t in data.get("times", ())),
        )


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression and its value resolved against the publication date.

    ``value`` is ISO 8601 / EDTF (``2023-09-15``, ``2023-09``, ``195X``,
    ``2023-09-14TEV``, ``P2Y``) or None when it cannot be resolved.
    """

    id: str
    start: int
    end: int
    text: str
    value: str | None
    grain: str | None

    def to_json(self) -> JSON:
        return {"id": self.id, **_span_json(self.start, self.end, self.text),
                "value": self.value, "grain": self.grain}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TimeExpression:
        return cls(id=str(data.get("id", "")), start=int(data["start"]), end=int(data["end"]),
                   text=str(data["text"]), value=data.get("value"), grain=data.get("grain"))


@dataclass(frozen=True, slots=True)
class Source:
    url: str | None = None
    outlet: str | None = None
    title: str | None = None

    def to_json(self) -> JSON:
        return {"url": self.url, "outlet": self.outlet, "title": self.title}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Source:
        if not data:
            return cls()
        return cls(url=data.get("url"), outlet=data.get("outlet"), title=data.get("title"))


def parse_published(value: str | dt.date | None) -> dt.date | None:
    """A publication date from ``YYYY-MM-DD`` (or a longer ISO timestamp), a date, or None."""
    from khabar.errors import InvalidDateError

    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) > 10:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidDateError(
            f"invalid date {text!r}: use YYYY-MM-DD, for example 2023-09-15"
        ) from None


@dataclass(frozen=True)
class Document:
    """An analysed article. Frozen: stages return new Documents with a layer added.

    ``tokens`` is a working layer: it is left out of the JSON unless asked for
    (``to_json(tokens=True)``) and does not take part in equality.
    """

    id: str
    text: str
    published: dt.date | None = None
    source: Source = field(default_factory=Source)
    sentences: tuple[Sentence, ...] = ()
    tokens: tuple[Token, ...] = field(default=(), compare=False, repr=False)
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    layers: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def with_layer(self, name: str, **changes: Any) -> Document:
        """A copy with ``changes`` applied and ``name`` recorded among the layers."""
        return replace(self, layers=self.layers | {name}, **changes)

    def entity(self, entity_id: str) -> Entity | None:
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        return None

    def to_json(self, *, tokens: bool = False) -> JSON:
        out: JSON = {
            "khabar": SCHEMA_VERSION,
            "id": self.id,
            "published": self.published.isoformat() if self.published else None,
            "source": self.source.to_json(),
            "text": self.text,
            "sentences": [s.to_json() for s in self.sentences],
            "entities": [e.to_json() for e in self.entities],
            "quotes": [q.to_json() for q in self.quotes],
            "times": [t.to_json() for t in self.times],
        }
        if tokens:
            out["tokens"] = [t.to_json() for t in self.tokens]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Document:
        """Rebuild a Document from its JSON form; offsets are checked against the text."""
        try:
            doc = cls(
                id=str(data["id"]),
                text=str(data["text"]),
                published=parse_published(data.get("published")),
                source=Source.from_json(data.get("source")),
                sentences=tuple(Sentence.from_json(s) for s in data.get("sentences", ())),
                tokens=tuple(Token.from_json(t) for t in data.get("tokens", ())),
                entities=tuple(Entity.from_json(e) for e in data.get("entities", ())),
                quotes=tuple(Quote.from_json(q) for q in data.get("quotes", ())),
                times=tuple(TimeExpression.from_json(t) for t in data.get("times", ())),
                layers=frozenset(k for k in ("sentences", "tokens", "entities", "quotes", "times")
                                 if k in data),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DocumentError(f"not a khabar document: {exc}") from None
        problems = check_offsets(doc)
        if problems:
            raise DocumentError(f"document {doc.id!r} has a bad span: {problems[0]}")
        return doc


def iter_spans(doc: Document) -> list[tuple[str, int, int, str | None]]:
    """Every span of every layer as ``(layer, start, end, claimed text or None)``."""
    spans: list[tuple[str, int, int, str | None]] = []
    spans += [("sentence", s.start, s.end, None) for s in doc.sentences]
    for tok in doc.tokens:
        spans.append(("token", tok.start, tok.end, tok.text))
        for clitic in (*tok.prefixes, tok.stem, *tok.suffixes):
            spans.append(("clitic", clitic.start, clitic.end, clitic.text))
    for ent in doc.entities:
        spans += [("mention", m.start, m.end, m.text) for m in ent.mentions]
        spans += [("role", r.start, r.end, r.text) for r in ent.roles]
    for q in doc.quotes:
        spans.append(("quote", q.start, q.end, q.text))
        parts: tuple[tuple[str, Span | Speaker | None], ...] = (
            ("cue", q.cue), ("speaker", q.speaker), ("source", q.source), ("hedge", q.hedge))
        for name, part in parts:
            if part is not None:
                spans.append((name, part.start, part.end, part.text))
    spans += [("time", t.start, t.end, t.text) for t in doc.times]
    return spans


def check_offsets(doc: Document) -> list[str]:
    """Descriptions of spans that do not fit the text (empty when all is well)."""
    n = len(doc.text)
    problems = []
    for layer, start, end, claimed in iter_spans(doc):
        if not (0 <= start <= end <= n):
            problems.append(f"{layer} [{start}, {end}) outside text of length {n}")
        elif claimed is not None and doc.text[start:end] != claimed:
            problems.append(f"{layer} [{start}, {end}) text {claimed!r} != "
                            f"{doc.text[start:end]!r}")
    return problems


def sentence_of(doc: Document, offset: int) -> Sentence | None:
    """The sentence holding character ``offset``, if any."""
    for sent in doc.sentences:
        if sent.start <= offset < sent.end:
            return sent
    return None


def spans_in(spans: Sequence[Any], start: int, end: int) -> list[Any]:
    """Items with ``start``/``end`` attributes that lie within ``[start, end)``."""
    return [s for s in spans if start <= s.start and s.end <= end]
