"""Every API route as one router, in the order the OpenAPI document lists them.

One router a resource (:mod:`eurasia.api.routes`), each with its own ``prefix`` and ``tags``;
:func:`eurasia.http.app.create_app` mounts :data:`router` next to the web pages.
"""

from __future__ import annotations

from fastapi import APIRouter

from eurasia.api.routes import agenda, auth, corridors, docs, energy, health, indicators, scenarios

__all__ = ["router"]

router = APIRouter()
router.include_router(health.router)
router.include_router(docs.router)
router.include_router(auth.router)
router.include_router(agenda.router)
router.include_router(indicators.router)
router.include_router(corridors.router)
router.include_router(scenarios.router)
router.include_router(energy.router)
