"""The NER model's data: word clusters, gazetteers and role nouns, each loaded once, lazily.

Gazetteers and word lists live in ``resources/entities/``; the clusters learnt from
unlabeled news (scripts/build_ner_clusters.py) live beside the model in ``models/``.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib import resources
from pathlib import Path

from khabar.errors import ModelError
from khabar.text.lexicons import load_lines
from khabar.text.normalize import fold

log = logging.getLogger(__name__)

#: Word lists used as features: name → resource file.
WORD_LISTS = {
    "person": "entities/person_words.txt",
    "foreign": "entities/foreign_words.txt",
    "orgword": "entities/org_words.txt",
    "role": "entities/role_nouns.txt",
}
#: Phrase gazetteers matched over a sentence: resource file → entity type.
PHRASE_LISTS = {"entities/places.txt": "LOC", "entities/organisations.txt": "ORG"}


def model_path(name: str) -> Path:
    """The path of a file shipped in ``khabar/models``."""
    return Path(str(resources.files("khabar"))) / "models" / name


def _model_rows(name: str, what: str) -> list[str]:
    """The data lines (no blanks, no # comments) of a TSV file built by
    scripts/build_ner_clusters.py and shipped in ``khabar/models``."""
    path = model_path(name)
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise ModelError(f"the NER {what} are missing ({path}): reinstall khabar or "
                         f"run scripts/build_ner_clusters.py ({exc.strerror})") from None
    return [line for line in lines if line and not line.startswith("#")]


@lru_cache(maxsize=1)
def clusters() -> dict[str, tuple[str, ...]]:
    """Folded stem → its cluster ids at each granularity (coarse to fine)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in _model_rows("ner_clusters.tsv", "word clusters"):
        word, *ids = line.split("\t")
        table[word] = tuple(ids)
    log.debug("loaded %d word clusters", len(table))
    return table


def _key(word: str) -> str:
    from khabar.entities.features import word_key

    return word_key(word)


@lru_cache(maxsize=1)
def word_sets() -> dict[str, frozenset[str]]:
    """Feature word lists, as sets of folded stems."""
    return {name: frozenset(_key(w) for w in load_lines(file)) for name, file in WORD_LISTS.items()}


@lru_cache(maxsize=1)
def gazetteer_phrases() -> tuple[dict[tuple[str, ...], str], int]:
    """Gazetteer phrases as tuples of folded stems → type, and the longest phrase length."""
    phrases: dict[tuple[str, ...], str] = {}
    for file, kind in PHRASE_LISTS.items():
        for line in load_lines(file):
            key = tuple(_key(w) for w in line.split())
            # «وام» would match every «ام» left by a split clitic («لام» → ل + ام).
            if key and all(key) and (len(key) > 1 or len(key[0]) >= 3):
                phrases[key] = kind  # organisations come last and win over places
    return phrases, max((len(k) for k in phrases), default=1)


@lru_cache(maxsize=1)
def currencies() -> frozenset[str]:
    """Currency names («دولار», «جنيهات»), folded."""
    return frozenset(fold(w) for w in load_lines("entities/currencies.txt"))


@lru_cache(maxsize=1)
def facility_nouns() -> frozenset[str]:
    """Nouns that begin a place's name («مخيم», «معبر», «مطار»), folded."""
    return frozenset(fold(w) for w in load_lines("entities/facility_nouns.txt"))


@lru_cache(maxsize=1)
def institution_nouns() -> frozenset[str]:
    """Head nouns of institutions named by what they do («وزارة», «وكالة»), folded."""
    return frozenset(fold(w) for w in load_lines("entities/institution_nouns.txt"))


@lru_cache(maxsize=1)
def role_nouns() -> frozenset[str]:
    """Role nouns («رئيس», «الحاكم», «المتحدث») as folded stems without the article."""
    return frozenset(fold(w) for w in load_lines(WORD_LISTS["role"]))


@lru_cache(maxsize=1)
def word_counts() -> dict[str, int]:
    """How often each folded word occurs whole in the unlabeled news corpus (≥ 3 times)."""
    counts: dict[str, int] = {}
    for line in _model_rows("ner_word_counts.tsv", "word counts"):
        word, _, n = line.partition("\t")
        counts[word] = int(n)
    return counts
