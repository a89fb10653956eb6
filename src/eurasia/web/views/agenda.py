"""Agenda pages.

Month, week, list and year views with filters (the state in the query string), event pages with
a per-event ``.ics`` download, subscribe links, clashes and suggestions, the event editor and
the calendar import form. Illustrative data and unconfirmed dates carry badges on every view.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from eurasia.agenda.describe import describe_rule
from eurasia.agenda.ical import parse_ical, to_ical
from eurasia.agenda.model import EVENT_KINDS, Event, EventFilter, Instance, slugify
from eurasia.agenda.reasons import clash_reasons, suggestion_reasons
from eurasia.agenda.recurrence import expand
from eurasia.agenda.sync import find_clashes, suggest_pairs, year_view
from eurasia.auth.roles import Principal, Role, can_edit, ensure_can_edit
from eurasia.errors import DataError, EurasiaError, NotFoundError
from eurasia.i18n import country_name, vocabulary
from eurasia.store import agenda as repo
from eurasia.web.event_form import ERROR_FIELDS, FREQUENCIES, EventForm, country_code
from eurasia.web.templating import locale_of
from eurasia.web.views.common import (
    PageDep,
    PageRequest,
    free_id,
    gettext_for,
    shown_errors,
)

__all__ = ["iso_week", "month_grid", "parse_week", "router", "view_links"]

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


def parse_week(value: str | None) -> date:
    """Return the Monday of an ISO week given as ``2026-W19`` (this week when empty).

    Examples
    --------
    >>> parse_week("2026-W19"), parse_week("2027-w1")
    (datetime.date(2026, 5, 4), datetime.date(2027, 1, 4))
    >>> parse_week("2026-19")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: query 'week': '2026-19' is not an ISO week like 2026-W19
    """
    if not value:
        today = date.today()
        return today - timedelta(days=today.weekday())
    year, sep, week = value.upper().partition("-W")
    try:
        if not sep:
            raise ValueError(value)
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError:
        msg = f"query 'week': {value!r} is not an ISO week like 2026-W19"
        raise DataError(msg) from None


def iso_week(day: date) -> str:
    """Return the ISO week of ``day`` as the week view's query value.

    Examples
    --------
    >>> iso_week(date(2027, 1, 1)), iso_week(date(2026, 5, 4))
    ('2026-W53', '2026-W19')
    """
    year, week, _day = day.isocalendar()
    return f"{year}-W{week:02d}"


def _parse_day(value: str | None, name: str, default: date) -> date:
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        msg = f"query {name!r}: {value!r} is not a date like 2026-05-14"
        raise DataError(msg) from None


def _filters(kind: str | None, country: str | None, city: str | None) -> dict[str, str]:
    """Return the filters as their query values; a country may be named in any language."""
    if kind and kind not in EVENT_KINDS:
        msg = f"query 'kind': {kind!r} is not one of {', '.join(EVENT_KINDS)}"
        raise DataError(msg)
    code = None
    if country:
        code = country_code(country)
        if code is None:
            msg = f"query 'country': {country!r} is not a country name or ISO code like KZ"
            raise DataError(msg)
    return {k: v for k, v in (("kind", kind), ("country", code), ("city", city)) if v}


def _events(session: Session, filters: dict[str, str], user: Principal | None) -> list[Event]:
    return repo.list_events(
        session,
        EventFilter(
            kind=filters.get("kind"),
            country=filters.get("country"),
            city=filters.get("city"),
            signed_in=user is not None,
        ),
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
        code = filters["country"]
        feeds.append((country_name(code, locale), f"{base}/api/agenda/feeds/country/{code}.ics"))
    if "city" in filters:
        feeds.append(
            (filters["city"], f"{base}/api/agenda/feeds/city/{quote(filters['city'])}.ics")
        )
    return feeds


def view_links(anchor: date, query: str) -> list[tuple[str, str]]:
    """Return the agenda views at ``anchor`` with the same filters: (view name, URL)."""
    tail = f"&{query}" if query else ""
    return [
        ("month", f"/agenda?month={anchor:%Y-%m}{tail}"),
        ("week", f"/agenda/week?week={iso_week(anchor)}{tail}"),
        ("list", f"/agenda/list?from={anchor.isoformat()}{tail}"),
        ("year", f"/agenda/year?year={anchor.year}{tail}"),
    ]


def _calendar_context(
    page: PageRequest, filters: dict[str, str], *, view: str, anchor: date
) -> tuple[list[Event], dict[str, Any]]:
    """Return the events the filters keep and what every calendar view shows around them."""
    request, session, user = page.request, page.session, page.user
    events = _events(session, filters, user)
    query = urlencode(filters)
    context = {
        "view": view,
        "views": view_links(anchor, query),
        "kinds": EVENT_KINDS,
        "filters": filters,
        "hidden": {},
        "query": query,
        "feeds": _feeds(request, filters),
        "flags": {e.uid: e.illustrative or "" for e in events},
        "countries": _country_choices(session, user, locale_of(request)),
        "today": date.today(),
        "can_create": user is not None and user.has_role(Role.EDITOR),
    }
    return events, context


def _country_choices(session: Session, user: Principal | None, locale: str) -> list[str]:
    """Return the names of the countries events take place in, for the filter's suggestions."""
    query = select(repo.AgendaEvent.country).where(repo.AgendaEvent.country.is_not(None))
    if user is None:
        query = query.where(repo.AgendaEvent.visibility == "public")
    codes = session.scalars(query.distinct())
    return sorted({country_name(code, locale) for code in codes if code})


