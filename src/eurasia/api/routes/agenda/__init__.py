"""``/api/agenda``: the cooperation agenda's resources, one router a module.

- :mod:`.events` — events (series): list, read, create, replace, delete;
- :mod:`.calendar_import` — an iCalendar body imported whole or not at all;
- :mod:`.sync` — instances in a window, clashes, co-scheduling suggestions, the year view;
- :mod:`.programmes`, :mod:`.projects` — programmes and projects (one implementation,
  :mod:`.records`);
- :mod:`.matching` — programmes matched to projects, and workforce gaps;
- :mod:`.feeds` — iCalendar feeds at stable URLs.

Private events are listed, expanded and exported only for signed-in users (any role); writes
need the editor role, and changing an event, programme or project needs the right to edit it
(its owner, an admin, or any editor for unowned ones such as the bundled data). Shared
dependencies (filters, windows, object-level access) are in :mod:`.deps`; schemas in
:mod:`eurasia.api.schemas.agenda`.
"""

from __future__ import annotations

from fastapi import APIRouter

from eurasia.api.routes.agenda import (
    calendar_import,
    events,
    feeds,
    matching,
    programmes,
    projects,
    sync,
)

__all__ = ["router"]

router = APIRouter()
for _module in (events, calendar_import, sync, programmes, projects, matching, feeds):
    router.include_router(_module.router)
