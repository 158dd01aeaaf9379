"""Scoring the tagger on a labelled CoNLL file: entity-level P/R/F1, speed and memory."""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from khabar.entities.conll import read_conll
from khabar.entities.rules import tag_in_context
from khabar.entities.scoring import Score, score
from khabar.entities.tagger import load_tagger, tag_sentences
from khabar.errors import InputError


@dataclass(frozen=True)
class Evaluation:
    path: str
    sentences: int
    tokens: int
    scores: dict[str, Score]
    seconds: float  # tagging time, features included, model loading excluded
    peak_memory_mb: float  # of the whole process so far

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0


def peak_memory_mb() -> float:
    """Peak resident memory of this process in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def evaluate(path: str | Path, model: str | None = None,
             progress: Callable[[int], None] | None = None, context: int = 20) -> Evaluation:
    """Tag every sentence of a labelled CoNLL file and score it against its tags.

    ``context``: sentences taken together for the article-level corrections (0: none).
    """
    sentences, _ = read_conll(path)
    if not sentences:
        raise InputError(f"{path} holds no sentences")
    if any(s.tags is None for s in sentences):
        raise InputError(f"{path} has lines without a tag: evaluation needs 'token TAG' lines")
    load_tagger(model)
    gold: list[tuple[str, ...]] = []
    predicted: list[list[str]] = []
    start = time.perf_counter()
    for lo in range(0, len(sentences), 64):
        chunk = sentences[lo:lo + 64]
        predicted.extend(tag_sentences([s.tokens for s in chunk], model))
        gold.extend(s.tags or () for s in chunk)
        if progress is not None:
            progress(sum(len(s.tokens) for s in chunk))
    if context:
        predicted = tag_in_context([s.tokens for s in sentences], predicted, context)
    seconds = time.perf_counter() - start
    n_tokens = sum(len(s.tokens) for s in sentences)
    return Evaluation(str(path), len(sentences), n_tokens, score(gold, predicted), seconds,
                      peak_memory_mb())
