"""From BIO tags over tokens to mention spans in the original text.

A mention's span excludes attached proclitics but keeps the article:
«لبوتين» → «بوتين», «والولايات المتحدة» → «الولايات المتحدة». A letter that only looks
like a proclitic stays when the whole word is the commoner form in news
(«كومسومولسك», «بيونغ يانغ»); one that the clitic analysis left on the first word of a
gazetteer phrase goes («لبي بي سي» → «بي بي سي»).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from khabar.entities.features import glued_letter, word_key
from khabar.entities.lexicons import WORD_LISTS, role_nouns, word_counts
from khabar.entities.scoring import chunks
from khabar.model import Token
from khabar.text.lexicons import load_lines
from khabar.text.normalize import fold

_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")


@dataclass(frozen=True)
class TaggedMention:
    """A mention found by the tagger: its span, type and token range ``[first, last)``."""

    start: int
    end: int
    text: str
    type: str
    first: int
    last: int


def _keeps_letter(whole: str, rest: str) -> bool:
    """True when ``whole`` is more likely one word than a clitic + ``rest``."""
    counts = word_counts()
    n_whole = counts.get(whole, 0)
    n_rest = counts.get(rest, 0) + counts.get("ال" + rest, 0)
    return n_rest < max(2 * n_whole, 3)


def mention_start(token: Token) -> int:
    """Where a mention starting with ``token`` starts: after its proclitics, before ال."""
    if not token.prefixes:
        return token.start
    letters = [fold(p.text) for p in token.prefixes]
    if letters[-2:] == ["ل", "ل"]:
        return token.stem.start  # «للولايات»: the article's alef is elided; drop both
    pos = token.start
    for prefix in token.prefixes:
        letter = fold(prefix.text)
        if letter == "ال":
            return prefix.start
        rest = fold(token.text[prefix.end - token.start:])
        if letter not in _CONJUNCTIONS and _keeps_letter(fold(token.text[pos - token.start:]), rest):
            return pos
        pos = prefix.end
    return token.stem.start


@lru_cache(maxsize=1)
def _org_nouns() -> frozenset[str]:
    return frozenset(fold(w) for w in load_lines(WORD_LISTS["orgword"]))


def _is_role(token: Token) -> bool:
    """A definite role noun («الرئيس», «بالرئيس»); «أمير» alone may be a first name."""
    return fold(token.stem.text) in role_nouns() and any(fold(p.text) == "ال" for p in token.prefixes)


def _breaks_name(token: Token) -> bool:
    """A word that cannot be inside a person's name: one with a preposition attached
    («بالرئيس») or a role noun («الرئيس»); the tagger sometimes runs names across it."""
    if _is_role(token):
        return True
    letters = [fold(p.text) for p in token.prefixes]
    if mention_start(token) == token.start or not set(letters) & set(_PREPOSITIONS):
        return False
    # A preposition with the article («بالرئيس», «للوزير») or before an organisation noun
    # («لوكالة»); a bare «ك» may begin a name («كابيل»).
    return "ال" in letters or letters[-2:] == ["ل", "ل"] or \
        fold(token.stem.text) in _org_nouns()


def _ranges(kind: str, first: int, last: int, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    if kind != "PER":
        return [(first, last)]
    out: list[tuple[int, int]] = []
    while first < last - 1 and _is_role(tokens[first]):
        first += 1  # «المونسينور غو جينكاي»: the title is a role, not the name
    begin = first
    for i in range(first + 1, last):
        if _breaks_name(tokens[i]):
            if i > begin:
                out.append((begin, i))
            skip = _is_role(tokens[i]) or fold(tokens[i].stem.text) in _org_nouns()
            begin = i + 1 if skip else i
    if last > begin:
        out.append((begin, last))
    return out


def _name_like(mention: str, kind: str) -> bool:
    """Not a run of dashes, and not a lone one- or two-letter person name («اي»)."""
    letters = sum(ch.isalpha() for ch in mention)
    return letters >= 2 and not (kind == "PER" and " " not in mention and letters <= 2)


def tagged_mentions(text: str, tokens: Sequence[Token], tags: Sequence[str]) -> list[TaggedMention]:
    """Mentions of one sentence from its tokens and their BIO tags."""
    out = []
    spans = sorted(chunks(tags), key=lambda c: c[1])
    for kind, first, last in (r for c in spans for r in [(c[0], *x) for x in _ranges(*c, tokens)]):
        start = mention_start(tokens[first])
        if start == tokens[first].start and last - first >= 2 and glued_letter(
                [word_key(t.text) for t in tokens[first:last]]):
            start += 1  # «لبي بي سي» → «بي بي سي»
        end = tokens[last - 1].end
        if start >= end or not _name_like(text[start:end], kind):
            continue
        out.append(TaggedMention(start, end, text[start:end], kind, first, last))
    return out
