"""Every row of the NER gazetteers, word lists, clusters and counts loads."""

from __future__ import annotations

import pytest

from khabar.entities import lexicons
from khabar.entities.lexicons import clusters, gazetteer_phrases, role_nouns, word_counts, word_sets
from khabar.entities.tagger import load_tagger
from khabar.text.lexicons import load_lines
from khabar.text.normalize import fold


@pytest.mark.parametrize("file", [*lexicons.WORD_LISTS.values(), *lexicons.PHRASE_LISTS,
                                  "entities/function_words.txt",
                                  "entities/place_connectors.txt"])
def test_every_row_loads(file: str) -> None:
    rows = load_lines(file)
    assert rows
    for row in rows:
        assert row == row.strip() and "\t" not in row
        assert any("\u0621" <= ch <= "\u064a" for ch in row), row


def test_loaded_tables() -> None:
    assert len(clusters()) > 10_000
    assert all(len(ids) >= 3 and all(i.isdigit() for i in ids) for ids in clusters().values())
    assert word_counts()["روسيا"] > 100
    phrases, longest = gazetteer_phrases()
    assert phrases[("ولايات", "متحده")] == "LOC" and longest >= 3
    assert fold("رئيس") in role_nouns() and "حاكم" in word_sets()["role"]


def test_model_loads_once() -> None:
    assert load_tagger() is load_tagger()
    assert "B-PER" in load_tagger().labels()
