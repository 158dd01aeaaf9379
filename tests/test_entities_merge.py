"""Mentions merged into entities: names, types by vote, roles in apposition, mention spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.entities.mentions import TaggedMention, tagged_mentions
from khabar.entities.merge import build_entities, merge_mentions
from khabar.text.clitics import analyze_token
from khabar.text.tokens import tokenize


def _tokens(text: str):  # type: ignore[no-untyped-def]
    return [analyze_token(t, s) for s, _, t in tokenize(text)]


def _mentions(text: str, tags: list[str]) -> list[TaggedMention]:
    tokens = _tokens(text)
    assert len(tokens) == len(tags), [t.text for t in tokens]
    return tagged_mentions(text, tokens, tags)


@pytest.mark.parametrize(("text", "tags", "expected"), [
    ("وقال لبوتين", ["O", "B-PER"], ["بوتين"]),
    ("زار والولايات المتحدة", ["O", "B-LOC", "I-LOC"], ["الولايات المتحدة"]),
    ("وبوتين قال", ["B-PER", "O"], ["بوتين"]),
    ("في كومسومولسك أون أمور", ["O", "B-LOC", "I-LOC", "I-LOC"], ["كومسومولسك أون أمور"]),
    ("بالرئيس", ["B-PER"], ["الرئيس"]),
    # a title tagged with the name is left out; a «ك» that begins a name stays
    ("قال المونسينور غو جينكاي", ["O", "B-PER", "I-PER", "I-PER"], ["غو جينكاي"]),
    ("قال كيم بالرئيس فلاديمير بوتين", ["O", "B-PER", "I-PER", "I-PER", "I-PER"],
     ["كيم", "فلاديمير بوتين"]),
    ("قال بوتين لوكالة تاس", ["O", "B-PER", "I-PER", "I-PER"], ["بوتين", "تاس"]),
    # a proclitic letter the clitic analysis left on a gazetteer phrase's first word
    ("وقال لبي بي سي", ["O", "B-ORG", "I-ORG", "I-ORG"], ["بي بي سي"]),
    ("لبي بي طلبه", ["B-PER", "I-PER", "O"], ["لبي بي"]),
    # junk: dashes, a lone two-letter person
    ("---- اي", ["B-MISC", "I-MISC", "I-MISC", "I-MISC", "B-PER"], []),
])
def test_mention_span_drops_proclitics_keeps_article(text: str, tags: list[str],
                                                     expected: list[str]) -> None:
    mentions = _mentions(text, tags)
    assert [m.text for m in mentions] == expected
    for m in mentions:
        assert text[m.start:m.end] == m.text


def _m(text: str, start: int, kind: str = "PER") -> TaggedMention:
    return TaggedMention(start, start + len(text), text, kind, 0, 0)


def _groups(*mentions: TaggedMention) -> list[list[str]]:
    return [[m.text for m in g] for g in merge_mentions(mentions)]


def test_kims_are_three_people() -> None:
    groups = _groups(_m("كيم جونغ أون", 0), _m("كيم", 20), _m("كيم", 30),
                     _m("كيم جونغ إيل", 40), _m("كيم", 60), _m("كيم يونغ هو", 80))
    assert groups == [["كيم جونغ أون", "كيم", "كيم", "كيم"], ["كيم جونغ إيل"], ["كيم يونغ هو"]]


@pytest.mark.parametrize("order", [0, 1])
def test_surname_joins_full_name_either_order(order: int) -> None:
    full, short = _m("فلاديمير بوتين", 0), _m("بوتين", 30)
    if order:
        full, short = _m("فلاديمير بوتين", 30), _m("بوتين", 0)
    groups = merge_mentions([full, short])
    assert len(groups) == 1


def test_places_join_only_when_equal() -> None:
    groups = _groups(_m("كوريا الشمالية", 0, "LOC"), _m("كوريا الجنوبية", 20, "LOC"),
                     _m("كوريا الشمالية", 40, "LOC"), _m("الولايات المتحدة", 60, "LOC"),
                     _m("ولايات المتحدة", 80, "LOC"))
    assert groups == [["كوريا الشمالية", "كوريا الشمالية"], ["كوريا الجنوبية"],
                      ["الولايات المتحدة", "ولايات المتحدة"]]


def test_name_type_and_ids() -> None:
    text = "بوتين قال إن فلاديمير بوتين وبوتين في روسيا"
    mentions = [_m("بوتين", 0), _m("فلاديمير بوتين", 13, "PER"),
                TaggedMention(29, 34, "بوتين", "LOC", 0, 0), _m("روسيا", 38, "LOC")]
    entities = build_entities(text, _tokens(text), mentions)
    assert [e.id for e in entities] == ["E1", "E2"]
    assert entities[0].name == "فلاديمير بوتين" and entities[0].type == "PER"
    assert entities[1].type == "LOC"


@pytest.mark.parametrize(("text", "name", "role"), [
    ("وقال الحاكم ميخائيل ديجتياريف إن", "ميخائيل ديجتياريف", "الحاكم"),
    ("وقال وزير الوحدة الكوري الجنوبي كيم يونغ هو إن", "كيم يونغ هو",
     "وزير الوحدة الكوري الجنوبي"),
    ("وقال المتحدث باسم الكرملين دميتري بيسكوف", "دميتري بيسكوف", "المتحدث باسم الكرملين"),
    ("التقى كيم بالرئيس فلاديمير بوتين", "فلاديمير بوتين", "الرئيس"),
    ("ورافق نائب رئيس الوزراء دينيس مانتوروف كيم", "دينيس مانتوروف", "نائب رئيس الوزراء"),
    ("وقال وزير خارجية روسيا سيرغي لافروف", "سيرغي لافروف", "وزير خارجية روسيا"),
])
def test_roles_in_apposition(text: str, name: str, role: str) -> None:
    start = text.index(name)
    tokens = _tokens(text)
    first = next(i for i, t in enumerate(tokens) if t.start == start)
    last = next(i for i, t in enumerate(tokens) if t.end == start + len(name)) + 1
    mentions = [TaggedMention(start, start + len(name), name, "PER", first, last)]
    if "الكرملين" in text:
        k = text.index("الكرملين")
        i = next(i for i, t in enumerate(tokens) if t.start == k)
        mentions.append(TaggedMention(k, k + 8, "الكرملين", "ORG", i, i + 1))
    if "روسيا" in text:
        k = text.index("روسيا")
        i = next(i for i, t in enumerate(tokens) if t.start == k)
        mentions.append(TaggedMention(k, k + 5, "روسيا", "LOC", i, i + 1))
    person = next(e for e in build_entities(text, tokens, mentions) if e.type == "PER")
    assert [r.text for r in person.roles] == [role]
    assert all(text[r.start:r.end] == r.text for r in person.roles)


@pytest.mark.parametrize("text", ["قال كيم إن", "أطل كيم جونغ أون", "، فلاديمير بوتين",
                                  "الوزير\nفلاديمير بوتين"])
def test_no_role_without_role_noun(text: str) -> None:
    tokens = _tokens(text)
    name = text.split(maxsplit=1)[1].removesuffix(" إن")
    start = text.index(name)
    first = next(i for i, t in enumerate(tokens) if t.start == start)
    mentions = [TaggedMention(start, start + len(name), name, "PER", first, len(tokens))]
    assert build_entities(text, tokens, mentions)[0].roles == ()


arabic = st.text(alphabet=st.sampled_from(list("وبلكفالرئيسبوتينكيم ،.«»\n") + ["\u064e", "x"]),
                 max_size=60)


@settings(max_examples=150, deadline=None)
@given(arabic, st.randoms(use_true_random=False))
def test_mention_offsets_are_exact(text: str, rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    tokens = _tokens(text)
    tags = [rnd.choice(["O", "B-PER", "I-PER", "B-LOC"]) for _ in tokens]
    mentions = tagged_mentions(text, tokens, tags)
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
    for entity in build_entities(text, tokens, mentions):
        for span in (*entity.mentions, *entity.roles):
            assert text[span.start:span.end] == span.text
