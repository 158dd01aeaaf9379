"""Full-text search helpers: safe FTS5 queries from user input, index terms, snippets.

Every index column and every query goes through ``khabar.text.normalize.fold``, so a query
in any spelling (أ/ا، ى/ي، ة/ه, diacritics, tatweel) finds the others. Clitics are handled
by indexing the stems of words that carry them («وبوتين» → «بوتين») in a third column and
by searching the stem of each query word as well.

User input never reaches FTS5 syntax: each word becomes a double-quoted string of word
characters only, joined with AND (or OR when the user writes ``OR``); a trailing ``*`` is
a prefix search and text in double quotes is a phrase.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from khabar.errors import InvalidDateError, StoreError
from khabar.model import Document
from khabar.store.results import Snippet
from khabar.text.clitics import analyze_token
from khabar.text.normalize import fold, normalize
from khabar.text.tokens import tokenize

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_BOUND = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

#: Full-text rows are keyed ``day << 32 | rowid`` (``day`` the proleptic ordinal of the
#: publication date, 0 when undated): a match then streams newest first, and a date filter
#: is a rowid range that FTS5 applies while it reads the index.
ROW_BITS = 32
ROW_MASK = (1 << ROW_BITS) - 1
ANY_DATE = (0, (1 << 63) - 1)


def fts_key(published: str | None, rowid: int) -> int:
    """The full-text rowid of an article or quote row published on ``published``."""
    if not 0 < rowid <= ROW_MASK:
        raise StoreError(f"row {rowid} is out of the store's range (1 to {ROW_MASK})")
    try:
        day = dt.date.fromisoformat(published[:10]).toordinal() if published else 0
    except ValueError:
        day = 0
    return day << ROW_BITS | rowid


def date_range(since: str | None, until: str | None) -> tuple[int, int]:
    """The full-text rowid range of ``since``…``until`` (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``, both inclusive); an undated row falls outside any date filter.

    >>> low, high = date_range("2023-09", "2023")
    >>> dt.date.fromordinal(low >> ROW_BITS), dt.date.fromordinal(high >> ROW_BITS)
    (datetime.date(2023, 9, 1), datetime.date(2023, 12, 31))
    """
    low, high = ANY_DATE
    if since not in (None, "") or until not in (None, ""):
        low = 1 << ROW_BITS  # undated rows have day 0
    if since not in (None, ""):
        low = max(low, day_bound(str(since), end=False).toordinal() << ROW_BITS)
    if until not in (None, ""):
        high = min(high, ((day_bound(str(until), end=True).toordinal() + 1) << ROW_BITS) - 1)
    return low, high


def day_bound(text: str, *, end: bool) -> dt.date:
    match = _BOUND.match(text.strip())
    try:
        if not match:
            raise ValueError
        year, month, day = int(match[1]), int(match[2] or (12 if end else 1)), match[3]
        if not 1 <= month <= 12:
            raise ValueError
        if day is not None:
            return dt.date(year, month, int(day))
        if not end:
            return dt.date(year, month, 1)
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    except (ValueError, OverflowError):
        raise InvalidDateError(f"invalid date {text!r}: use YYYY, YYYY-MM or YYYY-MM-DD, "
                               "for example --since 2023-09") from None


def outlet_token(outlet: str | None) -> str:
    """The word that stands for an outlet in the articles index (case and spelling folded),
    so that an outlet filter is part of the full-text match; '' without an outlet."""
    name = " ".join(fold(outlet or "").casefold().split())
    if not name:
        return ""
    return "khabaroutlet" + hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:16]


#: Speakers' words are indexed with this prefix («khabarspبوتين»): FTS5 applies a column
#: filter after reading a word's whole list, and the word is far more frequent in quotes.
SPEAKER_PREFIX = "khabarsp"


def speaker_words(text: str) -> str:
    """The index words of an unlinked speaker («مصدر مطلع»): each folded word, and its
    clitic-free stem when different (after the words, which stay in order for phrase
    queries), with :data:`SPEAKER_PREFIX`."""
    words = _WORD.findall(fold(text).lower())
    stems = [stem for word in words if (stem := _stem(word))]
    return " ".join(SPEAKER_PREFIX + word for word in words + stems)


def entity_token(entity_id: int) -> str:
    """The word that stands for a linked speaker in the quotes index."""
    return f"khabarentity{entity_id}"
_PIECE = re.compile(r'"([^"]*)"|«([^»]*)»|(\S+)')


@dataclass(frozen=True, slots=True)
class Term:
    """One query word or phrase, folded; ``stem`` is its clitic-free form when different."""

    words: tuple[str, ...]
    stem: str | None = None
    prefix: bool = False

    def fts(self, prefix: str = "") -> str:
        star = " *" if self.prefix else ""
        exact = '"' + " ".join(prefix + w for w in self.words) + '"' + star
        if self.stem:
            return f'({exact} OR "{prefix}{self.stem}"{star})'
        return exact


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    terms: tuple[Term, ...]
    operators: tuple[str, ...]

    def fts(self, prefix: str = "") -> str:
        """The FTS5 MATCH expression (over words indexed with ``prefix``)."""
        parts = [self.terms[0].fts(prefix)]
        for op, term in zip(self.operators, self.terms[1:], strict=True):
            parts += [op, term.fts(prefix)]
        return " ".join(parts)

    def needles(self) -> list[str]:
        """Folded strings to highlight in snippets, longest first."""
        found = {" ".join(t.words) for t in self.terms} | {t.stem for t in self.terms if t.stem}
        return sorted(found, key=len, reverse=True)


def _stem(word: str) -> str | None:
    stem = fold(analyze_token(word, 0).stem.text)
    return stem if stem != word and len(stem) >= 2 else None


def parse_query(query: str) -> ParsedQuery:
    """Turn user input into a safe FTS5 query.

    >>> parse_query('كوريا وبوتين').fts()
    '"كوريا" AND ("وبوتين" OR "بوتين")'
    >>> parse_query('x") OR title:1=1 --').fts()
    '"x" OR "title 1 1"'
    """
    terms: list[Term] = []
    operators: list[str] = []
    pending = "AND"
    for match in _PIECE.finditer(query):
        phrase = match.group(1) if match.group(1) is not None else match.group(2)
        raw = match.group(3)
        if raw in ("OR", "AND"):
            pending = raw
            continue
        text = fold(phrase if phrase is not None else raw or "")
        words = tuple(w.lower() for w in _WORD.findall(text))
        if not words:
            continue
        prefix = phrase is None and (raw or "").endswith("*")
        stem = _stem(words[0]) if len(words) == 1 and phrase is None else None
        if terms:
            operators.append(pending)
        terms.append(Term(words, stem, prefix))
        pending = "AND"
    if not terms:
        raise StoreError(f"the query {query!r} has no words to search for; give a word, "
                         "for example: khabar search \"كوريا الشمالية\"")
    return ParsedQuery(tuple(terms), tuple(operators))


def article_columns(doc: Document) -> tuple[str, str]:
    """The (title, body) columns indexed for an article, folded."""
    return fold(doc.source.title or ""), fold(doc.text)


def index_stems(doc: Document) -> str:
    """The folded stems of the words that carry clitics, space-separated."""
    if not doc.tokens:
        return text_stems(doc.text)
    return _stems((t.text, t.stem.text) for t in doc.tokens)


def text_stems(text: str) -> str:
    """:func:`index_stems` of a text without its token layer."""
    return _stems((w, analyze_token(w, 0).stem.text)
                  for _, _, w in tokenize(text) if _WORD.fullmatch(w))


def _stems(pairs: Iterable[tuple[str, str]]) -> str:
    stems: list[str] = []
    for word, stem in pairs:
        if stem != word and len(stem) >= 2:
            stems.append(fold(stem))
    return " ".join(stems)


def snippet(text: str, query: ParsedQuery, width: int = 160) -> Snippet:
    """The part of ``text`` around the first match, with every match in it highlighted.

    Offsets are into the original ``text``; matching is done on its folded view.
    """
    view = normalize(text)
    needles = "|".join(re.escape(n) for n in query.needles())
    pattern = re.compile(rf"(?<!\w)(?:[وفبكلس]|ال|لل)*(?:{needles})\w*", re.IGNORECASE)
    matches = [view.span_to_original(*m.span()) for m in pattern.finditer(view.text)]
    if not matches:
        start, end = 0, min(len(text), width)
    else:
        first = matches[0][0]
        start = max(0, first - width // 3)
        end = min(len(text), start + width)
    start = _word_edge(text, start, backwards=True)
    end = _word_edge(text, end, backwards=False)
    marks = tuple((a - start, b - start) for a, b in matches if start <= a and b <= end)
    return Snippet(text[start:end], start, marks)


def _word_edge(text: str, pos: int, *, backwards: bool) -> int:
    """Move ``pos`` to a whitespace boundary (at most 20 characters away)."""
    if pos <= 0 or pos >= len(text):
        return max(0, min(pos, len(text)))
    for step in range(20):
        probe = pos - step if backwards else pos + step
        if probe <= 0 or probe >= len(text):
            return max(0, min(probe, len(text)))
        if text[probe].isspace():
            return probe + 1 if backwards else probe
    return pos
