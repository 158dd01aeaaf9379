"""The normalised view: each folding of resources/normalization.tsv, and the offset map."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.text.lexicons import load_tsv
from khabar.text.normalize import fold, fold_light, folding_table, normalize

FOLDINGS = [
    # (what, original, view)
    ("alef with hamza above", "أحمد", "احمد"),
    ("alef with hamza below", "إيران", "ايران"),
    ("alef with madda", "آسيا", "اسيا"),
    ("alef wasla", "ٱلله", "الله"),
    ("alef maqsura", "مستشفى", "مستشفي"),
    ("ta marbuta", "مدينة", "مدينه"),
    ("waw with hamza", "مؤتمر", "موتمر"),
    ("ya with hamza", "رئيس", "رييس"),
    ("Persian ya and kaf", "یک", "يك"),
    ("fatha, sukun, damma, kasra", "مَدْرَسِةُ", "مدرسه"),
    ("tanwin and shadda", "شكرًا جدًّا", "شكرا جدا"),
    ("superscript alef", "هٰذا", "هذا"),
    ("tatweel", "كـــبير", "كبير"),
    ("Arabic-Indic digits", "٢٠٢٣", "2023"),
    ("Persian digits", "۱۴۰۲", "1402"),
    ("Arabic decimal separator", "١٫٥", "1.5"),
    ("lam-alef ligature", "\ufefb", "لا"),
    ("Allah ligature", "\ufdf2", "الله"),
    ("isolated and final presentation forms", "\ufedb\ufe8e\ufee6", "كان"),
    ("right-to-left mark", "كيم\u200fجونغ", "كيمجونغ"),
    ("left-to-right mark", "Su\u200e-57", "Su-57"),
    ("embedding and override", "\u202bنص\u202c \u202eنص\u202c", "نص نص"),
    ("isolates", "\u2067بوتين\u2069", "بوتين"),
    ("zero-width joiner and non-joiner", "ب\u200dو\u200cت", "بوت"),
    ("zero-width space", "كيم\u200bجونغ", "كيمجونغ"),
    ("soft hyphen", "Wash\u00adington", "Washington"),
    ("Latin untouched", "Kim Jong Un", "Kim Jong Un"),
]


@pytest.mark.parametrize("what,original,view", FOLDINGS, ids=[f[0] for f in FOLDINGS])
def test_folding(what: str, original: str, view: str) -> None:
    assert fold(original) == view
    assert normalize(original).text == view


@pytest.mark.parametrize("what,original,view", FOLDINGS, ids=[f[0] for f in FOLDINGS])
def test_every_view_index_maps_back(what: str, original: str, view: str) -> None:
    normalized = normalize(original)
    for i, char in enumerate(normalized.text):
        source = normalized.to_original(i)
        assert 0 <= source < len(original)
        assert char in fold(original[source]), (i, char, original[source])
    assert normalized.to_original(len(normalized.text)) == len(original)
    start, end = normalized.span_to_original(0, len(normalized.text))
    assert fold(original[start:end]) == view


def test_fold_of_long_text_equals_translate() -> None:
    # fold() switches to str.replace scans on long texts: same result as the short path.
    text = "".join(f[1] for f in FOLDINGS) * 5
    assert len(text) > 64
    assert fold(text) == "".join(fold(ch) for ch in text)


def test_one_for_one_foldings_keep_offsets() -> None:
    view = normalize("أحمد إلى مدينة ٢٠٢٣")
    assert view.breaks == ()  # identity map: nothing dropped or expanded
    assert view.span_to_original(5, 8) == (5, 8)
    assert view.starts is None


def test_dropped_marks_shift_the_map() -> None:
    text = "قَالَ بُوتِين"
    view = normalize(text)
    assert view.text == "قال بوتين"
    start, end = view.span_to_original(4, 9)
    assert text[start:end] == "بُوتِين"


def test_light_fold_keeps_spelling() -> None:
    assert fold_light("إِلَى مدرسةٍ كـبرى ٢٠٢٣") == "إلى مدرسة كبرى 2023"
    assert len(fold_light("أَحْمَد")) == len(normalize("أَحْمَد").text)


def test_table_rows_all_load() -> None:
    rows = load_tsv("normalization.tsv")
    assert len(rows) > 80
    table = folding_table()
    for row in rows:
        assert row[0].startswith("U+"), row
        char = chr(int(row[0][2:], 16))
        replacement = "".join(chr(int(cp[2:], 16)) for cp in row[1].split())
        assert table[char] == replacement, row
        assert len(row) < 4 or row[3] == "spelling", row
    light = folding_table(light=True)
    assert "أ" not in light and "ة" not in light and "\u064e" in light


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(
    "ابتأإآىةؤئ ًٌٍَُِّْـ٠١٢\u200f\u200d\ufefb\ufdf2 abc"), max_size=40),
    st.integers(0, 40), st.integers(0, 40))
def test_view_spans_cover_their_original(text: str, a: int, b: int) -> None:
    view = normalize(text)
    start, end = sorted((min(a, len(view.text)), min(b, len(view.text))))
    o_start, o_end = view.span_to_original(start, end)
    assert 0 <= o_start <= o_end <= len(text)
    assert view.text[start:end] in fold(text[o_start:o_end])
