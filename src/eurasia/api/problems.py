"""RFC 9457 problem details for every error the service returns."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from eurasia.errors import EurasiaError

__all__ = ["PROBLEM_MEDIA_TYPE", "install_problem_handlers", "problem_response"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("eurasia.api")


def problem_response(
    request: Request, status: int, detail: str, *, title: str | None = None, **extra: Any
) -> JSONResponse:
    """A ``application/problem+json`` response.

    Examples
    --------
    >>> from starlette.requests import Request
    >>> r = problem_response(Request({"type": "http", "path": "/x", "headers": []}), 404, "no x")
    >>> r.status_code, r.media_type
    (404, 'application/problem+json')
    """
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.url.path if "path" in request.scope else None,
    }
    request_id = getattr(request.state, "request_id", None) if "state" in request.scope else None
    if request_id:
        body["request_id"] = request_id
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    """Map eurasia errors, HTTP errors, validation errors and crashes to problem documents."""

    @app.exception_handler(EurasiaError)
    async def _eurasia(request: Request, exc: EurasiaError) -> JSONResponse:
        if exc.status_code >= 500:
            log.error("request failed: %s", exc)
        return problem_response(request, exc.status_code, str(exc), title=exc.title)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        detail = f"{'.'.join(first['loc'])}: {first['msg']}"
        return problem_response(request, 422, detail, title="Invalid request", errors=errors)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return problem_response(request, 500, "internal error; see the server log")
