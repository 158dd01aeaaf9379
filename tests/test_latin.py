"""Latin names: gazetteers, word lookup, origin rules, the stage, and their invariants."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.entities.latin import (
    THRESHOLD,
    LatinStage,
    _capitalise,
    latin_candidates,
    model_spellings,
    to_latin,
)
from khabar.entities.latin_lexicon import default_lexicon, name_key
from khabar.model import Document, Entity, Mention, check_offsets
from khabar.text.lexicons import load_tsv, resource_text

# The reference article's people, places and organisations (NER golden list).
REFERENCE = [
    ("كيم جونغ أون", "PER", "Kim Jong Un"),
    ("فلاديمير بوتين", "PER", "Vladimir Putin"),
    ("بوتين", "PER", "Putin"),
    ("ميخائيل ديجتياريف", "PER", "Mikhail Degtyarev"),
    ("دينيس مانتوروف", "PER", "Denis Manturov"),
    ("دميتري بيسكوف", "PER", "Dmitry Peskov"),
    ("سيرغي لافروف", "PER", "Sergei Lavrov"),
    ("كيم يونغ هو", "PER", "Kim Yong-ho"),
    ("كيم جونغ إيل", "PER", "Kim Jong Il"),
    ("كومسومولسك أون أمور", "LOC", "Komsomolsk-on-Amur"),
    ("فلاديفوستوك", "LOC", "Vladivostok"),
    ("روسيا", "LOC", "Russia"),
    ("كوريا الشمالية", "LOC", "North Korea"),
    ("كوريا الجنوبية", "LOC", "South Korea"),
    ("الولايات المتحدة", "LOC", "United States"),
    ("أوكرانيا", "LOC", "Ukraine"),
    ("اليابان", "LOC", "Japan"),
    ("موسكو", "LOC", "Moscow"),
    ("البيت الأبيض", "ORG", "White House"),
    ("الأمم المتحدة", "ORG", "United Nations"),
    ("مجلس الأمن", "ORG", "UN Security Council"),
    ("ريا نوفوستي", "ORG", "RIA Novosti"),
    ("الكرملين", "ORG", "Kremlin"),
]


@pytest.mark.parametrize("arabic,kind,latin", REFERENCE)
def test_reference_article_names(arabic: str, kind: str, latin: str) -> None:
    assert to_latin(arabic, kind) == latin


@pytest.mark.parametrize("arabic,kind,latin", [
    # whole-name gazetteers from CLDR, GeoNames and Wikidata, not the curated list
    ("فرنسا", "LOC", "France"),
    ("عبد الفتاح السيسي", "PER", "Abdel Fattah el-Sisi"),
    # folding: alef forms, ta marbuta, diacritics, tatweel
    ("البيت الابيض", "ORG", "White House"),
    ("فلادِيمير بـوتين", "PER", "Vladimir Putin"),
    # unseen combinations of known words
    ("سيرغي مانتوروف", "PER", "Sergei Manturov"),
    ("مايكل جونسون", "PER", "Michael Johnson"),
    # Korean and Chinese syllables
    ("كيم يونغ تشول", "PER", "Kim Yong-chol"),
    ("لي كه تشيانغ", "PER", "Li Keqiang"),
    # X أون Y places
    ("روستوف أون دون", "LOC", "Rostov-on-Don"),
    # Arab particles
    ("محمد بن سلمان", "PER", "Mohammed bin Salman"),
])
def test_rules_and_lists(arabic: str, kind: str, latin: str) -> None:
    assert to_latin(arabic, kind) == latin


@pytest.mark.parametrize("arabic,ending", [
    ("بيتروفسكي", "sky"),
    ("ياكوفليفا", "eva"),
    ("كوزنيتسوف", "ov"),
    ("ميدفيدتشوك", "chuk"),
    ("شيفتشينكو", "enko"),
])
def test_origin_endings(arabic: str, ending: str) -> None:
    spellings = model_spellings(name_key(arabic), default_lexicon())
    assert spellings and spellings[0][0].endswith(ending)


@pytest.mark.parametrize("arabic,latin", [
    ("ترافكين", "Travkin"), ("بافلوفسكايا", "Pavlovskaya"),
])
def test_model_spells_unknown_russian_surnames(arabic: str, latin: str) -> None:
    # in no list: the letter model (with the origin endings) recovers them
    lexicon = default_lexicon()
    assert name_key(arabic) not in lexicon.words and name_key(arabic) not in lexicon.curated_words
    assert latin_candidates(arabic, "PER")[0][0] == latin


def test_words_of_curated_names() -> None:
    # «ريابكوف» alone is known from the curated «سيرغي ريابكوف» → Sergei Ryabkov
    assert to_latin("ريابكوف", "PER") == "Ryabkov"
    assert to_latin("كومسومولسك", "LOC") == "Komsomolsk"


@pytest.mark.parametrize("arabic", [
    "جمعية أصدقاء الحديقة",     # an organisation no list knows is not transliterated
    "منظمة غير معروفة",
])
def test_unknown_organisations_are_null(arabic: str) -> None:
    assert to_latin(arabic, "ORG") is None


@pytest.mark.parametrize("name,expected", [
    ("Su-35", "Su-35"), ("  Sukhoi  SJ-100 ", "Sukhoi SJ-100"), ("", None), ("،،", None),
    ("123", None),
])
def test_non_arabic_names(name: str, expected: str | None) -> None:
    assert to_latin(name, "MISC") == expected


@pytest.mark.parametrize("raw,expected", [
    ("komsomolsk-on-amur", "Komsomolsk-on-Amur"), ("al-assad", "al-Assad"),
    ("bin", "Bin"), ("lavrov", "Lavrov"), ("o'brien", "O'Brien"), ("d'", "D'"), ("", ""),
])
def test_capitalise(raw: str, expected: str) -> None:
    assert _capitalise(raw) == expected


def test_candidates_are_ranked_with_confidences() -> None:
    candidates = latin_candidates("ناتاليا بوكلونسكايا", "PER")
    assert candidates
    scores = [c for _, c in candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= c <= 1.0 for c in scores)
    assert candidates[0][0].endswith("skaya")


ARABIC_NAMEISH = st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويىةأإآؤئء ـَُِ")),
                         max_size=30)


@settings(max_examples=150, deadline=None)
@given(ARABIC_NAMEISH, st.sampled_from([None, "PER", "LOC", "ORG", "MISC"]))
def test_never_garbled(name: str, kind: str | None) -> None:
    """Any input gives None or a Latin string (no Arabic letters), deterministically."""
    result = to_latin(name, kind)
    assert result == to_latin(name, kind)
    if result is not None:
        assert not re.search(r"[\u0600-\u06ff]", result)
        assert result == result.strip() and result
    for text, confidence in latin_candidates(name, kind):
        assert 0.0 <= confidence <= 1.0 and text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_unicode(name: str) -> None:
    result = to_latin(name)
    assert result is None or isinstance(result, str)


def _document() -> Document:
    text = "التقى كيم بالرئيس فلاديمير بوتين في البيت الأبيض ومنظمة مجهولة."
    def mention(s: str) -> Mention:
        start = text.index(s)
        return Mention(start, start + len(s), s)
    entities = (
        Entity("E1", "PER", "كيم جونغ أون", (mention("كيم"),)),
        Entity("E2", "PER", "فلاديمير بوتين", (mention("فلاديمير بوتين"),)),
        Entity("E3", "ORG", "البيت الأبيض", (mention("البيت الأبيض"),)),
        Entity("E4", "ORG", "منظمة مجهولة", (mention("منظمة مجهولة"),)),
        Entity("E5", "LOC", "موسكو", (), latin="Moskva (kept)"),
    )
    return Document(id="t", text=text, entities=entities).with_layer("entities")


def test_stage_fills_latin() -> None:
    stage = LatinStage()
    assert stage.name == "latin" and stage.requires == {"entities"}
    doc = stage(_document())
    assert [e.latin for e in doc.entities] == [
        "Kim Jong Un", "Vladimir Putin", "White House", None, "Moskva (kept)"]
    assert "latin" in doc.layers
    assert [e.mentions for e in doc.entities] == [e.mentions for e in _document().entities]
    assert check_offsets(doc) == []
    assert Document.from_json(doc.to_json()).entities == doc.entities


def test_stage_in_a_pipeline_needs_entities() -> None:
    from khabar.errors import PipelineError
    from khabar.pipeline import Pipeline

    with pytest.raises(PipelineError):
        Pipeline([LatinStage()])


@pytest.mark.parametrize("name,columns", [
    ("names/curated.tsv", 4), ("names/origin_rules.tsv", 4), ("names/syllables.tsv", 3),
    ("names/names.tsv", 4), ("names/words.tsv", 2),
])
def test_every_row_loads(name: str, columns: int) -> None:
    rows = load_tsv(name)
    assert rows
    bad = [row for row in rows if len(row) != columns or not all(f.strip() for f in row)]
    assert bad == []
    lines = [line for line in resource_text(name).splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(lines) == len(rows)


def test_curated_rows_cite_a_source_and_a_type() -> None:
    for arabic, latin, kind, source in load_tsv("names/curated.tsv"):
        assert kind in {"PER", "LOC", "ORG", "MISC"}, arabic
        assert source.startswith("https://"), arabic
        assert name_key(arabic) in default_lexicon().curated
        assert latin == latin.strip()


def test_every_word_row_parses() -> None:
    lexicon = default_lexicon()
    assert len(lexicon.words) == len(load_tsv("names/words.tsv"))
    assert all(count > 0 for spellings in lexicon.words.values() for _, count in spellings)


def test_threshold_is_a_probability() -> None:
    assert 0.0 < THRESHOLD < 1.0


@pytest.mark.parametrize("name", ["names/words.tsv", "names/names.tsv"])
def test_built_keys_match_the_current_folding(name: str) -> None:
    """Keys are folded at build time; when the folding table changes, rebuild the lists."""
    stale = [row[0] for row in load_tsv(name) if name_key(row[0]) != row[0]]
    assert stale == [], f"{len(stale)} stale keys: run scripts/build_names.py"


@pytest.mark.parametrize("arabic,kind,latin", [
    ("والمغرب", "LOC", "Morocco"),
    ("بصدام حسين", "PER", "Saddam Hussein"),
    ("وبوتين", "PER", "Putin"),
    ("لروسيا", "LOC", "Russia"),
])
def test_leading_proclitics(arabic: str, kind: str, latin: str) -> None:
    assert to_latin(arabic, kind) == latin


@pytest.mark.parametrize("arabic,kind", [
    ("كيم على", "PER"), ("كيم الراحل", "PER"), ("إن كيم", "PER"), ("كيم الكثير", "PER"),
])
def test_tagging_errors_get_no_latin(arabic: str, kind: str) -> None:
    assert to_latin(arabic, kind) is None


def test_whole_names_respect_person_or_not() -> None:
    # a place's or organisation's entry is not used for a person of the same spelling
    assert to_latin("البيت الأبيض", "PER") != "White House"
    assert to_latin("البيت الأبيض", "MISC") == "White House"   # ORG and MISC mix freely
    assert to_latin("البيت الأبيض") == "White House"           # no type: any entry


def test_origin_rules_hold_on_the_training_data() -> None:
    """Each ending rule names the most common Latin ending of its Arabic ending in the
    Google ar2en train split and the Wikidata name words (rules too rare are skipped)."""
    import unicodedata
    from collections import Counter

    from conftest import shared_path

    def letters(latin: str) -> str:
        plain = unicodedata.normalize("NFKD", latin.lower())
        return "".join(c for c in plain if "a" <= c <= "z")

    folder = shared_path("data", "names")
    pairs = []
    for line in (folder / "google_transliteration" / "ar2en-train.txt").read_text(
            "utf-8").splitlines():
        arabic, _, latin = line.partition("\t")
        pairs.append((name_key(arabic), letters(latin)))
    for path in (folder / "wikidata-person-tokens").glob("*.tokens"):
        for line in path.read_text("utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) == 3:
                pairs.append((name_key(fields[1].replace(" ", "")), letters(fields[0])))
    for rule in default_lexicon().rules:
        endings = Counter(latin[-len(rule.latin):] for arabic, latin in pairs
                          if arabic.endswith(rule.arabic) and len(arabic) > len(rule.arabic) + 1)
        if sum(endings.values()) < 15 or rule.latin == "sky":
            continue
        assert endings.most_common(1)[0][0] == rule.latin, (rule, endings.most_common(3))


@pytest.mark.parametrize("arabic,kind,latin", [
    ("وزارة الخارجية الصينية", "ORG", "Chinese Foreign Ministry"),
    ("وزارة الخارجية الكورية الجنوبية", "ORG", "South Korean Foreign Ministry"),
    ("سلاح الجو الإسرائيلي", "ORG", "Israeli Air Force"),
    ("الجيش النيجيري", "ORG", "Nigerian Army"),
    ("وزارة الصحة", "ORG", "Health Ministry"),
    ("جامعة فلوريدا", "ORG", "University of Florida"),
    ("ولاية بورنو", "LOC", "Borno State"),
    ("مطار بن غوريون", "LOC", "Ben-Gurion Airport"),
    ("مدينة فلاديفوستوك", "LOC", "Vladivostok"),
    ("شرق أوكرانيا", "LOC", "eastern Ukraine"),
    ("شمال شرق سوريا", "LOC", "northeastern Syria"),
    ("جنوب السودان", "LOC", "South Sudan"),   # a whole name wins over the rule
])
def test_descriptive_names_are_translated(arabic: str, kind: str, latin: str) -> None:
    assert to_latin(arabic, kind) == latin


def test_descriptive_heads_need_a_known_adjective() -> None:
    # «وزارة الخارجية» + something that is no nationality: no guess
    assert to_latin("وزارة الخارجية الفلانية", "ORG") is None


def test_adjective_forms() -> None:
    from khabar.entities.latin_phrases import adjective_forms

    assert "الكوريه الجنوبيه" in adjective_forms("كوري جنوبي")
    assert "المصري" in adjective_forms("مصري")


@pytest.mark.parametrize("name,columns", [
    ("names/descriptors.tsv", 3), ("names/demonyms.tsv", 3),
])
def test_phrase_tables_load(name: str, columns: int) -> None:
    from khabar.entities.latin_phrases import default_phrases

    rows = load_tsv(name)
    assert rows and all(len(row) >= columns - 1 for row in rows)
    phrases = default_phrases()
    assert len(phrases.heads) == len(load_tsv("names/descriptors.tsv"))
    assert all("{adj}" in h.template or "{name}" in h.template for h in phrases.heads)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(ARABIC_NAMEISH, st.sampled_from(["PER", "LOC", "ORG", "MISC"])),
                max_size=6),
       st.text(max_size=80))
def test_stage_keeps_every_span(names: list[tuple[str, str]], filler: str) -> None:
    """The stage only fills ``latin``: text, mentions and offsets are untouched."""
    text = filler + " ".join(name for name, _ in names)
    entities = []
    position = len(filler)
    for index, (name, kind) in enumerate(names):
        mention = Mention(position, position + len(name), name)
        entities.append(Entity(f"E{index}", kind, name or "؟", (mention,)))
        position += len(name) + 1
    doc = Document(id="p", text=text, entities=tuple(entities)).with_layer("entities")
    out = LatinStage()(doc)
    assert check_offsets(out) == []
    assert out.text == doc.text
    assert [(e.id, e.type, e.name, e.mentions) for e in out.entities] == \
        [(e.id, e.type, e.name, e.mentions) for e in doc.entities]


@pytest.mark.parametrize("arabic,latin", [
    ("الأمير محمد بن سلمان", "Prince Mohammed bin Salman"),
    ("ولي العهد الأمير محمد بن سلمان", "Crown Prince Mohammed bin Salman"),
    ("آية الله علي خامنئي", "Ayatollah Ali Khamenei"),
    ("الرئيس فلاديمير بوتين", "Vladimir Putin"),
    ("الرئيس", None),
])
def test_titles(arabic: str, latin: str | None) -> None:
    assert to_latin(arabic, "PER") == latin


def test_titles_table_loads() -> None:
    rows = load_tsv("names/titles.tsv")
    assert rows and all(row[0].strip() for row in rows)
    lines = [line for line in resource_text("names/titles.tsv").splitlines()
             if line.strip() and not line.startswith("#")]
    assert len(lines) == len(rows)
