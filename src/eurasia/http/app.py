"""The application factory: one FastAPI app serving the HTTP API, the web pages and the assets.

The factory installs the plumbing every response goes through — problem documents
(:mod:`~eurasia.http.problems`), request ids and access logs (:mod:`~eurasia.http.logs`),
security headers (:mod:`~eurasia.http.headers`), gzip — and mounts the API router
(:mod:`eurasia.api.router`), the bundled assets (:mod:`eurasia.http.assets`) and the pages
(:mod:`eurasia.web.pages`). This module is the only one in :mod:`eurasia.http` that imports
:mod:`eurasia.api` or :mod:`eurasia.web`; they in turn use the rest of :mod:`eurasia.http`.

Examples
--------
>>> from eurasia.settings import Settings
>>> app = create_app(Settings(database_url="sqlite://", data_dir="/tmp/eurasia-doctest"))
>>> app.title
'eurasia'
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware

from eurasia import __version__
from eurasia.api.router import router as api_router
from eurasia.http import assets
from eurasia.http.deps import get_network
from eurasia.http.headers import install_security_headers
from eurasia.http.limits import BodyLimit
from eurasia.http.logs import configure_logging, install_request_ids
from eurasia.http.problems import PageErrors, install_problem_handlers
from eurasia.http.warmup import start_warm_up
from eurasia.settings import Settings, get_settings
from eurasia.store.db import make_engine
from eurasia.web import errors as page_errors
from eurasia.web.pages import router as pages_router

__all__ = ["create_app"]

DESCRIPTION = """
HTTP API of **eurasia**: the Greater Eurasia freight network and route planner, the indicators
observatory and the cooperation agenda. Errors are RFC 9457 `application/problem+json` documents;
every response carries an `X-Request-ID` header.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment).

    Raises
    ------
    ConfigError
        If the settings are unusable (bad URL, unwritable data directory, placeholder secret).
    """
    settings = settings or get_settings()
    settings.check()
    configure_logging(settings.log_level)
    engine = make_engine(settings.resolved_database_url)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if settings.warm_up:  # route kernels and network loaded before the first reader
            start_warm_up(get_network)
        yield
        engine.dispose()

    app = FastAPI(
        title="eurasia",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by eurasia.api.routes.docs from bundled assets, not from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    install_problem_handlers(app, pages=PageErrors(page_errors.wants_page, page_errors.error_page))
    app.add_middleware(  # innermost: the 413 still gets request ids and security headers
        BodyLimit,
        max_bytes=settings.max_request_bytes,
        import_max_bytes=settings.max_import_bytes,
    )
    install_request_ids(app)
    install_security_headers(app, hsts=settings.env != "development")
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.include_router(api_router)
    app.include_router(assets.router)
    app.include_router(pages_router)
    return app
