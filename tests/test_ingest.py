"""Readers (text, HTML, feeds, JSONL, folders, .gz, HTTP) and the ingest run."""

from __future__ import annotations

import gzip
import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import shared_path

from khabar.errors import IngestError
from khabar.ingest import Article, ReadFailure, ReadOptions, fetch_url, read_inputs
from khabar.ingest.fetch import fetch
from khabar.ingest.pages import local_link
from khabar.store import Store

BODY = [
    "استقبل الرئيس الروسي فلاديمير بوتين الزعيم الكوري الشمالي كيم جونغ أون في قاعدة "
    "فوستوشني الفضائية، في زيارة نادرة تثير قلق العواصم الغربية.",
    "وقال بوتين للصحفيين إن روسيا مستعدة لمساعدة كوريا الشمالية في بناء الأقمار الصناعية، "
    "مضيفا أن التعاون بين البلدين يخدم مصالح الشعبين.",
    "وأضاف المتحدث باسم الكرملين ديمتري بيسكوف أن المحادثات استمرت أكثر من أربع ساعات، وأن "
    "الجانبين ناقشا قضايا التعاون العسكري والاقتصادي.",
]

PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | أخبار الاختبار</title>
<meta property="og:title" content="{title}">
<meta property="og:url" content="https://news.example/{slug}">
<meta property="og:site_name" content="أخبار الاختبار">
<meta property="article:published_time" content="2023-09-15T10:00:00+03:00">
</head><body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/world">العالم</a></li></ul></nav>
<article><h1>{title}</h1>{paragraphs}</article>
<section class="comments"><h3>التعليقات</h3><div class="comment">تعليق القارئ: خبر رائع</div>
</section><footer>جميع الحقوق محفوظة — سياسة الخصوصية — اتصل بنا</footer></body></html>"""


def page(title: str = "بوتين يستقبل كيم", slug: str = "putin-kim", extra: str = "") -> str:
    paragraphs = "".join(f"<p>{p}{extra}</p>" for p in BODY)
    return PAGE.format(title=title, slug=slug, paragraphs=paragraphs)


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>أخبار الاختبار</title><link>https://news.example/</link>
{items}</channel></rss>"""
ITEM = """<item><title>{title}</title><link>{link}</link>
<pubDate>Fri, 15 Sep 2023 10:00:00 +0300</pubDate><description><![CDATA[{body}]]></description>
</item>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>موقع ذرة</title>
<entry><title>خبر كامل</title><link href="https://atom.example/1"/><id>urn:1</id>
<updated>2023-09-14T08:00:00Z</updated>
<content type="html"><![CDATA[{body}]]></content></entry></feed>"""


def articles(items: Iterator[Article | ReadFailure]) -> tuple[list[Article], list[ReadFailure]]:
    found = list(items)
    return ([a for a in found if isinstance(a, Article)],
            [f for f in found if isinstance(f, ReadFailure)])


def test_text_file_with_date_and_encodings(tmp_path: Path) -> None:
    (tmp_path / "utf8.txt").write_text(BODY[0], encoding="utf-8")
    (tmp_path / "win.txt").write_bytes(BODY[1].encode("cp1256"))
    (tmp_path / "u16.txt").write_bytes(BODY[2].encode("utf-16"))
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    good, bad = articles(read_inputs([str(tmp_path)], ReadOptions(date="2023-09-15")))
    assert sorted(a.text for a in good) == sorted(BODY)
    assert {a.published for a in good} == {"2023-09-15"}
    assert {Path(f.origin).name for f in bad} == {"empty.txt", "binary.txt"}
    assert all(f.reason for f in bad)


