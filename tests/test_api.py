"""The HTTP API with FastAPI's TestClient: every endpoint, good and bad parameters.

Bad input always gets a 4xx with a JSON body ``{"error": {"status", "code", "message"}}``;
nothing a user sends gives a 500.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import EXAMPLE
from tests.test_web_browser import hostile_document, make_store, synthetic_document

from khabar.api import create_app
from khabar.model import Document, Source, check_offsets

WAIT = 60.0


@pytest.fixture(scope="module")
def reference() -> Document:
    import khabar

    return khabar.analyze(EXAMPLE.read_text(encoding="utf-8"), published="2023-09-15",
                          source=Source(outlet="CNN Arabic", title="كيم في روسيا"),
                          id="kim-russia")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, reference: Document) -> Path:
    folder = tmp_path_factory.mktemp("api")
    return make_store(folder / "api.db", [reference, synthetic_document(), hostile_document()])


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path, read_only=True)) as test_client:
        yield test_client


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert body["status"] == status and body["message"] and "\n" not in body["message"]
    return dict(body)


# ----------------------------------------------------------------------------- analyze


def test_analyze_plain_text_with_date(client: TestClient) -> None:
    text = "قال الرئيس الروسي فلاديمير بوتين يوم الجمعة إن روسيا مستعدة."
    response = client.post("/api/analyze", params={"date": "2023-09-15", "outlet": "RT"},
                           content=text.encode(), headers={"Content-Type": "text/plain"})
    assert response.status_code == 200
    data = response.json()
    assert data["text"] == text and data["published"] == "2023-09-15"
    assert data["source"]["outlet"] == "RT"
    assert check_offsets(Document.from_json(data)) == []


def test_analyze_json_and_windows_1256(client: TestClient) -> None:
    response = client.post("/api/analyze", json={"text": "قال بوتين إن روسيا مستعدة.",
                                                  "published": "2023-09-15",
                                                  "source": {"title": "عنوان"}, "id": "x1"})
    assert response.status_code == 200
    assert response.json()["id"] == "x1" and response.json()["source"]["title"] == "عنوان"
    legacy = "قال بوتين إن روسيا مستعدة.".encode("cp1256")
    response = client.post("/api/analyze", content=legacy,
                           headers={"Content-Type": "text/plain; charset=windows-1256"})
    assert response.json()["text"] == "قال بوتين إن روسيا مستعدة."


def test_analyze_html_extracts_main_text(client: TestClient) -> None:
    paragraph = ("قال الرئيس الروسي فلاديمير بوتين إن روسيا مستعدة للتعاون مع كوريا الشمالية "
                 "في مجالات عديدة، وأضاف أن الزيارة كانت ناجحة جدا بكل المقاييس.")
    html = (f"<html><head><title>زيارة كيم</title></head><body><nav>الرئيسية | أخبار</nav>"
            f"<article><h1>زيارة كيم</h1><p>{paragraph}</p><p>{paragraph}</p></article>"
            "<footer>جميع الحقوق محفوظة</footer></body></html>")
    response = client.post("/api/analyze", content=html.encode(),
                           headers={"Content-Type": "text/html; charset=utf-8"})
    assert response.status_code == 200
    data = response.json()
    assert paragraph in data["text"] and "جميع الحقوق" not in data["text"]
    assert data["source"]["title"] == "زيارة كيم"


@pytest.mark.parametrize(("body", "headers", "status", "code"), [
    (b"", {"Content-Type": "text/plain"}, 400, "bad_input"),
    (b"   \n ", {"Content-Type": "text/plain"}, 400, "bad_input"),
    (b"\x00\x01\x02binary\x00" * 50, {"Content-Type": "text/plain"}, 400, "bad_input"),
    (b"{not json", {"Content-Type": "application/json"}, 400, "bad_json"),
    (b"[1, 2]", {"Content-Type": "application/json"}, 400, "bad_input"),
    (b'{"text": ""}', {"Content-Type": "application/json"}, 400, "bad_input"),
    (b'{"text": "x", "published": "15/09/2023"}', {"Content-Type": "application/json"}, 400,
     "bad_input"),
    (b'{"text": "x", "url": 5}', {"Content-Type": "application/json"}, 400, "bad_input"),
    (b"<html><body></body></html>", {"Content-Type": "text/html"}, 400, "bad_input"),
    ("نص".encode(), {"Content-Type": "text/plain; charset=klingon"}, 400, "bad_input"),
])
def test_analyze_bad_bodies(client: TestClient, body: bytes, headers: dict[str, str],
                            status: int, code: str) -> None:
    assert error_of(client.post("/api/analyze", content=body, headers=headers),
                    status)["code"] == code


def test_analyze_bad_date_parameter(client: TestClient) -> None:
    response = client.post("/api/analyze", params={"date": "yesterday"}, content="نص".encode())
    assert "YYYY-MM-DD" in error_of(response, 422)["message"]


def test_request_size_cap(store_path: Path) -> None:
    with TestClient(create_app(store_path, max_body=1000)) as small:
        body = ("نص " * 1000).encode()
        assert error_of(small.post("/api/analyze", content=body), 413)["code"] == "too_large"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted while reading
            for _ in range(100):
                yield "كلمة ".encode() * 10

        response = small.post("/api/analyze", content=chunks())
        assert error_of(response, 413)["code"] == "too_large"
        assert small.post("/api/analyze", content="قال بوتين.".encode()).status_code == 200


def test_analyze_refuses_a_book(client: TestClient) -> None:
    text = "قال بوتين إن روسيا مستعدة. " * 20_000
    assert "at most" in error_of(client.post("/api/analyze", content=text.encode()),
                                 413)["message"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_analyze_any_text_gives_a_document_or_a_4xx(client: TestClient, text: str) -> None:
    response = client.post("/api/analyze", content=text.encode("utf-8", "surrogatepass"),
                           headers={"Content-Type": "text/plain; charset=utf-8"})
    assert response.status_code in (200, 400), response.text
    if response.status_code == 200:
        doc = Document.from_json(response.json())
        assert check_offsets(doc) == []


# ------------------------------------------------------------------------------ search


def test_search_finds_any_spelling_with_snippet(client: TestClient) -> None:
    for query in ("كوريا الشمالية", "كوريا الشماليه", "الكرملين"):
        data = client.get("/api/search", params={"q": query}).json()
        assert data["items"], query
        hit = data["items"][0]
        snippet = hit["snippet"]
        assert snippet["highlights"]
        start, end = snippet["highlights"][0]
        assert 0 <= start < end <= len(snippet["text"])


def test_search_without_query_lists_newest(client: TestClient) -> None:
    data = client.get("/api/search").json()
    assert {item["article"]["id"] for item in data["items"]} == {
        "kim-russia", "synthetic-1", "hostile-1"}
    assert data["items"][0]["article"]["published"] == "2023-09-15"


def test_search_filters_and_paging(client: TestClient) -> None:
    def ids(**params: Any) -> list[str]:
        return [i["article"]["id"] for i in client.get("/api/search", params=params).json()[
            "items"]]

    assert ids(q="روسيا", since="2023-09") == ["kim-russia"]
    assert ids(q="روسيا", until="2023-08-31") == []
    assert ids(q="روسيا", outlet="cnn arabic") == ["kim-russia"]
    counted = client.get("/api/search", params={"q": "روسيا", "limit": 1}).json()
    assert counted["total"] == len(ids(q="روسيا")) == 2 and "offset=1" in counted["next"]
    first = client.get("/api/search", params={"limit": 1}).json()
    assert len(first["items"]) == 1 and "offset=1" in first["next"]
    second = client.get(first["next"]).json()
    assert second["offset"] == 1 and second["items"] != first["items"]


@pytest.mark.parametrize(("params", "status", "where"), [
    ({"q": "x", "limit": 0}, 422, "limit"),
    ({"q": "x", "limit": 101}, 422, "limit"),
    ({"q": "x", "limit": "ten"}, 422, "limit"),
    ({"q": "x", "offset": -1}, 422, "offset"),
    ({"q": "x", "offset": 10**9}, 422, "offset"),
    ({"q": "x", "since": "2023-02-30"}, 422, "since"),
    ({"q": "x", "until": "tomorrow"}, 422, "until"),
    ({"q": "x", "since": "2024", "until": "2023-12"}, 422, "since"),
    ({"q": "x" * 501}, 422, "q"),
    ({"q": "\"\" ()"}, 400, "q"),
])
def test_search_bad_parameters(client: TestClient, params: dict[str, Any], status: int,
                               where: str) -> None:
    assert where in error_of(client.get("/api/search", params=params), status)["message"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=60) | st.sampled_from(
    ['" OR 1=1 --', "NEAR(كوريا روسيا)", "*", "كوريا*", "a AND", "OR OR", "^x", "col:كوريا",
     "'); DROP TABLE articles; --", '"unterminated', "«روسيا»", "\u202e", "-"]))
def test_search_never_fails_on_user_input(client: TestClient, query: str) -> None:
    for path, name in (("/api/search", "q"), ("/api/quotes", "about"),
                       ("/api/quotes", "speaker"), ("/api/entities", "q")):
        response = client.get(path, params={name: query})
        assert response.status_code in (200, 400, 422), (path, query, response.text)
        if response.status_code != 200:
            assert response.json()["error"]["message"]


# ------------------------------------------------------------------- quotes, articles


def test_quotes_by_speaker_and_topic(client: TestClient) -> None:
    data = client.get("/api/quotes", params={"speaker": "بوتين"}).json()
    texts = [item["quote"]["text"] for item in data["items"]]
    assert synthetic_document().quotes[0].text in texts
    assert client.get("/api/quotes", params={"speaker": "Vladimir Putin"}).json()["items"]
    about = client.get("/api/quotes", params={"speaker": "بوتين", "about": "كوريا"}).json()
    assert "synthetic-1" in {item["article"]["id"] for item in about["items"]}
    assert client.get("/api/quotes", params={"speaker": "لا أحد بهذا الاسم"}).json()[
        "items"] == []
    error_of(client.get("/api/quotes", params={"since": "2023-9"}), 422)


def test_quotes_as_csv(client: TestClient) -> None:
    import csv
    import io

    response = client.get("/api/quotes", params={"speaker": "بوتين", "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    mine = next(r for r in rows if r["article_id"] == "synthetic-1")
    assert mine["quote"] == synthetic_document().quotes[0].text
    assert mine["source"] == "وفقا لبيان الكرملين"
    error_of(client.get("/api/quotes", params={"format": "xlsx"}), 422)


def test_csv_cells_never_run_as_formulas() -> None:
    from khabar.api.bodies import quotes_csv

    hit = {"article": {"id": "a", "title": "=HYPERLINK(\"http://x\")", "published": None},
           "quote": {"id": "Q1", "kind": "direct", "text": "+1 مليون", "start": 0, "end": 8},
           "speaker_name": "@user"}
    text = quotes_csv([hit])
    assert "'=HYPERLINK" in text and "'+1 مليون" in text and "'@user" in text


def test_article_round_trip(client: TestClient, reference: Document) -> None:
    data = client.get("/api/articles/kim-russia").json()
    assert Document.from_json(data) == reference
    synthetic = client.get("/api/articles/synthetic-1").json()
    assert Document.from_json(synthetic) == synthetic_document()
    assert error_of(client.get("/api/articles/nope"), 404)["code"] == "not_found"
    error_of(client.get("/api/articles/%22%3B%20DROP"), 404)


# -------------------------------------------------------------------------- entities


def test_entities_and_one_entity(client: TestClient) -> None:
    people = client.get("/api/entities", params={"type": "per"}).json()["items"]
    putin = next(e for e in people if e["latin"] == "Vladimir Putin")
    assert all(e["type"] == "PER" for e in people)
    detail = client.get(f"/api/entities/{putin['id']}").json()
    assert detail["entity"]["name"] == "فلاديمير بوتين"
    assert detail["by_month"] is not None and detail["quotes"]
    by_name = client.get("/api/entities/فلاديمير بوتين").json()
    assert by_name["entity"]["id"] == putin["id"]
    found = client.get("/api/entities", params={"q": "بوتين"}).json()["items"]
    assert any(e["id"] == putin["id"] for e in found)
    assert "PER" in error_of(client.get("/api/entities", params={"type": "PERSON"}),
                             422)["message"]
    assert error_of(client.get("/api/entities/999999"), 404)["code"] == "not_found"


# ---------------------------------------------------------------------------- ingest


def wait_job(client: TestClient, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT
    while True:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("done", "failed") or time.monotonic() > deadline:
            return dict(job)
        time.sleep(0.05)


def test_ingest_jsonl_in_the_background(tmp_path: Path) -> None:
    lines = [
        {"text": "قال وزير الخارجية المصري إن القاهرة ترحب بالمبادرة.", "published": "2024-01-02",
         "outlet": "الأهرام", "title": "ترحيب", "id": "ahram-1"},
        {"text": "", "id": "empty"},
        {"text": "أعلنت وزارة الصحة أن عدد الإصابات تراجع.", "date": "2024-01-03", "id": "h-2"},
    ]
    body = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode()
    with TestClient(create_app(tmp_path / "new.db")) as writable:
        # Asked before the ingest: the cached empty answer must not outlive the write.
        assert writable.get("/api/search", params={"q": "القاهرة"}).json()["items"] == []
        error_of(writable.post("/api/ingest", content=body,
                               headers={"Content-Type": "application/x-ndjson"}), 400)
        body = "\n".join(json.dumps(line, ensure_ascii=False)
                         for line in lines if line["text"]).encode()
        response = writable.post("/api/ingest", content=body,
                                 headers={"Content-Type": "application/x-ndjson"})
        assert response.status_code == 202
        job = wait_job(writable, response.json()["id"])
        assert job["state"] == "done" and job["added"] == 2 and job["total"] == 2
        found = writable.get("/api/search", params={"q": "القاهرة"}).json()["items"]
        assert [hit["article"]["id"] for hit in found] == ["ahram-1"]
        again = writable.post("/api/ingest", json={"articles": lines[:1]})
        job = wait_job(writable, again.json()["id"])
        assert job["skipped"] == 1 and job["added"] == 0
        assert writable.get("/api/jobs").json()["items"]


def test_ingest_urls_from_a_local_server(tmp_path: Path) -> None:
    import functools
    import http.server
    import threading

    paragraph = ("قال وزير المالية المغربي إن الحكومة ستخفض الضرائب على الشركات الصغيرة "
                 "في العام المقبل، وأضاف أن الإصلاح سيشمل القطاع الزراعي أيضا.")
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text(
        f"<html><head><title>ضرائب</title></head><body><nav>القائمة</nav><article>"
        f"<h1>ضرائب</h1><p>{paragraph}</p><p>{paragraph}</p></article></body></html>",
        encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with TestClient(create_app(tmp_path / "urls.db")) as writable:
            response = writable.post("/api/ingest", json={
                "urls": [f"{base}/page.html", f"{base}/missing.html"]})
            assert response.status_code == 202
            job = wait_job(writable, response.json()["id"])
            assert job["state"] == "done", job
            assert job["added"] == 1 and job["failed"] == 1
            assert "missing.html" in job["errors"][0]["item"]
            found = writable.get("/api/search", params={"q": "الضرائب"}).json()["items"]
            assert found and found[0]["article"]["url"].endswith("/page.html")
    finally:
        server.shutdown()


@pytest.mark.parametrize(("body", "headers"), [
    (b"", {"Content-Type": "application/x-ndjson"}),
    (b'{"text": "x"}\n{broken', {"Content-Type": "application/x-ndjson"}),
    (b'{"urls": ["file:///etc/passwd"]}', {"Content-Type": "application/json"}),
    (b'{"urls": "http://x"}', {"Content-Type": "application/json"}),
    (b'{"other": 1}', {"Content-Type": "application/json"}),
    (gzip.compress(b"x"), {"Content-Type": "application/x-ndjson"}),
])
def test_ingest_bad_bodies(tmp_path: Path, body: bytes, headers: dict[str, str]) -> None:
    with TestClient(create_app(tmp_path / "bad.db")) as writable:
        response = writable.post("/api/ingest", content=body, headers=headers)
        assert 400 <= response.status_code < 500 and response.json()["error"]["message"]


def test_read_only_refuses_ingest(client: TestClient) -> None:
    response = client.post("/api/ingest", json={"articles": [{"text": "نص"}]})
    assert "read-only" in error_of(response, 403)["message"]
    assert error_of(client.get("/api/jobs/nope"), 404)["code"] == "not_found"


# -------------------------------------------------------------------- page, security


def test_page_docs_and_openapi(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text and 'lang="ar"' in page.text
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    for path in ("/api/analyze", "/api/search", "/api/quotes", "/api/articles/{article_id}",
                 "/api/entities", "/api/entities/{entity_id}", "/api/ingest",
                 "/api/jobs/{job_id}"):
        assert path in spec["paths"]
    assert client.get("/static/app.js").headers["content-type"].startswith(
        ("application/javascript", "text/javascript"))
    assert error_of(client.get("/static/nope.js"), 404)
    assert error_of(client.get("/api/nope"), 404)
    assert error_of(client.delete("/api/search"), 405)


def test_security_headers_and_no_cors_by_default(client: TestClient, store_path: Path) -> None:
    response = client.get("/api/search", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    with TestClient(create_app(store_path, cors_origins=["https://newsroom.example"])) as cors:
        allowed = cors.get("/api/search", headers={"Origin": "https://newsroom.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://newsroom.example"


def test_allowed_hosts_refuse_dns_rebinding(store_path: Path) -> None:
    app = create_app(store_path, read_only=True, allowed_hosts=["127.0.0.1", "localhost"])
    with TestClient(app, base_url="http://127.0.0.1") as local:
        assert local.get("/api/health").status_code == 200
        assert local.get("/api/health", headers={"Host": "evil.example"}).status_code == 400


def test_repeated_queries_come_from_the_cache(store_path: Path) -> None:
    with TestClient(create_app(store_path, read_only=True)) as fresh:
        first = fresh.get("/api/quotes", params={"speaker": "بوتين"}).json()
        again = fresh.get("/api/quotes", params={"speaker": "بوتين"}).json()
        assert first == again
        assert fresh.get("/api/health").json()["cache"]["hits"] == 1
    with TestClient(create_app(store_path, read_only=True, cache_size=0)) as uncached:
        uncached.get("/api/quotes", params={"speaker": "بوتين"})
        assert uncached.get("/api/health").json()["cache"]["entries"] == 0


def test_health_and_no_store(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert health["stats"]["articles"] == 3 and health["read_only"] is True
    with TestClient(create_app(None)) as bare:
        assert error_of(bare.get("/api/search", params={"q": "x"}), 503)["code"] == "no_store"
        assert bare.post("/api/analyze", content="قال بوتين.".encode()).status_code == 200


def test_a_bug_is_a_json_500_not_a_traceback(store_path: Path) -> None:
    app = create_app(store_path, read_only=True)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    app.state.gateway.search = broken
    with TestClient(app, raise_server_exceptions=False) as buggy:
        body = error_of(buggy.get("/api/search", params={"q": "x"}), 500)
        assert "boom" not in body["message"]
