"""Interactive API documentation (Swagger UI) served entirely from this host.

FastAPI's default ``/docs`` page loads Swagger UI from a CDN; eurasia bundles ``swagger-ui-dist``
from the npm registry with the other front-end assets, so the page works offline.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from eurasia.http.assets import asset_url

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    """Swagger UI for ``/openapi.json`` with scripts, styles and icon from ``/assets``."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="eurasia API",
        swagger_js_url=asset_url("swagger-ui.js"),
        swagger_css_url=asset_url("swagger-ui.css"),
        swagger_favicon_url=asset_url("favicon.png"),
    )
