"""General corrections of the tagger's output (entities/rules.py) and propagation."""

from __future__ import annotations

import pytest

from khabar.entities.features import word_key
from khabar.entities.rules import bare, correct, propagate
from khabar.text.tokens import tokenize


def _run(text: str, tags: list[str]) -> list[str]:
    words = [t for _, _, t in tokenize(text)]
    assert len(words) == len(tags), words
    return correct(tags, [word_key(w) for w in words], [bare(w) for w in words])


@pytest.mark.parametrize(("text", "tags", "expected"), [
    # a curated organisation tagged as a person becomes one organisation
    ("نشرت وكالة ريا نوفوستي", ["O", "O", "B-PER", "I-PER"], ["O", "O", "B-ORG", "I-ORG"]),
    # an organisation at the end of a longer mention is cut off as its own
    ("بوتين لوكالة ريا نوفوستي", ["B-PER", "I-PER", "I-PER", "I-PER"],
     ["B-PER", "I-PER", "B-ORG", "I-ORG"]),
    # a curated organisation whose first word kept a proclitic letter («لبي» is a word)
    ("قال لبي بي سي", ["O", "B-PER", "I-PER", "I-PER"], ["O", "B-ORG", "I-ORG", "I-ORG"]),
    # function words trimmed at the start
    ("فإن كيم سيطلب", ["B-PER", "I-PER", "O"], ["O", "B-PER", "O"]),
    # «الراحل» (the late) is trimmed at the end
    ("والد كيم الراحل ،", ["O", "B-PER", "I-PER", "O"], ["O", "B-PER", "O", "O"]),
    # role nouns alone are no name
    ("تحدث مستشارو الأمن", ["O", "B-PER", "O"], ["O", "O", "O"]),
    ("قال الرئيس بوتين", ["O", "B-PER", "I-PER"], ["O", "B-PER", "I-PER"]),
    ("قال رئيسي", ["O", "B-PER"], ["O", "B-PER"]),
    ("وقال مؤسسها إن", ["O", "B-PER", "O"], ["O", "O", "O"]),
    ("وقال رئيسها", ["O", "B-PER"], ["O", "O"]),
    # place connectors
    ("في كومسومولسك أون أمور بأقصى", ["O", "B-LOC", "B-LOC", "O", "O"],
     ["O", "B-LOC", "I-LOC", "I-LOC", "O"]),
    ("روستوف أون دون", ["B-LOC", "O", "O"], ["B-LOC", "I-LOC", "I-LOC"]),
    ("روسيا أم أوكرانيا", ["B-LOC", "O", "B-LOC"], ["B-LOC", "O", "B-LOC"]),
    # «هو» before punctuation ends a name; a pronoun before a predicate does not
    ("كيم يونغ هو ، اليوم", ["B-PER", "I-PER", "O", "O", "O"],
     ["B-PER", "I-PER", "I-PER", "O", "O"]),
    ("كيم يونغ هو الذي", ["B-PER", "I-PER", "O", "O"], ["B-PER", "I-PER", "O", "O"]),
    # «إن» may end a Korean name
    ("مون جاي إن", ["B-PER", "I-PER", "I-PER"], ["B-PER", "I-PER", "I-PER"]),
])
def test_corrections(text: str, tags: list[str], expected: list[str]) -> None:
    assert _run(text, tags) == expected


def test_glued_names_are_split() -> None:
    text = "مانتوروف قال . كيم زار . كيم قال . رافق دينيس مانتوروف كيم"
    words = text.split()
    tags = ["O"] * len(words)
    for i, w in enumerate(words):
        if w in ("مانتوروف", "كيم"):
            tags[i] = "B-PER"
    tags[words.index("دينيس")] = "B-PER"
    glued = len(words) - 3
    tags[glued + 1] = "I-PER"
    tags[glued + 2] = "I-PER"
    out = _run(text, tags)
    assert out[glued:] == ["B-PER", "I-PER", "B-PER"]


