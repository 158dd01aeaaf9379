"""Pipeline stages of the text layers: sentences, then tokens with their clitics."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from functools import lru_cache
from typing import Any

from khabar.errors import DecodingError, PipelineError
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


@lru_cache(maxsize=1)
def _slot_setters() -> tuple[Any, ...]:
    """The slot setters of Span's and Token's fields, in declaration order."""
    span = tuple(Span.__dict__[f.name].__set__ for f in fields(Span))
    token = tuple(Token.__dict__[f.name].__set__ for f in fields(Token))
    if len(span) != 3 or len(token) != 6:  # pragma: no cover - the model changed
        raise PipelineError("khabar.model.Span/Token changed shape: update tokens_of")
    return span + token


def tokens_of(text: str, sentences: Iterable[Sentence]) -> tuple[Token, ...]:
    """The tokens of each sentence with their clitic analysis.

    This is the hot loop of the text layers (a third of all the time the default
    pipeline spends on an article): the analysis of each distinct word is cached with
    relative offsets and only shifted here, and the frozen Token and Span objects are
    filled through their slot setters, skipping two ``__init__`` calls per token. The
    result equals ``analyze_token(word, start)`` for every token (tested).
    """
    ss, se, st, ts, te, tt, tstem, tpre, tsuf = _slot_setters()
    new = object.__new__
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
            stem = new(Span)
            token = new(Token)
            ts(token, start)
            te(token, end)
            tt(token, word)
            tstem(token, stem)
            if analysis is None:
                ss(stem, start)
                se(stem, end)
                st(stem, word)
                tpre(token, ())
                tsuf(token, ())
            else:
                prefixes, (a, b, piece), suffixes = analysis
                ss(stem, start + a)
                se(stem, start + b)
                st(stem, piece)
                tpre(token, _shifted(prefixes, start) if prefixes else ())
                tsuf(token, _shifted(suffixes, start) if suffixes else ())
            append(token)
    return tuple(tokens)


class TokenStage:
    """Tokens (``khabar.text.tokens``) with their clitic analysis (``khabar.text.clitics``)."""

    name = "tokens"
    requires = frozenset({"sentences"})
    provides = frozenset({"tokens"})

    def __call__(self, doc: Document) -> Document:
        return doc.with_layer("tokens", tokens=tokens_of(doc.text, doc.sentences))
