"""Corrections of the tagger's BIO tags over an article's tokens, by general rules.

1. A curated organisation name or a multi-word place from the gazetteers, partly tagged,
   becomes one mention of the gazetteer's type («ريا نوفوستي» tagged PER → ORG).
2. Function words are trimmed from the edges of mentions («إن كيم» → «كيم»).
3. A place mention runs over a name connector and the word after it («كومسومولسك أون
   أمور», «ريو دي جانيرو»).
4. «هو» after a person's name and before punctuation ends the name («كيم يونغ هو،»).
5. A person mention that glues two names seen apart in the article is split
   («دينيس مانتوروف كيم» when «مانتوروف» and «كيم» both stand alone elsewhere).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from khabar.entities.features import gazetteer_tags
from khabar.entities.scoring import chunks
from khabar.text.lexicons import load_lines
from khabar.text.normalize import fold

Chunk = tuple[str, int, int]
_NAME_TAILS = frozenset({"هو", "هي"})


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    return frozenset(fold(w) for w in load_lines("entities/function_words.txt"))


@lru_cache(maxsize=1)
def place_connectors() -> frozenset[str]:
    return frozenset(fold(w) for w in load_lines("entities/place_connectors.txt"))


def to_tags(found: Iterable[Chunk], n: int) -> list[str]:
    tags = ["O"] * n
    for kind, first, last in sorted(found, key=lambda c: c[1]):
        tags[first] = "B-" + kind
        for i in range(first + 1, last):
            tags[i] = "I-" + kind
    return tags


def _gazetteer(found: set[Chunk], keys: Sequence[str]) -> set[Chunk]:
    gaz = gazetteer_tags(keys)
    for kind, first, last in chunks(gaz):
        if last - first < 2 and kind != "ORG":
            continue  # single-word places are left to the tagger
        inside = [c for c in found if c[1] < last and first < c[2]]
        if inside and all(first <= c[1] and c[2] <= last for c in inside):
            found -= set(inside)
            found.add((kind, first, last))
    return found


def _is_function_word(word: str) -> bool:
    stop = function_words()
    return word in stop or (word[:1] in ("و", "ف") and word[1:] in stop)


def _trim(found: set[Chunk], words: Sequence[str]) -> set[Chunk]:
    out = set()
    for kind, first, last in found:
        while first < last and _is_function_word(words[first]):
            first += 1
        # At the end only longer words: «إن» ends «مون جاي إن», «هو» ends «كيم يونغ هو».
        while last > first and len(words[last - 1]) > 2 and _is_function_word(words[last - 1]):
            last -= 1
        if first < last:
            out.add((kind, first, last))
    return out


def _connect_places(found: set[Chunk], words: Sequence[str]) -> set[Chunk]:
    by_start = {c[1]: c for c in found}
    out = set(found)
    for chunk in sorted(found, key=lambda c: c[1]):
        kind, first, last = chunk
        if kind != "LOC" or chunk not in out or last + 1 >= len(words) \
                or words[last] not in place_connectors():
            continue
        connector = by_start.get(last)
        if connector is not None and connector[2] != last + 1:
            continue  # the connector starts a longer mention of its own
        following = by_start.get(last + 1)
        if following is not None and following[0] == "LOC":
            continue  # «روسيا أم أوكرانيا»: two places
        if not words[last + 1].isalpha() or _is_function_word(words[last + 1]):
            continue
        end = following[2] if following is not None else last + 2
        out -= {chunk, connector, following}
        out.add((kind, first, end))
    return out


def _name_tail(found: set[Chunk], words: Sequence[str]) -> set[Chunk]:
    """«كيم يونغ هو،»: «هو» right after a name and before punctuation cannot be the pronoun
    (a subject pronoun is followed by its predicate); it ends the name."""
    starts = {c[1] for c in found}
    out = set()
    for kind, first, last in found:
        if kind == "PER" and last - first >= 2 and last < len(words) and \
                words[last] in _NAME_TAILS and last not in starts and \
                (last + 1 == len(words) or not words[last + 1][:1].isalnum()):
            last += 1
        out.add((kind, first, last))
    return out


def _split_glued(found: set[Chunk], keys: Sequence[str]) -> set[Chunk]:
    alone = Counter(tuple(keys[f:last]) for k, f, last in found if k == "PER")
    out = set()
    for kind, first, last in found:
        cut = None
        if kind == "PER" and last - first >= 2:
            for k in range(first + 1, last):
                right, left_end = tuple(keys[k:last]), (keys[k - 1],)
                if alone[right] >= 2 and alone[left_end] >= 1 and \
                        alone[tuple(keys[first:last])] <= 1:
                    cut = k
                    break
        if cut is None:
            out.add((kind, first, last))
        else:
            out |= {(kind, first, cut), (kind, cut, last)}
    return out


def correct(tags: Sequence[str], keys: Sequence[str], words: Sequence[str]) -> list[str]:
    """The corrected tags of an article's tokens (``keys``: folded stems; ``words``: folded
    tokens)."""
    found = set(chunks(tags))
    found = _gazetteer(found, keys)
    found = _trim(found, words)
    found = _connect_places(found, words)
    found = _name_tail(found, words)
    found = _split_glued(found, keys)
    return to_tags(found, len(tags))
