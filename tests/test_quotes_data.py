"""Quotes lexicons (every row loads and means something) and the reference article (golden)."""

from __future__ import annotations

import json

import pytest
from tests.conftest import shared_path

from khabar.pipeline import build_pipeline
from khabar.quotes import lexicon as lx
from khabar.text.lexicons import load_lines, load_tsv
from khabar.text.normalize import fold

LINE_FILES = ["complementisers.txt", "title_nouns.txt", "post_markers.txt", "source_nouns.txt", "channel_nouns.txt",
              "hedges.txt", "group_nouns.txt", "role_nouns.txt", "speaker_stops.txt",
              "outlets.txt", "impersonal.txt", "time_adjuncts.txt", "not_cues.txt"]


@pytest.mark.parametrize("name", LINE_FILES)
def test_every_line_file_loads(name: str) -> None:
    lines = load_lines("quotes/" + name)
    assert lines, name
    assert all(line == line.strip() and "\t" not in line for line in lines)
    assert len(lx.folded_lines(name)) == len({fold(line) for line in lines})


def test_every_speech_verb_row_loads_and_is_found() -> None:
    rows = load_tsv("quotes/speech_verbs.tsv")
    assert len(rows) > 50
    for row in rows:
        past, imperfect, participle, preps, cls = row[:5]
        assert cls in ("say", "belief", "relay"), row
        form = lx.speech_form(past)
        if fold(past) in lx.folded_lines("not_cues.txt"):
            continue  # «بين» is «between»: only its other forms are cues
        assert form is not None and form.cls == cls, row
        if imperfect != "-":
            assert lx.speech_form(imperfect) is not None, row
        if participle != "-":
            assert lx.speech_form(participle + "ا") is not None and lx.speech_form(
                participle + "ة") is not None, row
        for prep in preps.split(","):
            assert prep in ("-", "=") or prep.rstrip("+!") in ("إلى", "على", "عن", "من", "ب", "في")


FORMS = [
    ("قال", "m", "sg"), ("قالت", "f", "sg"), ("قالوا", "m", "pl"), ("وقالوا", "m", "pl"),
    ("يقول", "m", "sg"), ("تقول", "f", "sg"), ("يقولون", "m", "pl"), ("فقال", "m", "sg"),
    ("وحذروا", "m", "pl"), ("وأضافت", "f", "sg"), ("مشيرة", "f", "sg"), ("مضيفًا", "m", "sg"),
    ("نفت", "f", "sg"), ("دعوا", "m", "pl"), ("يرون", "m", "pl"), ("أكّدت", "f", "sg"),
    ("وصرّح", "m", "sg"), ("قائلين", "m", "pl"),
]


@pytest.mark.parametrize(("word", "gender", "number"), FORMS)
def test_speech_verb_forms_carry_agreement(word: str, gender: str, number: str) -> None:
    form = lx.speech_form(word)
    assert form is not None
    assert (form.gender, form.number) == (gender, number)


@pytest.mark.parametrize("word", ["إشارة", "المتحدث", "الحاكم", "وزير", "أري", "كاتب", "بين",
                                  "تبين", "مغردون", "مؤكد"])
def test_not_speech_verbs(word: str) -> None:
    assert lx.speech_form(word) is None


@pytest.mark.parametrize(("word", "group", "role"), [
    ("الخبراء", True, False), ("مسؤولون", True, False), ("وآخرون", True, False),
    ("الحاكم", False, True), ("المتحدث", False, True), ("بوتين", False, False),
])
def test_group_and_role_nouns(word: str, group: bool, role: bool) -> None:
    assert (lx.is_group_noun(word), lx.is_role_noun(word)) == (group, role)


