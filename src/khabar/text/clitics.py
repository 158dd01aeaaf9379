"""Clitic analysis: proclitics (و ف ب ك ل ال س) and pronoun suffixes as sub-spans.

Rules propose a split; a lexicon of word counts learnt from 17 million words of news
(``resources/word_frequencies.tsv.gz``, built by ``scripts/build_clitic_lexicon.py``)
decides whether what remains is a plausible word. «وبوتين» splits because «بوتين» is
far more frequent than «وبوتين»; «وزير» does not, because «زير» is rare. Words are
looked up in their light form (marks dropped, spelling kept), so «كان» is not ك + «أن»
and «ألمانيا» never loses an article it does not have. The article is split from nouns
and adjectives, which also occur after «لل» («للولايات») or bare — not from verbs
such as «التقى». Pronoun suffixes (ه ها هم هما هن ك كم كن كما نا) are split only when
the stem is itself a common word, and never after the article. Words the counts get
wrong are listed in ``resources/clitic_exceptions.txt``.

>>> analyze_token("وبوتين", 0).stem.text
'بوتين'
>>> [p.text for p in analyze_token("بالدعم", 10).prefixes]
['ب', 'ال']
>>> t = analyze_token("بلداننا", 0); (t.stem.text, [s.text for s in t.suffixes])
('بلدان', ['نا'])
"""

from __future__ import annotations

import gzip
import logging
from functools import lru_cache

from khabar.model import Span, Token
from khabar.text.lexicons import load_lines, resource_bytes
from khabar.text.normalize import fold, fold_light, normalize

log = logging.getLogger(__name__)

#: A piece of a word: (start, end, text), offsets relative to the word's first character.
Piece = tuple[int, int, str]
#: Relative analysis of a word: (prefixes, stem, suffixes).
Analysis = tuple[tuple[Piece, ...], Piece, tuple[Piece, ...]]

_CONJ = frozenset("وف")
_PREP = frozenset("بكل")
#: The one-letter proclitics: conjunctions «و», «ف» and prepositions «ب», «ك», «ل».
PROCLITIC_LETTERS = _CONJ | _PREP
_HAMZA_ALEFS = "أإآ"
_FUTURE_NEXT = frozenset("يتنأ")  # س marks the future only before an imperfect prefix
_SUFFIXES = ("هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ه", "ك")
_SUFFIX_SET = frozenset(_SUFFIXES)
_SECOND_PERSON = frozenset({"ك", "كم", "كن", "كما"})
_MIN_STEM = 2
#: و/ف is split when the remainder is at least this share as frequent as the word
#: («وقال»: قال is half as frequent; «واحد»: احد a tenth), ب/ك/ل at ``_PREP_RATIO``.
_CONJ_RATIO = 0.2
_PREP_RATIO = 0.3
#: A remainder this frequent is a word in its own right even when the prefixed form is far
#: more common, as with the reporting verbs of news («وأضاف»: أضاف is a twentieth of it).
_KNOWN_WORD = 100
_KNOWN_RATIO = 0.02
#: A pronoun suffix is split when the stem is at least this share as frequent as the word.
_SUFFIX_RATIO = 0.3
#: «الت…» may be a verb («التقى», «التزم») or a noun («التعاون»): the article is split
#: there only when «للX» (ل + article) reaches this share of «الX», or bare «X» reaches
#: ``_BARE_RATIO`` of it; rare words (< ``_RARE``) get the benefit of the doubt.
_PREP_ARTICLE_RATIO = 0.01
_BARE_RATIO = 0.1
_RARE = 30


@lru_cache(maxsize=1)
def word_counts() -> dict[str, int]:
    """Word (light form, ``fold_light``) → count in the news corpus
    (``resources/word_frequencies.tsv.gz``)."""
    raw = gzip.decompress(resource_bytes("word_frequencies.tsv.gz")).decode("utf-8")
    counts: dict[str, int] = {}
    for line in raw.splitlines():
        if line and not line.startswith("#"):
            word, _, count = line.partition("\t")
            counts[word] = int(count)
    log.debug("loaded %d word counts", len(counts))
    return counts


@lru_cache(maxsize=1)
def unsplittable() -> frozenset[str]:
    """Folded words whose first or last letters look like clitics but are not."""
    return frozenset(fold(w) for w in load_lines("clitic_exceptions.txt"))


def _is_arabic_word(word: str) -> bool:
    return all("\u0600" <= ch <= "\u06ff" or ch in "\u200c\u200d" or "\ufb50" <= ch <= "\ufeff"
               for ch in word)


