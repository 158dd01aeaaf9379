"""The HTTP API and the web page: a thin shell over the library functions the CLI uses.

``create_app(store_path, read_only=False)`` builds a FastAPI application. Routes parse and
check parameters, call ``khabar.analyze`` or the store, and answer JSON; every failure is
a JSON error body (see ``khabar.api.errors``). The page in ``khabar/web/static`` is served
at ``/`` and reads the same API.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import FastAPI, Query, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from khabar import __version__
from khabar.api.bodies import quotes_csv
from khabar.api.errors import ApiError, BodyLimitMiddleware, install_error_handlers, read_body
from khabar.api.jobs import JobRegistry
from khabar.api.store import StoreGateway
from khabar.errors import InvalidDateError
from khabar.model import ENTITY_TYPES, Source, parse_published

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "web" / "static"

#: Default cap on a request body (an article, or a batch of JSONL lines to ingest).
DEFAULT_MAX_BODY = 10_000_000

#: Longest article ``/api/analyze`` takes, in characters (a long book chapter); analysis
#: time grows with length and one request must not hold a worker for minutes.
MAX_ANALYZE_CHARS = 500_000

#: Deepest offset a listing accepts; past it, narrow the query instead of paging.
MAX_OFFSET = 10_000

#: Content Security Policy: scripts and styles only from this server, nothing inline,
#: so even a text inserted as HTML by mistake could not run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY",
}

Limit = Annotated[int, Query(ge=1, le=100, description="Items per page (1–100).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip (paging).")]
Day = Annotated[str | None, Query(max_length=32, description="A date, YYYY-MM-DD.")]
Period = Annotated[str | None, Query(max_length=32, description="YYYY, YYYY-MM or YYYY-MM-DD "
                                    "(inclusive).")]
Text = Annotated[str | None, Query(max_length=500)]


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _day(name: str, value: str | None) -> dt.date | None:
    try:
        return parse_published(value)
    except InvalidDateError:
        raise ApiError(422, "bad_parameter",
                       f"bad parameter {name}: {value!r} is not a date; use YYYY-MM-DD, "
                       "for example 2023-09-15") from None


def _bound(name: str, value: str | None) -> str | None:
    """A period bound: YYYY, YYYY-MM or YYYY-MM-DD (inclusive), checked to be a real date."""
    value = (value or "").strip()
    if not value:
        return None
    # "2023" → "2023-01-01", "2023-09" → "2023-09-01": the calendar checks the rest.
    padded = value + "-01-01"[len(value) - 4:] if _DATE.match(value) else ""
    try:
        dt.date.fromisoformat(padded)
    except ValueError:
        raise ApiError(422, "bad_parameter",
                       f"bad parameter {name}: {value!r} is not a date; use YYYY, YYYY-MM or "
                       "YYYY-MM-DD, for example 2023-09") from None
    return value


def _period(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    start, end = _bound("since", since), _bound("until", until)
    if start and end and start > end + "\uffff":
        raise ApiError(422, "bad_parameter",
                       f"bad parameters: since ({start}) is after until ({end})")
    return start, end


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def page(items: list[Any], limit: int, offset: int, total: int | None,
         request: Request) -> dict[str, Any]:
    """A page of a listing, with the link to the next page when there is one."""
    more = len(items) == limit if total is None else offset + len(items) < total
    next_url = None
    if more:
        url = request.url.include_query_params(offset=offset + limit, limit=limit)
        next_url = f"{url.path}?{url.query}"  # relative: right behind a proxy too
    return {"items": items, "limit": limit, "offset": offset, "total": total, "next": next_url}


def create_app(store_path: str | Path | None = None, read_only: bool = False, *,
               max_body: int = DEFAULT_MAX_BODY, cors_origins: Sequence[str] = (),
               allowed_hosts: Sequence[str] | None = None, cache_size: int = 2048,
               query_slots: int = 0) -> FastAPI:
    """The khabar API and web page over the store at ``store_path``.

    ``read_only`` disables ingest; ``cors_origins`` allows those origins (CORS is off by
    default); ``allowed_hosts`` refuses other Host headers (DNS-rebinding protection);
    ``cache_size`` answers to repeated queries are kept until the store changes (0: none);
    ``query_slots`` store connections, so queries at once; the others wait (0: 4).
    Without a store, only ``/api/analyze`` and the page work.
    """
    app = FastAPI(
        title="khabar API", version=__version__, docs_url=None, redoc_url=None,
        description="Arabic news into structured, source-faithful facts: entities, quotes "
        "with speakers, sources and hedges, resolved dates — each with exact character "
        "offsets into the article text (Python code points, [start, end)).",
    )
    gateway = StoreGateway(Path(store_path) if store_path else None, read_only=read_only,
                           cache_size=cache_size, query_slots=query_slots)
    jobs = JobRegistry()
    app.state.gateway = gateway
    app.state.jobs = jobs
    app.state.read_only = read_only
    install_error_handlers(app)
    _install_middleware(app, max_body, cors_origins, allowed_hosts)
    _add_analyze(app)
    _add_store_routes(app, gateway)
    _add_ingest(app, gateway, jobs, read_only)
    _add_pages(app, gateway, read_only)
    return app


#: Environment variable through which ``khabar serve --workers N`` configures each worker.
CONFIG_VARIABLE = "KHABAR_SERVE_CONFIG"


def create_app_from_environment() -> FastAPI:
    """The app for one of several uvicorn worker processes, configured by ``khabar serve``
    through ``KHABAR_SERVE_CONFIG`` (JSON of ``create_app``'s arguments)."""
    import json
    import os

    config = json.loads(os.environ.get(CONFIG_VARIABLE) or "{}")
    return create_app(config.pop("store_path", None), **config)


def _install_middleware(app: FastAPI, max_body: int, cors_origins: Sequence[str],
                        allowed_hosts: Sequence[str] | None) -> None:
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["GET", "POST"], allow_headers=["Content-Type"])
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(BodyLimitMiddleware, max_bytes=max_body, headers=SECURITY_HEADERS)


