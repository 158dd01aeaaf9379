"""Sentence splitting for news prose.

Splits at paragraph breaks and at . ؟ ? ! … followed by space, but not after an
abbreviation («د.», «م.», a single-letter initial) and not inside a quotation that
continues in the same paragraph.

>>> [text[s:e] for s, e in split_sentences(text := "قال د. أحمد: «نعم. لا». ثم غادر.")]
['قال د. أحمد: «نعم. لا».', 'ثم غادر.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from khabar.text.lexicons import load_lines

_PARAGRAPH = re.compile(r"[^\n\r\u2029\u2028]+")
_END = re.compile(r"[.؟?!…۔]+[\"'»”’)\]]*(?=\s|$)")
_OPENERS = "«“„‹"
_CLOSERS = "»”“›"


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words that end with a dot without ending the sentence (resources/abbreviations.txt)."""
    return frozenset(load_lines("abbreviations.txt"))


def _quote_depth(text: str) -> int:
    """How many quotation marks are open at the end of ``text`` (straight quotes toggle)."""
    depth = 0
    straight = 0
    for ch in text:
        if ch in "«„‹":
            depth += 1
        elif ch in "»›":
            depth = max(0, depth - 1)
        elif ch == "“":
            # “ opens in Arabic and English usage; ” closes.
            depth += 1
        elif ch == "”":
            depth = max(0, depth - 1)
        elif ch == '"':
            straight ^= 1
    return depth + straight


def _is_abbreviation(text: str, dot: int) -> bool:
    start = dot
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "(«“\"":
        start -= 1
    word = text[start:dot]
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: «ج. بايدن», "J. Biden"
    return word in abbreviations()


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each sentence, without surrounding white space."""
    for para in _PARAGRAPH.finditer(text):
        p_start, p_end = para.span()
        start = p_start
        for match in _END.finditer(text, p_start, p_end):
            end = match.end()
            if match.group().startswith(".") and len(match.group()) == 1 and _is_abbreviation(text, match.start()):
                continue
            if _quote_depth(text[start:end]) > 0 and end < p_end:
                continue  # the quotation goes on: no break inside it
            yield from _trimmed(text, start, end)
            start = end
        yield from _trimmed(text, start, p_end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