def test_jsonl_with_configurable_fields(tmp_path: Path) -> None:
    lines = [
        {"body": BODY[0], "when": "2023-09-15T08:00:00+03:00", "headline": "أ", "link": "u1",
         "site": "CNN", "key": "a1"},
        {"body": BODY[1], "when": "Fri, 15 Sep 2023 10:00:00 +0300"},
        {"body": "", "when": "2023-09-15"},
        {"body": BODY[2], "when": "next friday"},
        ["not", "an", "object"],
        {"body": "نص \ud800 معطوب", "when": "2023-09-15"},
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines)  # \ud800 stays escaped
                    + "\n{broken json\n", encoding="utf-8")
    options = ReadOptions(text_field="body", date_field="when", title_field="headline",
                          url_field="link", outlet_field="site", id_field="key")
    good, bad = articles(read_inputs([str(path)], options))
    assert [(a.text, a.published) for a in good] == [(BODY[0], "2023-09-15"),
                                                      (BODY[1], "2023-09-15")]
    assert (good[0].title, good[0].url, good[0].outlet, good[0].id) == ("أ", "u1", "CNN", "a1")
    reasons = {f.origin.rsplit(":", 1)[1]: f.reason for f in bad}
    assert set(reasons) == {"3", "4", "5", "6", "7"}
    assert "--text-field" in reasons["3"] and "date" in reasons["4"]
    assert "surrogates" in reasons["6"] and "JSON" in reasons["7"]


