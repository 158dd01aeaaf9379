"""The letter model: Latin spellings for an Arabic word no list knows.

Each Arabic letter writes zero to three Latin letters (ف → v or f, و → o, u or w …). Name
pairs were aligned letter by letter (EM, ``scripts/build_names.py``) into units such as
``ف|v``, and a joint n-gram model over those units gives both sides as context: و after
ف in «لافروف» is «o», ف at the end is «v». A beam search returns ranked spellings with
a posterior.

>>> model = default_letter_model()
>>> model.spellings("لافروف")[0][0]
'lavrov'
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.text.lexicons import load_tsv

_MIN_SHARE = 0.005   # Latin pieces rarer than this for a letter are not tried
_MAX_OPTIONS = 8


@dataclass(frozen=True)
class LetterModel:
    """Counts of unit n-grams (``"^ ل|l ا|a"``), the followers of each history, and the
    Latin pieces seen for each Arabic letter."""

    counts: dict[str, int]
    followers: dict[str, int]
    pieces: dict[str, tuple[str, ...]]
    order: int = 4
    letter_bonus: float = 0.0
    beam: int = 6
    _unigrams: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def _contexts(self, history: tuple[str, ...]) -> list[tuple[str, int, int]]:
        """The histories of length 1.. that were seen, with their count and follower count."""
        out = []
        for n in range(1, min(len(history), self.order - 1) + 1):
            context = " ".join(history[len(history) - n:])
            seen = self.counts.get(context, 0)
            distinct = self.followers.get(context, 0)
            if not seen or not distinct:
                break
            out.append((context + " ", seen, distinct))
        return out

    def _prob(self, contexts: list[tuple[str, int, int]], unit: str) -> float:
        """Witten-Bell interpolated P(unit | history), the contexts from ``_contexts``."""
        p = self._unigrams.get(unit)
        if p is None:
            total = self.counts.get("", 1) + 0.5 * len(self.counts)
            p = self._unigrams[unit] = (self.counts.get(unit, 0) + 0.5) / total
        for prefix, seen, distinct in contexts:
            p = (self.counts.get(prefix + unit, 0) + distinct * p) / (seen + distinct)
        return p

    def prob(self, history: tuple[str, ...], unit: str) -> float:
        """P(unit | history)."""
        return self._prob(self._contexts(history), unit)

    def spellings(self, word: str, limit: int = 5) -> list[tuple[str, float]]:
        """Ranked lower-case spellings of a folded Arabic word with their posteriors."""
        keep = self.order - 1
        beam: list[tuple[float, tuple[str, ...], str]] = [(0.0, ("^",), "")]
        for letter in word:
            options = self.pieces.get(letter)
            if not options:
                return []
            units = [(f"{letter}|{piece}", piece, self.letter_bonus * len(piece))
                     for piece in options]
            grown: dict[tuple[tuple[str, ...], str], float] = {}
            for score, history, text in beam:
                contexts = self._contexts(history)
                for unit, piece, bonus in units:
                    new = score + math.log(self._prob(contexts, unit)) + bonus
                    key = ((*history, unit)[-keep:], text + piece)
                    if new > grown.get(key, -math.inf):
                        grown[key] = new
            beam = [(s, h, t) for (h, t), s in heapq.nlargest(self.beam, grown.items(),
                                                               key=lambda item: item[1])]
        finals: dict[str, float] = {}
        for score, history, text in beam:
            total = score + math.log(self.prob(history, "$"))
            if text and total > finals.get(text, -math.inf):
                finals[text] = total
        if not finals:
            return []
        top = max(finals.values())
        weights = {t: math.exp(s - top) for t, s in finals.items()}
        norm = sum(weights.values())
        ranked = sorted(weights.items(), key=lambda item: -item[1])
        return [(t, w / norm) for t, w in ranked[:limit]]


def parse_letter_model(rows: list[list[str]]) -> LetterModel:
    """A LetterModel from the ``J`` rows of ``charmodel.tsv``."""
    counts: dict[str, int] = {}
    followers: dict[str, int] = defaultdict(int)
    by_letter: dict[str, dict[str, int]] = defaultdict(dict)
    total = 0
    for row in rows:
        if row[0] != "J" or len(row) != 3:
            continue
        gram, count = row[1], int(row[2])
        counts[gram] = count
        history, _, unit = gram.rpartition(" ")
        followers[history] += 1
        if not history:
            total += count
            letter, bar, piece = unit.partition("|")
            if bar:
                by_letter[letter][piece] = count
    counts[""] = total
    pieces = {}
    for letter, seen in by_letter.items():
        norm = sum(seen.values())
        ranked = sorted(seen, key=lambda p: -seen[p])
        pieces[letter] = tuple(p for p in ranked if seen[p] / norm >= _MIN_SHARE)[:_MAX_OPTIONS]
    followers.pop("", None)
    return LetterModel(counts, dict(followers), pieces)


@lru_cache(maxsize=1)
def default_letter_model() -> LetterModel:
    """The shipped letter model, loaded once."""
    return parse_letter_model(load_tsv("names/charmodel.tsv"))