def _by_day(instances: list[Instance], first: date, last: date) -> dict[date, list[Instance]]:
    """Return the instances under each day from ``first`` to ``last`` that they cover."""
    by_day: dict[date, list[Instance]] = {}
    for inst in instances:
        day = max(inst.first_day, first)
        while day <= min(inst.last_day, last):
            by_day.setdefault(day, []).append(inst)
            day += timedelta(days=1)
    return by_day


Kind = Annotated[str | None, Query(max_length=20)]
Country = Annotated[str | None, Query(max_length=100)]
City = Annotated[str | None, Query(max_length=100)]


@router.get("", response_class=HTMLResponse)
def month_view(
    page: PageDep,
    month: str | None = None,
    kind: Kind = None,
    country: Country = None,
    city: City = None,
) -> Response:
    """Render the month calendar with filters, subscribe links, clashes and suggestions."""
    try:
        year, number = _parse_month(month)
        filters = _filters(kind, country, city)
    except DataError as exc:
        return page.error(exc)
    locale = locale_of(page.request)
    weeks = month_grid(year, number)
    first = date(year, number, 1)
    today = date.today()
    anchor = today if (today.year, today.month) == (year, number) else first
    events, context = _calendar_context(page, filters, view="month", anchor=anchor)
    instances = expand(events, weeks[0][0], weeks[-1][-1] + timedelta(days=1))
    previous = (first - timedelta(days=1)).replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    in_month = [i for i in instances if i.first_day < following and i.last_day >= first]
    context |= {
        "first": first,
        "weeks": weeks,
        "by_day": _by_day(instances, weeks[0][0], weeks[-1][-1]),
        "hidden": {"month": f"{first:%Y-%m}"},
        "prev_month": f"{previous:%Y-%m}",
        "next_month": f"{following:%Y-%m}",
        "clashes": [(c, clash_reasons(c, locale=locale)) for c in find_clashes(in_month)],
        "suggestions": [
            (s, suggestion_reasons(s, within_days=7, locale=locale))
            for s in suggest_pairs(in_month, within_days=7, limit=10)
        ],
        "count": len(in_month),
    }
    return page.render("agenda/month.html", context)


