"""Every API route as one router, in the order the OpenAPI document lists them.

One router a resource (:mod:`eurasia.api.routes`), each with its own ``prefix`` and ``tags``;
:func:`eurasia.http.app.create_app` mounts :data:`router` next to the web pages.
"""

from __future__ import annotations

from fastapi import APIRouter

from eurasia.api.routes import agenda, auth, corridors, docs, energy, health, indicators, scenarios

__all__ = ["router"]

router = APIRouter()
for _module in (
    health,
    docs,
    auth,
    agenda,
    indicators,
    corridors,
    scenarios,
    energy,
):
    router.include_router(_module.router)
