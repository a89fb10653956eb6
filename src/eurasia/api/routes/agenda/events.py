"""``/api/agenda/events``: events (series, not instances): list, read, create, replace, delete."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from eurasia.agenda.model import Event
from eurasia.agenda.seed import event_from_record
from eurasia.api.routes.agenda.deps import EditableEvent, FiltersDep, VisibleEvent, events_for
from eurasia.api.schemas.agenda import (
    EventBase,
    EventCreate,
    EventListPublic,
    EventPublic,
    EventUpdate,
)
from eurasia.errors import ConflictError
from eurasia.http.deps import SessionDep
from eurasia.http.security import CurrentUser, EditorUser
from eurasia.store import agenda as repo

__all__ = ["event_public", "router"]

router = APIRouter(prefix="/api/agenda/events", tags=["agenda"])


def event_public(event: Event) -> EventPublic:
    """The API's view of ``event``."""
    return EventPublic.model_validate(event, from_attributes=True)


def _event_from_body(uid: str, body: EventBase, owner_id: int | None) -> Event:
    record: dict[str, Any] = body.model_dump()
    record["uid"] = uid
    record["venue"] = {k: v for k, v in record["venue"].items() if v is not None}
    event = event_from_record(record)
    return Event(**{**event.__dict__, "owner_id": owner_id})


@router.get("", response_model=EventListPublic)
def list_events(session: SessionDep, user: CurrentUser, filters: FiltersDep) -> EventListPublic:
    """Events (series, not instances) matching the filters."""
    events = events_for(session, filters, user)
    return EventListPublic.of([event_public(e) for e in events])


@router.get("/{uid}", response_model=EventPublic)
def read_event(event: VisibleEvent) -> EventPublic:
    """One event with its recurrence and overrides."""
    return event_public(event)


@router.post("", response_model=EventPublic, status_code=status.HTTP_201_CREATED)
def create_event(body: EventCreate, session: SessionDep, user: EditorUser) -> EventPublic:
    """Create an event owned by the caller (editor role)."""
    if session.get(repo.AgendaEvent, body.uid) is not None:
        msg = f"event {body.uid!r} already exists; use PUT /api/agenda/events/{body.uid}"
        raise ConflictError(msg)
    event = _event_from_body(body.uid, body, user.id)
    repo.save_events(session, [event], origin=f"user:{user.username}")
    return event_public(event)


@router.put("/{uid}", response_model=EventPublic)
def update_event(
    body: EventUpdate, session: SessionDep, user: EditorUser, event: EditableEvent
) -> EventPublic:
    """Replace an event's fields (overrides and kept iCalendar properties stay)."""
    updated = _event_from_body(event.uid, body, event.owner_id)
    updated = Event(**{**updated.__dict__, "overrides": event.overrides, "extra": event.extra})
    repo.save_events(session, [updated], origin=f"user:{user.username}")
    return event_public(updated)


@router.delete("/{uid}", status_code=status.HTTP_204_NO_CONTENT)
def delete_event(session: SessionDep, event: EditableEvent) -> Response:
    """Delete an event."""
    repo.delete_event(session, event.uid)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
