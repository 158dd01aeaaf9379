"""Descriptive names translated piece by piece: «وزارة الخارجية الصينية» → Chinese Foreign
Ministry, «مطار بن غوريون» → Ben Gurion Airport, «ولاية بورنو» → Borno State.

A head from ``resources/names/descriptors.tsv`` is followed by a nationality adjective from
``demonyms.tsv`` (masculine or feminine, with or without ال) or by a name, rendered on its
own by the caller.

>>> from khabar.entities.latin import to_latin
>>> to_latin("وزارة الخارجية الصينية", "ORG")
'Chinese Foreign Ministry'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from khabar.entities.latin_lexicon import name_key
from khabar.text.lexicons import load_tsv

Candidate = tuple[str, float]
Render = Callable[[str], list[Candidate]]


@dataclass(frozen=True)
class Head:
    words: tuple[str, ...]   # folded
    template: str
    types: frozenset[str]


@dataclass(frozen=True)
class Phrases:
    heads: tuple[Head, ...]          # longest first
    adjectives: dict[str, str]       # folded adjective form -> English adjective


def adjective_forms(adjective: str) -> list[str]:
    """«كوري جنوبي» → كوري جنوبي, الكوري الجنوبي, كوريه جنوبيه, الكوريه الجنوبيه (folded)."""
    words = name_key(adjective).split()
    forms = []
    for article in ("", "ال"):
        for ending in ("", "ه"):
            forms.append(" ".join(article + w + ending for w in words))
    return forms


@lru_cache(maxsize=1)
def default_phrases() -> Phrases:
    heads = [Head(tuple(name_key(r[0]).split()), r[1], frozenset(r[2].split()))
             for r in load_tsv("names/descriptors.tsv") if len(r) == 3]
    heads.sort(key=lambda h: -len(h.words))
    adjectives: dict[str, str] = {}
    for row in load_tsv("names/demonyms.tsv"):
        if len(row) >= 2:
            for form in adjective_forms(row[0]):
                adjectives.setdefault(form, row[1])
    return Phrases(tuple(heads), adjectives)


def describe(tokens: list[str], type: str | None, render: Render,
             phrases: Phrases | None = None) -> list[Candidate]:
    """The translation of a descriptive name, or [] when it is not one."""
    table = phrases or default_phrases()
    for head in table.heads:
        size = len(head.words)
        if tuple(tokens[:size]) != head.words or (type is not None and type not in head.types):
            continue
        rest = tokens[size:]
        if "{adj}" in head.template:
            if not rest:
                return [(head.template.replace("{adj}", "").strip(), 0.9)]
            adjective = table.adjectives.get(" ".join(rest))
            return [(head.template.replace("{adj}", adjective).strip(), 0.9)] if adjective else []
        if "{name}" in head.template and rest:
            rendered = render(" ".join(rest))
            return [(head.template.replace("{name}", text), confidence * 0.95)
                    for text, confidence in rendered[:3]]
        return []
    return []
