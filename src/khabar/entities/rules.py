"""Corrections of the tagger's BIO tags over an article's tokens, by general rules.

1. A curated organisation name, partly tagged, becomes one organisation («ريا نوفوستي»
   tagged PER → ORG), cut off a longer mention of another type if need be; a multi-word
   place of the gazetteer tagged with exactly its span becomes a place.
2. Function words are trimmed from the edges of mentions («إن كيم» → «كيم»); a mention made
   of role nouns alone («مستشارو», «الرئيس») is no name and is dropped.
3. A place mention runs over a name connector and the word after it («كومسومولسك أون
   أمور», «ريو دي جانيرو»).
4. «هو» after a person's name and before punctuation ends the name («كيم يونغ هو،»).
5. A person mention that glues two names seen apart in the article is split
   («دينيس مانتوروف كيم» when «مانتوروف» and «كيم» both stand alone elsewhere).
6. A name tagged once is tagged where it repeats untagged, with the type it has most often
   (:func:`propagate`).

For articles only (the ``entities`` stage; ANERcorp's conventions differ, so ``ner tag
--conll`` and ``ner eval`` leave them out): a place after a facility noun starts with it («مخيم البريج»,
:func:`with_facility_nouns`), and institutions named by what they do are organisations
(«وزارة الصحة الفلسطينية», :func:`with_institutions`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from khabar.entities.features import gazetteer_tags, word_key
from khabar.entities.lexicons import facility_nouns, institution_nouns, role_nouns
from khabar.entities.scoring import chunks
from khabar.text.clitics import PROCLITIC_LETTERS
from khabar.text.lexicons import load_lines
from khabar.text.normalize import fold

Chunk = tuple[str, int, int]
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_NAME_TAILS = frozenset({"هو", "هي"})


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Compared with hamza and alef maqsura kept: «على» is not «علي», «فإن» is not «فان»."""
    return frozenset(load_lines("entities/function_words.txt"))


@lru_cache(maxsize=1)
def place_connectors() -> frozenset[str]:
    return frozenset(load_lines("entities/place_connectors.txt"))


def bare(token: str) -> str:
    """A token without diacritics or tatweel, letters otherwise kept («فَإنَّ» → «فإن»)."""
    return _MARKS.sub("", token)


def to_tags(found: Iterable[Chunk], n: int) -> list[str]:
    tags = ["O"] * n
    for kind, first, last in sorted(found, key=lambda c: (c[1], c[2], c[0])):
        tags[first] = "B-" + kind
        for i in range(first + 1, last):
            tags[i] = "I-" + kind
    return tags


def _gazetteer(found: set[Chunk], keys: Sequence[str]) -> set[Chunk]:
    gaz = gazetteer_tags(keys, glued=True)
    for kind, first, last in chunks(gaz):
        inside = [c for c in found if c[1] < last and first < c[2]]
        if kind != "ORG":
            # Places only change type, never span: «مكة» may stand without «المكرمة».
            if last - first >= 2 and len(inside) == 1 and inside[0][1:] == (first, last):
                found.discard(inside[0])
                found.add((kind, first, last))
            continue
        if inside and all(first <= c[1] and c[2] <= last for c in inside):
            found -= set(inside)
            found.add((kind, first, last))
        elif len(inside) == 1 and (inside[0][1] == first) != (inside[0][2] == last):
            # «فلاديمير بوتين لوكالة ريا نوفوستي» tagged as one person: cut the name off.
            other, a, b = inside[0]
            if other != kind and a <= first and last <= b:
                found.discard(inside[0])
                found |= {(other, a, first) if a < first else (other, last, b), (kind, first, last)}
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


#: Endings of a role noun that still make no name: sound plurals («مستشارو», «مستشارين»;
#: not «ي»: «رئيسي» is a name) and possessive pronouns («مؤسسها», «رئيسه»).
_ROLE_ENDINGS = ("ون", "ين", "و", "ها", "هما", "هم", "هن", "ه", "نا", "كم")


