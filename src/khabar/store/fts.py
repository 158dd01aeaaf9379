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

import re
from dataclasses import dataclass

from khabar.errors import StoreError
from khabar.model import Document
from khabar.store.results import Snippet
from khabar.text.clitics import analyze_token
from khabar.text.normalize import fold, normalize
from khabar.text.tokens import tokenize

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PIECE = re.compile(r'"([^"]*)"|«([^»]*)»|(\S+)')


@dataclass(frozen=True, slots=True)
class Term:
    """One query word or phrase, folded; ``stem`` is its clitic-free form when different."""

    words: tuple[str, ...]
    stem: str | None = None
    prefix: bool = False

    def fts(self) -> str:
        star = " *" if self.prefix else ""
        exact = '"' + " ".join(self.words) + '"' + star
        if self.stem:
            return f'({exact} OR "{self.stem}"{star})'
        return exact


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    terms: tuple[Term, ...]
    operators: tuple[str, ...]

    def fts(self) -> str:
        """The FTS5 MATCH expression."""
        parts = [self.terms[0].fts()]
        for op, term in zip(self.operators, self.terms[1:], strict=True):
            parts += [op, term.fts()]
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
    stems: list[str] = []
    if doc.tokens:
        pairs = ((t.text, t.stem.text) for t in doc.tokens)
    else:
        pairs = ((w, analyze_token(w, 0).stem.text)
                 for _, _, w in tokenize(doc.text) if _WORD.fullmatch(w))
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
