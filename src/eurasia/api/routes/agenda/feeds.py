"""``/api/agenda/feeds``: iCalendar feeds at stable URLs, all events or one kind, country, city
or organiser (private events only for signed-in users).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from eurasia.agenda.ical import to_ical
from eurasia.agenda.model import Event, EventFilter, slugify
from eurasia.api.routes.agenda.deps import event_filters, events_for
from eurasia.http.deps import SessionDep
from eurasia.http.security import CurrentUser

__all__ = ["ICS_MEDIA_TYPE", "router"]

router = APIRouter(prefix="/api/agenda/feeds", tags=["agenda"])

ICS_MEDIA_TYPE = "text/calendar"
#: A kind, country, city or organiser in a feed's path: one line (a CR or LF would reach the
#: calendar's name), and short.
FeedKey = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]


def _feed(events: Sequence[Event], name: str, filename: str) -> Response:
    # headers are Latin-1: a feed for "Алматы" or "Ā" must not crash on its file name
    safe = slugify(filename.removesuffix(".ics")) or "agenda"
    return Response(
        content=to_ical(events, name=name),
        media_type=ICS_MEDIA_TYPE,
        headers={"Content-Disposition": f'inline; filename="{safe}.ics"'},
    )


_FEED_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {ICS_MEDIA_TYPE: {}}, "description": "An iCalendar file with VTIMEZONEs"}
}


@router.get("/all.ics", response_class=Response, responses=_FEED_RESPONSES)
def feed_all(session: SessionDep, user: CurrentUser) -> Response:
    """Every event (private ones only for signed-in users)."""
    return _feed(events_for(session, EventFilter(), user), "eurasia agenda", "all.ics")


@router.get("/kind/{kind}.ics", response_class=Response, responses=_FEED_RESPONSES)
def feed_kind(kind: FeedKey, session: SessionDep, user: CurrentUser) -> Response:
    """Events of one kind."""
    filters = event_filters(kind=kind)
    return _feed(events_for(session, filters, user), f"eurasia agenda: {kind}", f"{kind}.ics")


@router.get("/country/{country}.ics", response_class=Response, responses=_FEED_RESPONSES)
def feed_country(country: FeedKey, session: SessionDep, user: CurrentUser) -> Response:
    """Events in one country (ISO alpha-2)."""
    code = country.upper()
    events = events_for(session, EventFilter(country=code), user)
    return _feed(events, f"eurasia agenda: {code}", f"{code.lower()}.ics")


@router.get("/city/{city}.ics", response_class=Response, responses=_FEED_RESPONSES)
def feed_city(city: FeedKey, session: SessionDep, user: CurrentUser) -> Response:
    """Events in one city (name, case-insensitive)."""
    events = events_for(session, EventFilter(city=city), user)
    return _feed(events, f"eurasia agenda: {city}", f"{slugify(city)}.ics")


@router.get("/organiser/{slug}.ics", response_class=Response, responses=_FEED_RESPONSES)
def feed_organiser(slug: FeedKey, session: SessionDep, user: CurrentUser) -> Response:
    """Events of one organiser (slug)."""
    events = events_for(session, EventFilter(organiser=slug), user)
    return _feed(events, f"eurasia agenda: {slug}", f"{slugify(slug)}.ics")