class _Word:
    """One word in its light form (spelling kept, marks gone) with corpus counts."""

    def __init__(self, letters: str) -> None:
        self.letters = letters
        self.counts = word_counts()

    def count(self, form: str) -> int:
        return self.counts.get(form, 0)

    def proclitic_ok(self, pos: int, width: int, ratio: float, generous: bool = False) -> bool:
        """Whether ``letters[pos:pos+width]`` is a proclitic before a plausible word.

        ``generous`` for «و», by far the most common proclitic: a well-known remainder
        or, when both forms are unknown, any remainder of three letters will do.
        """
        whole, rest = self.letters[pos:], self.letters[pos + width:]
        if len(rest) < _MIN_STEM or _excepted(whole):
            return False
        c_whole, c_rest = self.count(whole), self.count(rest)
        if c_whole == 0 and c_rest == 0:
            # Unknown either way: «و» is by far the most common proclitic; others need evidence.
            return generous and len(rest) >= 3
        if c_rest >= _KNOWN_WORD and c_rest >= _KNOWN_RATIO * c_whole and generous:
            return True
        return c_rest > 0 and c_rest >= ratio * c_whole

    def article_ok(self, pos: int) -> bool:
        whole, bare = self.letters[pos:], self.letters[pos + 2:]
        if len(bare) < _MIN_STEM or _excepted(whole):
            return False
        c_whole = self.count(whole)
        if any(self.count(alef + whole[1:]) > c_whole for alef in _HAMZA_ALEFS):
            return False  # «المانيا», «الغاء»: ألمانيا, إلغاء spelt without the hamza
        if c_whole < _RARE or not bare.startswith("ت"):
            return True
        return (self.count("ل" + whole[1:]) >= _PREP_ARTICLE_RATIO * c_whole
                or self.count(bare) >= _BARE_RATIO * c_whole)

    def suffix_ok(self, stem: str, whole: str, suffix: str) -> bool:
        if len(stem) < _MIN_STEM or _excepted(whole):
            return False
        c_stem = max(self.count(stem), self.count(_restore_final(stem)))
        c_whole = self.count(whole)
        if c_stem == 0 or c_stem < _SUFFIX_RATIO * c_whole:
            return False
        if suffix == "ه" and self.count(stem + "ة") > c_whole:
            return False  # «مدينه»: a ta marbuta written (or folded) as ه, not «ه»
        if suffix == "نا" and self.count(stem + "ن") >= _KNOWN_WORD:
            return False  # «ثمنا», «زمنا»: ن + the alef of the accusative, not «نا»
        if suffix in _SECOND_PERSON:
            # News rarely speaks to "you": a real stem also takes third-person suffixes.
            return self.count(stem + "ه") + self.count(stem + "ها") >= c_whole
        return True


def _excepted(form: str) -> bool:
    return fold(form) in unsplittable()


def _restore_final(stem: str) -> str:
    """The stem's own form before a suffix: «حكومت»+ه → «حكومة», «مستوا»+ه → «مستوى»,
    «لقائ»+ه → «لقاء»."""
    if stem.endswith("ت"):
        return stem[:-1] + "ة"
    if stem.endswith(("ا", "ي")):
        return stem[:-1] + "ى"  # «مستواه» → مستوى, «إليه» → إلى
    if stem.endswith(("ئ", "ؤ")):
        return stem[:-1] + "ء"  # «لقائه»: the hamza's seat changes before a suffix
    return stem


def _prefix_widths(word: _Word) -> list[int]:
    """Widths of the proclitics of ``word``, left to right."""
    letters = word.letters
    widths: list[int] = []
    pos = 0
    if letters[0] in _CONJ and word.proclitic_ok(0, 1, _CONJ_RATIO,
                                                     generous=letters[0] == "و"):
        widths.append(1)
        pos = 1
    head = letters[pos:pos + 1]
    if head == "س" and letters[pos + 1:pos + 2] in _FUTURE_NEXT and \
            word.proclitic_ok(pos, 1, _PREP_RATIO):
        return widths + [1]  # «وسيقوم»: nothing else comes between س and the verb
    if letters[pos:pos + 2] == "لل" and len(letters) - pos >= 4 and not _excepted(letters[pos:]):
        with_article = word.count("ال" + letters[pos + 2:])
        if with_article >= max(word.count(letters[pos + 1:]), 1) and \
                with_article >= _PREP_RATIO * word.count(letters[pos:]):
            return widths + [1, 1]  # «للولايات» = ل + (ا)ل + ولايات: the article's alef elided
    if head and head in _PREP and word.proclitic_ok(pos, 1, _PREP_RATIO):
        widths.append(1)
        pos += 1
    if letters[pos:pos + 2] == "ال" and word.article_ok(pos):
        widths.append(2)
    return widths


