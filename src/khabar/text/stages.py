"""Pipeline stages of the text layers: sentences, then tokens with their clitics."""

from __future__ import annotations

from khabar.model import Document, Sentence
from khabar.text.clitics import analyze_token
from khabar.text.sentences import split_sentences
from khabar.text.tokens import tokenize


class SentenceStage:
    name = "sentences"
    requires = frozenset({"text"})
    provides = frozenset({"sentences"})

    def __call__(self, doc: Document) -> Document:
        sentences = tuple(Sentence(s, e) for s, e in split_sentences(doc.text))
        return doc.with_layer("sentences", sentences=sentences)


class TokenStage:
    name = "tokens"
    requires = frozenset({"sentences"})
    provides = frozenset({"tokens"})

    def __call__(self, doc: Document) -> Document:
        tokens = tuple(
            analyze_token(text, start)
            for sent in doc.sentences
            for start, _, text in tokenize(doc.text, sent.start, sent.end)
        )
        return doc.with_layer("tokens", tokens=tokens)