def _is_role(key: str) -> bool:
    """A role noun, or a form of it that is no name (:data:`_ROLE_ENDINGS`)."""
    roles = role_nouns()
    return key in roles or any(key.endswith(end) and key[:-len(end)] in roles
                               for end in _ROLE_ENDINGS)


def _drop_roles(found: set[Chunk], keys: Sequence[str]) -> set[Chunk]:
    return {c for c in found if not all(_is_role(k) for k in keys[c[1]:c[2]])}


def _connect_places(found: set[Chunk], words: Sequence[str]) -> set[Chunk]:
    by_start = {c[1]: c for c in sorted(found, key=lambda c: (c[1], -c[2], c[0]))}
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
    """The corrected tags of an article's tokens (``keys``: folded stems; ``words``: the
    tokens without diacritics or tatweel, see :func:`bare`)."""
    found = set(chunks(tags))
    found = _gazetteer(found, keys)
    found = _drop_roles(_trim(found, words), keys)
    found = _connect_places(found, words)
    found = _name_tail(found, words)
    found = _split_glued(found, keys)
    return to_tags(found, len(tags))


def propagate(keys: Sequence[str], tags: Sequence[str]) -> list[str]:
    """Tag the untagged repetitions of names tagged elsewhere in the article.

    The tagger may find «كيم» in one sentence and miss it in another; within one article a
    name keeps its type. ``keys`` are the tokens' folded stems (:func:`word_key`), so
    «وبوتين» repeats «بوتين».
    """
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for kind, first, last in sorted(chunks(tags), key=lambda c: c[1]):
        votes.setdefault(tuple(keys[first:last]), Counter())[kind] += 1
    # The type the name has most often in the article; on a tie, its first (text order).
    names = {name: count.most_common(1)[0][0] for name, count in votes.items()}
    if not names:
        return list(tags)
    longest = max(len(k) for k in names)
    roles = role_nouns()
    out = list(tags)
    i = 0
    while i < len(keys):
        for n in range(min(longest, len(keys) - i), 0, -1):
            found = names.get(tuple(keys[i:i + n]))
            if found is not None and all(t == "O" for t in out[i:i + n]) \
                    and (i + n == len(out) or not out[i + n].startswith("I-")) \
                    and all(k not in roles for k in keys[i:i + n]):
                out[i:i + n] = ["B-" + found] + ["I-" + found] * (n - 1)
                i += n
                break
        else:
            i += 1
    return out


def with_facility_nouns(words: Sequence[str], tags: Sequence[str]) -> list[str]:
    """A place or person right after a facility noun becomes a place that starts with the
    noun: «في مخيم البريج» → «مخيم البريج», «مطار بن غوريون» (see facility_nouns.txt).
    For articles only: ANERcorp leaves the noun out, so ``ner tag --conll`` and ``ner eval`` do too."""
    out = list(tags)
    nouns = facility_nouns()
    for kind, first, last in sorted(chunks(tags), key=lambda c: c[1]):
        if kind in ("LOC", "PER") and first > 0 and out[first - 1] == "O" \
                and lexicon_head(words[first - 1], nouns) is not None:
            out[first - 1:last] = ["B-LOC"] + ["I-LOC"] * (last - first)
    return out


_ARMY = "جيش"
_NEEDS_ADJECTIVE = frozenset({"سلاح"})  # «سلاح الجو الإسرائيلي», not «سلاح الاغتيالات»
_NOT_NISBA = frozenset({"الرسمي", "الرسمية", "الحالي", "الحالية", "الماضي", "الماضية",
                        "المحلي", "المحلية", "التالي", "التالية"})
_MAX_INSTITUTION_WORDS = 5
_QUOTE_MARKS = frozenset('"«»“”\'')


def _is_nisba(word: str) -> bool:
    """A definite nisba adjective of affiliation: «الإسرائيلي», «الفلسطينية»."""
    return word.startswith("ال") and len(word) > 4 and word.endswith(("ي", "ية")) \
        and word not in _NOT_NISBA


