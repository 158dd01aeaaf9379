"""The ``entities`` pipeline stage: tag each sentence's tokens, merge mentions into entities."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from khabar.entities.features import word_key
from khabar.entities.lexicons import role_nouns
from khabar.entities.mentions import TaggedMention, tagged_mentions
from khabar.entities.merge import build_entities
from khabar.entities.rules import correct
from khabar.entities.scoring import chunks
from khabar.entities.tagger import tag_tokens
from khabar.model import Document, Token
from khabar.text.normalize import fold

log = logging.getLogger(__name__)


class EntityStage:
    name = "entities"
    requires = frozenset({"tokens"})
    provides = frozenset({"entities"})

    def __call__(self, doc: Document) -> Document:
        tokens = doc.tokens
        ranges = _sentence_ranges(doc)
        tags: list[str] = ["O"] * len(tokens)
        for first, last in ranges:
            tags[first:last] = tag_tokens([t.text for t in tokens[first:last]])
        keys = [word_key(t.text) for t in tokens]
        tags = correct(tags, keys, [fold(t.text) for t in tokens])
        tags = propagate(tokens, tags)
        mentions: list[TaggedMention] = []
        for first, last in ranges:
            sentence: list[Token] = list(tokens[first:last])
            for m in tagged_mentions(doc.text, sentence, tags[first:last]):
                mentions.append(TaggedMention(m.start, m.end, m.text, m.type,
                                              m.first + first, m.last + first))
        entities = build_entities(doc.text, tokens, mentions)
        log.debug("%d mentions, %d entities", len(mentions), len(entities))
        return doc.with_layer("entities", entities=entities)


def propagate(tokens: Sequence[Token], tags: Sequence[str]) -> list[str]:
    """Tag the untagged repetitions of names tagged elsewhere in the article.

    The tagger may find «كيم» in one sentence and miss it in another; within one article a
    name keeps its type. Matching is on folded stems («وبوتين» repeats «بوتين»).
    """
    keys = [word_key(t.text) for t in tokens]
    names: dict[tuple[str, ...], str] = {}
    for kind, first, last in chunks(tags):
        names.setdefault(tuple(keys[first:last]), kind)
    if not names:
        return list(tags)
    longest = max(len(k) for k in names)
    out = list(tags)
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            found = names.get(tuple(keys[i:i + n]))
            if found is not None and all(t == "O" for t in out[i:i + n]) \
                    and (i + n == len(out) or not out[i + n].startswith("I-")) \
                    and all(k not in role_nouns() for k in keys[i:i + n]):
                out[i:i + n] = ["B-" + found] + ["I-" + found] * (n - 1)
                i += n
                break
        else:
            i += 1
    return out


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