@router.get("/week", response_class=HTMLResponse)
def week_view(
    page: PageDep,
    week: Annotated[str | None, Query(max_length=10)] = None,
    kind: Kind = None,
    country: Country = None,
    city: City = None,
) -> Response:
    """Render one ISO week, Monday to Sunday, with each event's local times."""
    try:
        monday = parse_week(week)
        filters = _filters(kind, country, city)
    except DataError as exc:
        return page.error(exc)
    days = [monday + timedelta(days=n) for n in range(7)]
    events, context = _calendar_context(page, filters, view="week", anchor=monday)
    instances = expand(events, monday, monday + timedelta(days=7))
    context |= {
        "days": days,
        "by_day": _by_day(instances, days[0], days[-1]),
        "hidden": {"week": iso_week(monday)},
        "week": iso_week(monday),
        "prev_week": iso_week(monday - timedelta(days=7)),
        "next_week": iso_week(monday + timedelta(days=7)),
        "count": len(instances),
    }
    return page.render("agenda/week.html", context)


#: Days the list view shows by default, and at most.
LIST_DAYS, LIST_MAX_DAYS = 90, 366


@router.get("/list", response_class=HTMLResponse)
def list_view(
    page: PageDep,
    first: Annotated[str | None, Query(alias="from", max_length=10)] = None,
    last: Annotated[str | None, Query(alias="to", max_length=10)] = None,
    kind: Kind = None,
    country: Country = None,
    city: City = None,
) -> Response:
    """Render the events from one day to another (90 days from today by default) as a list."""
    try:
        start = _parse_day(first, "from", date.today())
        end = _parse_day(last, "to", start + timedelta(days=LIST_DAYS - 1))
        if not start <= end < start + timedelta(days=LIST_MAX_DAYS):
            msg = (
                f"query 'to': {end.isoformat()} must be on or after 'from' "
                f"({start.isoformat()}) and at most {LIST_MAX_DAYS} days later"
            )
            raise DataError(msg)
        filters = _filters(kind, country, city)
    except DataError as exc:
        return page.error(exc)
    events, context = _calendar_context(page, filters, view="list", anchor=start)
    span = end - start + timedelta(days=1)
    context |= {
        "start": start,
        "end": end,
        "instances": expand(events, start, end + timedelta(days=1)),
        "hidden": {"from": start.isoformat(), "to": end.isoformat()},
        "earlier": (start - span, start - timedelta(days=1)),
        "later": (end + timedelta(days=1), end + span),
    }
    return page.render("agenda/list.html", context)


@router.get("/year", response_class=HTMLResponse)
def year_page(
    page: PageDep,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    kind: Kind = None,
    country: Country = None,
    city: City = None,
) -> Response:
    """Render the year at a glance: which months each series falls in, empty months and gaps."""
    try:
        filters = _filters(kind, country, city)
    except DataError as exc:
        return page.error(exc)
    today = date.today()
    year = year or today.year
    anchor = today if today.year == year else date(year, 1, 1)
    events, context = _calendar_context(page, filters, view="year", anchor=anchor)
    context |= {
        "view_data": year_view(events, year),
        "hidden": {"year": str(year)},
        "months": range(1, 13),
        "statuses": {e.uid: e.status for e in events},
    }
    return page.render("agenda/year.html", context)


def _form_page(
    page: PageRequest,
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
        "kinds": EVENT_KINDS,
        "frequencies": FREQUENCIES,
    }
    return page.render("agenda/edit.html", context, status_code=status_code)


@router.get("/events/new", response_class=HTMLResponse)
def new_event(page: PageDep) -> Response:
    """Render the empty event form (editors)."""
    if isinstance(refused := page.editor(), Response):
        return refused
    return _form_page(page, EventForm(), {}, action="/agenda/events/new", uid=None)


@router.post("/events/check", response_class=HTMLResponse)
async def check_event(page: PageDep) -> Response:
    """Inline validation: the form again with the errors of what was typed so far (no save)."""
    if isinstance(editor := page.editor(), Response):
        return editor
    data = await page.request.form()
    form = EventForm.from_mapping(data)
    gettext = gettext_for(page.request)
    _event, errors = form.to_event(uid="check", owner_id=editor.id, gettext=gettext)
    context = {"errors": shown_errors(data, errors), "fields": ERROR_FIELDS}
    return page.render("agenda/_event_checked.html", context)


