"""The name lists behind Latin rendering, loaded lazily from ``resources/names/``.

- ``curated.tsv``: prominent news entities, hand-checked, each with a source.
- ``names.tsv``: whole names from CLDR, GeoNames and Wikidata (built by
  ``scripts/build_names.py``).
- ``words.tsv``: single words (and particle units such as «عبد الله») with their Latin
  spellings and counts.
- ``origin_rules.tsv``: endings that betray a name's origin (‑وف → -ov, ‑سكي → -sky …).
- ``syllables.tsv``: Korean and Chinese syllables as English-language news spells them.
- ``not_names.txt``: words the NER corpora almost never tag as part of a name (على,
  الراحل): a "name" holding one is a tagging error and gets no Latin form.

Keys are folded with :func:`khabar.text.normalize.fold` (alef forms, ya, ta marbuta,
hamza, diacritics) and tatweel and punctuation are dropped, see :func:`name_key`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from khabar.entities.latin_model import LetterModel, default_letter_model
from khabar.text.lexicons import load_lines, load_tsv
from khabar.text.normalize import fold

_NOT_LETTER = re.compile(r"[^\w\s]|[\d_]")
_LATIN_NOT_LETTER = re.compile(r"[^a-z]")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The lookup key of an Arabic name: folded, tatweel and punctuation dropped.

    >>> name_key("البيت الأبيض")
    'البيت الابيض'
    """
    folded = fold(name).replace("\u0640", "")
    return _SPACES.sub(" ", _NOT_LETTER.sub(" ", folded)).strip()


def light_words(name: str) -> list[str]:
    """Words of ``name`` with diacritics and tatweel dropped but letters kept (على ≠ علي)."""
    return _SPACES.sub(" ", _NOT_LETTER.sub(" ", _MARKS.sub("", name))).split()


@dataclass(frozen=True)
class OriginRule:
    origin: str
    arabic: str      # an ending of the folded Arabic word
    latin: str       # the ending its English spelling takes
    bonus: float


@dataclass(frozen=True)
class NameLexicon:
    """Every list the renderer reads; built from the shipped files or by a benchmark."""

    curated: dict[str, tuple[str, str]]            # key -> (latin, type)
    names: dict[str, tuple[str, str, str]]         # key -> (latin, type, source)
    words: dict[str, list[tuple[str, int]]]        # key -> [(latin lower, count)], best first
    rules: tuple[OriginRule, ...]
    syllables: dict[str, dict[str, str]]           # origin -> key -> latin
    vocabulary: frozenset[str] = field(default=frozenset())
    curated_words: dict[str, str] = field(default_factory=dict)  # key -> Latin word
    not_names: frozenset[str] = field(default=frozenset())      # light words, never in names
    model: LetterModel | None = None               # None: the shipped one, loaded on demand

    def letter_model(self) -> LetterModel:
        return self.model or default_letter_model()


def parse_words(rows: list[list[str]]) -> dict[str, list[tuple[str, int]]]:
    words: dict[str, list[tuple[str, int]]] = {}
    for row in rows:
        if len(row) != 2:
            continue
        spellings = []
        for item in row[1].split(","):
            latin, _, count = item.rpartition(":")
            if latin and count.isdigit():
                spellings.append((latin, int(count)))
        if spellings:
            words[row[0]] = spellings
    return words


def parse_curated(rows: list[list[str]]) -> dict[str, tuple[str, str]]:
    """``arabic, latin, type, source`` rows; several Arabic spellings may share one name."""
    curated = {}
    for row in rows:
        if len(row) >= 3 and row[0].strip() and row[1].strip():
            curated[name_key(row[0])] = (row[1].strip(), row[2].strip())
    return curated


def parse_rules(rows: list[list[str]]) -> tuple[OriginRule, ...]:
    return tuple(OriginRule(r[0], fold(r[1]), r[2], float(r[3])) for r in rows if len(r) >= 4)


def parse_syllables(rows: list[list[str]]) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for row in rows:
        if len(row) >= 3:
            table.setdefault(row[0], {})[name_key(row[1])] = row[2]
    return table


def words_of_names(curated: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Single words of curated people and places: «ديجتياريف» → Degtyarev (from «ميخائيل
    ديجتياريف» → Mikhail Degtyarev), «كومسومولسك» → Komsomolsk (from Komsomolsk-on-Amur)."""
    out: dict[str, str] = {}
    for key, (latin, kind) in curated.items():
        if kind not in ("PER", "LOC"):
            continue
        arabic = key.split()
        for parts in (latin.split(), latin.split("-")):
            if len(parts) == len(arabic) > 1:
                for word, part in zip(arabic, parts, strict=True):
                    if part[:1].isupper():
                        out.setdefault(word, part)
                break
    return out


def vocabulary_of(words: dict[str, list[tuple[str, int]]],
                  names: dict[str, tuple[str, str, str]]) -> frozenset[str]:
    """Latin words attested for some Arabic name (a plausibility check for the letter
    model), as lower-case letters only."""
    latin = [w for spellings in words.values() for w, _ in spellings]
    latin += [w for entry in names.values() for w in entry[0].replace("-", " ").split()]
    return frozenset(k for k in (_LATIN_NOT_LETTER.sub("", w.lower()) for w in latin) if k)


@lru_cache(maxsize=1)
def default_lexicon() -> NameLexicon:
    """The shipped lists, loaded once per process."""
    # Keys were made by name_key at build time; tests/test_latin.py checks they still are
    # (rebuild with scripts/build_names.py when the folding table changes).
    words = parse_words(load_tsv("names/words.tsv"))
    names = {r[0]: (r[1], r[2], r[3]) for r in load_tsv("names/names.tsv") if len(r) == 4}
    curated = parse_curated(load_tsv("names/curated.tsv"))
    return NameLexicon(
        curated=curated,
        names=names,
        words=words,
        rules=parse_rules(load_tsv("names/origin_rules.tsv")),
        syllables=parse_syllables(load_tsv("names/syllables.tsv")),
        vocabulary=vocabulary_of(words, names),
        curated_words=words_of_names(curated),
        not_names=frozenset(load_lines("names/not_names.txt")),
    )
