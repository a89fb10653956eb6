"""Serving the bundled front-end assets (built by ``make assets`` from npm packages).

Pages and the API's Swagger UI both link to these files, so their URLs are resolved here, in the
HTTP layer, and not in :mod:`eurasia.web` or :mod:`eurasia.api`. The build writes them into
``src/eurasia/web/assets/`` (next to the templates that use most of them); this module only reads
that folder. Only files listed in ``assets/manifest.json`` are served, with their gzip twin when the browser
accepts it; URLs carry the content hash (``?v=``), so responses are cached for a year.

Examples
--------
>>> asset_url("app.js").startswith("/assets/app.js")
True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from eurasia.errors import NotFoundError

__all__ = ["ASSETS_DIR", "asset_url", "assets_built", "manifest", "router"]

#: Where ``make assets`` writes the bundle (git-ignored).
ASSETS_DIR = Path(__file__).parents[1] / "web" / "assets"
_MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".png": "image/png",
}
_cache: dict[str, Any] = {"mtime": None, "manifest": {}}

router = APIRouter(include_in_schema=False)


def manifest() -> dict[str, dict[str, Any]]:
    """Return the build manifest: per file its content hash, size and gzipped size (empty if unbuilt)."""
    path = ASSETS_DIR / "manifest.json"
    try:
        mtime = path.stat().st_mtime
    except FileNotFoundError:
        return {}
    if _cache["mtime"] != mtime:
        _cache["manifest"] = json.loads(path.read_text(encoding="utf-8"))
        _cache["mtime"] = mtime
    result: dict[str, dict[str, Any]] = _cache["manifest"]
    return result


def assets_built() -> bool:
    """Whether the front-end bundle has been built."""
    return bool(manifest())


def asset_url(name: str) -> str:
    """Return the URL of an asset, with its content hash for cache busting."""
    entry = manifest().get(name)
    return f"/assets/{name}?v={entry['hash']}" if entry else f"/assets/{name}"


@router.get("/assets/{name}")
def serve_asset(name: str, request: Request) -> Response:
    """One bundled asset, gzipped when accepted, cached for a year when the URL is versioned.

    Raises
    ------
    NotFoundError
        If ``name`` is not in the manifest (assets not built: run ``make assets``).
    """
    entry = manifest().get(name)
    if entry is None:
        msg = f"asset {name!r} not found; build the front end with `make assets`"
        raise NotFoundError(msg)
    path = ASSETS_DIR / name
    media_type = _MEDIA_TYPES.get(path.suffix, "application/octet-stream")
    versioned = request.query_params.get("v") == entry["hash"]
    headers = {
        "Cache-Control": "public, max-age=31536000, immutable" if versioned else "no-cache",
        "Vary": "Accept-Encoding",
        "X-Content-Type-Options": "nosniff",
    }
    gz = path.with_name(path.name + ".gz")
    if "gzip" in request.headers.get("accept-encoding", "") and gz.is_file():
        headers["Content-Encoding"] = "gzip"
        return FileResponse(gz, media_type=media_type, headers=headers)
    return FileResponse(path, media_type=media_type, headers=headers)