@router.post("/events/new", response_class=HTMLResponse)
async def create_event(page: PageDep) -> Response:
    """Create the event (owned by the editor) and show it."""
    if isinstance(editor := page.editor(), Response):
        return editor
    form = EventForm.from_mapping(await page.request.form())
    uid = free_id(page.session, repo.AgendaEvent, form.title, fallback="event", limit=200)
    event, errors = form.to_event(uid=uid, owner_id=editor.id, gettext=gettext_for(page.request))
    if event is None:
        action = "/agenda/events/new"
        return _form_page(page, form, errors, action=action, uid=None, status_code=422)
    repo.save_events(page.session, [event], origin=f"user:{editor.username}")
    return RedirectResponse(f"/agenda/events/{quote(uid)}?saved=1", status_code=303)


def _load(session: Session, uid: str, user: Principal | None) -> Event:
    event = repo.get_event(session, uid)
    if not event.visible_to(signed_in=user is not None):
        msg = f"event {uid!r} does not exist"
        raise NotFoundError(msg)
    return event


def _visible(uid: str, page: PageRequest) -> Event | Response:
    """Return the event ``uid`` if the page's user may see it, else the error page."""
    try:
        return _load(page.session, uid, page.user)
    except EurasiaError as exc:
        return page.error(exc)


def _editable(uid: str, page: PageRequest) -> tuple[Principal, Event] | Response:
    """Return the user and the event ``uid`` if the user may edit it, else the page saying why not.

    Anyone not signed in is sent to the login page.
    """
    if isinstance(user := page.signed_in(), Response):
        return user
    try:
        event = _load(page.session, uid, user)
        ensure_can_edit(user, owner_id=event.owner_id, what=f"event {uid!r}")
    except EurasiaError as exc:
        return page.error(exc)
    return user, event


@router.get("/events/{uid}", response_class=HTMLResponse)
def event_page(uid: str, page: PageDep) -> Response:
    """One event: when and where, its next dates, organisers, source and subscribe link."""
    if isinstance(event := _visible(uid, page), Response):
        return event
    request = page.request
    today = date.today()
    upcoming = expand([event], today, today + timedelta(days=3 * 365))[:12]
    anchor = upcoming[0].first_day if upcoming else today
    context = {
        "event": event,
        "upcoming": upcoming,
        "editable": can_edit(page.user, owner_id=event.owner_id),
        "saved": request.query_params.get("saved") == "1",
        "feeds": _feeds(request, {"kind": event.kind}),
        "views": view_links(anchor, ""),
        "view": "event",
        "today": today,
        "repeats": [describe_rule(r, locale_of(request), start=event.start) for r in event.rrules],
    }
    return page.render("agenda/event.html", context)


@router.get("/events/{uid}/event.ics")
def event_ics(uid: str, page: PageDep) -> Response:
    """One event as an iCalendar file, written by the feeds' writer (provenance included)."""
    if isinstance(event := _visible(uid, page), Response):
        return event
    name = slugify(event.uid) or "event"
    return Response(
        content=to_ical([event], name=event.title),
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{name}.ics"'},
    )


@router.get("/events/{uid}/edit", response_class=HTMLResponse)
def edit_event(uid: str, page: PageDep) -> Response:
    """Render the form for an existing event (its owner, an admin, or any editor if unowned)."""
    if isinstance(editable := _editable(uid, page), Response):
        return editable
    form = EventForm.from_event(editable[1])
    return _form_page(page, form, {}, action=f"/agenda/events/{uid}/edit", uid=uid)


