"""The letter model: Latin spellings for an Arabic word no list knows.

Each Arabic letter, seen with its neighbours, writes zero to three Latin letters
(ف → v or f, و → o, u or w …); the counts were learnt by EM alignment of name pairs
(``scripts/build_names.py``). A Latin letter n-gram model over real names keeps the
spelling plausible, and a beam search returns ranked spellings with a posterior.

>>> model = default_letter_model()
>>> model.spellings("لافروف")[0][0]
'lavrov'
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from khabar.text.lexicons import load_tsv

_BACKOFF = 0.4
_PRIOR = 3.0
_MAX_OPTIONS = 12
_MIN_UNIGRAM = 0.003


@dataclass(frozen=True)
class LetterModel:
    """Emission counts by context and a Latin n-gram model (counts of n-grams)."""

    emissions: dict[str, dict[str, float]]
    ngrams: dict[str, int]
    order: int = 5
    lm_weight: float = 1.0
    letter_bonus: float = 0.0
    beam: int = 8

    def _options(self, prev: str, cur: str, nxt: str) -> list[tuple[str, float]]:
        """Latin pieces for ``cur`` with their interpolated probabilities (log)."""
        base = self.emissions.get(cur)
        if not base:
            return []
        total = sum(base.values())
        p1 = {s: c / total for s, c in base.items() if c / total >= _MIN_UNIGRAM}
        left = self.emissions.get(prev + cur + "_", {})
        right = self.emissions.get("_" + cur + nxt, {})
        full = self.emissions.get(prev + cur + nxt, {})
        n_left, n_right, n_full = sum(left.values()), sum(right.values()), sum(full.values())
        out = []
        for piece, p in p1.items():
            p_left = (left.get(piece, 0.0) + _PRIOR * p) / (n_left + _PRIOR)
            p_right = (right.get(piece, 0.0) + _PRIOR * p) / (n_right + _PRIOR)
            p2 = (p_left + p_right) / 2
            p3 = (full.get(piece, 0.0) + _PRIOR * p2) / (n_full + _PRIOR)
            out.append((piece, math.log(p3)))
        out.sort(key=lambda item: -item[1])
        return out[:_MAX_OPTIONS]

    def _lm(self, history: str, letter: str) -> float:
        """Stupid-backoff log score of ``letter`` after ``history``."""
        penalty = 0.0
        for n in range(min(len(history), self.order - 1), -1, -1):
            context = history[len(history) - n:]
            count = self.ngrams.get(context + letter, 0)
            if count:
                denominator = self.ngrams.get(context, 0) if context else self.ngrams.get("", 1)
                return penalty + math.log(count / max(denominator, count))
            penalty += math.log(_BACKOFF)
        return penalty + math.log(1e-6)

    def spellings(self, word: str, limit: int = 5) -> list[tuple[str, float]]:
        """Ranked lower-case spellings of a folded Arabic word with posteriors summing to ≤ 1."""
        padded = "^" + word + "$"
        beam: list[tuple[float, str]] = [(0.0, "^")]
        for i in range(1, len(padded) - 1):
            options = self._options(padded[i - 1], padded[i], padded[i + 1])
            if not options:
                return []
            grown: dict[str, float] = {}
            for score, text in beam:
                for piece, logp in options:
                    new_score = score + logp + self.letter_bonus * len(piece)
                    history = text
                    for letter in piece:
                        new_score += self.lm_weight * self._lm(history, letter)
                        history += letter
                    if new_score > grown.get(history, -math.inf):
                        grown[history] = new_score
            beam = [(s, t) for t, s in heapq.nlargest(self.beam, grown.items(),
                                                       key=lambda item: item[1])]
        finals = [(s + self.lm_weight * self._lm(t, "$"), t[1:]) for s, t in beam if len(t) > 1]
        if not finals:
            return []
        finals.sort(reverse=True)
        top = finals[0][0]
        weights = [math.exp(s - top) for s, _ in finals]
        norm = sum(weights)
        return [(t, w / norm) for (_, t), w in zip(finals[:limit], weights, strict=False)]


def parse_letter_model(rows: list[list[str]]) -> LetterModel:
    """A LetterModel from the rows of ``charmodel.tsv``."""
    emissions: dict[str, dict[str, float]] = defaultdict(dict)
    ngrams: dict[str, int] = {}
    total = 0
    for row in rows:
        if row[0] == "E" and len(row) == 4:
            emissions[row[1]][row[2]] = float(row[3])
        elif row[0] == "L" and len(row) == 3:
            ngrams[row[1]] = int(row[2])
            if len(row[1]) == 1:
                total += int(row[2])
    ngrams[""] = total
    return LetterModel(dict(emissions), ngrams)


@lru_cache(maxsize=1)
def default_letter_model() -> LetterModel:
    """The shipped letter model, loaded once."""
    return parse_letter_model(load_tsv("names/charmodel.tsv"))
