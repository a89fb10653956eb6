"""Agenda pages.

Month and year views with filters, event pages, subscribe links, clashes and suggestions, programmes
matched to projects with workforce gaps, and the event editor.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from eurasia.agenda.matching import gap_report, match
from eurasia.agenda.model import EVENT_KINDS, Event, Instance
from eurasia.agenda.reasons import clash_reasons, suggestion_reasons
from eurasia.agenda.recurrence import expand
from eurasia.agenda.sync import find_clashes, suggest_pairs, year_view
from eurasia.auth.roles import Principal, Role, can_edit, ensure_can_edit
from eurasia.errors import DataError, EurasiaError, NotFoundError
from eurasia.http.deps import SessionDep, SettingsDep
from eurasia.http.security import CurrentUser
from eurasia.i18n import country_name, vocabulary
from eurasia.settings import Settings
from eurasia.store import agenda as repo
from eurasia.web.event_form import ERROR_FIELDS, FREQUENCIES, EventForm
from eurasia.web.templating import locale_of, render
from eurasia.web.views.common import (
    editor_refusal,
    error_page,
    free_id,
    gettext_for,
    login_redirect,
    shown_errors,
)
from eurasia.web.views.programmes import record_permissions

__all__ = ["month_grid", "router"]

router = APIRouter(prefix="/agenda", include_in_schema=False)


def month_grid(year: int, month: int) -> list[list[date]]:
    """Return the weeks (Monday first) covering a month, as lists of seven days.

    Examples
    --------
    >>> weeks = month_grid(2026, 2)
    >>> weeks[0][0], weeks[-1][-1], len(weeks)
    (datetime.date(2026, 1, 26), datetime.date(2026, 3, 1), 5)
    """
    return [
        list(week) for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


def _parse_month(value: str | None) -> tuple[int, int]:
    if not value:
        today = date.today()
        return today.year, today.month
    try:
        year, month = (int(part) for part in value.split("-"))
        date(year, month, 1)
    except ValueError:
        msg = f"query 'month': {value!r} is not a month like 2026-05"
        raise DataError(msg) from None
    return year, month


def _filters(kind: str | None, country: str | None, city: str | None) -> dict[str, str]:
    if kind and kind not in EVENT_KINDS:
        msg = f"query 'kind': {kind!r} is not one of {', '.join(EVENT_KINDS)}"
        raise DataError(msg)
    return {k: v for k, v in (("kind", kind), ("country", country), ("city", city)) if v}


def _events(session: Session, filters: dict[str, str], user: Principal | None) -> list[Event]:
    return repo.list_events(
        session,
        kind=filters.get("kind"),
        country=filters.get("country"),
        city=filters.get("city"),
        signed_in=user is not None,
    )


def _feeds(request: Request, filters: dict[str, str]) -> list[tuple[str, str]]:
    base = str(request.base_url).rstrip("/")
    locale = locale_of(request)
    gettext = gettext_for(request)
    feeds = [(gettext("all events"), f"{base}/api/agenda/feeds/all.ics")]
    if "kind" in filters:
        kind = vocabulary.label(vocabulary.EVENT_KINDS, filters["kind"], gettext)
        feeds.append((kind, f"{base}/api/agenda/feeds/kind/{filters['kind']}.ics"))
    if "country" in filters:
        code = filters["country"].upper()
        feeds.append((country_name(code, locale), f"{base}/api/agenda/feeds/country/{code}.ics"))
    if "city" in filters:
        feeds.append(
            (filters["city"], f"{base}/api/agenda/feeds/city/{quote(filters['city'])}.ics")
        )
    return feeds


def _page(
    request: Request,
    name: str,
    context: dict[str, Any],
    user: Principal | None,
    settings: Settings,
    status_code: int = 200,
) -> HTMLResponse:
    context = {"kinds": EVENT_KINDS, **context}
    return render(request, name, context, user=user, settings=settings, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def month_view(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    month: str | None = None,
    kind: str | None = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    city: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """Render the month calendar with filters, subscribe links, clashes and suggestions."""
    try:
        year, number = _parse_month(month)
        filters = _filters(kind or None, (country or "").upper() or None, city or None)
    except DataError as exc:
        return error_page(request, exc, user=user, settings=settings)
    locale = locale_of(request)
    weeks = month_grid(year, number)
    events = _events(session, filters, user)
    instances = expand(events, weeks[0][0], weeks[-1][-1] + timedelta(days=1))
    by_day: dict[date, list[Instance]] = {}
    for inst in instances:
        day = max(inst.first_day, weeks[0][0])
        while day <= min(inst.last_day, weeks[-1][-1]):
            by_day.setdefault(day, []).append(inst)
            day += timedelta(days=1)
    first = date(year, number, 1)
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    in_month = [i for i in instances if i.first_day < following and i.last_day >= first]
    query = urlencode(filters)
    context = {
        "first": first,
        "weeks": weeks,
        "by_day": by_day,
        "filters": filters,
        "query": query,
        "prev_month": f"{previous:%Y-%m}",
        "next_month": f"{following:%Y-%m}",
        "feeds": _feeds(request, filters),
        "clashes": [(c, clash_reasons(c, locale=locale)) for c in find_clashes(in_month)],
        "suggestions": [
            (s, suggestion_reasons(s, within_days=7, locale=locale))
            for s in suggest_pairs(in_month, within_days=7, limit=10)
        ],
        "count": len(in_month),
        "can_create": user is not None and user.has_role(Role.EDITOR),
        "today": date.today(),
    }
    return _page(request, "agenda/month.html", context, user, settings)


@router.get("/year", response_class=HTMLResponse)
def year_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    kind: str | None = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    city: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """Render the year at a glance: which months each series falls in, empty months and gaps."""
    try:
        filters = _filters(kind or None, (country or "").upper() or None, city or None)
    except DataError as exc:
        return error_page(request, exc, user=user, settings=settings)
    year = year or date.today().year
    view = year_view(_events(session, filters, user), year)
    context = {
        "view": view,
        "filters": filters,
        "query": urlencode(filters),
        "months": range(1, 13),
        "feeds": _feeds(request, filters),
    }
    return _page(request, "agenda/year.html", context, user, settings)


@router.get("/programmes", response_class=HTMLResponse)
def programmes_page(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    """Programmes matched to projects (ISCO-08, ISCED-F, place, partners) and workforce gaps."""
    programmes = repo.list_programmes(session)
    projects = repo.list_projects(session)
    context = {
        "programmes": {p.id: p for p in programmes},
        "projects": {p.id: p for p in projects},
        "matches": match(programmes, projects, min_digits=2, min_score=0.0),
        "gaps": gap_report(programmes, projects, min_digits=3),
        **record_permissions(session, user),
    }
    return _page(request, "agenda/programmes.html", context, user, settings)


def _form_page(
    request: Request,
    user: Principal,
    settings: Settings,
    form: EventForm,
    errors: dict[str, str],
    *,
    action: str,
    uid: str | None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "form": form,
        "errors": errors,
        "action": action,
        "uid": uid,
        "frequencies": FREQUENCIES,
    }
    return _page(request, "agenda/edit.html", context, user, settings, status_code)


@router.get("/events/new", response_class=HTMLResponse)
def new_event(request: Request, settings: SettingsDep, user: CurrentUser) -> Response:
    """Render the empty event form (editors)."""
    refused = editor_refusal(request, user, settings)
    if refused is not None or user is None:
        return refused or login_redirect(request)
    return _form_page(
        request, user, settings, EventForm(), {}, action="/agenda/events/new", uid=None
    )


@router.post("/events/check", response_class=HTMLResponse)
async def check_event(request: Request, settings: SettingsDep, user: CurrentUser) -> Response:
    """Inline validation: the form again with the errors of what was typed so far (no save)."""
    refused = editor_refusal(request, user, settings)
    if refused is not None or user is None:
        return refused or login_redirect(request)
    data = await request.form()
    form = EventForm.from_mapping(data)
    _event, errors = form.to_event(uid="check", owner_id=user.id, gettext=gettext_for(request))
    context = {"errors": shown_errors(data, errors), "fields": ERROR_FIELDS}
    return _page(request, "agenda/_event_checked.html", context, user, settings)


@router.post("/events/new", response_class=HTMLResponse)
async def create_event(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    """Create the event (owned by the editor) and show it."""
    refused = editor_refusal(request, user, settings)
    if refused is not None or user is None:
        return refused or login_redirect(request)
    form = EventForm.from_mapping(await request.form())
    uid = free_id(session, repo.AgendaEvent, form.title, fallback="event", limit=200)
    event, errors = form.to_event(uid=uid, owner_id=user.id, gettext=gettext_for(request))
    if event is None:
        return _form_page(
            request,
            user,
            settings,
            form,
            errors,
            action="/agenda/events/new",
            uid=None,
            status_code=422,
        )
    repo.save_events(session, [event], origin=f"user:{user.username}")
    return RedirectResponse(f"/agenda/events/{quote(uid)}?saved=1", status_code=303)


def _load(session: Session, uid: str, user: Principal | None) -> Event:
    event = repo.get_event(session, uid)
    if not event.visible_to(signed_in=user is not None):
        msg = f"event {uid!r} does not exist"
        raise NotFoundError(msg)
    return event


def _editable(
    uid: str, request: Request, session: Session, settings: Settings, user: Principal
) -> Event | Response:
    """Return the event ``uid`` if ``user`` may edit it, else the page that says why not."""
    try:
        event = _load(session, uid, user)
        ensure_can_edit(user, owner_id=event.owner_id, what=f"event {uid!r}")
    except EurasiaError as exc:
        return error_page(request, exc, user=user, settings=settings)
    return event


@router.get("/events/{uid}", response_class=HTMLResponse)
def event_page(
    uid: str, request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    """One event: when and where, its next dates, organisers, source and subscribe link."""
    try:
        event = _load(session, uid, user)
    except EurasiaError as exc:
        return error_page(request, exc, user=user, settings=settings)
    today = date.today()
    upcoming = expand([event], today, today + timedelta(days=3 * 365))[:12]
    context = {
        "event": event,
        "upcoming": upcoming,
        "editable": can_edit(user, owner_id=event.owner_id),
        "saved": request.query_params.get("saved") == "1",
        "feeds": _feeds(request, {"kind": event.kind}),
    }
    return _page(request, "agenda/event.html", context, user, settings)


@router.get("/events/{uid}/edit", response_class=HTMLResponse)
def edit_event(
    uid: str, request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    """Render the form for an existing event (its owner, an admin, or any editor if unowned)."""
    if user is None:
        return login_redirect(request)
    event = _editable(uid, request, session, settings, user)
    if isinstance(event, Response):
        return event
    form = EventForm.from_event(event)
    return _form_page(
        request, user, settings, form, {}, action=f"/agenda/events/{uid}/edit", uid=uid
    )


@router.post("/events/{uid}/edit", response_class=HTMLResponse)
async def update_event(
    uid: str, request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    """Save the changed event (overrides and kept iCalendar properties stay)."""
    if user is None:
        return login_redirect(request)
    old = _editable(uid, request, session, settings, user)
    if isinstance(old, Response):
        return old
    form = EventForm.from_mapping(await request.form())
    event, errors = form.to_event(uid=uid, owner_id=old.owner_id, gettext=gettext_for(request))
    if event is None:
        action = f"/agenda/events/{uid}/edit"
        return _form_page(
            request, user, settings, form, errors, action=action, uid=uid, status_code=422
        )
    event = Event(
        **{**event.__dict__, "overrides": old.overrides, "extra": old.extra, "source": old.source}
    )
    repo.save_events(session, [event], origin=f"user:{user.username}")
    return RedirectResponse(f"/agenda/events/{quote(uid)}?saved=1", status_code=303)