def _suffix_width(word: _Word, start: int) -> int:
    stemmed = word.letters[start:]
    for suffix in _SUFFIXES:
        if stemmed.endswith(suffix) and len(stemmed) > len(suffix) and \
                word.suffix_ok(stemmed[: -len(suffix)], stemmed, suffix):
            return len(suffix)
    return 0


def _preposition_pronoun(letters: str) -> bool:
    """«له», «بها», «لكم»: ب or ل with nothing but a pronoun after it."""
    return (len(letters) >= 2 and letters[0] in "بل" and letters[1:] in _SUFFIX_SET
            and not _excepted(letters))


def analyze_letters(letters: str) -> tuple[list[int], int]:
    """Proclitic widths and suffix width of a word in its light form (``fold_light``).

    >>> analyze_letters("والولايات")
    ([1, 2], 0)
    """
    word = _Word(letters)
    conj = 1 if letters[0] in _CONJ and _preposition_pronoun(letters[1:]) else 0
    if _preposition_pronoun(letters[conj:]):
        # «له», «بها», «ولهم»: the preposition is the stem, the pronoun its suffix.
        return [1] * conj, len(letters) - conj - 1
    widths = _prefix_widths(word)
    start = sum(widths)
    if widths and widths[-1] == 2 or len(letters) - start <= _MIN_STEM:
        return widths, 0  # no pronoun suffix after the article
    return widths, _suffix_width(word, start)


#: Analyses of the words seen so far (a plain dict: a hit must cost next to nothing, as
#: every token of every article looks its word up). Cleared when it grows past the limit.
_ANALYSES: dict[str, Analysis | None] = {}
_ANALYSES_LIMIT = 100_000  # about 30 MB at most


def cached_analyses() -> dict[str, Analysis | None]:
    """The cache behind ``analyze_word`` (the tokens stage reads it directly)."""
    return _ANALYSES


def analyze_word(text: str) -> Analysis | None:
    """The clitic analysis of one word as offsets relative to its first character, or
    None when the word has no clitics (its stem is the whole word).

    >>> analyze_word("لروسيا")
    (((0, 1, 'ل'),), (1, 6, 'روسيا'), ())
    >>> analyze_word("وزير") is None
    True
    """
    try:
        return _ANALYSES[text]
    except KeyError:
        pass
    if len(_ANALYSES) >= _ANALYSES_LIMIT:
        _ANALYSES.clear()
    analysis = _ANALYSES[text] = _analyze_word(text)
    return analysis


def _analyze_word(text: str) -> Analysis | None:
    whole = None
    if len(text) < 2 or not _is_arabic_word(text):
        return whole
    letters = fold_light(text)
    if not letters or not all("\u0621" <= ch <= "\u064a" for ch in letters):
        return whole
    # The light form drops the same characters as the normalised view: same offset map.
    starts = normalize(text).starts or range(len(text))
    widths, suffix = analyze_letters(letters)
    if not widths and not suffix:
        return whole
    cuts = [0]
    for width in widths:
        cuts.append(cuts[-1] + width)
    if suffix:
        cuts.append(len(letters) - suffix)
    # Marks before the first letter (a stray tatweel) belong to the first piece.
    bounds = [0] + [starts[c] for c in cuts[1:]] + [len(text)]
    if any(a >= b for a, b in zip(bounds, bounds[1:], strict=False)):
        return whole  # a cut inside a ligature (ﻻ = لا): keep the word whole
    pieces = [(a, b, text[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    stem_index = len(widths)
    return tuple(pieces[:stem_index]), pieces[stem_index], tuple(pieces[stem_index + 1:])


def analyze_token(text: str, start: int) -> Token:
    """The clitic analysis of one token ``text`` found at ``start``.

    >>> [p.text for p in analyze_token("وسيقوم", 0).prefixes]
    ['و', 'س']
    """
    analysis = analyze_word(text)
    end = start + len(text)
    if analysis is None:
        return Token(start, end, text, Span(start, end, text))
    prefixes, (a, b, stem), suffixes = analysis
    return Token(
        start, end, text, Span(start + a, start + b, stem),
        tuple([Span(start + p, start + q, piece) for p, q, piece in prefixes]),
        tuple([Span(start + p, start + q, piece) for p, q, piece in suffixes]),
    )
