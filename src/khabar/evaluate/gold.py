"""Scoring the pipeline against hand-annotated gold articles (``shared/data/gold``).

The rules follow the gold README and DESIGN.md ("Gold data and scoring"):

- quotes and times are matched one-to-one to predictions by character overlap of at
  least half of the shorter span (largest overlaps first);
- precision = matched predictions / all predictions (a prediction matching an optional
  gold item is not wrong); recall = matched non-optional gold / all non-optional gold;
- speaker accuracy: a matched quote's predicted speaker (its text, its entity's name or
  any mention of that entity) equals one of the gold names after normalisation, or
  contains one as whole words;
- time value accuracy: the matched time's value equals the gold value exactly;
- entities: a gold entity is found when a predicted entity's name or a mention equals one
  of its aliases after normalisation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from khabar.errors import InputError
from khabar.model import Document, Source
from khabar.text.normalize import fold

GoldItem = dict[str, Any]
Analyzer = Callable[..., Document]

_LEADING_CLITIC = re.compile(r"^[وفلب](?=\S{2,})")
_NON_WORD = re.compile(r"[^\w\s]+")


def norm_name(name: str) -> str:
    """A name normalised for comparison: folded, punctuation dropped, a leading و/ف/ل/ب
    stripped from each word when the rest is still a word."""
    words = _NON_WORD.sub(" ", fold(name).replace("_", " ")).split()
    return " ".join(words)


def _name_variants(name: str) -> set[str]:
    base = norm_name(name)
    out = {base}
    stripped = " ".join(_LEADING_CLITIC.sub("", w) for w in base.split())
    out.add(stripped)
    first = base.split(" ", 1)
    if first and _LEADING_CLITIC.match(first[0]):
        out.add(_LEADING_CLITIC.sub("", base, count=1))
    return {v for v in out if v}


def names_match(predicted: Iterable[str], gold: Iterable[str]) -> bool:
    """True when a predicted name equals a gold name after normalisation, or contains one
    as whole words."""
    gold_forms = {g for name in gold for g in _name_variants(name)}
    for name in predicted:
        for form in _name_variants(name):
            if form in gold_forms:
                return True
            padded = f" {form} "
            if any(f" {g} " in padded for g in gold_forms):
                return True
    return False


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(
    predicted: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """One-to-one pairs ``(pred index, gold index)`` whose overlap is at least half of the
    shorter span, largest overlaps first."""
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            ov = overlap(p, g)
            shorter = min(p[1] - p[0], g[1] - g[0])
            if ov > 0 and ov * 2 >= shorter:
                candidates.append((ov, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


@dataclass
class Counts:
    """Counts behind precision, recall and F1 (and an attribute accuracy on matches)."""

    predicted: int = 0
    matched_predicted: int = 0
    gold: int = 0
    matched_gold: int = 0
    attribute_right: dict[str, int] = field(default_factory=dict)
    attribute_total: dict[str, int] = field(default_factory=dict)

    def add(self, other: Counts) -> None:
        self.predicted += other.predicted
        self.matched_predicted += other.matched_predicted
        self.gold += other.gold
        self.matched_gold += other.matched_gold
        for key, value in other.attribute_right.items():
            self.attribute_right[key] = self.attribute_right.get(key, 0) + value
        for key, value in other.attribute_total.items():
            self.attribute_total[key] = self.attribute_total.get(key, 0) + value

    def judge(self, attribute: str, right: bool) -> None:
        self.attribute_total[attribute] = self.attribute_total.get(attribute, 0) + 1
        self.attribute_right[attribute] = self.attribute_right.get(attribute, 0) + int(right)

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, attribute: str) -> float:
        total = self.attribute_total.get(attribute, 0)
        return self.attribute_right.get(attribute, 0) / total if total else 1.0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "predicted": self.predicted,
            "matched_predicted": self.matched_predicted, "gold": self.gold,
            "matched_gold": self.matched_gold,
        }
        for attribute in sorted(self.attribute_total):
            out[f"{attribute}_accuracy"] = round(self.accuracy(attribute), 4)
            out[f"{attribute}_judged"] = self.attribute_total[attribute]
        return out


@dataclass
class ArticleScore:
    id: str
    quotes: Counts
    times: Counts
    entities: Counts
    errors: list[str] = field(default_factory=list)


def speaker_names(doc: Document, quote_index: int) -> list[str]:
    """Every name under which a predicted quote's speaker may be judged."""
    speaker = doc.quotes[quote_index].speaker
    if speaker is None:
        return []
    names = [speaker.text]
    entity = doc.entity(speaker.entity) if speaker.entity else None
    if entity is not None:
        names.append(entity.name)
        names += [m.text for m in entity.mentions]
        names += [r.text for r in entity.roles]
    return names


def score_quotes(doc: Document, gold: Sequence[GoldItem], errors: list[str]) -> Counts:
    counts = Counts(predicted=len(doc.quotes))
    pred_spans = [(q.start, q.end) for q in doc.quotes]
    gold_spans = [(int(g["start"]), int(g["end"])) for g in gold]
    pairs = match_spans(pred_spans, gold_spans)
    matched_gold = {j for _, j in pairs}
    counts.matched_predicted = len(pairs)
    counts.gold = sum(1 for g in gold if not g.get("optional"))
    counts.matched_gold = sum(1 for j in matched_gold if not gold[j].get("optional"))
    for i, j in pairs:
        g, q = gold[j], doc.quotes[i]
        counts.judge("kind", q.kind == g.get("kind"))
        gold_speakers = g.get("speaker") or []
        names = speaker_names(doc, i)
        right = names_match(names, gold_speakers) if gold_speakers else not names
        counts.judge("speaker", right)
        if not right:
            errors.append(f"quote speaker: {names[:2] or None} for gold {gold_speakers[:2]} "
                          f"[{g['start']}:{g['end']}] {g['text'][:50]!r}")
        if q.kind != g.get("kind"):
            errors.append(f"quote kind: {q.kind} for gold {g.get('kind')} "
                          f"[{g['start']}:{g['end']}] {g['text'][:50]!r}")
    for j, g in enumerate(gold):
        if j not in matched_gold and not g.get("optional"):
            errors.append(f"quote missed: [{g['start']}:{g['end']}] {g.get('kind')} "
                          f"{g['text'][:60]!r}")
    matched_pred = {i for i, _ in pairs}
    for i, q in enumerate(doc.quotes):
        if i not in matched_pred:
            errors.append(f"quote spurious: [{q.start}:{q.end}] {q.kind} {q.text[:60]!r}")
    return counts


