"""Clitic analysis: proclitics and pronoun suffixes as exact sub-spans of their token."""

from __future__ import annotations

import gzip

import pytest

from khabar.model import Token
from khabar.text.clitics import analyze_token, analyze_word, unsplittable, word_counts
from khabar.text.lexicons import load_lines, resource_bytes
from khabar.text.normalize import fold

# word → (prefixes, stem, suffixes)
SPLITS = [
    ("وبوتين", ["و"], "بوتين", []),
    ("لبوتين", ["ل"], "بوتين", []),
    ("لروسيا", ["ل"], "روسيا", []),
    ("بالدعم", ["ب", "ال"], "دعم", []),
    ("والولايات", ["و", "ال"], "ولايات", []),
    ("للولايات", ["ل", "ل"], "ولايات", []),  # ل + the article with its alef elided
    ("وسيقوم", ["و", "س"], "يقوم", []),
    ("بلداننا", [], "بلدان", ["نا"]),
    ("وبالدعم", ["و", "ب", "ال"], "دعم", []),
    ("فقال", ["ف"], "قال", []),
    ("وقال", ["و"], "قال", []),
    ("وأضاف", ["و"], "أضاف", []),
    ("كالعادة", ["ك", "ال"], "عادة", []),
    ("ولروسيا", ["و", "ل"], "روسيا", []),
    ("بلادنا", [], "بلاد", ["نا"]),
    ("إننا", [], "إن", ["نا"]),
    ("لجهودها", ["ل"], "جهود", ["ها"]),
    ("حكومتها", [], "حكومت", ["ها"]),  # ة written ت before a suffix
    ("بزيارته", ["ب"], "زيارت", ["ه"]),
    ("وأمنها", ["و"], "أمن", ["ها"]),
    ("منها", [], "من", ["ها"]),
    ("له", [], "ل", ["ه"]),  # a preposition with a pronoun: the preposition is the stem
    ("بها", [], "ب", ["ها"]),
    ("ولهم", ["و"], "ل", ["هم"]),
    ("الكوري", ["ال"], "كوري", []),
    ("الشمالية", ["ال"], "شمالية", []),
    ("التعاون", ["ال"], "تعاون", []),
    ("الالتزام", ["ال"], "التزام", []),
    ("سأقوم", ["س"], "أقوم", []),
    ("وَبُوتِين", ["وَ"], "بُوتِين", []),  # diacritics stay with their letter
    ("والـــولايات", ["و", "الـــ"], "ولايات", []),  # tatweel stays with its letter
    ("ـوقال", ["ـو"], "قال", []),  # a stray leading tatweel goes with the first piece
]

WHOLE = ["وزير", "وزارة", "فرنسا", "فلاديمير", "بريطانيا", "بلغاريا", "لبنان", "ليبيا", "كوريا",
         "كندا", "بيان", "بكين", "التقى", "التزم", "التزام", "ألمانيا", "المانيا", "الغاء",
         "إيران", "كان", "واحد", "مدينة", "بنك", "الله", "الذي", "التي", "وصل", "ولد", "فقط",
         "بعد", "بين", "لكن", "كما", "سيارة", "سياسة", "كيم", "ولي", "فكرة", "إلى", "الآن",
         "ثمنا", "زمنا", "مدينه", "Kim", "2023", "،", "ب", "في"]


def _parts(token: Token) -> tuple[list[str], str, list[str]]:
    return ([p.text for p in token.prefixes], token.stem.text, [s.text for s in token.suffixes])


@pytest.mark.parametrize("word,prefixes,stem,suffixes", SPLITS, ids=[s[0] for s in SPLITS])
def test_split(word: str, prefixes: list[str], stem: str, suffixes: list[str]) -> None:
    token = analyze_token(word, 0)
    assert _parts(token) == (prefixes, stem, suffixes)


@pytest.mark.parametrize("word,prefixes,stem,suffixes", SPLITS, ids=[s[0] for s in SPLITS])
def test_split_offsets_are_exact(word: str, prefixes: list[str], stem: str,
                                 suffixes: list[str]) -> None:
    text = f"قال إن {word}، ثم"
    start = text.index(word)
    token = analyze_token(word, start)
    assert (token.start, token.end, token.text) == (start, start + len(word), word)
    pieces = [*token.prefixes, token.stem, *token.suffixes]
    for piece in pieces:
        assert text[piece.start:piece.end] == piece.text
    # The sub-spans tile the token: no gap, no overlap.
    assert pieces[0].start == token.start and pieces[-1].end == token.end
    assert all(a.end == b.start for a, b in zip(pieces, pieces[1:], strict=False))


@pytest.mark.parametrize("word", WHOLE)
def test_not_split(word: str) -> None:
    token = analyze_token(word, 5)
    assert _parts(token) == ([], word, [])
    assert (token.stem.start, token.stem.end) == (5, 5 + len(word))
    assert analyze_word(word) is None


def test_reference_article_stems(example_text: str) -> None:
    import khabar

    doc = khabar.analyze(example_text, published="2023-09-15")
    stems = {t.text: t.stem.text for t in doc.tokens}
    assert stems["وبوتين"] == "بوتين"
    assert stems["لبوتين"] == "بوتين"
    assert stems["بالدعم"] == "دعم"
    assert stems["بلداننا"] == "بلدان"
    assert stems["التقى"] == "التقى"
    assert stems["للولايات"] == "ولايات"


def test_word_frequency_rows_all_load() -> None:
    raw = gzip.decompress(resource_bytes("word_frequencies.tsv.gz")).decode("utf-8")
    rows = [line.split("\t") for line in raw.splitlines() if not line.startswith("#")]
    assert len(rows) > 100_000
    for word, count in rows:
        assert word and all("\u0621" <= ch <= "\u064a" for ch in word), word
        assert int(count) >= 3
    counts = word_counts()
    assert len(counts) == len(rows)
    assert counts["بوتين"] > counts["وبوتين"] > 0


def test_exception_rows_all_load() -> None:
    rows = load_lines("clitic_exceptions.txt")
    assert len(rows) > 20
    assert all(" " not in row for row in rows)
    assert unsplittable() == frozenset(fold(row) for row in rows)


def test_token_stage_equals_analyze_token(example_text: str) -> None:
    from khabar.model import Sentence
    from khabar.text.sentences import split_sentences
    from khabar.text.stages import tokens_of

    text = example_text + "\nقَالَ ﻻ وَبُوتِين Su-57 ٢٠٢٣ «نعم»."
    sentences = [Sentence(a, b) for a, b in split_sentences(text)]
    tokens = tokens_of(text, sentences)
    assert len(tokens) > 900
    assert list(tokens) == [analyze_token(t.text, t.start) for t in tokens]
    assert all(type(t) is Token and hash(t) == hash(analyze_token(t.text, t.start))
               for t in tokens[:50])