def test_propagation_tags_repeated_names() -> None:
    text = "التقى كيم بوتين ثم غادر كيم وبوتين"
    keys = [word_key(t) for _, _, t in tokenize(text)]
    tags = ["O", "B-PER", "B-PER", "O", "O", "O", "O"]
    assert propagate(keys, tags) == ["O", "B-PER", "B-PER", "O", "O", "B-PER", "B-PER"]


def test_propagation_takes_the_commonest_type_then_the_first() -> None:
    # «بربري» tagged ORG twice and PER once: its untagged repetition is an organisation
    words = "باعت بربري ثم بربري و بربري ثم بربري".split()
    keys = [word_key(w) for w in words]
    tags = ["O", "B-ORG", "O", "B-PER", "O", "B-ORG", "O", "O"]
    assert propagate(keys, tags)[-1] == "B-ORG"
    # a tie: the type of the first tagged occurrence, whatever the order of a set's items
    tags = ["O", "B-PER", "O", "B-ORG", "O", "O", "O", "O"]
    assert propagate(keys, tags)[-1] == "B-PER"
    assert propagate(keys, tags)[5] == "B-PER"


def test_facility_noun_joins_the_place_after_it() -> None:
    from khabar.entities.rules import with_facility_nouns

    words = "قصفت الطائرات مخيم البريج ووصل إلى مطار بن غوريون".split()
    tags = ["O", "O", "O", "B-LOC", "O", "O", "O", "B-PER", "I-PER"]
    assert with_facility_nouns(words, tags) == [
        "O", "O", "B-LOC", "I-LOC", "O", "O", "B-LOC", "I-LOC", "I-LOC"]
    # «مدينة» is not one: «مدينة فاليرا» is reported as «فاليرا»
    assert with_facility_nouns(["مدينة", "فاليرا"], ["O", "B-LOC"]) == \
        ["O", "B-LOC"]
    # behind proclitics
    assert with_facility_nouns(["وبمطار", "بن", "غوريون"], ["O", "B-PER", "I-PER"]) == \
        ["B-LOC", "I-LOC", "I-LOC"]


@pytest.mark.parametrize(("text", "expected"), [
    ("قالت وزارة الصحة الفلسطينية اليوم", ["وزارة الصحة الفلسطينية"]),
    ("قصف الجيش الإسرائيلي المخيم", ["الجيش الإسرائيلي"]),
    ("وقال للجيش اللبناني", ["للجيش اللبناني"]),  # the token; the mention drops «لل»
    ("أعلنت مؤسسة النقد العربي السعودي", ["مؤسسة النقد العربي السعودي"]),
    ("وسلاح الجو الإسرائيلي", ["وسلاح الجو الإسرائيلي"]),
    # not names: a weapon, a bank with no adjective of affiliation, a visit, a description
    ("إن سلاح الاغتيالات خطر", []),
    ("قرر البنك المركزي", []),
    ("زار المصنع", []),
    ("نشرت وكالة الأنباء الروسية ريا نوفوستي", []),
    ('نقلتها وكالة الأنباء التركية الرسمية " الأناضول "', []),
    # a quotation after it is no name
    ('قال لوكالة الأنباء الفرنسية " نحن نأخذ الأطفال ونبعدهم عن المخدرات "',
     ["لوكالة الأنباء الفرنسية"]),
])
def test_institutions_named_by_what_they_do(text: str, expected: list[str]) -> None:
    from khabar.entities.rules import with_institutions
    from khabar.entities.scoring import chunks

    words = [bare(t) for _, _, t in tokenize(text)]
    tags = ["O"] * len(words)
    if "ريا" in words:
        i = words.index("ريا")
        tags[i:i + 2] = ["B-ORG", "I-ORG"]
    found = sorted(c for c in chunks(with_institutions(words, tags)) if c[0] == "ORG"
                   and "ريا" not in words[c[1]:c[2]])
    assert [" ".join(words[a:b]) for _, a, b in found] == expected
