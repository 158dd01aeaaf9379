"""Entity-level scoring with the seqeval/conlleval conventions: an entity counts when its
span and type both match exactly; precision, recall and F1 per type and micro-averaged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


def chunks(tags: Sequence[str]) -> set[tuple[str, int, int]]:
    """Entities ``(type, start, end)`` of a BIO sequence (an I- after O or after another type
    starts an entity, as in conlleval and seqeval's default mode)."""
    found: set[tuple[str, int, int]] = set()
    kind: str | None = None
    start = 0
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, this = tag.partition("-")
        if kind is not None and (prefix != "I" or this != kind):
            found.add((kind, start, i))
            kind = None
        if prefix == "B" or (prefix == "I" and kind is None):
            kind, start = this, i
    return found


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    support: int  # gold entities


def _score(tp: int, n_pred: int, n_gold: int) -> Score:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return Score(100 * p, 100 * r, 100 * f, n_gold)


def score(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, Score]:
    """Scores per type and ``"micro"`` over all, for aligned sentences of BIO tags."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for g_tags, p_tags in zip(gold, predicted, strict=True):
        g, p = chunks(g_tags), chunks(p_tags)
        for kind, *_ in g:
            n_gold[kind] += 1
        for kind, *_ in p:
            n_pred[kind] += 1
        for kind, *_ in g & p:
            tp[kind] += 1
    out = {k: _score(tp[k], n_pred[k], n_gold[k]) for k in sorted(n_gold | n_pred)}
    out["micro"] = _score(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return out
