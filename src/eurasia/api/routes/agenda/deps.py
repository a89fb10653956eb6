"""Dependencies of the agenda routes: event filters, date windows and object-level access.

A private event is "not found" for anonymous callers; changing an event, programme or project
needs the right to edit it (:func:`eurasia.auth.roles.ensure_can_edit`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated

from fastapi import Depends, Path, Query

from eurasia.agenda.model import EVENT_KINDS, Event, EventFilter
from eurasia.auth.roles import Principal, ensure_can_edit
from eurasia.errors import DataError, NotFoundError
from eurasia.http.deps import SessionDep
from eurasia.http.security import CurrentUser, EditorUser
from eurasia.store import agenda as repo

__all__ = [
    "MAX_WINDOW_DAYS",
    "EditableEvent",
    "FiltersDep",
    "VisibleEvent",
    "WindowDep",
    "editable_event",
    "event_filters",
    "events_for",
    "visible_event",
]

#: Longest window of instances one request may ask for, in days.
MAX_WINDOW_DAYS = 3 * 366


def event_filters(
    kind: Annotated[str | None, Query(description="event kind")] = None,
    country: Annotated[str | None, Query(description="ISO alpha-2 country of the venue")] = None,
    city: Annotated[str | None, Query(description="venue city (case-insensitive)")] = None,
    organiser: Annotated[str | None, Query(description="organiser slug")] = None,
) -> EventFilter:
    """The event filters of the query string, shared by lists, instances and feeds.

    Raises
    ------
    DataError
        If ``kind`` is not one of :data:`eurasia.agenda.model.EVENT_KINDS`.

    Examples
    --------
    >>> event_filters(kind="culture", city="Almaty").city
    'Almaty'
    >>> event_filters(kind="party")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: query 'kind': 'party' is not one of ...
    """
    if kind is not None and kind not in EVENT_KINDS:
        msg = f"query 'kind': {kind!r} is not one of {', '.join(EVENT_KINDS)}"
        raise DataError(msg)
    return EventFilter(kind=kind, country=country, city=city, organiser=organiser)


FiltersDep = Annotated[EventFilter, Depends(event_filters)]


def events_for(session: SessionDep, filters: EventFilter, user: Principal | None) -> list[Event]:
    """The stored events matching ``filters`` that ``user`` (``None``: anonymous) may see."""
    return repo.list_events(session, replace(filters, signed_in=user is not None))


def _window(
    start: Annotated[date | None, Query(description="first day (default: today)")] = None,
    end: Annotated[
        date | None, Query(description="day after the last (default: start + 1 year)")
    ] = None,
) -> tuple[date, date]:
    first = start or date.today()
    last = end or first + timedelta(days=365)
    if last <= first:
        msg = f"query 'end' ({last}) must be after 'start' ({first})"
        raise DataError(msg)
    if (last - first).days > MAX_WINDOW_DAYS:
        msg = f"window {first}–{last} is longer than {MAX_WINDOW_DAYS} days; ask for less"
        raise DataError(msg)
    return first, last


WindowDep = Annotated[tuple[date, date], Depends(_window)]


def visible_event(
    uid: Annotated[str, Path(description="event UID")], session: SessionDep, user: CurrentUser
) -> Event:
    """The event, if the caller may see it (a private event is 'not found' for anonymous users)."""
    event = repo.get_event(session, uid)
    if not event.visible_to(signed_in=user is not None):
        msg = f"event {uid!r} does not exist"
        raise NotFoundError(msg)
    return event


def editable_event(
    uid: Annotated[str, Path(description="event UID")], session: SessionDep, user: EditorUser
) -> Event:
    """The event, if the caller may change it."""
    event = repo.get_event(session, uid)
    ensure_can_edit(user, owner_id=event.owner_id, what=f"event {uid!r}")
    return event


VisibleEvent = Annotated[Event, Depends(visible_event)]
EditableEvent = Annotated[Event, Depends(editable_event)]
