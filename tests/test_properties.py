"""Invariants of DESIGN.md as hypothesis properties, over ``khabar.analyze`` and every layer.

Any Unicode text gives a Document or a typed KhabarError; every span of every layer is
``text[start:end]`` of the text as received and nests in its sentence (clitic sub-spans
tile their token); the JSON form round-trips to an equal Document. The later stages
(entities, quotes, times) are covered as they join the default pipeline.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import khabar
from khabar.errors import KhabarError
from khabar.model import Document, check_offsets, iter_spans

ARABIC = [chr(c) for c in range(0x0621, 0x064B)]
MARKS = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0670", "\u0640"]
DIGITS = list("0123456789٠١٢٣٤٥٦٧٨٩۱۲۳")
PUNCTUATION = list(".،؛؟!…:«»“”\"'()[]-/%٪٫") + [" ", " ", " ", "\n", "\n\n", "\t", "\r\n"]
INVISIBLE = ["\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
             "\u2067", "\u2068", "\u2069", "\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"]
OTHER = list("abcXYZéßж中") + ["👍", "🏽", "👨\u200d👩\u200d👧", "\ufefb", "\ufdf2", "\ufe8d",
                                 "\ufb50", "\U0001d400"]
WORDS = ["قال", "وقال", "وقالت", "إن", "أن", "بوتين", "وبوتين", "لروسيا", "بالدعم", "للولايات",
         "كيم", "جونغ", "أون", "الرئيس", "المتحدث", "باسم", "الكرملين", "وزير", "الخارجية",
         "الجمعة", "أمس", "اليوم", "العام", "الماضي", "الشهر", "المقبل", "سبتمبر", "2023",
         "١٥", "وفقا", "لبيان", "على", "الأرجح", "قد", "يتوقع", "خبراء", "أكد", "أشار", "إلى",
         "د.", "Su-57", "15/9/2023", "10:30", "«", "»", "“", "”", ":", ".", "،", "\n"]

PIECES = st.sampled_from(ARABIC * 4 + MARKS + DIGITS + PUNCTUATION * 2 + INVISIBLE + OTHER)


def pieces(max_size: int) -> st.SearchStrategy[str]:
    return st.lists(PIECES, max_size=max_size).map("".join)


TEXTS = st.one_of(
    pieces(120),
    st.lists(st.one_of(st.sampled_from(WORDS), pieces(4)), max_size=40).map(" ".join),
    st.lists(st.sampled_from(WORDS + PUNCTUATION + INVISIBLE + MARKS), max_size=60)
    .map("".join),
    st.text(max_size=80),  # any Unicode scalar value
)

#: Layers whose spans must lie inside one sentence.
IN_SENTENCE = {"token", "clitic", "mention", "role", "time", "cue", "hedge"}


def _sentence_of(doc: Document, start: int, end: int) -> bool:
    return any(s.start <= start and end <= s.end for s in doc.sentences)


def check_document(doc: Document, text: str) -> None:
    assert doc.text == text
    assert check_offsets(doc) == []
    for layer, start, end, claimed in iter_spans(doc):
        assert 0 <= start <= end <= len(text), (layer, start, end)
        if claimed is not None:
            assert text[start:end] == claimed, (layer, start, end, claimed)
        if layer in IN_SENTENCE:
            assert _sentence_of(doc, start, end), (layer, start, end, text[start:end])
    previous = 0
    for sent in doc.sentences:
        assert previous <= sent.start < sent.end <= len(text)
        assert not text[sent.start].isspace() and not text[sent.end - 1].isspace()
        previous = sent.end
    for token in doc.tokens:
        pieces = [*token.prefixes, token.stem, *token.suffixes]
        assert pieces[0].start == token.start and pieces[-1].end == token.end
        assert all(a.end == b.start for a, b in zip(pieces, pieces[1:], strict=False))
        assert all(p.start < p.end for p in token.prefixes + token.suffixes)
    for quote in doc.quotes:
        assert _sentence_of(doc, quote.start, quote.start + 1) or quote.start == quote.end
    # The JSON contract round-trips, through real JSON text, to an equal Document.
    data = json.loads(json.dumps(doc.to_json(tokens=True), ensure_ascii=False))
    again = Document.from_json(data)
    assert again == doc
    assert again.tokens == doc.tokens


@settings(max_examples=2000, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(TEXTS, st.sampled_from([None, "2023-09-15"]))
def test_any_text_gives_a_document_or_a_typed_error(text: str, published: str | None) -> None:
    try:
        doc = khabar.analyze(text, published=published)
    except KhabarError:
        assert not text.strip() or len(text) > 10_000_000
        return
    check_document(doc, text)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010), min_size=1,
               max_size=20), pieces(30))
def test_lone_surrogates_never_crash(odd: str, arabic: str) -> None:
    text = arabic + odd + arabic
    try:
        doc = khabar.analyze(text)
    except KhabarError:
        return
    check_document(doc, text)


def test_reference_article_holds_the_invariants(example_text: str) -> None:
    check_document(khabar.analyze(example_text, published="2023-09-15"), example_text)
