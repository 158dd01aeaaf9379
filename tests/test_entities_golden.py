"""Golden test on the reference article, and the stage's invariants on any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import khabar
from khabar.pipeline import build_pipeline

PEOPLE = ["كيم جونغ أون", "فلاديمير بوتين", "ميخائيل ديجتياريف", "كيم جونغ إيل",
          "دينيس مانتوروف", "دميتري بيسكوف", "سيرغي لافروف", "كيم يونغ هو"]
PLACES = ["روسيا", "كوريا الشمالية", "كوريا الجنوبية", "الولايات المتحدة", "أوكرانيا",
          "اليابان", "فلاديفوستوك", "كومسومولسك أون أمور"]
ORGANISATIONS = ["البيت الأبيض", "الأمم المتحدة", "ريا نوفوستي"]


def _stages() -> list[str]:
    return ["khabar.text.stages:SentenceStage", "khabar.text.stages:TokenStage",
            "khabar.entities.stage:EntityStage"]


def test_reference_article_entities(example_text: str) -> None:
    doc = build_pipeline(_stages())(example_text, published="2023-09-15")
    by_name: dict[str, list[khabar.Entity]] = {}
    for entity in doc.entities:
        for mention in entity.mentions:
            by_name.setdefault(mention.text, [])
            if entity not in by_name[mention.text]:
                by_name[mention.text].append(entity)
    for person in PEOPLE:
        found = [e for e in doc.entities if e.type == "PER" and e.name == person]
        assert len(found) == 1, (person, [(e.name, e.type) for e in doc.entities])
    for name, kind in [*((p, "LOC") for p in PLACES), *((o, "ORG") for o in ORGANISATIONS)]:
        found = [e for e in doc.entities if e.name == name]
        assert len(found) == 1 and found[0].type == kind, (name, found)
    kim = next(e for e in doc.entities if e.name == "كيم جونغ أون")
    assert sum(m.text == "كيم" for m in kim.mentions) >= 10
    putin = next(e for e in doc.entities if e.name == "فلاديمير بوتين")
    assert any(m.text == "بوتين" for m in putin.mentions)
    roles = {e.name: [r.text for r in e.roles] for e in doc.entities}
    assert "الحاكم" in roles["ميخائيل ديجتياريف"]
    assert "وزير الوحدة الكوري الجنوبي" in roles["كيم يونغ هو"]
    assert "المتحدث باسم الكرملين" in roles["دميتري بيسكوف"]
    assert [e.id for e in doc.entities] == [f"E{i}" for i in range(1, len(doc.entities) + 1)]
    for entity in doc.entities:
        assert entity.latin is None
        for span in (*entity.mentions, *entity.roles):
            assert example_text[span.start:span.end] == span.text


def test_entities_in_json_round_trip(example_text: str) -> None:
    doc = build_pipeline(_stages())(example_text)
    data = doc.to_json()
    assert data["entities"] and {"id", "type", "name", "mentions"} <= set(data["entities"][0])
    assert khabar.Document.from_json(data) == doc


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_text_gives_exact_offsets(text: str) -> None:
    if not text.strip():
        return
    doc = build_pipeline(_stages())(text)
    for entity in doc.entities:
        assert entity.type in ("PER", "ORG", "LOC", "MISC")
        for span in (*entity.mentions, *entity.roles):
            assert text[span.start:span.end] == span.text


def test_currencies_are_no_entities_but_a_championship_is() -> None:
    from khabar.entities.mentions import TaggedMention
    from khabar.entities.stage import _is_amount

    def misc(text: str) -> TaggedMention:
        return TaggedMention(0, len(text), text, "MISC", 0, len(text.split()))

    assert _is_amount(misc("الدولار"), ["دولار"], "أمام")
    assert _is_amount(misc("جنيه استرليني"), ["جنيه", "استرليني"], "")
    assert _is_amount(misc("اليورو"), ["يورو"], "1.1")  # an amount
    assert not _is_amount(misc("يورو"), ["يورو"], "2024")  # the championship
    assert not _is_amount(misc("يورو"), ["يورو"], "٢٠٢٤")
    assert not _is_amount(TaggedMention(0, 4, "ريال", "ORG", 0, 1), ["ريال"], "مدريد")
    # the whole word is matched, not its clitic analysis («سنت» is no «س» + «نت»)
    assert not _is_amount(misc("نت"), ["نت"], "")
    assert _is_amount(misc("بالدولار"), ["بالدولار"], "")
    doc = build_pipeline(_stages())("ارتفع الدولار أمام الجنيه الاسترليني وبلغ سعر اليورو "
                                    "1.1 دولار.")
    assert not [e.name for e in doc.entities if e.type == "MISC"]
