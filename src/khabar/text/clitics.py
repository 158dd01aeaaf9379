"""Clitic analysis: proclitics (و ف ب ك ل ال س) and pronoun suffixes as sub-spans.

Rules plus a lexicon: a prefix is split off only when what remains is long enough
and the whole word is not itself a known word beginning with those letters
(«وزير», «فرنسا», «بلغاريا», «لبنان» keep their first letter).

>>> analyze_token("وبوتين", 0).stem.text
'بوتين'
>>> [p.text for p in analyze_token("بالدعم", 0).prefixes]
['ب', 'ال']
"""

from __future__ import annotations

from functools import lru_cache

from khabar.model import Span, Token
from khabar.text.lexicons import load_lines
from khabar.text.normalize import fold

_CONJ = ("و", "ف")
_PREP = ("ب", "ك", "ل")
_SUFFIXES = ("هما", "هم", "هن", "ها", "كما", "كم", "كن", "نا", "ه", "ك", "ي")
_MIN_STEM = 2


@lru_cache(maxsize=1)
def unsplittable() -> frozenset[str]:
    """Words whose first letters look like proclitics but are not (resources/clitic_exceptions.txt)."""
    return frozenset(fold(w) for w in load_lines("clitic_exceptions.txt"))


def _is_arabic_word(word: str) -> bool:
    return bool(word) and all("\u0600" <= ch <= "\u06ff" or ch in "\u200c\u200d" for ch in word)


def analyze_token(text: str, start: int) -> Token:
    """The clitic analysis of one token ``text`` found at ``start``."""
    end = start + len(text)
    if not _is_arabic_word(text) or len(text) <= _MIN_STEM + 1:
        return Token(start, end, text, stem=Span(start, end, text))
    folded = fold(text)
    if len(folded) != len(text):
        # Diacritics or tatweel inside: analyse on the bare letters, map back by letters.
        return _analyze_with_marks(text, start)
    prefixes: list[Span] = []
    pos = 0
    exceptions = unsplittable()

    def remaining_ok(k: int) -> bool:
        rest = folded[pos + k:]
        return len(rest) >= _MIN_STEM + (1 if not rest.startswith("ال") else 2) and \
            folded[pos:] not in exceptions

    if folded[pos] in _CONJ and remaining_ok(1):
        prefixes.append(Span(start + pos, start + pos + 1, text[pos]))
        pos += 1
    if folded[pos] == "س" and prefixes and folded[pos + 1:pos + 2] in ("ي", "ت", "ن", "ا") \
            and len(folded) - pos >= 5 and folded[pos:] not in exceptions:
        prefixes.append(Span(start + pos, start + pos + 1, text[pos]))  # وسيقوم
        pos += 1
    elif folded[pos:pos + 2] == "لل" and len(folded) - pos >= 4:
        # لل = ل + (ا)ل: the article's alef is elided after the preposition.
        prefixes.append(Span(start + pos, start + pos + 1, text[pos]))
        prefixes.append(Span(start + pos + 1, start + pos + 2, text[pos + 1]))
        pos += 2
    elif folded[pos] in _PREP and remaining_ok(1):
        prefixes.append(Span(start + pos, start + pos + 1, text[pos]))
        pos += 1
    if folded[pos:pos + 2] == "ال" and len(folded) - pos >= 4:
        prefixes.append(Span(start + pos, start + pos + 2, text[pos:pos + 2]))
        pos += 2
    return Token(start, end, text, stem=Span(start + pos, end, text[pos:]),
                 prefixes=tuple(prefixes))


def _analyze_with_marks(text: str, start: int) -> Token:
    letters = [i for i, ch in enumerate(text) if fold(ch)]
    bare = "".join(text[i] for i in letters)
    inner = analyze_token(bare, 0)
    if not letters:
        return Token(start, start + len(text), text, stem=Span(start, start + len(text), text))

    def remap(span: Span, last: bool) -> Span:
        a = letters[span.start] if span.start < len(letters) else len(text)
        b = len(text) if last else (letters[span.end] if span.end < len(letters) else len(text))
        return Span(start + a, start + b, text[a:b])

    prefixes = tuple(remap(p, False) for p in inner.prefixes)
    stem = remap(inner.stem, True)
    return Token(start, start + len(text), text, stem=stem, prefixes=prefixes)
