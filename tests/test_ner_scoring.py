"""Entity-level scoring follows seqeval's conventions (exact span and type)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.entities.scoring import chunks, score

TAGS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG"]


@pytest.mark.parametrize(("tags", "expected"), [
    (["B-PER", "I-PER", "O"], {("PER", 0, 2)}),
    (["B-PER", "B-PER"], {("PER", 0, 1), ("PER", 1, 2)}),
    (["O", "I-LOC", "I-LOC"], {("LOC", 1, 3)}),  # I- after O starts an entity
    (["B-PER", "I-LOC"], {("PER", 0, 1), ("LOC", 1, 2)}),
    (["B-ORG", "I-ORG", "I-ORG"], {("ORG", 0, 3)}),
    ([], set()),
])
def test_chunks(tags: list[str], expected: set[tuple[str, int, int]]) -> None:
    assert chunks(tags) == expected


def test_score_counts_exact_span_and_type() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "O", "O", "B-LOC"]]
    scores = score(gold, pred)
    assert scores["LOC"].f1 == 100.0
    assert scores["PER"].f1 == 0.0
    assert scores["micro"].precision == 50.0 and scores["micro"].recall == 50.0


sequences = st.lists(st.lists(st.sampled_from(TAGS), min_size=1, max_size=12), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(sequences, st.randoms(use_true_random=False))
def test_micro_f1_matches_seqeval(gold: list[list[str]], rnd: object) -> None:
    seqeval = pytest.importorskip("seqeval.metrics")
    import random

    assert isinstance(rnd, random.Random)
    pred = [[t if rnd.random() < 0.7 else rnd.choice(TAGS) for t in s] for s in gold]
    ours = score(gold, pred)["micro"].f1 / 100
    theirs = seqeval.f1_score(gold, pred, average="micro", zero_division=0)
    assert ours == pytest.approx(theirs, abs=1e-9)
