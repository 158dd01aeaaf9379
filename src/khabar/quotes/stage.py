"""The ``quotes`` pipeline stage: who said what, according to whom, how firmly.

>>> from khabar.pipeline import build_pipeline
>>> pipe = build_pipeline(["khabar.text.stages:SentenceStage",
...                        "khabar.text.stages:TokenStage", "khabar.quotes.stage:QuoteStage"])
>>> doc = pipe("وقال الحاكم ميخائيل ديجتياريف إن المصنع مهم.")
>>> [(q.kind, q.text, q.speaker.text) for q in doc.quotes]
[('indirect', 'المصنع مهم', 'الحاكم ميخائيل ديجتياريف')]
"""

from __future__ import annotations

import logging

from khabar.model import Document, Quote
from khabar.quotes.extract import find_drafts
from khabar.quotes.resolve import Resolver
from khabar.quotes.words import Words

log = logging.getLogger(__name__)


def find_quotes(doc: Document) -> tuple[Quote, ...]:
    """The quotes of a Document that has sentences and tokens (entities and times if present)."""
    if not doc.tokens:
        return ()
    words = Words.of(doc)
    drafts, subjects = find_drafts(words)
    quotes = Resolver(doc, words).quotes(drafts, subjects)
    log.debug("%d quotes in document %s", len(quotes), doc.id)
    return quotes


class QuoteStage:
    """Fills ``Document.quotes``; uses the entities and times layers when they are present."""

    name = "quotes"
    requires = frozenset({"sentences", "tokens"})
    provides = frozenset({"quotes"})

    def __call__(self, doc: Document) -> Document:
        return doc.with_layer("quotes", quotes=find_quotes(doc))
