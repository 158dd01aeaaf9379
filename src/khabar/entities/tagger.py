"""The NER tagger: the neural model shipped as ``models/ner.npz`` (numpy at run time, see
:mod:`khabar.entities.neural`), or a CRF (python-crfsuite) given as a ``.crfsuite`` file.

>>> tag_tokens(["قال", "الرئيس", "فلاديمير", "بوتين"])  # doctest: +SKIP
['O', 'O', 'B-PER', 'I-PER']
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from khabar.entities.lexicons import model_path
from khabar.errors import ModelError

log = logging.getLogger(__name__)

MODEL_FILE = "ner.npz"
#: Longest run of tokens tagged at once; longer "sentences" are tagged in windows.
MAX_TOKENS = 300


class Tagger(Protocol):
    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]: ...

    def labels(self) -> list[str]: ...


class CrfTagger:
    """A python-crfsuite model over the features of :mod:`khabar.entities.features`."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(path))
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot open NER model {path}: {exc}; retrain it") from None

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        from khabar.entities.features import sentence_features

        return [list(self._tagger.tag(sentence_features(s))) if s else [] for s in sentences]

    def labels(self) -> list[str]:
        return list(self._tagger.labels())


@lru_cache(maxsize=4)
def load_tagger(path: str | None = None) -> Tagger:
    """The tagger from ``path`` (the shipped model by default), opened once: a ``.crfsuite``
    file is a CRF, anything else the neural model's .npz."""
    file = Path(path) if path else model_path(MODEL_FILE)
    if not file.is_file():
        raise ModelError(f"NER model not found at {file}: reinstall khabar, or train one with "
                         "'khabar ner train --out FILE'")
    tagger: Tagger
    if file.suffix == ".crfsuite":
        tagger = CrfTagger(file)
    else:
        from khabar.entities.neural import NeuralTagger

        tagger = NeuralTagger(file)
    log.debug("loaded NER model %s", file)
    return tagger


def tag_sentences(sentences: Sequence[Sequence[str]], model: str | None = None) -> list[list[str]]:
    """BIO tags (PER, ORG, LOC, MISC) for sentences of whitespace tokens, tagged together."""
    windows: list[Sequence[str]] = []
    owners: list[int] = []
    for i, tokens in enumerate(sentences):
        for start in range(0, len(tokens), MAX_TOKENS):
            windows.append(tokens[start:start + MAX_TOKENS])
            owners.append(i)
    out: list[list[str]] = [[] for _ in sentences]
    if windows:
        for i, tags in zip(owners, load_tagger(model).tag(windows), strict=True):
            out[i].extend(tags)
    return out


def tag_tokens(tokens: Sequence[str], model: str | None = None) -> list[str]:
    """BIO tags (PER, ORG, LOC, MISC) for one sentence of whitespace tokens."""
    if not tokens:
        return []
    return tag_sentences([tokens], model)[0]