# -- the reference article ------------------------------------------------------------------
EXPECTED = [
    # (cue, kind, speaker contains, content starts with, hedge or None, source or None)
    ("وقال", "indirect", "ديجتياريف", "والد كيم الراحل", None, None),
    ("وقال", "direct", "ديجتياريف", "لقد حارب آباؤنا", None, None),
    (None, "direct", "ديجتياريف", "أنا متأكد من أن بلداننا", None, None),
    ("وقال", "direct", "مانتوروف", "لقد عرضنا أحد مصانع", None, "البيان"),
    ("صرح", "indirect", "بوتين", "ومن المقرر أن يسافر كيم", None, "وسائل الإعلام الروسية"),
    ("ويقول", "indirect", "الخبراء", "مقابل مساعدة بوتين", None, None),
    ("وتتوقع", "indirect", "حكومات وخبراء أجانب", "يقوم كيم على الأرجح", "على الأرجح", None),
    ("قال", "direct", "بوتين", "لهذا السبب جئنا إلى هنا", None, None),
    ("ويقول", "indirect", "خبراء أجانب", "بوتين، من جانبه، قد يرغب", "قد", None),
    ("وقال", "indirect", "مسؤولون كوريون جنوبيون", "الأسلحة الكورية الشمالية", None, None),
    ("وأعربوا", "mixed", "مستشارو الأمن القومي", "مخاوف جدية", None, None),
    ("وحذروا", "mixed", "مستشارو الأمن القومي", "روسيا وكوريا الشمالية “ستدفعان", None,
     "مكتب الرئاسي في كوريا الجنوبية"),
    ("وقال", "indirect", "البيت الأبيض", "مستشاري الأمن القومي الثلاثة", None, None),
    ("يقولون", "indirect", "آخرين", "روسيا ستفعل ذلك", None, None),
    ("وقال", "mixed", "بوتين", "روسيا وكوريا الشمالية لديهما “الكثير", None, "للصحفيين"),
    ("واكتفى بالقول", "indirect", "بوتين", "روسيا ملتزمة بالعقوبات", None, None),
    ("وقال", "indirect", "بيسكوف", "بوتين قبل الدعوة", None, None),
    ("تعهد", "mixed", "كيم", "بالدعم الكامل وغير المشروط", None, None),
]


@pytest.fixture(scope="module")
def reference(example_text: str):  # type: ignore[no-untyped-def]
    stages = ["khabar.text.stages:SentenceStage", "khabar.text.stages:TokenStage",
              "khabar.quotes.stage:QuoteStage"]
    return build_pipeline(stages)(example_text, published="2023-09-15")


@pytest.mark.parametrize(("cue", "kind", "speaker", "content", "hedge", "source"), EXPECTED)
def test_reference_article(reference, cue: str | None, kind: str, speaker: str, content: str,
                           hedge: str | None, source: str | None) -> None:
    quote = next((q for q in reference.quotes if q.text.startswith(content)), None)
    assert quote is not None, f"no quote starting {content!r}"
    assert (quote.cue.text if quote.cue else None) == cue
    assert quote.kind == kind
    assert quote.speaker is not None and speaker in quote.speaker.text
    assert (quote.hedge.text if quote.hedge else None) == hedge
    if source is not None:
        assert quote.source is not None and quote.source.text.endswith(source)


def test_reference_article_quote_mark_content_is_exact(reference) -> None:
    text = reference.text
    for quote in reference.quotes:
        assert text[quote.start:quote.end] == quote.text
        if quote.kind == "direct":
            assert text[quote.start - 1] in "“«\"" or text[quote.start - 2] in "“«\""
    assert len(reference.quotes) >= len(EXPECTED)


def test_gold_dev_articles_all_analyse(reference) -> None:
    path = shared_path("data", "gold", "dev.jsonl")
    stages = ["khabar.text.stages:SentenceStage", "khabar.text.stages:TokenStage",
              "khabar.quotes.stage:QuoteStage"]
    pipe = build_pipeline(stages)
    found = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        doc = pipe(article["text"], published=article.get("published"))
        found += len(doc.quotes)
        for quote in doc.quotes:
            assert doc.text[quote.start:quote.end] == quote.text
    assert found > 100


def test_every_attribution_cue_row_loads() -> None:
    rows = load_tsv("quotes/according.tsv")
    assert rows
    cues = lx.according_cues()
    for row in rows:
        assert row[1].strip() in ("any", "post"), row
        assert tuple(fold(row[0].strip()).split()) in cues


@pytest.mark.parametrize("text", ["بحسب النائب", "ووفقا لبيان", "نقلا عن مصادر"])
def test_attribution_cues_are_found(text: str) -> None:
    from khabar.pipeline import build_pipeline as build
    from khabar.quotes.clauses import according_at
    from khabar.quotes.words import Words

    doc = build(["khabar.text.stages:SentenceStage", "khabar.text.stages:TokenStage"])(text)
    assert according_at(Words.of(doc), 0) is not None


def test_reference_article_quotes_round_trip_through_json(reference) -> None:
    from khabar.model import Document

    again = Document.from_json(json.loads(json.dumps(reference.to_json())))
    assert again.quotes == reference.quotes
