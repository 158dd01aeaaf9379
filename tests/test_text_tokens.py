"""Tokenisation: words, Latin, model numbers, numbers with separators, punctuation."""

from __future__ import annotations

import pytest

from khabar.text.tokens import token_kind, tokenize

CASES = [
    ("Arabic words and punctuation", "قال بوتين: نعم، لا.", ["قال", "بوتين", ":", "نعم", "،", "لا", "."]),
    ("clitics stay in the word", "وبوتين لروسيا بالدعم", ["وبوتين", "لروسيا", "بالدعم"]),
    ("Latin words", "Sukhoi SJ-100 and Kim's plane", ["Sukhoi", "SJ-100", "and", "Kim's", "plane"]),
    ("model numbers", "Su-57 وسو-57 وMiG-29K", ["Su-57", "وسو-57", "و", "MiG-29K"]),
    ("decimal", "نمو 1.5 بالمئة", ["نمو", "1.5", "بالمئة"]),
    ("Arabic-Indic year", "عام ٢٠٢٣م", ["عام", "٢٠٢٣", "م"]),
    ("date with slashes", "في 15/9/2023.", ["في", "15/9/2023", "."]),
    ("Arabic-Indic date", "في ١٥/٩/٢٠٢٣", ["في", "١٥/٩/٢٠٢٣"]),
    ("clock time", "الساعة 10:30 صباحا", ["الساعة", "10:30", "صباحا"]),
    ("thousands and percent", "1,000 و50% و٥٠٪", ["1,000", "و", "50%", "و", "٥٠٪"]),
    ("Latin words hold digits", "A320 وG20", ["A320", "و", "G20"]),
    ("Arabic decimal separator", "٣٫٥ مليون", ["٣٫٥", "مليون"]),
    ("ISO date", "2023-09-15", ["2023-09-15"]),
    ("quotes and brackets", "«نعم» (كوريا) “لا”", ["«", "نعم", "»", "(", "كوريا", ")", "“", "لا", "”"]),
    ("diacritics and tatweel inside", "قَالَ كـــبير", ["قَالَ", "كـــبير"]),
    ("joiners inside", "ب\u200cو", ["ب\u200cو"]),
    ("question and exclamation", "لماذا؟!", ["لماذا", "؟", "!"]),
    ("web address", "انظر https://arabic.cnn.com/a?b=1. الآن",
     ["انظر", "https://arabic.cnn.com/a?b=1", ".", "الآن"]),
    ("emoji", "رائع 👍🏽", ["رائع", "👍", "🏽"]),
    ("hyphenated name is split", "كيم-جونغ", ["كيم", "-", "جونغ"]),
]


@pytest.mark.parametrize("what,text,expected", CASES, ids=[c[0] for c in CASES])
def test_tokens(what: str, text: str, expected: list[str]) -> None:
    tokens = list(tokenize(text))
    assert [t for _, _, t in tokens] == expected
    assert all(text[a:b] == t for a, b, t in tokens)


def test_tokenize_a_slice_keeps_offsets() -> None:
    text = "أول جملة. ثاني جملة."
    tokens = list(tokenize(text, 10, len(text)))
    assert [t for _, _, t in tokens] == ["ثاني", "جملة", "."]
    assert tokens[0][0] == 10


@pytest.mark.parametrize("token,kind", [
    ("Su-57", "model"), ("سو-57", "model"), ("SJ-100", "model"), ("1.5", "number"),
    ("٢٠٢٣", "number"), ("15/9/2023", "number"), ("10:30", "number"), ("بوتين", "word"),
    ("Kim", "word"), ("،", "other"), ("https://x.org/a", "url"), ("", "other"),
])
def test_token_kind(token: str, kind: str) -> None:
    assert token_kind(token) == kind
