"""The analysis pipeline: a list of stages checked once when it is built.

A stage is any object with ``name``, ``requires`` and ``provides`` (sets of layer names)
that maps a Document to a new Document with its layers added.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import logging
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Protocol, runtime_checkable

from khabar.errors import EmptyInputError, InputTooLargeError, PipelineError
from khabar.model import Document, Source, parse_published

log = logging.getLogger(__name__)

#: Layers every Document has before any stage runs.
BASE_LAYERS = frozenset({"text", "published"})

#: The default stages, by import path, in order. Each later issue adds its line.
DEFAULT_STAGES: tuple[str, ...] = (
    "khabar.text.stages:SentenceStage",
    "khabar.text.stages:TokenStage",
    "khabar.entities.stage:EntityStage",
    "khabar.entities.latin:LatinStage",
    "khabar.times.stage:TimeStage",
    "khabar.quotes.stage:QuoteStage",
)

#: Default limit on the size of one article, in characters (about 10 MB of text).
DEFAULT_MAX_CHARS = 10_000_000


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: frozenset[str]
    provides: frozenset[str]

    def __call__(self, doc: Document) -> Document: ...


class Pipeline:
    """Stages run in order on a Document; built once, checked at build time."""

    def __init__(self, stages: Sequence[Stage], *, max_chars: int = DEFAULT_MAX_CHARS):
        available = set(BASE_LAYERS)
        for stage in stages:
            if not isinstance(stage, Stage):
                raise PipelineError(f"{stage!r} is not a stage (needs name, requires, provides)")
            missing = set(stage.requires) - available
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} needs {sorted(missing)}, which no earlier stage "
                    f"provides; put a stage providing them before it"
                )
            available |= set(stage.provides)
        self.stages: tuple[Stage, ...] = tuple(stages)
        self.provides = frozenset(available)
        self.max_chars = max_chars

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(
        self,
        text: str,
        *,
        published: str | dt.date | None = None,
        source: Source | None = None,
        id: str | None = None,
    ) -> Document:
        doc = new_document(text, published=published, source=source, id=id,
                           max_chars=self.max_chars)
        return self.run(doc)

    def run(self, doc: Document) -> Document:
        for stage in self.stages:
            doc = stage(doc)
        return doc


def new_document(
    text: str,
    *,
    published: str | dt.date | None = None,
    source: Source | None = None,
    id: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Document:
    """A Document with no layers yet, after checking the input."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}; decode bytes first "
                        "(khabar.text.decode.decode_bytes)")
    if not text.strip():
        raise EmptyInputError("the article is empty: there is no text to analyse")
    if len(text) > max_chars:
        raise InputTooLargeError(
            f"the article has {len(text):,} characters, above the limit of {max_chars:,}; "
            "split it or raise the limit (--max-chars / max_chars=)"
        )
    date = parse_published(published)
    doc_id = id or text_id(text)
    return Document(id=doc_id, text=text, published=date, source=source or Source(),
                    layers=BASE_LAYERS)


def text_id(text: str) -> str:
    """A stable id for a text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def load_stage(path: str) -> Stage:
    """Instantiate a stage from ``"module:Class"``."""
    module_name, _, attr = path.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise PipelineError(f"cannot load stage {path!r}: {exc}") from None
    stage: Stage = factory()
    return stage


def build_pipeline(stages: Iterable[str] | None = None, **options: int) -> Pipeline:
    """A pipeline from stage import paths (the default stages when None)."""
    return Pipeline([load_stage(p) for p in (stages or DEFAULT_STAGES)], **options)


@lru_cache(maxsize=1)
def default_pipeline() -> Pipeline:
    """The default pipeline, built once per process."""
    return build_pipeline()


def analyze(
    text: str,
    published: str | dt.date | None = None,
    source: Source | None = None,
    *,
    id: str | None = None,
) -> Document:
    """Analyse one article.

    >>> doc = analyze("قال بوتين إن روسيا مستعدة.", published="2023-09-15")
    >>> doc.published.isoformat()
    '2023-09-15'
    """
    return default_pipeline()(text, published=published, source=source, id=id)
