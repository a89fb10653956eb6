"""Security headers on every response: pages, API answers, problem documents, feeds and assets.

Pages set their own strict ``Content-Security-Policy`` (:mod:`eurasia.web.templating`); every other
response gets one that forbids framing, and all get ``nosniff``, a same-origin referrer policy and
``X-Frame-Options: DENY`` for older browsers. Outside development, ``Strict-Transport-Security``
tells browsers to use HTTPS only. A header a route already set is kept.

Examples
--------
>>> from fastapi import FastAPI
>>> from fastapi.testclient import TestClient
>>> app = FastAPI()
>>> install_security_headers(app, hsts=False)
>>> with TestClient(app) as client:
...     client.get("/missing").headers["x-content-type-options"]
'nosniff'
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["SECURITY_HEADERS", "SecurityHeaders", "install_security_headers"]

#: Headers every response carries unless its route set them.
SECURITY_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
}
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` (and HSTS when asked) to responses."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.headers = {**SECURITY_HEADERS, **({"Strict-Transport-Security": HSTS} if hsts else {})}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on and add the security headers to an HTTP response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_security_headers(app: FastAPI, *, hsts: bool) -> None:
    """Add :class:`SecurityHeaders` to ``app`` (``hsts`` outside development)."""
    app.add_middleware(SecurityHeaders, hsts=hsts)
