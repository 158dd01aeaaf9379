"""Training the CRF tagger from CoNLL files (ANERcorp train, optionally AQMAR train).

The features are those of :mod:`khabar.entities.features`, so the word clusters and
gazetteers must be in place first (scripts/train_ner.py builds everything in order).
Training is deterministic: L-BFGS over a fixed file order.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from khabar.entities.conll import ConllSentence, read_conll
from khabar.entities.features import sentence_features
from khabar.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainingOptions:
    c1: float = 0.15  # L1: keeps the model small
    c2: float = 0.01  # L2
    max_iterations: int = 150
    min_freq: int = 1


def labelled_sentences(paths: Sequence[str | Path]) -> list[ConllSentence]:
    """The labelled sentences of CoNLL files (each must carry a tag column)."""
    out: list[ConllSentence] = []
    for path in paths:
        sentences, _ = read_conll(path)
        if not sentences or any(s.tags is None for s in sentences):
            raise InputError(f"{path} has lines without a tag: training needs 'token TAG' lines")
        out.extend(sentences)
    return out


def train(
    sentences: Sequence[ConllSentence],
    out: str | Path,
    options: TrainingOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Train a CRF on labelled sentences and write it to ``out``."""
    opts = options or TrainingOptions()
    trainer = _Trainer(progress, verbose=False)
    for sentence in sentences:
        assert sentence.tags is not None
        trainer.append(sentence_features(sentence.tokens), list(sentence.tags))
    trainer.set_params({
        "c1": opts.c1, "c2": opts.c2, "max_iterations": opts.max_iterations,
        "feature.minfreq": opts.min_freq, "feature.possible_transitions": True,
    })
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    log.info("training on %d sentences", len(sentences))
    trainer.train(str(path))
    return path


class _Trainer(pycrfsuite.Trainer):
    """A trainer that reports each L-BFGS iteration."""

    def __init__(self, progress: Callable[[int], None] | None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._progress = progress

    def on_iteration(self, log: str, info: dict[str, object]) -> None:
        if self._progress is not None:
            self._progress(int(str(info.get("num", 0))))
