"""Pipeline stages of the text layers: sentences, then tokens with their clitics."""

from __future__ import annotations

from collections.abc import Iterable

from khabar.errors import DecodingError
from khabar.model import Document, Sentence, Span, Token
from khabar.text.clitics import Analysis, Piece, analyze_word, cached_analyses
from khabar.text.sentences import split_sentences
from khabar.text.tokens import token_pattern


class SentenceStage:
    """Sentences of news prose (``khabar.text.sentences.split_sentences``)."""

    name = "sentences"
    requires = frozenset({"text"})
    provides = frozenset({"sentences"})

    def __call__(self, doc: Document) -> Document:
        check_encodable(doc.text)
        sentences = tuple(Sentence(s, e) for s, e in split_sentences(doc.text))
        return doc.with_layer("sentences", sentences=sentences)


def check_encodable(text: str) -> None:
    """Turn away text with lone surrogates (U+D800–U+DFFF): no file can hold them, and
    JSON, SQLite and the models downstream would fail on them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise DecodingError(
            f"the text holds a lone surrogate (U+{ord(text[exc.start]):04X} at character "
            f"{exc.start}); it was decoded wrongly — decode with errors='strict' or "
            "khabar.text.decode.decode_bytes") from None


_UNSEEN: Analysis = ((), (0, 0, ""), ())  # a sentinel: not yet in the cache


def _shifted(pieces: tuple[Piece, ...], start: int) -> tuple[Span, ...]:
    """Relative pieces as spans at ``start`` (one or two pieces are the common cases)."""
    p, q, text = pieces[0]
    if len(pieces) == 1:
        return (Span(start + p, start + q, text),)
    r, s, more = pieces[1]
    if len(pieces) == 2:
        return (Span(start + p, start + q, text), Span(start + r, start + s, more))
    return tuple([Span(start + p, start + q, piece) for p, q, piece in pieces])


def tokens_of(text: str, sentences: Iterable[Sentence]) -> tuple[Token, ...]:
    """The tokens of each sentence with their clitic analysis.

    This is the hot loop of the text layers: the analysis of each distinct word is
    cached (relative offsets) and only shifted here.
    """
    tokens: list[Token] = []
    append = tokens.append
    finditer = token_pattern().finditer
    cached = cached_analyses().get
    for sent in sentences:
        for match in finditer(text, sent.start, sent.end):
            start, end = match.span()
            word = match[0]
            analysis = cached(word, _UNSEEN)
            if analysis is _UNSEEN:
                analysis = analyze_word(word)
            if analysis is None:
                append(Token(start, end, word, Span(start, end, word)))
                continue
            prefixes, (a, b, stem), suffixes = analysis
            append(Token(start, end, word, Span(start + a, start + b, stem),
                         _shifted(prefixes, start) if prefixes else (),
                         _shifted(suffixes, start) if suffixes else ()))
    return tuple(tokens)


class TokenStage:
    """Tokens (``khabar.text.tokens``) with their clitic analysis (``khabar.text.clitics``)."""

    name = "tokens"
    requires = frozenset({"sentences"})
    provides = frozenset({"tokens"})

    def __call__(self, doc: Document) -> Document:
        return doc.with_layer("tokens", tokens=tokens_of(doc.text, doc.sentences))
