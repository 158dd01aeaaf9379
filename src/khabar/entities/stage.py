"""The ``entities`` pipeline stage: tag each sentence's tokens, merge mentions into entities."""

from __future__ import annotations

import logging

from khabar.entities.features import word_key
from khabar.entities.lexicons import currencies
from khabar.entities.mentions import TaggedMention, tagged_mentions
from khabar.entities.merge import build_entities
from khabar.entities.rules import (
    bare,
    correct,
    lexicon_head,
    propagate,
    with_facility_nouns,
    with_institutions,
)
from khabar.entities.tagger import tag_sentences
from khabar.model import Document, Token

log = logging.getLogger(__name__)


class EntityStage:
    name = "entities"
    requires = frozenset({"tokens"})
    provides = frozenset({"entities"})

    def __call__(self, doc: Document) -> Document:
        tokens = doc.tokens
        ranges = _sentence_ranges(doc)
        tags: list[str] = ["O"] * len(tokens)
        tagged = tag_sentences([[t.text for t in tokens[first:last]] for first, last in ranges])
        for (first, last), sentence_tags in zip(ranges, tagged, strict=True):
            tags[first:last] = sentence_tags
        keys = [word_key(t.text) for t in tokens]
        words = [bare(t.text) for t in tokens]
        tags = correct(tags, keys, words)
        tags = with_facility_nouns(words, propagate(keys, tags))
        tags = with_institutions(words, tags)
        mentions: list[TaggedMention] = []
        for first, last in ranges:
            sentence: list[Token] = list(tokens[first:last])
            for m in tagged_mentions(doc.text, sentence, tags[first:last]):
                after = sentence[m.last].text if m.last < len(sentence) else ""
                if _is_amount(m, words[first + m.first:first + m.last], after):
                    continue
                mentions.append(TaggedMention(m.start, m.end, m.text, m.type,
                                              m.first + first, m.last + first))
        entities = build_entities(doc.text, tokens, mentions)
        log.debug("%d mentions, %d entities", len(mentions), len(entities))
        return doc.with_layer("entities", entities=entities)


def _is_amount(mention: TaggedMention, words: list[str], after: str) -> bool:
    """A currency tagged MISC («الدولار», «جنيه استرليني»), as ANERcorp tags them: not a
    named entity. A year in it or right after it makes a name («يورو 2024»); an amount
    does not («اليورو 1.1 دولار»)."""
    year = any(w.isdecimal() and len(w) == 4 and 1900 <= int(w) < 2100
               for w in [*mention.text.split(), after])
    return mention.type == "MISC" and lexicon_head(words[0], currencies()) is not None \
        and not year


def _sentence_ranges(doc: Document) -> list[tuple[int, int]]:
    """Token index ranges ``[first, last)`` of each sentence (tokens are in text order)."""
    ranges = []
    tokens = doc.tokens
    i = 0
    for sentence in doc.sentences:
        while i < len(tokens) and tokens[i].start < sentence.start:
            i += 1
        first = i
        while i < len(tokens) and tokens[i].end <= sentence.end:
            i += 1
        if i > first:
            ranges.append((first, i))
    if not ranges and tokens:
        ranges.append((0, len(tokens)))
    return ranges