@router.post("/events/{uid}/edit", response_class=HTMLResponse)
async def update_event(uid: str, page: PageDep) -> Response:
    """Save the changed event (overrides and kept iCalendar properties stay)."""
    if isinstance(editable := _editable(uid, page), Response):
        return editable
    editor, old = editable
    form = EventForm.from_mapping(await page.request.form())
    gettext = gettext_for(page.request)
    event, errors = form.to_event(uid=uid, owner_id=old.owner_id, gettext=gettext)
    if event is None:
        action = f"/agenda/events/{uid}/edit"
        return _form_page(page, form, errors, action=action, uid=uid, status_code=422)
    event = Event(
        **{**event.__dict__, "overrides": old.overrides, "extra": old.extra, "source": old.source}
    )
    repo.save_events(page.session, [event], origin=f"user:{editor.username}")
    return RedirectResponse(f"/agenda/events/{quote(uid)}?saved=1", status_code=303)


def _import_page(
    page: PageRequest,
    *,
    error: str = "",
    result: dict[str, Any] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    defaults = {"default_tzid": "Asia/Almaty", "default_kind": "other", "partial": ""}
    context = {
        "error": error,
        "result": result,
        "form": defaults | (form or {}),
        "views": view_links(date.today(), ""),
        "view": "import",
        "kinds": EVENT_KINDS,
        "can_create": True,
    }
    return page.render("agenda/import.html", context, status_code=status_code)


@router.get("/import", response_class=HTMLResponse)
def import_form(page: PageDep) -> Response:
    """Render the calendar import form (editors)."""
    if isinstance(refused := page.editor(), Response):
        return refused
    return _import_page(page)


def _replaceable(
    session: Session, events: tuple[Event, ...], user: Principal, *, partial: bool
) -> tuple[list[Event], list[tuple[str, str]]]:
    """Return the events ``user`` may write (a stored one keeps its owner), and those refused.

    In all-or-nothing mode the first refusal is raised, so nothing is written.
    """
    kept: list[Event] = []
    refused: list[tuple[str, str]] = []
    for event in events:
        stored = session.get(repo.AgendaEvent, event.uid)
        owner = user.id if stored is None else stored.owner_id
        try:
            ensure_can_edit(user, owner_id=owner, what=f"event {event.uid!r}")
        except EurasiaError as exc:
            if not partial:
                raise
            refused.append((event.uid, str(exc)))
            continue
        kept.append(Event(**{**event.__dict__, "owner_id": owner}))
    return kept, refused


@router.post("/import", response_class=HTMLResponse)
async def import_calendar(page: PageDep) -> Response:
    """Import an uploaded ``.ics`` file: whole or not at all, or (partial) its valid events."""
    if isinstance(editor := page.editor(), Response):
        return editor
    request, session = page.request, page.session
    data = await request.form()
    upload = data.get("file")
    form = {k: str(data.get(k) or "") for k in ("default_tzid", "default_kind", "partial")}
    partial = form["partial"] == "on"
    gettext = gettext_for(request)
    if upload is None or isinstance(upload, str) or not upload.filename:
        await data.close()
        error = gettext("Choose an iCalendar (.ics) file to import.")
        return _import_page(page, error=error, form=form, status_code=422)
    source = _one_line_name(upload.filename)
    content = await upload.read()
    await data.close()
    try:
        result = parse_ical(
            content,
            source=source,
            default_tzid=form["default_tzid"] or "UTC",
            default_kind=form["default_kind"] or "other",
            partial=partial,
        )
        events, not_allowed = _replaceable(session, result.events, editor, partial=partial)
    except EurasiaError as exc:
        status = 422 if isinstance(exc, DataError) else exc.status_code
        return _import_page(page, error=str(exc), form=form, status_code=status)
    repo.save_events(session, events, origin=f"import:{source}")
    summary = {
        "source": source,
        "partial": partial,
        "events": events,
        "notes": result.notes,
        "rejected": result.rejected,
        "not_allowed": not_allowed,
        "cancelled": result.cancelled,
    }
    return _import_page(page, result=summary, form=form)


def _one_line_name(filename: str) -> str:
    r"""Return the uploaded file's base name on one line, as the events' recorded origin.

    Examples
    --------
    >>> _one_line_name("C:\\cal\\partners.ics"), _one_line_name("a\r\nb.ics")
    ('partners.ics', 'a b.ics')
    """
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return " ".join(base.split())[:200] or "upload"
