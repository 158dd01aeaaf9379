"""Tokenisation: Arabic and Latin words, model numbers, numbers with separators, punctuation.

One token per word (with its diacritics, tatweel and joiners inside), per number (``1.5``,
``٢٠٢٣``, ``15/9/2023``, ``10:30``, ``1,000``, ``50%``), per model name (``Su-57``,
``سو-57``, ``SJ-100``), per web address, and per punctuation mark or symbol.
Clitics stay inside their word here; ``khabar.text.clitics`` splits them as sub-spans.

>>> [t for _, _, t in tokenize("زار Su-35 في 15/9/2023، وقال: نعم.")]
['زار', 'Su-35', 'في', '15/9/2023', '،', 'وقال', ':', 'نعم', '.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# Combining marks, tatweel and joiners may sit inside a word.
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c\u200d"
# Arabic-script letters (with presentation forms), without Arabic digits and punctuation.
_AR_LETTER = ("\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef"
              "\u06fa-\u06fc\u06ff\u0750-\u077f\u08a0-\u08c9\ufb50-\ufd3d\ufd50-\ufdfb"
              "\ufe70-\ufefc")
_LETTER = r"[^\W\d_]"
# Possessive quantifiers (*+) keep the scan of each word linear: no backtracking. An
# Arabic word stops at a digit («و50%» = و + 50%); other words may hold digits (A320).
_PATTERN = rf"""
    (?P<url>(?:https?://|www\.)[^\s«»"<>]*[^\s«»"<>.,;:!?؟،؛)\]}}'’”])  # a web address
    |(?P<word>[{_AR_LETTER}][{_AR_LETTER}{_MARKS}]*+(?:-\d[\w{_MARKS}]*+)?  # Arabic, سو-57
      |{_LETTER}[\w{_MARKS}]*+                      # other scripts (an underscore is kept),
        (?:-\d[\w]*+                                # model names: Su-57, SJ-100, MiG-29K
          |(?:['’]{_LETTER}[\w]*+)*+))              # or apostrophes: Kim's, l’Aube
    |(?P<number>\d++(?:[.,/:\-٫٬]\d++)*+[%٪]?)        # 1.5, ٢٠٢٣, 15/9/2023, 10:30, 50%
    |(?P<other>[^\s{_MARKS}]|[{_MARKS}])               # punctuation, symbols, stray marks
    """
_MODEL = re.compile(r"-\d")


@lru_cache(maxsize=1)
def token_pattern() -> re.Pattern[str]:
    """The compiled token expression (groups: url, word, number, other)."""
    return re.compile(_PATTERN, re.VERBOSE)


def tokenize(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, text)`` for each token of ``text[start:end]``."""
    for match in token_pattern().finditer(text, start, len(text) if end is None else end):
        yield match.start(), match.end(), match.group()


def token_kind(token: str) -> str:
    """``url``, ``model``, ``number``, ``word`` or ``other`` for a token string.

    >>> [token_kind(t) for t in ("Su-57", "١٥/٩", "بوتين", "،")]
    ['model', 'number', 'word', 'other']
    """
    match = token_pattern().fullmatch(token)
    if match is None or match.lastgroup is None:
        return "other"
    if match.lastgroup == "word" and _MODEL.search(token):
        return "model"
    return match.lastgroup
