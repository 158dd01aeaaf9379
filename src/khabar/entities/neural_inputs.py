"""The inputs of the neural NER tagger, identical at training and at tagging time.

Each token becomes three things: the id of its word vector (the folded stem without
proclitics, :func:`khabar.entities.features.word_key`), the ids of the characters of the
whole folded token (clitics included), and the ids of a few categorical features taken from
the CRF's features: proclitics, shape, frequency buckets, word clusters, word lists, the
model's memory of the stem (the entity type it mostly had in the training data, see
:func:`build_memory`), and the gazetteer match over the sentence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from khabar.entities.features import gazetteer_tags, shape, split_word
from khabar.entities.lexicons import WORD_LISTS, clusters, word_counts, word_sets
from khabar.text.normalize import fold

#: Characters of a token looked at (longer tokens are cut).
MAX_CHARS = 20
#: Categorical feature slots, in order; the value «name=?» of a slot is its unknown value.
SLOTS = ("p", "sh", "f", "fs", "c0", "c1", "c2", *(f"lex_{n}" for n in WORD_LISTS), "mem", "gaz")
PAD, UNKNOWN = 0, 1  # word and character ids


@dataclass(frozen=True)
class Vocabularies:
    """String → id tables (ids 0 and 1 of words and characters are padding and unknown;
    categories are ``slot=value`` strings, each slot with its own ``slot=?`` row), and the
    memory of the training data (stem → value of the «mem» slot, :func:`build_memory`)."""

    words: dict[str, int]
    chars: dict[str, int]
    categories: dict[str, int]
    memory: Mapping[str, str] = field(default_factory=dict)

    def __hash__(self) -> int:
        return id(self)


@dataclass(frozen=True)
class Encoded:
    """One sentence as arrays: word ids [T], character ids [T, MAX_CHARS], character counts
    [T], category ids [T, len(SLOTS)]."""

    words: np.ndarray
    chars: np.ndarray
    char_lengths: np.ndarray
    categories: np.ndarray


#: Share of a stem's occurrences in the training data inside entities of its commonest type
#: for the memory to name that type («PER»), or to name it as a minority reading («PER~»).
MEMORY_MAJORITY, MEMORY_MINORITY = 0.5, 0.15


def build_memory(sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> dict[str, str]:
    """What labelled sentences ``(tokens, BIO tags)`` say of each stem: the entity type its
    occurrences mostly had («LOC»), or had often enough to be a reading («LOC~»). Stems
    never or seldom inside an entity are left out (their slot value is «none»)."""
    totals: Counter[str] = Counter()
    types: dict[str, Counter[str]] = defaultdict(Counter)
    for tokens, tags in sentences:
        for token, tag in zip(tokens, tags, strict=True):
            stem = split_word(token)[1]
            totals[stem] += 1
            if tag != "O":
                types[stem][tag[2:]] += 1
    memory: dict[str, str] = {}
    for stem, counter in types.items():
        kind, n = counter.most_common(1)[0]
        share = n / totals[stem]
        if share >= MEMORY_MAJORITY:
            memory[stem] = kind
        elif share >= MEMORY_MINORITY:
            memory[stem] = kind + "~"
    return memory


def token_categories(token: str, memory: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The ``slot=value`` strings of a token on its own (every slot but the gazetteer): the
    values of the CRF's features of the same names (:func:`features.word_features`), and
    the stem's value in ``memory``."""
    prefixes, stem = split_word(token)
    folded = fold(token) or token
    counts = word_counts()
    ids = clusters().get(stem) or ("none", "none", "none")
    sets = word_sets()
    return (
        "p=" + prefixes, "sh=" + shape(token),
        "f=" + str(min(counts.get(folded, 0), 1 << 16).bit_length() // 2),
        "fs=" + str(min(counts.get(stem, 0), 1 << 16).bit_length() // 2),
        "c0=" + ids[0], "c1=" + ids[1], "c2=" + ids[2],
        *(f"lex_{name}={int(stem in sets[name])}" for name in WORD_LISTS),
        "mem=" + (memory or {}).get(stem, "none"),
    )


def token_chars(token: str) -> str:
    """The characters looked at: the folded token, cut to :data:`MAX_CHARS`."""
    return (fold(token) or token)[:MAX_CHARS]


def sentence_categories(tokens: Sequence[str], memory: Mapping[str, str] | None = None
                        ) -> list[tuple[str, ...]]:
    """Every slot's ``slot=value`` for each token of a sentence, the gazetteer's included."""
    keys = [split_word(t)[1] for t in tokens]
    gaz = gazetteer_tags(keys)
    return [(*token_categories(t, memory), "gaz=" + (g or "O"))
            for t, g in zip(tokens, gaz, strict=True)]


@lru_cache(maxsize=200_000)
def _token_ids(vocab: Vocabularies, token: str) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    stem = split_word(token)[1]
    word = vocab.words.get(stem)
    if word is None:
        word = vocab.words.get(fold(token) or token, UNKNOWN)
    chars = tuple(vocab.chars.get(c, UNKNOWN) for c in token_chars(token))
    cats = tuple(vocab.categories.get(c, vocab.categories[c.partition("=")[0] + "=?"])
                 for c in token_categories(token, vocab.memory))
    return word, chars, cats


def encode(vocab: Vocabularies, tokens: Sequence[str]) -> Encoded:
    """The arrays of one sentence (at least one token)."""
    n = len(tokens)
    keys = [split_word(t)[1] for t in tokens]
    gaz = gazetteer_tags(keys)
    unknown_gaz = vocab.categories["gaz=?"]
    ids = [_token_ids(vocab, token) for token in tokens]
    words = np.fromiter((i[0] for i in ids), dtype=np.int64, count=n)
    chars = np.zeros((n, MAX_CHARS), dtype=np.int64)
    for i, (_, token_chars_, _) in enumerate(ids):
        chars[i, :len(token_chars_)] = token_chars_
    lengths = np.fromiter((max(len(i[1]), 1) for i in ids), dtype=np.int64, count=n)
    get = vocab.categories.get
    cats = np.asarray([(*i[2], get("gaz=" + (g or "O"), unknown_gaz))
                       for i, g in zip(ids, gaz, strict=True)], dtype=np.int64)
    return Encoded(words, chars, lengths, cats)
