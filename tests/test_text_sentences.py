"""Sentence splitting of news prose: end marks, paragraphs, abbreviations, quotations."""

from __future__ import annotations

import pytest

from khabar.text.lexicons import load_lines
from khabar.text.normalize import fold
from khabar.text.sentences import abbreviations, continuers, split_sentences

CASES = [
    ("full stop", "وصل كيم. ثم غادر.", ["وصل كيم.", "ثم غادر."]),
    ("Arabic question mark", "هل انتهى؟ نعم.", ["هل انتهى؟", "نعم."]),
    ("exclamation", "انتهى! وبدأ غيره.", ["انتهى!", "وبدأ غيره."]),
    ("ellipsis", "انتظر… ثم تكلم.", ["انتظر…", "ثم تكلم."]),
    ("?! together", "حقا؟! لا أصدق.", ["حقا؟!", "لا أصدق."]),
    ("paragraph break without a mark", "السطر الأول\nالسطر الثاني",
     ["السطر الأول", "السطر الثاني"]),
    ("blank lines and spaces", "  أول.  \n\n\n  ثان.  ", ["أول.", "ثان."]),
    ("abbreviation د.", "قال د. أحمد إن الوضع صعب. ثم غادر.",
     ["قال د. أحمد إن الوضع صعب.", "ثم غادر."]),
    ("Arabic initial", "التقى ج. بايدن بالرئيس. وانتهى.", ["التقى ج. بايدن بالرئيس.", "وانتهى."]),
    ("dotted letters أ.د.", "حضر أ.د. محمد علي. وغادر.", ["حضر أ.د. محمد علي.", "وغادر."]),
    ("Latin initials", "J. Biden met U.S. officials. Then left.",
     ["J. Biden met U.S. officials.", "Then left."]),
    ("Latin abbreviation", "Dr. Smith spoke. Then left.", ["Dr. Smith spoke.", "Then left."]),
    ("decimal number", "ارتفع 3.5 بالمئة. وانخفض.", ["ارتفع 3.5 بالمئة.", "وانخفض."]),
    ("no space after the mark", "انتهى.وبدأ غيره", ["انتهى.", "وبدأ غيره"]),
    ("Arabic web name", "قال لموقع العربية.نت إنه جاء.", ["قال لموقع العربية.نت إنه جاء."]),
    ("quotation that continues «»", "قال: «جئنا لهذا. يظهر اهتماما». ثم غادر.",
     ["قال: «جئنا لهذا. يظهر اهتماما».", "ثم غادر."]),
    ("quotation that continues “”", "قال: “نعم. لا”. ثم غادر.", ["قال: “نعم. لا”.", "ثم غادر."]),
    ("mirrored curly quotes ”“", "قال: ”نعم. لا“. ثم غادر.", ["قال: ”نعم. لا“.", "ثم غادر."]),
    ("straight quotes", 'قال: "نعم. لا". ثم غادر.', ['قال: "نعم. لا".', "ثم غادر."]),
    ("closing quote after the mark", "قال: «انتهى.» ثم غادر.", ["قال: «انتهى.»", "ثم غادر."]),
    ("quotation open at paragraph end", "قال: «نعم.\nوهذا» ثم", ["قال: «نعم.", "وهذا» ثم"]),
    ("attribution after the quotation", "«هل انتهى؟» تساءل الوزير. ثم غادر.",
     ["«هل انتهى؟» تساءل الوزير.", "ثم غادر."]),
    ("وقال after a closing quote", "«نعم.» وقال آخر: لا.", ["«نعم.» وقال آخر: لا."]),
    ("other words after a closing quote", "«نعم.» ثم غادر.", ["«نعم.»", "ثم غادر."]),
    ("empty", "", []),
    ("only space", " \n\t ", []),
]


@pytest.mark.parametrize("what,text,expected", CASES, ids=[c[0] for c in CASES])
def test_sentences(what: str, text: str, expected: list[str]) -> None:
    spans = list(split_sentences(text))
    assert [text[a:b] for a, b in spans] == expected
    assert all(0 <= a < b <= len(text) for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))


def test_reference_article_two_paragraph_quotes(example_text: str) -> None:
    sentences = [example_text[a:b] for a, b in split_sentences(example_text)]
    # A quotation with a full stop inside stays one sentence.
    assert any(s.startswith("وردا على سؤال") and "جئنا إلى هنا. يُظهر" in s for s in sentences)
    # Each paragraph of a two-paragraph quotation is its own sentence, never cut inside.
    first = next(s for s in sentences if s.startswith("وقال: “لقد حارب"))
    assert first.endswith("الضغوط الغربية”.")
    assert "“أنا متأكد من أن بلداننا ستواصل التمسك بمُثُل الحرية والعالم متعدد الأقطاب من " \
           "خلال جهودنا المشتركة.”" in sentences
    assert len(sentences) == 36


def test_abbreviation_rows_all_load() -> None:
    rows = load_lines("abbreviations.txt")
    assert rows and all(" " not in row and not row.endswith(".") for row in rows)
    assert abbreviations() == frozenset(rows)


def test_continuer_rows_all_load() -> None:
    rows = load_lines("sentence_continuers.txt")
    assert len(rows) > 10 and all(" " not in row for row in rows)
    assert continuers() == frozenset(fold(row) for row in rows)


@pytest.mark.parametrize("text", [
    "«" + "كلمة. " * 50_000,  # a quotation never closed, 50,000 candidate breaks
    "ب." * 100_000,  # dots without spaces
    "x" * 200_000 + ". آخر.",  # one very long word
], ids=["unclosed quotation", "dotted run", "long word"])
def test_adversarial_paragraphs_are_split_in_one_pass(text: str) -> None:
    spans = list(split_sentences(text))
    assert spans and all(0 <= a < b <= len(text) for a, b in spans)