def test_jsonl_default_fields_json_array_and_gzip(tmp_path: Path) -> None:
    records = [{"text": BODY[0], "published": "2023-09-15", "source": "BBC Arabic"}]
    (tmp_path / "a.json").write_text(json.dumps(records, ensure_ascii=False, indent=2),
                                     encoding="utf-8")
    (tmp_path / "meta.json").write_text(json.dumps({"title": "x", "authors": []}, indent=2),
                                        encoding="utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"content": BODY[1], "date": "2023-09-14"}) + "\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt.gz").write_bytes(gzip.compress(BODY[2].encode()))
    (tmp_path / ".hidden.txt").write_text("مخفي", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / "broken.txt.gz").write_bytes(b"\x1f\x8b not really gzip")
    good, bad = articles(read_inputs([str(tmp_path)]))
    assert sorted(a.text for a in good) == sorted(BODY)
    assert [a.outlet for a in good if a.text == BODY[0]] == ["BBC Arabic"]
    assert sorted(Path(f.origin).name for f in bad) == ["broken.txt.gz", "meta.json"]


def test_gzip_bomb_is_capped(tmp_path: Path) -> None:
    (tmp_path / "big.txt.gz").write_bytes(gzip.compress(b"a" * 2_000_000))
    _, bad = articles(read_inputs([str(tmp_path)], ReadOptions(max_bytes=100_000)))
    assert "limit" in bad[0].reason


def test_html_page_main_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(page(), encoding="utf-8")
    (tmp_path / "empty.html").write_text("<html><body><nav>x</nav></body></html>")
    good, bad = articles(read_inputs([str(tmp_path)]))
    assert len(good) == 1
    article = good[0]
    for paragraph in BODY:
        assert paragraph in article.text
    for boilerplate in ("الرئيسية", "تعليق القارئ", "سياسة الخصوصية"):
        assert boilerplate not in article.text
    assert (article.title, article.published, article.url, article.outlet) == (
        "بوتين يستقبل كيم", "2023-09-15", "https://news.example/putin-kim", "أخبار الاختبار")
    assert [Path(f.origin).name for f in bad] == ["empty.html"]


def test_feeds_with_full_content_rss_and_atom(tmp_path: Path) -> None:
    body = "".join(f"<p>{p}</p>" for p in BODY)
    items = ITEM.format(title="أول", link="https://news.example/1", body=body)
    (tmp_path / "feed.rss").write_text(RSS.format(items=items), encoding="utf-8")
    (tmp_path / "atom.xml").write_text(ATOM.format(body=body), encoding="utf-8")
    good, bad = articles(read_inputs([str(tmp_path)]))
    assert not bad
    by_title = {a.title: a for a in good}
    assert by_title["أول"].text == "\n".join(BODY)
    assert (by_title["أول"].published, by_title["أول"].outlet) == ("2023-09-15", "أخبار الاختبار")
    assert by_title["خبر كامل"].published == "2023-09-14"
    assert by_title["خبر كامل"].url == "https://atom.example/1"


def test_feed_links_to_local_pages_stay_inside_its_folder(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds"
    (feeds / "pages").mkdir(parents=True)
    (feeds / "pages" / "one.html").write_text(page(), encoding="utf-8")
    (tmp_path / "secret.html").write_text(page(title="سر"), encoding="utf-8")
    items = "".join(ITEM.format(title=t, link=link, body="ملخص قصير")
                    for t, link in [("محلي", "pages/one.html"), ("خارج", "../secret.html"),
                                    ("ملف", "file:///etc/passwd"), ("مفقود", "pages/none.html")])
    (feeds / "feed.xml").write_text(RSS.format(items=items), encoding="utf-8")
    good, bad = articles(read_inputs([str(feeds / "feed.xml")], ReadOptions(min_feed_chars=50)))
    assert [a.title for a in good] == ["محلي"]
    assert BODY[1] in good[0].text and good[0].published == "2023-09-15"
    reasons = [f.reason for f in bad]
    assert "outside the feed's folder" in reasons[0] and "outside" in reasons[1]
    assert "no such file" in reasons[2]
    no_fetch = ReadOptions(min_feed_chars=50, fetch_links=False)
    good, bad = articles(read_inputs([str(feeds / "feed.xml")], no_fetch))
    assert {a.text for a in good} == {"ملخص قصير"} and len(good) == 4
    with pytest.raises(IngestError, match="outside"):
        local_link("../secret.html", feeds)
    with pytest.raises(IngestError, match="outside"):
        local_link("file:///etc/passwd", feeds)


def test_malformed_feed_is_one_clear_failure(tmp_path: Path) -> None:
    (tmp_path / "bad.rss").write_text("<rss><channel><item><title>x</ti", encoding="utf-8")
    (tmp_path / "ok.txt").write_text(BODY[0], encoding="utf-8")
    good, bad = articles(read_inputs([str(tmp_path)]))
    assert [a.text for a in good] == [BODY[0]]
    assert "feed" in bad[0].reason


class _Handler(http.server.BaseHTTPRequestHandler):
    agents: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        _Handler.agents.append(self.headers.get("User-Agent", ""))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        routes = {
            "/feed.xml": ("application/rss+xml", RSS.format(items="".join(
                ITEM.format(title=f"خبر {n}", link=f"{base}/page{n}.html", body="ملخص")
                for n in (1, 2, 404)))),
            "/page1.html": ("text/html; charset=utf-8", page(slug="1")),
            "/page2.html": ("text/html; charset=utf-8", page(title="الثاني", slug="2",
                                                              extra=" ثانية")),
            "/big.html": ("text/html", "x" * 50_000),
        }
        if self.path == "/slow.html":
            time.sleep(1.5)
        if self.path not in routes:
            self.send_error(404)
            return
        kind, body = routes[self.path]
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_feed_over_http_fetches_linked_pages(server: str) -> None:
    good, bad = articles(read_inputs([f"{server}/feed.xml"]))
    assert [a.title for a in good] == ["خبر 1", "خبر 2"]
    assert BODY[0] in good[0].text and "ثانية" in good[1].text
    assert good[0].url == f"{server}/page1.html"
    # A page that cannot be fetched fails (and is tried again by the next run).
    assert [f.origin for f in bad] == [f"{server}/feed.xml#3"] and "404" in bad[0].reason
    assert all(agent.startswith("khabar/") for agent in _Handler.agents)


def test_http_page_errors_cap_and_timeout(server: str) -> None:
    good, bad = articles(read_inputs([f"{server}/page1.html", f"{server}/nope.html"]))
    assert BODY[2] in good[0].text
    assert "HTTP 404" in bad[0].reason
    with pytest.raises(IngestError, match="limit"):
        fetch(f"{server}/big.html", ReadOptions(max_bytes=10_000))
    with pytest.raises(IngestError, match="cannot fetch"):
        fetch(f"{server}/slow.html", ReadOptions(timeout=0.3))
    with pytest.raises(IngestError, match="only http"):
        fetch("file:///etc/passwd", ReadOptions())
    assert BODY[0] in fetch_url(f"{server}/page1.html")


def test_ingest_reports_failures_and_skips_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number, text in enumerate(BODY):
        (folder / f"{number}.txt").write_text(text, encoding="utf-8")
    (folder / "copy.txt").write_text(BODY[0], encoding="utf-8")   # same text twice
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "huge.txt").write_text("ك" * 5000, encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    with Store.open(tmp_path / "k.db") as store:
        report = store.ingest([str(folder), str(tmp_path / "missing")], workers=1,
                              options=ReadOptions(date="2023-09-15"), batch_size=2,
                              errors_path=str(errors), max_chars=4000)
        assert (report.added, report.skipped) == (3, 1)
        reasons = {Path(f.origin).name: f.reason for f in report.failures}
        assert set(reasons) == {"empty.txt", "huge.txt", "missing"}
        assert "limit" in reasons["huge.txt"]
        logged = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
        assert {Path(x["origin"]).name for x in logged} == set(reasons)
        again = store.ingest([str(folder)], workers=2, batch_size=2, max_chars=4000)
        assert again.added == 0 and again.skipped == 4
        assert store.stats().articles == 3
        assert {h.article.published for h in store.search("بوتين")} == {"2023-09-15"}


def test_ingest_in_two_processes_matches_one(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    lines = [{"text": f"{BODY[n % 3]} رقم {n}.", "published": "2023-09-15"} for n in range(30)]
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), "utf-8")
    stored = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.db") as store:
            assert store.ingest([str(path)], workers=workers, batch_size=7).added == 30
            stored.append(sorted(store.conn.execute("SELECT id, layers FROM articles")))
    assert stored[0] == stored[1]


def test_real_pages_from_shared_corpus() -> None:
    folder = shared_path("data", "corpus", "html")
    checked = 0
    for html in sorted(folder.glob("antcrawler__*.html")):
        expected = (html.with_suffix(".txt")).read_text("utf-8")
        body = expected.split("<TEXT>", 1)[1].split("</TEXT>", 1)[0]
        lines = [line.strip() for line in body.splitlines() if len(line.strip()) > 30]
        good, bad = articles(read_inputs([str(html)]))
        assert not bad, bad
        extracted = " ".join(good[0].text.split())
        found = sum(1 for line in lines if " ".join(line.split())[:60] in extracted)
        assert found >= 0.8 * len(lines), html.name
        assert "<" not in good[0].text[:200]
        checked += 1
    assert checked >= 5


def test_a_document_the_store_refuses_fails_alone(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from khabar.errors import StoreError
    from khabar.store import writer

    real = writer.write_document

    def picky(conn, doc, **kwargs):  # type: ignore[no-untyped-def]
        if "رفض" in doc.text:
            raise StoreError("refused for the test")
        return real(conn, doc, **kwargs)

    monkeypatch.setattr("khabar.store.sqlite.write_document", picky)
    path = tmp_path / "in.jsonl"
    texts = [f"قال بوتين إن روسيا مستعدة رقم {n}." for n in range(5)] + ["نص يجب رفض تخزينه."]
    path.write_text("\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in texts),
                    encoding="utf-8")
    with Store.open(tmp_path / "k.db") as store:
        report = store.ingest([str(path)], workers=1, batch_size=10)
        assert report.added == 5
        assert [f.reason for f in report.failures] == ["refused for the test"]


def test_count_articles_for_the_progress_bar(tmp_path: Path) -> None:
    from khabar.ingest.sources import count_articles

    (tmp_path / "a.txt").write_text(BODY[0], encoding="utf-8")
    (tmp_path / "b.html").write_text(page(), encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "x"}\n{"text": "y"}\n{"text": "z"}',
                                      encoding="utf-8")
    (tmp_path / "d.json").write_text('[{"text": "x"},\n{"text": "y"}]', encoding="utf-8")
    assert count_articles([str(tmp_path)]) == 6
    (tmp_path / "e.rss").write_text(RSS.format(items=""), encoding="utf-8")
    assert count_articles([str(tmp_path)]) is None
    assert count_articles(["https://example.com/feed.xml"]) is None
