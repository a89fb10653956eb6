"""The FastAPI application factory.

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
from eurasia.api.headers import install_security_headers
from eurasia.api.logs import configure_logging, install_request_ids
from eurasia.api.problems import install_problem_handlers
from eurasia.api.routes import agenda, auth, docs, health
from eurasia.api.routes import corridors as corridors_routes
from eurasia.api.routes import indicators as indicators_routes
from eurasia.api.routes import scenarios as scenarios_routes
from eurasia.settings import Settings, get_settings
from eurasia.store.db import make_engine
from eurasia.web import pages

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
        yield
        engine.dispose()

    app = FastAPI(
        title="eurasia",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served by routes.docs from bundled assets, not from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    install_problem_handlers(app)
    install_request_ids(app)
    install_security_headers(app, hsts=settings.env != "development")
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.include_router(health.router)
    app.include_router(docs.router)
    app.include_router(auth.router)
    app.include_router(pages.router)
    app.include_router(agenda.router)
    app.include_router(indicators_routes.router)
    app.include_router(corridors_routes.router)
    app.include_router(scenarios_routes.router)
    return app