@lru_cache(maxsize=100_000)
def lexicon_head(word: str, nouns: frozenset[str]) -> tuple[str, bool] | None:
    """The noun of a folded word list that ``word`` is, behind up to two proclitic letters,
    and whether it has the article: «ووزارة» → («وزاره», False), «للجيش» → («جيش», True).
    The whole word is matched, not its clitic analysis («وزارة» is not «و» + «زارة»)."""
    folded = fold(word)
    for cut in range(3):
        before, rest = folded[:cut], folded[cut:]
        if any(ch not in PROCLITIC_LETTERS for ch in before):
            break
        if rest in nouns:
            return rest, False
        if rest.startswith("ال") and rest[2:] in nouns:
            return rest[2:], True
        if before.endswith("ل") and rest.startswith("ل") and rest[1:] in nouns:
            return rest[1:], True  # «للجيش»: the article's alef is elided
    return None


def _institution_end(words: Sequence[str], i: int) -> int:
    """Where an institution's name that starts at token ``i`` ends, or ``i`` if none does:
    «وزارة الصحة الفلسطينية» (head, a definite noun, nisba adjectives), «الجيش الإسرائيلي»."""
    head = lexicon_head(words[i], institution_nouns())
    if head is None:
        return i
    noun, definite = head
    j = i + 1
    if definite:
        if noun != _ARMY:
            return i  # «البنك المركزي» alone is no name
    elif j < len(words) and words[j].startswith("ال") and len(words[j]) > 3 \
            and not _is_function_word(words[j]):
        j += 1  # «وزارة الصحة», «سلاح الجو»
    else:
        return i
    k = j
    while k < len(words) and k - i < _MAX_INSTITUTION_WORDS and _is_nisba(words[k]):
        k += 1
    if (noun in _NEEDS_ADJECTIVE or definite) and k == j:
        return i
    return k


def _name_follows(words: Sequence[str], found: set[Chunk], end: int) -> bool:
    """An organisation's name at token ``end`` (after «الرسمية» and the like): a mention, or
    one to three words in quotation marks («"الأناضول"»; not a quotation: «"نحن نأخذ …"»)."""
    while end < len(words) and words[end] in _NOT_NISBA:
        end += 1
    if any(c[1] == end and c[0] == "ORG" for c in found):
        return True
    return end < len(words) and words[end] in _QUOTE_MARKS and any(
        words[k] in _QUOTE_MARKS for k in range(end + 2, min(end + 5, len(words))))


def with_institutions(words: Sequence[str], tags: Sequence[str]) -> list[str]:
    """Institutions named by what they do become organisations (institution_nouns.txt),
    taking in the mentions inside them («جامعة القاهرة»); a mention that runs past them
    wins. Not when a name follows, of which the phrase is a description («وكالة الأنباء
    الروسية ريا نوفوستي», «وكالة الأنباء التركية "الأناضول"»). For articles only: ANERcorp
    leaves them untagged, so ``ner tag --conll`` and ``ner eval`` do too."""
    found = set(chunks(tags))
    i = 0
    while i < len(words):
        end = _institution_end(words, i)
        if end == i:
            i += 1
            continue
        inside = {c for c in found if c[1] < end and i < c[2]}
        named = _name_follows(words, found, end)
        if not named and all(i <= c[1] and c[2] <= end for c in inside):
            found = (found - inside) | {("ORG", i, end)}
        i = end
    return to_tags(found, len(tags))


def tag_in_context(sentences: Sequence[Sequence[str]], tagged: Sequence[Sequence[str]],
                   context: int = 20) -> list[list[str]]:
    """Corrections and propagation over blocks of ``context`` consecutive sentences (a CoNLL
    file has no article boundaries; neighbouring sentences stand in for the article)."""
    out: list[list[str]] = []
    for i in range(0, len(sentences), max(context, 1)):
        block = sentences[i:i + max(context, 1)]
        tokens = [t for s in block for t in s]
        tags = [t for s in tagged[i:i + max(context, 1)] for t in s]
        keys = [word_key(t) for t in tokens]
        tags = propagate(keys, correct(tags, keys, [bare(t) for t in tokens]))
        j = 0
        for s in block:
            out.append(tags[j:j + len(s)])
            j += len(s)
    return out
