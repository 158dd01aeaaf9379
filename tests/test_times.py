"""Time expressions: no false alarms, exact spans (properties), data files, the stage."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.model import Document, Quote, Sentence
from khabar.text.lexicons import load_lines, load_tsv
from khabar.times import find_times, times_by_sentence, times_in
from khabar.times import lexicon as lx
from khabar.times.stage import TimeStage

PUB = "2023-09-15"

NOT_TIMES = [
    "أرسلت روسيا مقاتلات سو-57 إلى الجبهة.",
    "وتملك القوات الجوية طائرات Su-35 وF-16.",
    "وعرضت الشركة طائرة SJ-100 الجديدة.",
    "اتصلوا على الرقم 0100 2014 567 للاستفسار.",
    "رقم الهاتف +966 2019 1234.",
    "قتل 2000 شخص وأصيب 1500 جندي في المعارك.",
    "ارتفع سعر الأونصة إلى 2020 دولارا.",
    "نشرت الوزارة 1999 مقاتلا على الحدود.",
    "بلغت نسبة النمو 2021.5 بالمئة.",
    "خزن الأسلحة المنهكة في السنة الثانية من الحرب.",
    "وقال رجب طيب أردوغان إن الاقتصاد قوي.",
    "وقال رمضان إن الفريق جاهز.",
    "سجل الحساب صفر أهداف.",
    "مارس الرياضة يوميا منذ صغره.",
    "وقد مارس الرئيس ضغوطا على الحكومة.",
    "وفاز الفريق بالمرتبة الثانية عصرا في السباق.",
    "وارتفع المؤشر 1436 نقطة في الجلسة.",
    "بدأت الهدنة في الساعة (2059 بتوقيت غرينتش).",
    "يحتفل البلد باليوم الوطني كل عام.",
    "وقد تحقق النصر في اليوم الموعود.",
    "ووصلت القوات في اليوم الثالث من المعركة.",
    "طالب مجلس الأمن بتنفيذ القرار 2334 فورا.",
    "توفي عن 91 عاما في باريس.",
    "وهبطت لارا القاسم، 22 سنة، في المطار.",
    "احتفل العالم في اليوم العالمي للتطوع.",
    "نقلت قناة روسيا اليوم الخبر.",
    "وفي اليوم التالي عاد إلى بلاده.",
    "وعاد في اليوم نفسه إلى بلاده.",
    "وانتقدت قوى 14 آذار الحكومة.",
    "يزداد الإقبال يوما بعد يوم.",
    "وارتدى ساعة يد فاخرة.",
    "وصلت الشحنة في 3 حاويات و12 شاحنة.",
    "سجل المهاجم 2 هدف في الدقيقة 90.",
    "بعد عقد اجتماع مع الوزير.",
    "وتتراوح أعمارهم بين 28 و34 سنة.",
    "داليا أبوالعيش – عين اليوم.",
    "فينامون طوال اليوم ويصحون طوال الليل.",
    "قال إن سياسة الحكومة لم تتغير.",
    "وأكدت ألفة يوسف الاهتمام الذي يوليه الرجال لهذه المناسبة.",
    "اندلعت ثورات الربيع العربي.",
    "اتصلوا بالرقم 2345-2019 للحجز.",
]


@pytest.mark.parametrize("sentence", NOT_TIMES)
def test_no_false_alarm(sentence: str) -> None:
    assert find_times(sentence, PUB) == []


def test_example_article(example_text: str) -> None:
    found = {(t.text, t.value) for t in find_times(example_text, PUB)}
    assert ("الجمعة", "2023-09-15") in found
    assert ("يوم الثلاثاء", "2023-09-12") in found
    assert ("مساء الخميس", "2023-09-14TEV") in found
    assert ("اليوم الخميس", "2023-09-14") in found
    assert ("العام الماضي", "2022") in found
    assert ("الخمسينيات", "195X") in found
    assert ("أكتوبر", "2023-10") in found
    assert not any("الثانية" in text for text, _ in found)


def test_ids_in_text_order_and_grains() -> None:
    text = "وصل الجمعة بعد زيارة في عام 2002 استمرت ثلاثة أيام، ويعود في أكتوبر."
    found = find_times(text, PUB)
    assert [t.id for t in found] == [f"T{i}" for i in range(1, len(found) + 1)]
    assert [t.start for t in found] == sorted(t.start for t in found)
    assert [t.grain for t in found] == ["day", "year", "duration", "month"]


def test_without_publication_date_relative_values_are_null() -> None:
    found = find_times("وصل الوفد الجمعة، وغادر أمس، ويعود الشهر المقبل، بعد زيارة عام 2002.")
    values = {t.text: t.value for t in found}
    assert values == {"الجمعة": None, "أمس": None, "الشهر المقبل": None, "عام 2002": "2002"}


def test_published_as_date_object() -> None:
    import datetime as dt

    assert find_times("وصل أمس.", dt.date(2023, 9, 15))[0].value == "2023-09-14"


_VALUE = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T(MO|MI|AF|EV|NI|\d{2}:\d{2}))?)?|-W\d{2}(-WE)?|-[HQT]\d"
    r"|-(SP|SU|FA|WI))?"
    r"|\d{3}X|\d{2}XX|T\d{2}:\d{2}"
    r"|P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?"
    r"|\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}|\d{4}/\d{4}")

_PIECES = [
    "الجمعة", "يوم الثلاثاء", "مساء الخميس", "اليوم الخميس", "العام الماضي", "الخمسينيات",
    "أكتوبر", "15 سبتمبر 2023", "15/9/2023", "عام ٢٠١٤", "وأمس", "بالأمس", "غداً", "قبل عامين",
    "لمدة أسبوع", "الساعة الثالثة عصرا", "رمضان 1445هـ", "من 12 إلى 15 سبتمبر",
    "سو-57", "Su-35", "2000 شخص", "السنة الثانية من الحرب", "يومَ الثُّلاثاء", "الجمعـــة",
    "قال", "إن", "،", ".", "\n", " ", "\u200f", "\u200d", "ﷺ", "ﻻ", "😀", "«", "»", "Ⅻ", "١٢",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=25),
       st.sampled_from([None, "2023-09-15", "2024-01-01", "2020-02-29"]))
def test_spans_are_exact(pieces: list[str], published: str | None) -> None:
    text = " ".join(pieces)
    found = find_times(text, published)
    previous_end = 0
    for i, t in enumerate(found, 1):
        assert t.id == f"T{i}"
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= previous_end, "time expressions must not overlap"
        previous_end = t.end
        assert t.grain in ("day", "week", "month", "year", "decade", "century", "part-of-day",
                           "time", "duration", "season")
        if t.value is not None:
            assert _VALUE.fullmatch(t.value), t.value


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_PIECES[:24]), st.sampled_from(["و", "ف", "ب", ""]),
       st.text(alphabet=" \u200f\u064b\u0640", max_size=3))
def test_expression_found_whatever_surrounds_it(piece: str, clitic: str, noise: str) -> None:
    text = f"قال الوزير{noise} {clitic}{piece} في بيان."
    for t in find_times(text, PUB):
        assert text[t.start:t.end] == t.text


def test_every_resource_row_loads() -> None:
    names = ["months.tsv", "hijri_months.tsv", "weekdays.tsv", "parts_of_day.tsv",
             "numbers.tsv", "units.tsv", "deictic.tsv", "relative.tsv", "periods.tsv",
             "decades.tsv", "seasons.tsv", "holidays.tsv", "named_dates.tsv"]
    for name in names:
        rows = load_tsv("times/" + name)
        assert rows, name
        for row in rows:
            assert len(row) >= 2 and row[0].strip(), (name, row)
    for name in ["future_markers.txt", "not_future.txt", "counted_nouns.txt", "year_cues.txt",
                 "age_cues.txt", "not_today_after.txt", "past_verbs.txt"]:
        assert load_lines("times/" + name), name
    assert set(lx.months().values()) == set(range(1, 13))
    assert set(lx.hijri_months().values()) == set(range(1, 13))
    assert set(lx.weekdays().values()) == set(range(1, 8))
    assert all(code in {"MO", "MI", "AF", "EV", "NI"} for code in lx.parts_of_day().values())
    assert all(u.code in {"D", "W", "M", "Y", "DE", "C", "H", "MIN", "S"}
               for u in lx.units().values())
    assert set(lx.seasons().values()) == {"SP", "SU", "FA", "WI"}
    for kind, month, day in lx.holidays().values():
        assert kind in {"gregorian", "hijri", "easter"} and 0 <= month <= 12 and 0 <= day <= 31
    assert lx.number_value("خمسة وعشرين") == 25
    assert lx.number_value("الحادي والعشرين") == 21
    assert lx.number_value("٧٠") == 70


def test_stage_fills_times_and_helpers() -> None:
    text = "قال الوزير الجمعة: «سنزور موسكو الأحد». وفي عام 2002 زار المصنع."
    doc = Document(id="x", text=text, published=__import__("datetime").date(2023, 9, 15),
                   sentences=(Sentence(0, 40), Sentence(41, len(text))),
                   layers=frozenset({"text", "published", "sentences", "tokens"}))
    stage = TimeStage()
    assert stage.name == "times" and stage.provides == frozenset({"times"})
    assert stage.requires == frozenset({"sentences", "tokens"})
    out = stage(doc)
    assert "times" in out.layers
    assert [(t.text, t.value) for t in out.times] == [
        ("الجمعة", "2023-09-15"), ("الأحد", "2023-09-17"), ("عام 2002", "2002")]
    quote = Quote(id="Q1", kind="direct", start=20, end=38, text=text[20:38])
    assert [t.text for t in times_in(out, quote.start, quote.end)] == ["الأحد"]
    assert {i: [t.id for t in ts] for i, ts in times_by_sentence(out).items()} == {
        0: ["T1", "T2"], 1: ["T3"]}


def test_times_stage_in_a_pipeline(example_text: str) -> None:
    from khabar.pipeline import DEFAULT_STAGES, build_pipeline

    times = "khabar.times.stage:TimeStage"
    assert times in DEFAULT_STAGES
    assert DEFAULT_STAGES.index(times) > DEFAULT_STAGES.index("khabar.text.stages:TokenStage")
    later = [s for s in DEFAULT_STAGES if "quotes" in s]
    assert all(DEFAULT_STAGES.index(times) < DEFAULT_STAGES.index(s) for s in later)
    pipeline = build_pipeline(["khabar.text.stages:SentenceStage",
                               "khabar.text.stages:TokenStage", times])
    doc = pipeline(example_text, published="2023-09-15")
    assert doc.times and doc.times[0].text == "الجمعة"
    again = Document.from_json(doc.to_json())
    assert again.times == doc.times


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=25))
def test_gate_finds_what_an_exhaustive_scan_finds(pieces: list[str]) -> None:
    from khabar.text.normalize import normalize
    from khabar.times.extract import _candidates

    view = normalize(" ".join(pieces))
    fast = {(c.start, c.end, c.rule) for c in _candidates(view.text, None)}
    slow = {(c.start, c.end, c.rule) for c in _candidates(view.text, None, exhaustive=True)}
    assert slow <= fast


def test_gate_on_the_example(example_text: str) -> None:
    from khabar.text.normalize import normalize
    from khabar.times.extract import _candidates

    view = normalize(example_text)
    fast = {(c.start, c.end, c.rule) for c in _candidates(view.text, None)}
    assert {(c.start, c.end, c.rule)
            for c in _candidates(view.text, None, exhaustive=True)} <= fast


def test_gate_on_every_table_sentence() -> None:
    from khabar.text.normalize import normalize
    from khabar.times.extract import _candidates
    from test_times_table import CASES

    for _, sentence, _, _ in CASES:
        view = normalize(sentence)
        fast = {(c.start, c.end, c.rule) for c in _candidates(view.text, None)}
        slow = {(c.start, c.end, c.rule)
                for c in _candidates(view.text, None, exhaustive=True)}
        assert slow <= fast, sentence


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_calendar_edges_give_null_not_a_crash(published: str) -> None:
    text = ("قبل 9999 يوم، بعد 9999 أسبوع من الآن، قبل 9999 شهر، أمس، غدا، الجمعة المقبلة، "
            "الشهر المقبل، العقد المقبل، القرن المقبل، عيد الفطر، رمضان المقبل، 31 فبراير 2023.")
    for t in find_times(text, published):
        assert t.value is None or _VALUE.fullmatch(t.value), t


def test_an_ordinal_after_a_period_word_is_not_a_day() -> None:
    """«الأسبوع الأول من يونيو» is a week of June, not the first of June."""
    found = find_times("ينطلق المهرجان في الأسبوع الأول من يونيو.", "2023-09-15")
    assert [(t.text, t.value) for t in found] == [("يونيو", "2023-06")]


@pytest.mark.parametrize(("text", "expected"), [
    ("وصل كيم الثلاثاء إلى المدينة. وفي اليوم نفسه التقى بوتين.",
     [("الثلاثاء", "2023-09-12"), ("اليوم نفسه", "2023-09-12")]),
    ("وقعت الهجمات في 11 سبتمبر 2001. وفي ذلك اليوم قتل الآلاف.",
     [("11 سبتمبر 2001", "2001-09-11"), ("ذلك اليوم", "2001-09-11")]),
    ("اجتمع الوزراء الخميس، وفي ذات اليوم أعلنوا الاتفاق.",
     [("الخميس", "2023-09-14"), ("ذات اليوم", "2023-09-14")]),
    # «تلك الليلة» is that night, not tonight
    ("وصل الوفد مساء الأحد، وفي تلك الليلة بدأت المحادثات.",
     [("مساء الأحد", "2023-09-10TEV"), ("تلك الليلة", "2023-09-10TNI")]),
    ("وفي ذلك اليوم قتل الآلاف.", []),  # nothing to refer to: left out, never a guess
])
def test_anaphoric_days_take_the_day_named_before(text: str,
                                                  expected: list[tuple[str, str]]) -> None:
    assert [(t.text, t.value) for t in find_times(text, "2023-09-15")] == expected


def test_no_expression_runs_over_a_line_break() -> None:
    assert find_times("1\nآلمآضى") == []  # found by hypothesis: «1⏎الماضي» crossed a paragraph
    assert [t.text for t in find_times("وصل في 15\nسبتمبر 2023")] == ["2023"]
