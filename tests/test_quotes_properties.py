"""Quotes invariants as properties: exact spans, never a crash, whatever the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khabar.model import check_offsets
from khabar.pipeline import Pipeline, build_pipeline

_PIPE: Pipeline | None = None

PIECES = ["قال", "وقالت", "إن", "أن", "بأن", ":", "«", "»", "“", "”", '"', "„", "‹", "›", "،",
          ".", "\n", " ", "بوتين", "الخبراء", "وحذروا", "من", "حسبما", "صرح", "بحسب", "وفقا",
          "لبيان", "على الأرجح", "قد", "يرغب", "مشيرا إلى", "\u200f", "\u200d", "ـ", "ً", "٢٠٢٣",
          "Putin said", "😀", "\t", "؟", "كما", "أعربوا عن", "في بيان", "الخميس"]


def pipe() -> Pipeline:
    global _PIPE
    if _PIPE is None:
        _PIPE = build_pipeline(["khabar.text.stages:SentenceStage",
                                "khabar.text.stages:TokenStage", "khabar.quotes.stage:QuoteStage"])
    return _PIPE


def _check(text: str) -> None:
    if not text.strip():
        return
    doc = pipe()(text)
    assert check_offsets(doc) == []
    assert [q.id for q in doc.quotes] == [f"Q{i}" for i in range(1, len(doc.quotes) + 1)]
    for quote in doc.quotes:
        assert quote.kind in ("direct", "indirect", "mixed")
        assert quote.end > quote.start
        assert quote.text == text[quote.start:quote.end]
        assert quote.text == quote.text.strip()
        if quote.speaker is not None:
            assert quote.speaker.kind in ("name", "role", "group", "pronoun")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join))
def test_news_like_input_gives_exact_spans(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_glued_pieces_never_crash(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_unicode_never_crashes(text: str) -> None:
    _check(text)


def test_article_without_quotes_gives_an_empty_list() -> None:
    doc = pipe()("زار الرئيس المصنع وشاهد الطائرات.\nثم عاد إلى العاصمة.")
    assert doc.quotes == ()
    assert "quotes" in doc.layers
