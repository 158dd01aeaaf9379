"""Tokenisation: Arabic and Latin words, model numbers, numbers with separators, punctuation.

>>> [t for _, _, t in tokenize("زار Su-35 في 15/9/2023، وقال: نعم.")]
['زار', 'Su-35', 'في', '15/9/2023', '،', 'وقال', ':', 'نعم', '.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Combining marks, tatweel and joiners may sit inside a word.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
_LETTER = r"[^\W\d_]"
_WORD_CHAR = rf"(?:[^\W_]|[{_MARKS}])"
_TOKEN = re.compile(
    rf"""
    (?P<model>{_LETTER}{_WORD_CHAR}*-\d+{_WORD_CHAR}*)            # Su-57, سو-57, SJ-100
    |(?P<number>\d+(?:[.,/:\-٫٬]\d+)*%?)                           # 1.5, ٢٠٢٣, 15/9/2023, 10:30
    |(?P<word>{_LETTER}{_WORD_CHAR}*(?:['’]{_LETTER}{_WORD_CHAR}*)*)  # words (marks inside)
    |(?P<other>[^\s{_MARKS}]|[{_MARKS}])                          # punctuation, symbols, stray marks
    """,
    re.VERBOSE,
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, text)`` for each token of ``text[start:end]``."""
    for match in _TOKEN.finditer(text, start, len(text) if end is None else end):
        yield match.start(), match.end(), match.group()


def token_kind(token: str) -> str:
    """``word``, ``number``, ``model`` or ``other`` for a token string."""
    match = _TOKEN.fullmatch(token)
    return match.lastgroup or "other" if match else "other"
