"""Errors as JSON: every 4xx says what was wrong; user input never gets a 500.

The body of every error response is ``{"error": {"status": 400, "code": "...",
"message": "one line saying what to do", "details": [...]}}``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from khabar.errors import (
    DocumentError,
    InputError,
    InputTooLargeError,
    KhabarError,
    StoreError,
)

log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error answered with ``status`` and a JSON body; raised by the route functions."""

    def __init__(self, status: int, code: str, message: str,
                 details: list[Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details or []


def error_response(status: int, code: str, message: str,
                   details: list[Any] | None = None) -> JSONResponse:
    body = {"error": {"status": status, "code": code, "message": message,
                      "details": details or []}}
    return JSONResponse(body, status_code=status)


def _status_of(exc: KhabarError) -> tuple[int, str]:
    if isinstance(exc, InputTooLargeError):
        return 413, "too_large"
    if isinstance(exc, InputError | DocumentError):
        return 400, "bad_input"
    if isinstance(exc, StoreError):
        return 503, "store_unavailable"
    return 400, "bad_request"


def _validation_details(exc: RequestValidationError) -> tuple[str, list[Any]]:
    details = []
    for err in exc.errors():
        where = ".".join(str(part) for part in err.get("loc", ()) if part != "body")
        details.append({"parameter": where, "problem": str(err.get("msg", "invalid"))})
    first = details[0] if details else {"parameter": "request", "problem": "invalid"}
    return f"bad parameter {first['parameter']}: {first['problem']}", details


def install_error_handlers(app: FastAPI) -> None:
    """Map every failure to a JSON body; unexpected ones are logged and answered 500."""

    async def on_api_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.code, exc.message, exc.details)

    async def on_khabar_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, KhabarError)
        status, code = _status_of(exc)
        return error_response(status, code, str(exc).splitlines()[0] if str(exc) else code)

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        message, details = _validation_details(exc)
        return error_response(422, "bad_parameter", message, details)

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        messages = {404: "no such page or resource; see /docs for the API",
                    405: "method not allowed here; see /docs for the API"}
        message = messages.get(exc.status_code, str(exc.detail))
        return error_response(exc.status_code, "http_error", message)

    async def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error",
                              "internal error (a bug in khabar); the server log has details")

    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(KhabarError, on_khabar_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)


class BodyLimitMiddleware:
    """Refuse request bodies whose Content-Length is above ``max_bytes`` with 413, and add
    the security headers to every response. Bodies without a length are counted as they
    are read (``read_body``)."""

    def __init__(self, app: ASGIApp, max_bytes: int, headers: dict[str, str]) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})["max_body"] = self.max_bytes
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                response = error_response(413, "too_large", too_large_message(self.max_bytes))
                await response(scope, receive, self._with_headers(send))
                return
        await self.app(scope, receive, self._with_headers(send))

    def _with_headers(self, send: Send) -> Send:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", ())}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            await send(message)

        return send_with_headers


def too_large_message(max_bytes: int) -> str:
    return (f"request body is larger than the limit of {max_bytes:,} bytes; "
            "send a smaller article or split the batch")


async def read_body(request: Request) -> bytes:
    """The request body, refused with 413 as soon as it passes the server's limit."""
    limit = int(request.scope.get("state", {}).get("max_body", 0)) or None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if limit is not None and size > limit:
            raise ApiError(413, "too_large", too_large_message(limit))
        chunks.append(chunk)
    return b"".join(chunks)
