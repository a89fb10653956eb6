"""RFC 9457 problem details for every error the service returns.

They are documented in the OpenAPI document: every operation's ``default`` response (and its
``422``) is a ``Problem``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from eurasia.errors import EurasiaError

__all__ = ["PROBLEM_MEDIA_TYPE", "PageErrors", "install_problem_handlers", "problem_response"]

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("eurasia.api")


class PageErrors:
    """How errors on web pages are answered (an HTML page instead of a problem document).

    Parameters
    ----------
    wants_page
        Whether a request is for a page (not ``/api``, not a file).
    render
        ``render(request, status, title, detail, errors)``: the HTML answer.
    """

    def __init__(
        self,
        wants_page: Callable[[Request], bool],
        render: Callable[[Request, int, str, str, Sequence[dict[str, Any]]], Response],
    ) -> None:
        self.wants_page = wants_page
        self.render = render


#: JSON Schema of a problem document as this service writes it.
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": ["string", "null"]},
        "request_id": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"type": "string"}},
                    "msg": {"type": "string"},
                },
            },
        },
    },
}


def problem_response(
    request: Request, status: int, detail: str, *, title: str | None = None, **extra: Any
) -> JSONResponse:
    """Return a ``application/problem+json`` response.

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


def install_problem_handlers(app: FastAPI, *, pages: PageErrors | None = None) -> None:
    """Map eurasia errors, HTTP errors, validation errors and crashes to problem documents.

    With ``pages``, a request for a web page gets ``pages.render``'s HTML answer instead.
    """

    def page(request: Request) -> bool:
        return pages is not None and pages.wants_page(request)

    @app.exception_handler(EurasiaError)
    async def _eurasia(request: Request, exc: EurasiaError) -> Response:
        if exc.status_code >= 500:
            log.error("request failed: %s", exc)
        if pages is not None and page(request):
            return pages.render(request, exc.status_code, exc.title, str(exc), ())
        response = problem_response(request, exc.status_code, str(exc), title=exc.title)
        retry_after = getattr(exc, "retry_after", None)
        if isinstance(retry_after, int):  # 429s say when to come back (RFC 9110 10.2.3)
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if pages is not None and page(request) and exc.status_code in (404, 422):
            title = HTTPStatus(exc.status_code).phrase
            return pages.render(request, exc.status_code, title, str(exc.detail), ())
        response = problem_response(request, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        if exc.status_code == 405:  # Allow: every method of every route on this path (RFC 9110)
            methods = {
                method
                for route in request.app.router.routes
                if route.matches(request.scope)[0] is not Match.NONE
                for method in getattr(route, "methods", None) or ()
            }
            response.headers["Allow"] = ", ".join(sorted(methods))
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if pages is not None and page(request):
            return pages.render(request, 422, "Invalid request", "", list(exc.errors()))
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

    _document_problems(app)


def _document_problems(app: FastAPI) -> None:
    """Declare problem documents in the OpenAPI document.

    A ``default`` response on every operation and the validation ``422`` as
    ``application/problem+json``.
    """
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem = {
            "description": "Problem (RFC 9457)",
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for path_item in schema.get("paths", {}).values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                if "422" in responses:
                    responses["422"] = {**problem, "description": "Invalid request or data"}
                responses.setdefault("default", problem)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
