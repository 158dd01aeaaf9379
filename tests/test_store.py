"""The SQLite store: adding, duplicates, search in any spelling, quotes, entities, export,
hostile queries. Documents are built by hand so the tests do not depend on the analysers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import khabar
from khabar.errors import InvalidDateError, OldStoreError, StoreError
from khabar.model import (
    Document,
    Entity,
    Mention,
    Quote,
    Source,
    Speaker,
    TimeExpression,
    parse_published,
)
from khabar.pipeline import text_id
from khabar.store import Store
from khabar.store.schema import SCHEMA_VERSION


def make_doc(text: str, entities: list[tuple[str, list[str], str | None]] = (),  # type: ignore[assignment]
             quotes: list[tuple[str, str, int | None]] = (),  # type: ignore[assignment]
             times: list[tuple[str, str]] = (),  # type: ignore[assignment]
             published: str | None = "2023-09-15", url: str | None = None,
             outlet: str | None = "CNN", title: str | None = None) -> Document:
    """A Document with entities (type, mention texts, latin), quotes (text, speaker words,
    index of the speaker's entity) and times (text, value), at their first occurrence."""
    ents = []
    for number, (type_, names, latin) in enumerate(entities, 1):
        mentions, pos = [], 0
        for name in names:
            start = text.index(name, pos if names.count(name) > 1 else 0)
            pos = start + 1
            mentions.append(Mention(start, start + len(name), name))
        ents.append(Entity(f"E{number}", type_, names[0], tuple(mentions), latin))
    tims = []
    for number, (ttext, value) in enumerate(times, 1):
        start = text.index(ttext)
        tims.append(TimeExpression(f"T{number}", start, start + len(ttext), ttext, value, "day"))
    quos = []
    for number, (qtext, words, entity) in enumerate(quotes, 1):
        start, where = text.index(qtext), text.index(words)
        speaker = Speaker(where, where + len(words), words, "name",
                          f"E{entity}" if entity else None)
        quos.append(Quote(f"Q{number}", "direct", start, start + len(qtext), qtext,
                          speaker=speaker, times=tuple(t.id for t in tims)))
    return Document(id=text_id(text), text=text, published=parse_published(published),
                    source=Source(url=url, outlet=outlet, title=title), entities=tuple(ents),
                    quotes=tuple(quos), times=tuple(tims))


T1 = ("قال الرئيس الروسي فلاديمير بوتين الجمعة إن التعاون مع كوريا الشمالية ممكن. "
      "وأضاف بوتين: «نحن مستعدون للتعاون العسكري».")
T2 = ("صرّح بوتين بأن روسيا لن تتراجع. وقال جو بايدن إن أمريكا قلقة من كوريا الشمالية. "
      "وأكد أن واشنطن سترد.")
T3 = "قال هانتر بايدن إنه بريء. وقالت وزارة الخارجية إن الصواريخ جاهزة في مُسْتَشْفَى المدينة."
T4 = "Vladimir Putin met Kim. قال فلاديمير بوتين إن المحادثات مثمرة."


@pytest.fixture()
def docs() -> list[Document]:
    return [
        make_doc(T1, [("PER", ["الرئيس الروسي فلاديمير بوتين", "بوتين"], "Vladimir Putin"),
                      ("LOC", ["كوريا الشمالية"], None)],
                 [("نحن مستعدون للتعاون العسكري", "بوتين", 1)], [("الجمعة", "2023-09-15")],
                 url="https://news.example/1", title="بوتين وكوريا"),
        make_doc(T2, [("PER", ["بوتين"], None), ("PER", ["جو بايدن"], "Joe Biden"),
                      ("LOC", ["روسيا"], None), ("LOC", ["كوريا الشمالية"], None)],
                 [("أمريكا قلقة من كوريا الشمالية", "جو بايدن", 2)], published="2023-10-01",
                 outlet="BBC"),
        make_doc(T3, [("PER", ["هانتر بايدن"], None), ("ORG", ["وزارة الخارجية"], None)],
                 [("إنه بريء", "هانتر بايدن", 1), ("الصواريخ جاهزة", "وزارة الخارجية", None)],
                 published="2022-01-05"),
        make_doc(T4, [("PER", ["فلاديمير بوتين"], None)], [("المحادثات مثمرة", "فلاديمير بوتين", 1)],
                 published=None),
    ]


@pytest.fixture()
def store(docs: list[Document], tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "test.db")
    opened.add(docs)
    return opened


def test_open_creates_schema_in_wal_mode(tmp_path: Path) -> None:
    from khabar.store import StoreBackend

    with Store.open(tmp_path / "k.db") as store:
        assert isinstance(store, StoreBackend)
        _: StoreBackend = store  # mypy checks the signatures
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    with Store.open(tmp_path / "k.db") as again:  # migrations are not applied twice
        assert again.stats().schema_version == SCHEMA_VERSION


def test_older_store_is_migrated(tmp_path: Path, docs: list[Document]) -> None:
    from khabar.store import schema

    path = tmp_path / "old.db"
    with Store.open(path) as store:
        store.add(docs)
    conn = sqlite3.connect(path)  # make it look like a version-1 store with its data
    conn.executescript("DROP INDEX quotes_published; DROP INDEX quotes_speaker_published; "
                       "ALTER TABLE quotes DROP COLUMN published; PRAGMA user_version = 1;")
    conn.close()
    with Store.open(path) as store:
        assert store.stats().schema_version == schema.SCHEMA_VERSION
        dates = {r[0] for r in store.conn.execute("SELECT published FROM quotes")}
        assert dates == {"2023-09-15", "2023-10-01", "2022-01-05", None}
        assert [h.quote["text"] for h in store.quotes(since="2023-10")] == [
            "أمريكا قلقة من كوريا الشمالية"]


@pytest.mark.parametrize("setup, message", [
    ("missing", "no store at"),
    ("folder", "is a folder"),
    ("garbage", "cannot open the store"),
    ("newer", "newer than this khabar"),
])
def test_open_errors_are_clear(tmp_path: Path, setup: str, message: str) -> None:
    path = tmp_path / "x.db"
    if setup == "folder":
        path.mkdir()
    elif setup == "garbage":
        path.write_bytes(b"this is not sqlite" * 100)
    elif setup == "newer":
        sqlite3.connect(path).execute("PRAGMA user_version = 999").connection.close()
    with pytest.raises(StoreError, match=message):
        Store.open(path, read_only=(setup == "missing"))


def test_add_skips_same_text_and_same_url(store: Store, docs: list[Document]) -> None:
    again = store.add(docs)
    assert again.added == () and len(again.skipped) == 4
    same_url = make_doc("نص مختلف تماما عن الأول.", url="https://news.example/1")
    assert store.add([same_url]).skipped == (same_url.id,)
    assert store.stats().articles == 4


def test_invalid_unicode_is_refused_clearly(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        with pytest.raises(StoreError, match="surrogates"):
            store.add([Document(id="x", text="نص \ud800 معطوب")])
        assert store.stats().articles == 0


def test_same_id_different_text_gets_its_own_id(store: Store) -> None:
    first = make_doc("نص أول للاختبار.")
    clash = Document(id=first.id, text="نص آخر للاختبار.", published=None)
    added = store.add([first, clash]).added
    assert added[0] == first.id and added[1].startswith(first.id + "-")
    assert store.article(added[1]).text == clash.text


def test_article_round_trip(store: Store, docs: list[Document]) -> None:
    for doc in docs:
        assert store.article(doc.id) == doc
    with pytest.raises(StoreError, match="no article"):
        store.article("nope")


def test_read_only_store_refuses_writes(store: Store, docs: list[Document]) -> None:
    store.close()
    with Store.open(store.path, read_only=True) as reader:
        assert reader.stats().articles == 4
        with pytest.raises(StoreError, match="read-only"):
            reader.add(docs)


@pytest.mark.parametrize("query, expected", [
    ("كوريا الشمالية", {0, 1}),
    ("كوريا الشماليه", {0, 1}),               # ة/ه
    ("كُورِيَا", {0, 1}),                       # diacritics in the query
    ("مستشفي", {2}),                          # ى/ي, diacritics in the text
    ("إن", {0, 1, 2, 3}),                     # إ/ا
    ("بوتين", {0, 1, 3}),                     # with a clitic in the text: «وأضاف بوتين»
    ("بايدن OR الصواريخ", {1, 2}),
    ('"جو بايدن"', {1}),
    ("واشنط*", {1}),
    ("putin", {3}),
])
def test_search_any_spelling(store: Store, docs: list[Document], query: str,
                             expected: set[int]) -> None:
    ids = {hit.article.id for hit in store.search(query)}
    assert ids == {docs[i].id for i in expected}


def test_search_snippets_point_into_the_original(store: Store, docs: list[Document]) -> None:
    hits = store.search("كوريا")
    assert hits
    for hit in hits:
        text = store.article(hit.article.id).text
        snip = hit.snippet
        assert text[snip.start:snip.start + len(snip.text)] == snip.text
        assert snip.highlights
        for a, b in snip.highlights:
            assert "كوريا" in snip.text[a:b]
        assert "[كوريا]" in snip.marked()


def test_latest_articles(store: Store, docs: list[Document]) -> None:
    assert [a.id for a in store.latest()] == [docs[i].id for i in (1, 0, 2, 3)]
    assert [a.id for a in store.latest(since="2023", outlet="cnn")] == [docs[0].id]
    assert [a.id for a in store.latest(limit=1, offset=1)] == [docs[0].id]


def test_search_filters(store: Store, docs: list[Document]) -> None:
    assert {h.article.id for h in store.search("كوريا", since="2023-10")} == {docs[1].id}
    assert {h.article.id for h in store.search("كوريا", until="2023-09-30")} == {docs[0].id}
    assert {h.article.id for h in store.search("كوريا", outlet="bbc")} == {docs[1].id}
    assert len(store.search("إن", limit=2)) == 2
    assert len(store.search("إن", limit=2, offset=3)) == 1
    assert store.count("إن") == 4 and store.count("كوريا", outlet="BBC") == 1
    assert store.count("كوريا", since="2023-10") == 1 and store.count("غائبة") == 0
    with pytest.raises(InvalidDateError):
        store.search("كوريا", since="September")
    for impossible in ("2023-02-30", "2023-13", "0000"):
        with pytest.raises(InvalidDateError):
            store.search("كوريا", until=impossible)


def test_search_ranks_only_the_newest_matches(store: Store, docs: list[Document],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar.store import queries

    everything = {h.article.id for h in store.search("كوريا")}
    monkeypatch.setattr(queries, "RANK_WINDOW", 1)
    # The window is the newest match by publication date; paging widens it.
    assert [h.article.id for h in store.search("كوريا", limit=1)] == [docs[1].id]
    assert {h.article.id for h in store.search("كوريا", limit=5)} == everything
    assert len(store.search("كوريا", limit=1, offset=1)) == 1


def test_full_text_rows_are_keyed_by_date(tmp_path: Path, docs: list[Document]) -> None:
    """A version-2 store (full-text rows keyed by plain rowid) is re-keyed on opening."""
    path = tmp_path / "v2.db"
    with Store.open(path) as store:
        store.add(docs)
    conn = sqlite3.connect(path)
    conn.executescript("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all'); "
                       "INSERT INTO quotes_fts(quotes_fts) VALUES ('delete-all'); "
                       "INSERT INTO articles_fts(rowid, title, body, stems) "
                       "SELECT rowid, '', text, '' FROM articles; PRAGMA user_version = 2;")
    conn.close()
    with pytest.raises(OldStoreError, match="older khabar"):
        Store.open(path, read_only=True)  # its answers would be wrong: refused
    with Store.open_for_reading(path) as store:  # upgraded once, then read-only
        assert {h.article.id for h in store.search("كوريا", since="2023-10")} == {docs[1].id}
        assert [h.quote["text"] for h in store.quotes(speaker="بوتين", about="كوريا")] == [
            "نحن مستعدون للتعاون العسكري"]
        keys = [r[0] for r in store.conn.execute("SELECT rowid FROM articles_fts")]
        published = [r[0] for r in store.conn.execute(
            "SELECT published FROM articles ORDER BY rowid")]
        assert [k >> 32 for k in keys] == sorted(
            dt.date.fromisoformat(p).toordinal() if p else 0 for p in published)


HOSTILE = ['"', 'كوريا"', "كوريا OR", "NEAR(كوريا", "title:كوريا", "كوريا AND NOT x",
           "'; DROP TABLE articles; --", "(((", "*", "^كوريا", "كوريا:*", "{title}: x",
           "\x00كوريا", "كوريا\u202e", "x" * 5000]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_cannot_break_or_inject(store: Store, query: str) -> None:
    for run in (store.search, lambda q: store.quotes(speaker=q, about=q),
                lambda q: store.entities(q=q), store.entity):
        try:
            run(query)
        except StoreError as exc:
            assert "no words" in str(exc)
    assert store.stats().articles == 4


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(min_size=0, max_size=40))
def test_any_query_gives_results_or_a_clear_error(store: Store, query: str) -> None:
    try:
        hits = store.search(query)
    except StoreError as exc:
        assert "no words" in str(exc)
        return
    for hit in hits:
        assert hit.snippet.text in store.article(hit.article.id).text


def test_quotes_by_any_alias_of_the_speaker(store: Store, docs: list[Document]) -> None:
    for name in ("بوتين", "فلاديمير بوتين", "الرئيس الروسي فلاديمير بوتين", "Putin",
                 "vladimir putin"):
        texts = {h.quote["text"] for h in store.quotes(speaker=name)}
        assert texts == {"نحن مستعدون للتعاون العسكري", "المحادثات مثمرة"}, name
    hit = store.quotes(speaker="بوتين", since="2023")[0]
    assert hit.article.title == "بوتين وكوريا" and hit.dates == ("2023-09-15",)
    assert hit.speaker_name == "فلاديمير بوتين"


def test_quotes_by_speaker_words_without_entity(store: Store) -> None:
    assert [h.quote["text"] for h in store.quotes(speaker="وزارة الخارجية")] == ["الصواريخ جاهزة"]


def test_quotes_about_a_topic(store: Store) -> None:
    hits = store.quotes(about="كوريا الشمالية")
    texts = [h.quote["text"] for h in hits]
    # The quote that itself mentions the topic first, then quotes of articles that do.
    assert texts[0] == "أمريكا قلقة من كوريا الشمالية" and hits[0].about_in_quote
    assert set(texts) == {"أمريكا قلقة من كوريا الشمالية", "نحن مستعدون للتعاون العسكري"}
    assert [h.quote["text"] for h in store.quotes(speaker="بوتين", about="كوريا")] == [
        "نحن مستعدون للتعاون العسكري"]
    assert store.quotes(speaker="بايدن", about="الصواريخ") == store.quotes(speaker="هانتر",
                                                                            about="الصواريخ")


def test_entities_merge_across_articles(store: Store) -> None:
    people = {e.name: e for e in store.entities(type="PER")}
    putin = people["فلاديمير بوتين"]
    assert putin.articles == 3 and putin.latin == "Vladimir Putin"
    assert {"بوتين", "فلاديمير بوتين"} <= set(putin.aliases)
    # Distinct people sharing a family name stay apart.
    assert people["جو بايدن"].id != people["هانتر بايدن"].id
    korea = [e for e in store.entities(type="LOC") if e.name == "كوريا الشمالية"]
    assert len(korea) == 1 and korea[0].articles == 2
    assert store.entities(top=1)[0].id == putin.id
    assert [e.name for e in store.entities(q="هانتر")] == ["هانتر بايدن"]
    with pytest.raises(StoreError, match="choose one of PER"):
        store.entities(type="PERSON")


@pytest.mark.parametrize("first, second, same", [
    ("بوتين", "فلاديمير بوتين", True),
    ("الرئيس الروسي فلاديمير بوتين", "بوتين", True),
    ("فلاديمير بوتين", "فلاديمير فلاديميروفيتش بوتين", True),
    ("جو بايدن", "هانتر بايدن", False),
    ("كيم جونغ أون", "كيم يو جونغ", False),
    ("الملك سلمان", "محمد بن سلمان", False),
    ("محمد بن سلمان", "بن سلمان", True),
    ("عبد الله الثاني", "عبدالله الثاني", False),   # spelled apart vs joined: left apart
    ("الملك عبد الله الثاني", "محمد عبد الله", False),
    ("أنطونيو غوتيريش", "غوتيريس", False),
])
def test_people_linked_across_articles(first: str, second: str, same: bool) -> None:
    with Store.open(":memory:") as store:
        for name in (first, second):
            text = f"قال {name} إن الوضع صعب."
            store.add([make_doc(text, [("PER", [name], None)])])
        assert (store.stats().entities == 1) is same


def test_entity_detail(store: Store) -> None:
    detail = store.entity("بوتين")
    assert detail is not None
    assert dict(detail.by_month) == {"2023-09": 1, "2023-10": 1, "undated": 1}
    others = {e.name: n for e, n in detail.cooccurring}
    assert others["كوريا الشمالية"] == 2
    assert len(detail.quotes) == 2
    assert store.entity(str(detail.entity.id)) == detail
    assert store.entity("لا أحد بهذا الاسم") is None
    json.dumps(detail.to_json(), ensure_ascii=False)


@pytest.mark.parametrize("what, count", [("documents", 4), ("quotes", 5), ("entities", 6)])
def test_export(store: Store, what: str, count: int) -> None:
    out = io.StringIO()
    assert store.export(what, out, format="jsonl") == count
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(lines) == count
    if what == "documents":
        assert {Document.from_json(d) for d in lines} == set(store.articles())
    out = io.StringIO()
    assert store.export(what, out, format="csv") == count
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == count


def test_export_rejects_unknown_choices(store: Store) -> None:
    with pytest.raises(StoreError, match="choose"):
        store.export("people", io.StringIO())
    with pytest.raises(StoreError, match="jsonl or csv"):
        store.export("quotes", io.StringIO(), format="xml")


def test_store_of_analysed_example(example_text: str, tmp_path: Path) -> None:
    doc = khabar.analyze(example_text, published="2023-09-15")
    with khabar.Store.open(tmp_path / "ex.db") as store:
        assert store.add([doc]).added == (doc.id,)
        assert store.article(doc.id) == doc
        assert store.search("كيم جونغ أون")[0].article.id == doc.id
        assert store.search("الكرملين", since="2023-09-15", until="2023-09-15")
        stats = store.stats()
        assert stats.articles == 1 and stats.quotes == len(doc.quotes)
        assert stats.entities <= len(doc.entities)  # merged, never more
        if doc.entities:
            assert stats.entities >= 1


_ARABIC = st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآىةَُِّْ ،.«»", min_size=1,
                  max_size=80)


@settings(max_examples=60, deadline=None)
@given(text=(_ARABIC | st.text(st.characters(blacklist_categories=("Cs",)), max_size=80))
       .filter(lambda t: t.strip()), cut=st.integers(0, 80))
def test_any_document_round_trips_through_the_store(text: str, cut: int) -> None:
    cut = min(cut, len(text))
    entity = Entity("E1", "PER", text[:cut] or "x", (Mention(0, cut, text[:cut]),))
    doc = Document(id=text_id(text), text=text, entities=(entity,) if cut else ())
    with Store.open(":memory:") as store:
        store.add([doc])
        assert store.article(doc.id) == doc
