"""Request body limits: a body larger than its limit is a 413 before anything parses it.

Every request body is counted while it streams in, so neither a ``Content-Length`` that lies nor
a chunked upload without one gets past the limit, and nothing is buffered beyond it: a declared
length over the limit is refused before the first byte is read, and a body that grows past it
stops the request at that chunk. This happens below the routes, so it holds before login, before
JSON or form parsing, and for pages and the API alike. File imports (``POST /api/agenda/import``
and the page form ``POST /agenda/import``)
have their own, larger limit (``EURASIA_MAX_IMPORT_BYTES``); every other body has
``EURASIA_MAX_REQUEST_BYTES``.

Examples
--------
>>> from fastapi import FastAPI, Request
>>> from fastapi.testclient import TestClient
>>> app = FastAPI()
>>> @app.post("/echo")
... async def echo(request: Request) -> int:
...     return len(await request.body())
>>> app.add_middleware(BodyLimit, max_bytes=10, import_max_bytes=100)
>>> with TestClient(app) as client:
...     client.post("/echo", content=b"x" * 10).json(), client.post("/echo", content=b"x" * 11).status_code
(10, 413)
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eurasia.http.problems import problem_response

__all__ = ["IMPORT_PATHS", "BodyLimit"]

#: Paths whose bodies are files to import, with the larger limit.
IMPORT_PATHS = frozenset({"/api/agenda/import", "/agenda/import"})


class _TooLarge(HTTPException):
    """The body grew past its limit while it was read.

    An HTTP exception, so that FastAPI's body parsing passes it on as it is (it turns any other
    error while reading the body into a 400) and the problem handler answers 413.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, _message(limit), headers={"Connection": "close"})


def _message(limit: int) -> str:
    return f"request body larger than {limit} bytes; send at most {limit}"


class BodyLimit:
    """ASGI middleware refusing request bodies over their limit with a 413 problem document."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, import_max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.import_max_bytes = import_max_bytes

    def limit_for(self, path: str) -> int:
        """Return the body limit of requests to ``path``."""
        return self.import_max_bytes if path.rstrip("/") in IMPORT_PATHS else self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, refusing a body over the path's limit with ``413``."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge(limit)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if started:  # the route answered before reading all of it: nothing more to say
                return
            await self._refuse(scope, receive, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        request = Request(scope, receive)
        response = problem_response(request, 413, _message(limit), title="Payload too large")
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