def score_times(doc: Document, gold: Sequence[GoldItem], errors: list[str]) -> Counts:
    counts = Counts(predicted=len(doc.times))
    pairs = match_spans([(t.start, t.end) for t in doc.times],
                        [(int(g["start"]), int(g["end"])) for g in gold])
    matched_gold = {j for _, j in pairs}
    counts.matched_predicted = len(pairs)
    counts.gold = sum(1 for g in gold if not g.get("optional"))
    counts.matched_gold = sum(1 for j in matched_gold if not gold[j].get("optional"))
    for i, j in pairs:
        right = doc.times[i].value == gold[j].get("value")
        counts.judge("value", right)
        if not right:
            errors.append(f"time value: {doc.times[i].text!r}={doc.times[i].value} for gold "
                          f"{gold[j]['text']!r}={gold[j].get('value')}")
    for j, g in enumerate(gold):
        if j not in matched_gold and not g.get("optional"):
            errors.append(f"time missed: {g['text']!r}={g.get('value')} at {g['start']}")
    matched_pred = {i for i, _ in pairs}
    for i, t in enumerate(doc.times):
        if i not in matched_pred:
            errors.append(f"time spurious: {t.text!r}={t.value} at {t.start}")
    return counts


def _latin_key(latin: str) -> str:
    return re.sub(r"[\s\-‐'’.]+", "", latin).casefold()


def score_entities(doc: Document, gold: Sequence[GoldItem], errors: list[str]) -> Counts:
    counts = Counts(predicted=len(doc.entities))
    gold_forms = [{f for a in (g.get("aliases") or []) + [g["name"]] for f in _name_variants(a)}
                  for g in gold]
    found: set[int] = set()
    for entity in doc.entities:
        forms = {f for n in [entity.name, *(m.text for m in entity.mentions)]
                 for f in _name_variants(n)}
        hits = [j for j, gf in enumerate(gold_forms) if forms & gf]
        if hits:
            counts.matched_predicted += 1
        else:
            errors.append(f"entity spurious: {entity.type} {entity.name!r}")
        for j in hits:
            if j not in found:
                found.add(j)
                counts.judge("type", entity.type == gold[j].get("type"))
                if gold[j].get("latin"):
                    right = bool(entity.latin) and \
                        _latin_key(entity.latin or "") == _latin_key(gold[j]["latin"])
                    counts.judge("latin", right)
                    if not right:
                        errors.append(f"entity latin: {entity.name!r} -> {entity.latin!r}, "
                                      f"gold {gold[j]['latin']!r}")
    counts.gold = sum(1 for g in gold if not g.get("optional"))
    counts.matched_gold = sum(1 for j in found if not gold[j].get("optional"))
    for j, g in enumerate(gold):
        if j not in found and not g.get("optional"):
            errors.append(f"entity missed: {g.get('type')} {g['name']!r}")
    return counts


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The gold articles of a JSONL file."""
    if not path.exists():
        raise InputError(f"no such gold file: {path}")
    articles = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                article = json.loads(line)
                article["text"]  # noqa: B018 - presence check
            except (json.JSONDecodeError, KeyError, TypeError):
                raise InputError(f"{path}:{number} is not a gold article (JSON with 'text')") \
                    from None
            articles.append(article)
    return articles


def score_article(article: dict[str, Any], analyze: Analyzer) -> ArticleScore:
    """Analyse one gold article and score its quotes, times and entities."""
    src = article.get("source") or {}
    doc = analyze(article["text"], published=article.get("published"),
                  source=Source.from_json(src), id=article.get("id"))
    errors: list[str] = []
    return ArticleScore(
        id=str(article.get("id")),
        quotes=score_quotes(doc, article.get("quotes", []), errors),
        times=score_times(doc, article.get("times", []), errors),
        entities=score_entities(doc, article.get("entities", []), errors),
        errors=errors,
    )


@dataclass
class GoldReport:
    articles: list[ArticleScore]
    quotes: Counts
    times: Counts
    entities: Counts

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": len(self.articles),
            "quotes": self.quotes.to_json(),
            "times": self.times.to_json(),
            "entities": self.entities.to_json(),
            "per_article": [
                {"id": a.id, "quotes": a.quotes.to_json(), "times": a.times.to_json(),
                 "entities": a.entities.to_json(), "errors": a.errors}
                for a in self.articles
            ],
        }


def evaluate_gold(paths: Sequence[Path], analyze: Analyzer | None = None) -> GoldReport:
    """Score the pipeline (or ``analyze``) on every article of the gold files."""
    if analyze is None:
        from khabar.pipeline import analyze as default_analyze

        analyze = default_analyze
    scores = [score_article(a, analyze) for p in paths for a in load_gold(p)]
    totals = [Counts(), Counts(), Counts()]
    for score in scores:
        totals[0].add(score.quotes)
        totals[1].add(score.times)
        totals[2].add(score.entities)
    return GoldReport(scores, *totals)
