"""Sentence splitting for news prose.

Splits at paragraph breaks and at . ؟ ? ! … followed by space, but not after an
abbreviation («د.», «م.», a single-letter initial), not inside a quotation that
continues in the same paragraph, and not between a quotation and the speech verb that
attributes it («هل انتهى؟» تساءل الوزير).

>>> text = "قال د. أحمد: «نعم. لا». ثم غادر."
>>> [text[s:e] for s, e in split_sentences(text)]
['قال د. أحمد: «نعم. لا».', 'ثم غادر.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from khabar.text.lexicons import load_lines
from khabar.text.normalize import fold

_PARAGRAPH = re.compile(r"[^\n\r\u2029\u2028]+")
# A sentence ends at . ؟ ? ! … (and closing quotes or brackets after them) followed by
# space, the end, or — a common typing slip — straight by an Arabic letter or a quote.
_END = re.compile(r"[.؟?!…۔]+[\"'»”“’›)\]]*(?=\s|$|[\u0621-\u064a«“])")


@lru_cache(maxsize=1)
def continuers() -> frozenset[str]:
    """Speech verbs that go on after a closing quote (resources/sentence_continuers.txt)."""
    return frozenset(fold(w) for w in load_lines("sentence_continuers.txt"))


_CLOSING_QUOTES = "\"'»”“’›"
_NEXT_WORD = re.compile(r"\s*([^\W\d_]+)")


def _attribution_follows(text: str, end: int, p_end: int) -> bool:
    """Whether ``text[end:]`` goes on with a speech verb: «…؟» تساءل الوزير."""
    match = _NEXT_WORD.match(text, end, p_end)
    if match is None:
        return False
    word = fold(match.group(1))
    return word in continuers() or (word[:1] in "وف" and word[1:] in continuers())


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words that end with a dot without ending the sentence (resources/abbreviations.txt)."""
    return frozenset(load_lines("abbreviations.txt"))


class _Quotes:
    """Quotation marks counted from a sentence's start, incrementally, so a long
    paragraph is scanned once however many candidate breaks it holds.

    Guillemets have a direction («…»); curly and straight double quotes are counted in
    pairs, since Arabic outlets use “…” and ”…“ alike.
    """

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.reset(start)

    def reset(self, start: int) -> None:
        self.scanned = start
        self.guillemets = self.curly = self.straight = 0

    def open_at(self, end: int) -> bool:
        """Whether a quotation is still open at ``end``."""
        chunk = self.text[self.scanned:end]
        self.scanned = end
        self.guillemets += (chunk.count("«") + chunk.count("‹")
                            - chunk.count("»") - chunk.count("›"))
        self.curly += chunk.count("“") + chunk.count("”") + chunk.count("„")
        self.straight += chunk.count('"')
        return self.guillemets > 0 or bool(self.curly % 2 or self.straight % 2)


#: Abbreviations and dotted initials are short: look no further back than this.
_MAX_ABBREVIATION = 12
#: Characters after which an abbreviation may begin.
_WORD_STARTS = (" ", "\n", "\t", "\r", "\u00a0", "(", "«", "“", '"')


def _is_abbreviation(text: str, dot: int) -> bool:
    limit = max(0, dot - _MAX_ABBREVIATION)
    start = max(text.rfind(sep, limit, dot) for sep in _WORD_STARTS) + 1
    if start == 0 and limit > 0:
        return False  # a long run without a space is no abbreviation
    word = text[start:dot]
    if not word:
        return False
    if all(len(part) == 1 and part.isalpha() for part in word.split(".")):
        return True  # an initial or dotted letters: «ج. بايدن», «أ.د. محمد», "U.S. forces"
    return word in abbreviations()


def _is_suffix_word(text: str, start: int) -> bool:
    """Whether the letters right after a dot are too short to start a sentence («نت»)."""
    end = start
    while end < len(text) and end - start < 4 and "\u0621" <= text[end] <= "\u064a":
        end += 1
    return end - start < 4


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each sentence, without surrounding white space.

    Linear in the length of the text, whatever its shape (one huge paragraph, an
    unclosed quotation, thousands of dots).
    """
    for para in _PARAGRAPH.finditer(text):
        p_start, p_end = para.span()
        start = p_start
        quotes = _Quotes(text, start)
        for match in _END.finditer(text, p_start, p_end):
            end = match.end()
            mark = match.group()
            if mark == "." and _is_abbreviation(text, match.start()):
                continue
            if end < p_end and "\u0621" <= text[end] <= "\u064a" and _is_suffix_word(text, end):
                continue  # «العربية.نت»: a web name, not a missing space
            if end < p_end and quotes.open_at(end):
                continue  # the quotation goes on: no break inside it
            if mark[-1] in _CLOSING_QUOTES and _attribution_follows(text, end, p_end):
                continue  # «هل انتهى؟» تساءل الوزير: the attribution belongs to the quote
            yield from _trimmed(text, start, end)
            start = end
            quotes.reset(end)
        yield from _trimmed(text, start, p_end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
