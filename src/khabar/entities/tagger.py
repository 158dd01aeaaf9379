"""The NER tagger: a linear-chain CRF (python-crfsuite) shipped as ``models/ner.crfsuite``.

>>> tag_tokens(["قال", "الرئيس", "فلاديمير", "بوتين"])  # doctest: +SKIP
['O', 'O', 'B-PER', 'I-PER']
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from khabar.entities.features import sentence_features
from khabar.entities.lexicons import model_path
from khabar.errors import ModelError

log = logging.getLogger(__name__)

MODEL_FILE = "ner.crfsuite"
#: Longest run of tokens tagged at once; longer "sentences" are tagged in windows.
MAX_TOKENS = 300


@lru_cache(maxsize=4)
def load_tagger(path: str | None = None) -> pycrfsuite.Tagger:
    """The CRF tagger from ``path`` (the shipped model by default), opened once."""
    file = Path(path) if path else model_path(MODEL_FILE)
    if not file.is_file():
        raise ModelError(f"NER model not found at {file}: reinstall khabar, or train one with "
                         "'khabar ner train --out FILE'")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(file))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot open NER model {file}: {exc}; retrain it") from None
    log.debug("loaded NER model %s", file)
    return tagger


def tag_tokens(tokens: Sequence[str], model: str | None = None) -> list[str]:
    """BIO tags (PER, ORG, LOC, MISC) for one sentence of whitespace tokens."""
    if not tokens:
        return []
    tagger = load_tagger(model)
    tags: list[str] = []
    for start in range(0, len(tokens), MAX_TOKENS):
        window = tokens[start:start + MAX_TOKENS]
        tags.extend(tagger.tag(sentence_features(window)))
    return tags
