"""Structured (JSON lines) logging with a request id on every record of a request."""

from __future__ import annotations

import contextvars
import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

__all__ = ["JsonFormatter", "configure_logging", "install_request_ids", "request_id_var"]

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
access = logging.getLogger("eurasia.access")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request id and extras.

    Examples
    --------
    >>> rec = logging.LogRecord("eurasia", logging.INFO, __file__, 1, "hello", None, None)
    >>> json.loads(JsonFormatter().format(rec))["message"]
    'hello'
    """

    def format(self, record: logging.LogRecord) -> str:
        """Return ``record`` as one JSON line."""
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if request_id:
            entry["request_id"] = request_id
        for key in ("method", "path", "status", "duration_ms"):
            if hasattr(record, key):
                entry[key] = getattr(record, key)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str) -> None:
    """Send eurasia's logs as JSON lines to stderr at ``level``."""
    logger = logging.getLogger("eurasia")
    logger.setLevel(level)
    if not any(isinstance(h.formatter, JsonFormatter) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
    logger.propagate = False


def install_request_ids(app: FastAPI) -> None:
    """Give every request an id (``X-Request-ID`` if the client sent a sane one) and log it."""

    @app.middleware("http")
    async def _request_id(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        incoming = request.headers.get("x-request-id", "")
        ok = 0 < len(incoming) <= 64 and incoming.replace("-", "").isalnum()
        request_id = incoming if ok else uuid.uuid4().hex
        request.state.request_id = request_id
        token = request_id_var.set(request_id)
        start = time.perf_counter()
        try:
            response = await call_next(request)
        finally:
            request_id_var.reset(token)
        response.headers["X-Request-ID"] = request_id
        access.info(
            "%s %s %s",
            request.method,
            request.url.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - start) * 1000, 2),
                "request_id": request_id,
            },
        )
        return response