def _add_analyze(app: FastAPI) -> None:
    from khabar.api.bodies import article_from_body

    @app.post("/api/analyze", tags=["analyze"], summary="Analyse one article",
              openapi_extra={"requestBody": {"content": {
                  "text/plain": {"schema": {"type": "string"}},
                  "text/html": {"schema": {"type": "string"}},
                  "application/json": {"schema": {"type": "object", "properties": {
                      "text": {"type": "string"}, "html": {"type": "string"},
                      "published": {"type": "string", "format": "date"},
                      "source": {"type": "object"}}}}}}})
    async def analyze(
        request: Request,
        date: Day = None,
        id: Annotated[str | None, Query(max_length=200, description="Document id.")] = None,
        outlet: Text = None, url: Text = None, title: Text = None,
    ) -> JSONResponse:
        """Analyse plain text (`text/plain`), a web page (`text/html`, main text extracted)
        or `{"text"|"html", "published", "source"}` as JSON; `date` is the publication date
        against which relative dates resolve. Answers the JSON document contract."""
        from starlette.concurrency import run_in_threadpool

        from khabar.pipeline import analyze as run

        given = _day("date", date)
        body = await read_body(request)
        content_type = request.headers.get("content-type", "")

        def analyse() -> dict[str, Any]:
            # In a worker thread: HTML extraction and analysis must not block the server.
            article = article_from_body(body, content_type)
            if len(article.text) > MAX_ANALYZE_CHARS:
                raise ApiError(413, "too_large", f"the article has {len(article.text):,} "
                               f"characters; /api/analyze takes at most "
                               f"{MAX_ANALYZE_CHARS:,} (split it, or use khabar analyze)")
            source = Source(url=url or article.source.url,
                            outlet=outlet or article.source.outlet,
                            title=title or article.source.title)
            doc = run(article.text, given or article.published, source, id=id or article.id)
            out: dict[str, Any] = doc.to_json()
            return out

        return JSONResponse(await run_in_threadpool(analyse))


