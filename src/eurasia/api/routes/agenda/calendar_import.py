"""``/api/agenda/import``: an iCalendar body imported whole, or not at all (or, with
``partial=true``, its valid events, each rejected one reported with its line and reason).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query

from eurasia.agenda.ical import parse_ical
from eurasia.agenda.model import Event
from eurasia.api.routes.agenda.feeds import ICS_MEDIA_TYPE
from eurasia.api.schemas.agenda import ImportPublic
from eurasia.auth.roles import ensure_can_edit
from eurasia.http.deps import SessionDep
from eurasia.http.security import EditorUser
from eurasia.store import agenda as repo

__all__ = ["router"]

router = APIRouter(prefix="/api/agenda/import", tags=["agenda"])


@router.post(
    "",
    response_model=ImportPublic,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {ICS_MEDIA_TYPE: {"schema": {"type": "string"}}},
        }
    },
)
def import_calendar(
    body: Annotated[bytes, Body(media_type=ICS_MEDIA_TYPE, include_in_schema=False)],
    session: SessionDep,
    user: EditorUser,
    source: Annotated[str, Query(description="name recorded as the events' origin")] = "upload",
    default_tzid: Annotated[str, Query(description="zone of floating times")] = "UTC",
    default_kind: Annotated[str, Query(description="kind of uncategorised events")] = "other",
    partial: Annotated[
        bool,
        Query(
            description="import the valid events and report each rejected one (default: all or none)"
        ),
    ] = False,
) -> ImportPublic:
    """Import an iCalendar body: every event is written, or none (see docs/agenda.md)."""
    result = parse_ical(
        body, source=source, default_tzid=default_tzid, default_kind=default_kind, partial=partial
    )
    events = []
    for event in result.events:
        # an event already stored is replaced only by whom may edit it, and keeps its owner
        stored = session.get(repo.AgendaEvent, event.uid)
        owner = user.id if stored is None else stored.owner_id
        if stored is not None:
            ensure_can_edit(user, owner_id=owner, what=f"event {event.uid!r}")
        events.append(Event(**{**event.__dict__, "owner_id": owner}))
    repo.save_events(session, events, origin=f"import:{source}")
    return ImportPublic.model_validate(
        {
            "imported": len(events),
            "uids": [e.uid for e in events],
            "notes": result.notes,
            "rejected": result.rejected,
            "cancelled": result.cancelled,
        },
        from_attributes=True,
    )
