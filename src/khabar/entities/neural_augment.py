"""Mention replacement for training the neural tagger: copies of training sentences whose
entity mentions are swapped for other names of the same type.

Most names in new text were never seen in training; a network that has seen every training
name many times learns to trust the names more than their context. A copy of «قال رامسفيلد
إن …» as «قال أولاف شولتس إن …» keeps the context and changes the name. Replacements come
from the mentions of the *other* folds of the training data (so that the memory slot of a
replacement is as informative as for new text) and, for people and places, from the
gazetteers (names never seen in training: person-name words of Wikidata, GeoNames places).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from khabar.entities.features import split_word
from khabar.entities.lexicons import WORD_LISTS
from khabar.entities.scoring import chunks
from khabar.text.clitics import PROCLITIC_LETTERS
from khabar.text.lexicons import load_lines

Labelled = tuple[Sequence[str], Sequence[str]]


def _carried_prefix(token: str) -> str:
    """The conjunction and preposition letters glued to a mention's first token, as written:
    they are carried over to the name that replaces it («لبوتين» → «ل»)."""
    letters = ""
    for prefix in split_word(token)[0].split("+"):
        if prefix not in PROCLITIC_LETTERS or prefix in letters:  # «لل»: the second «ل» is the article
            break
        letters += prefix
    return letters if token.startswith(letters) else ""


def _unglue(token: str) -> str:
    """A mention's first token without its carried proclitics («للأمم» → «الأمم»)."""
    carried = _carried_prefix(token)
    rest = token[len(carried):]
    if carried.endswith("ل") and rest.startswith("ل"):
        rest = "ا" + rest
    return rest if len(rest) > 1 else token


def _glue(carried: str, word: str) -> str:
    """Proclitics written onto a word («ل» + «الأمم» → «للأمم»)."""
    if carried.endswith("ل") and word.startswith("ال"):
        return carried + word[1:]
    return carried + word


def mention_pools(labelled: Sequence[Labelled], folds: Sequence[int]
                  ) -> dict[int, dict[str, list[tuple[str, ...]]]]:
    """For each fold, the mentions of every type in the other folds (first token without its
    carried proclitics)."""
    by_fold: dict[int, dict[str, list[tuple[str, ...]]]] = defaultdict(lambda: defaultdict(list))
    for (tokens, tags), fold in zip(labelled, folds, strict=True):
        for kind, first, last in chunks(tags):
            words = list(tokens[first:last])
            words[0] = _unglue(words[0])
            by_fold[fold][kind].append(tuple(words))
    out: dict[int, dict[str, list[tuple[str, ...]]]] = {}
    for fold in set(folds):
        pool: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for other, kinds in by_fold.items():
            if other != fold or len(by_fold) == 1:
                for kind, mentions in kinds.items():
                    pool[kind].extend(mentions)
        out[fold] = pool
    return out


def gazetteer_names(rng: random.Random, kind: str) -> tuple[str, ...] | None:
    """A name of ``kind`` made from the gazetteers: one place, or two to three person words."""
    if kind == "LOC":
        places = _lines("entities/places.txt")
        return tuple(rng.choice(places).split())
    if kind == "PER":
        words = _lines(WORD_LISTS["person"])
        return tuple(rng.choice(words) for _ in range(rng.choice((1, 2, 2, 3))))
    return None


@lru_cache(maxsize=4)
def _lines(name: str) -> list[str]:
    return [line for line in load_lines(name) if line.strip()]


def replace_mentions(tokens: Sequence[str], tags: Sequence[str],
                     pool: dict[str, list[tuple[str, ...]]], rng: random.Random,
                     gazetteer_share: float = 0.5) -> tuple[list[str], list[str]] | None:
    """A copy of a sentence with each mention replaced (None when it has no mention)."""
    found = sorted(chunks(tags), key=lambda c: c[1])
    if not found:
        return None
    out_tokens: list[str] = []
    out_tags: list[str] = []
    at = 0
    for kind, first, last in found:
        out_tokens += tokens[at:first]
        out_tags += tags[at:first]
        name = gazetteer_names(rng, kind) if rng.random() < gazetteer_share else None
        if name is None:
            name = rng.choice(pool[kind]) if pool.get(kind) else tuple(tokens[first:last])
        words = list(name)
        words[0] = _glue(_carried_prefix(tokens[first]), words[0])
        out_tokens += words
        out_tags += ["B-" + kind] + ["I-" + kind] * (len(words) - 1)
        at = last
    out_tokens += tokens[at:]
    out_tags += tags[at:]
    return out_tokens, out_tags


def augment(labelled: Sequence[Labelled], folds: Sequence[int], share: float, seed: int
            ) -> list[tuple[list[str], list[str], int]]:
    """Replaced copies ``(tokens, tags, fold)`` of about ``share`` of the sentences that hold
    a mention (the fold of a copy is its original's)."""
    if share <= 0:
        return []
    rng = random.Random(seed)
    pools = mention_pools(labelled, folds)
    out = []
    for (tokens, tags), fold in zip(labelled, folds, strict=True):
        if rng.random() >= share:
            continue
        copy = replace_mentions(tokens, tags, pools[fold], rng)
        if copy is not None:
            out.append((*copy, fold))
    return out