def _add_store_routes(app: FastAPI, gateway: StoreGateway) -> None:
    @app.get("/api/search", tags=["store"], summary="Search articles")
    def search(request: Request, q: Text = None, since: Period = None, until: Period = None,
               outlet: Text = None, limit: Limit = 20, offset: Offset = 0) -> JSONResponse:
        """Articles matching `q` in any spelling (أ/ا، ى/ي، ة/ه, diacritics), best first,
        with highlighted snippets; without `q`, the latest articles."""
        start, end = _period(since, until)
        items, total = gateway.search(_clean(q), start, end, _clean(outlet), limit, offset)
        return JSONResponse(page(items, limit, offset, total, request))

    @app.get("/api/quotes", tags=["store"], summary="Who said what about X, when")
    def quotes(request: Request, speaker: Text = None, about: Text = None,
               since: Period = None, until: Period = None, limit: Limit = 20,
               offset: Offset = 0,
               format: Annotated[Literal["json", "csv"], Query(
                   description="json, or csv to download (a spreadsheet opens it).")] = "json",
               ) -> Response:
        """Quotes by `speaker` (any alias, Arabic or Latin) whose text or article mentions
        `about`, between `since` and `until`, with the article's title and date."""
        start, end = _period(since, until)
        items, total = gateway.quotes(_clean(speaker), _clean(about), start, end, limit,
                                      offset)
        if format == "csv":
            return Response(quotes_csv(items), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition":
                                     'attachment; filename="khabar-quotes.csv"'})
        return JSONResponse(page(items, limit, offset, total, request))

    @app.get("/api/articles/{article_id}", tags=["store"], summary="One stored article")
    def article(article_id: str) -> JSONResponse:
        """The stored document with all its layers (the JSON contract)."""
        return JSONResponse(gateway.article(article_id))

    @app.get("/api/entities", tags=["store"], summary="Entities, most mentioned first")
    def entities(request: Request,
                 type: Annotated[str | None, Query(description="PER, ORG, LOC or MISC.")]
                 = None,
                 q: Text = None, limit: Limit = 20, offset: Offset = 0) -> JSONResponse:
        """Entities across articles, optionally of one `type` or matching `q`."""
        kind = (type or "").strip().upper() or None
        if kind is not None and kind not in ENTITY_TYPES:
            raise ApiError(422, "bad_parameter",
                           f"bad parameter type: {type!r}; use one of {', '.join(ENTITY_TYPES)}")
        items, total = gateway.entities(kind, _clean(q), limit, offset)
        return JSONResponse(page(items, limit, offset, total, request))

    @app.get("/api/entities/{entity_id}", tags=["store"], summary="One entity")
    def entity(entity_id: str) -> JSONResponse:
        """Aliases, Latin name, mentions over time, quotes and co-occurring entities."""
        return JSONResponse(gateway.entity(entity_id))

    @app.get("/api/health", tags=["meta"], summary="Version and store state")
    def health() -> dict[str, Any]:
        return {"khabar": __version__, **gateway.status()}


def _add_ingest(app: FastAPI, gateway: StoreGateway, jobs: JobRegistry,
                read_only: bool) -> None:
    from khabar.api.bodies import ingest_items

    @app.post("/api/ingest", tags=["ingest"], status_code=202, summary="Ingest in background",
              openapi_extra={"requestBody": {"content": {
                  "application/x-ndjson": {"schema": {"type": "string"}},
                  "application/json": {"schema": {"type": "object", "properties": {
                      "urls": {"type": "array", "items": {"type": "string"}},
                      "articles": {"type": "array", "items": {"type": "object"}}}}}}}})
    async def ingest(request: Request) -> JSONResponse:
        """JSONL (one `{"text", "published", "url", "outlet", "title", "id"}` per line), or
        JSON `{"urls": [...]}` / `{"articles": [...]}`. Answers 202 with the job; poll
        `GET /api/jobs/{id}` for progress. Refused when the server is read-only."""
        if read_only:
            raise ApiError(403, "read_only",
                           "this server is read-only; restart khabar serve without --read-only "
                           "to ingest")
        body = await read_body(request)
        items = ingest_items(body, request.headers.get("content-type", ""))
        job = jobs.start("ingest", gateway.ingest_job(items), total=len(items))
        return JSONResponse(job.to_json(), status_code=202,
                            headers={"Location": f"/api/jobs/{job.id}"})

    @app.get("/api/jobs", tags=["ingest"], summary="Recent jobs")
    def all_jobs() -> dict[str, Any]:
        return {"items": jobs.all()}

    @app.get("/api/jobs/{job_id}", tags=["ingest"], summary="A job's progress")
    def job(job_id: str) -> dict[str, Any]:
        found = jobs.get(job_id)
        if found is None:
            raise ApiError(404, "not_found", f"no job {job_id!r}; jobs are kept in memory "
                           "until the server restarts (GET /api/jobs lists them)")
        return found


def _add_pages(app: FastAPI, gateway: StoreGateway, read_only: bool) -> None:
    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg")

    @app.get("/api/config", include_in_schema=False)
    def config() -> dict[str, Any]:
        return {"read_only": read_only, "store": gateway.available, "khabar": __version__}

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

