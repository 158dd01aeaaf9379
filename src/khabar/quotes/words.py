"""The token view the quote rules read: folded keys, sentence bounds and quotations.

Rules look at ``Words.key(i)`` (the folded token, «أنّ» → «ان») and ``Words.bare(i)`` (the
same without a leading و/ف), and always report original offsets from the token layer.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.model import Document, Token
from khabar.quotes.lexicon import SpeechForm, speech_form
from khabar.quotes.marks import Quoted, paragraph_spans, quoted_spans
from khabar.text.normalize import fold
from khabar.text.sentences import abbreviations

COMMAS = frozenset({"،", ",", "؛", ";"})
ENDS = frozenset({".", "؟", "?", "!", "…", "۔"})


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


@dataclass
class Words:
    """Tokens of a document with what the quote rules need to know about them."""

    doc: Document
    tokens: tuple[Token, ...]
    keys: list[str]
    starts: list[int]
    sentence_of: list[int]
    sentences: list[tuple[int, int]]
    quotes: list[Quoted]
    paragraphs: list[tuple[int, int]]
    _variants: list[tuple[str, ...]] = field(default_factory=list)
    _quote_by_open: dict[int, Quoted] = field(default_factory=dict)
    _opens: list[int] = field(default_factory=list)
    _quote_by_close: dict[int, Quoted] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Document) -> Words:
        tokens = tuple(t for t in doc.tokens if not t.text.isspace())
        sentences = [(s.start, s.end) for s in doc.sentences]
        sent_starts = [s for s, _ in sentences]
        sentence_of = [max(0, bisect.bisect_right(sent_starts, t.start) - 1) for t in tokens]
        quotes = quoted_spans(doc.text)
        words = cls(doc, tokens, [_fold_word(t.text) for t in tokens], [t.start for t in tokens],
                    sentence_of, sentences, quotes, paragraph_spans(doc.text))
        words._variants = [(k, k[1:]) if len(k) > 2 and k[0] in "وف" else (k,)
                           for k in words.keys]
        words._quote_by_open = {q.open_at: q for q in quotes}
        words._opens = [q.open_at for q in quotes]
        words._quote_by_close = {q.close_at: q for q in quotes if q.close_at is not None}
        return words

    def __len__(self) -> int:
        return len(self.tokens)

    def key(self, i: int) -> str:
        return self.keys[i] if 0 <= i < len(self.keys) else ""

    def bare(self, i: int) -> str:
        key = self.key(i)
        return key[1:] if len(key) > 3 and key[0] in "وف" else key

    def variants(self, i: int) -> tuple[str, ...]:
        """The folded token, and without a leading و/ف («ومن» → «ومن», «من»)."""
        return self._variants[i] if 0 <= i < len(self._variants) else ("",)

    def form(self, i: int) -> SpeechForm | None:
        """The speech verb form of token ``i`` («وقالت», «مشيرا»), or None (cached)."""
        if not 0 <= i < len(self.keys):
            return None
        return speech_form(self.tokens[i].text)  # cached by word in the lexicon

    def match(self, i: int, index: dict[str, tuple[tuple[str, ...], ...]]) -> int:
        """Tokens of the longest phrase of ``index`` (see ``lexicon.phrase_index``) starting
        at token ``i`` (its first word may carry و/ف), or 0."""
        for variant in self.variants(i):
            for phrase in index.get(variant, ()):
                n = len(phrase)
                if all(self.key(i + k) == phrase[k] for k in range(1, n)):
                    return n
        return 0

    # Rules look a few tokens ahead and behind: out of range is empty text at the edges.
    def text(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def start(self, i: int) -> int:
        if i >= len(self.tokens):
            return len(self.doc.text)
        return self.tokens[i].start if i >= 0 else 0

    def end(self, i: int) -> int:
        if i >= len(self.tokens):
            return len(self.doc.text)
        return self.tokens[i].end if i >= 0 else 0

    def index_at(self, offset: int) -> int:
        """The index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def sentence_range(self, i: int) -> tuple[int, int]:
        """Token indices ``[first, last + 1)`` of the sentence of token ``i``."""
        sent = self.sentence_of[i]
        lo = bisect.bisect_left(self.sentence_of, sent)
        hi = bisect.bisect_right(self.sentence_of, sent)
        return lo, hi

    def paragraph_end(self, offset: int) -> int:
        for start, end in self.paragraphs:
            if start <= offset < end:
                return end
        return len(self.doc.text)

    def quote_opened_at(self, i: int) -> Quoted | None:
        """The quotation whose opening mark is token ``i``."""
        if not 0 <= i < len(self) or len(self.text(i)) != 1:
            return None
        return self._quote_by_open.get(self.start(i))

    def quote_closed_at(self, i: int) -> Quoted | None:
        """The quotation whose closing mark is token ``i``."""
        if not 0 <= i < len(self) or len(self.text(i)) != 1:
            return None
        return self._quote_by_close.get(self.start(i))

    def inside_quote(self, offset: int) -> Quoted | None:
        """The quotation whose marks enclose ``offset`` (quotations do not nest)."""
        k = bisect.bisect_left(self._opens, offset) - 1
        if k >= 0 and self.quotes[k].open_at < offset < self.quotes[k].outer_end:
            return self.quotes[k]
        return None

    def quotes_within(self, start: int, end: int) -> list[Quoted]:
        """Quotations opening at or after ``start`` whose closing mark is at most ``end``."""
        k = bisect.bisect_left(self._opens, start)
        out = []
        while k < len(self.quotes) and self.quotes[k].open_at < end:
            if self.quotes[k].outer_end <= end:
                out.append(self.quotes[k])
            k += 1
        return out

    def is_comma(self, i: int) -> bool:
        return 0 <= i < len(self) and self.text(i) in COMMAS

    def is_end(self, i: int) -> bool:
        """Token ``i`` ends a sentence: not the dot of «د.» or «سي.إن.إن»."""
        if not 0 <= i < len(self) or self.text(i) not in ENDS:
            return False
        if self.text(i) != ".":
            return True
        after = self.doc.text[self.end(i):self.end(i) + 1]
        if after and not after.isspace() and after not in "\"'»”’)]":
            return False  # a dot inside a word or an acronym
        before = self.text(i - 1) if self.end(i - 1) == self.start(i) else ""
        return not (len(before) == 1 and before.isalpha()) and before not in abbreviations()
