"""The event editing form: from submitted fields to an agenda :class:`Event`, with per-field errors.

Times are entered as local wall times in the event's zone. For all-day events the end field is
the last day (inclusive), stored as the day after (RFC 5545's exclusive end). Recurrence is a
frequency with interval and an optional count or last date, or a raw RRULE for anything else.

Examples
--------
>>> form = EventForm(title="Astana Opera season gala", kind="culture", start="2026-05-14T19:00",
...                  end="2026-05-14T22:00", tzid="Asia/Almaty", freq="YEARLY", count="3")
>>> event, errors = form.to_event(uid="astana-gala", owner_id=1)
>>> errors, event.rrules
({}, ('FREQ=YEARLY;COUNT=3',))
>>> EventForm(title="", kind="culture", start="2026-05-14", end="2026-05-13",
...           all_day=True).to_event(uid="x", owner_id=1)[1]["end"]
'The end must not be before the start.'
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any

import pycountry

from eurasia.agenda.model import EVENT_KINDS, STATUSES, VISIBILITIES, Event
from eurasia.agenda.seed import event_from_record
from eurasia.agenda.zones import resolve_tzid
from eurasia.errors import DataError
from eurasia.i18n import available_locales, country_name

__all__ = ["ERROR_FIELDS", "FREQUENCIES", "EventForm", "check_country", "country_code"]

FREQUENCIES = ("", "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
#: Longest title the store keeps (``agenda_events.title``).
TITLE_MAX = 500
#: Fields with an inline error slot in the form, in form order.
ERROR_FIELDS = (
    "title",
    "kind",
    "start",
    "end",
    "tzid",
    "city",
    "country",
    "organisers",
    "audience",
    "partner_countries",
    "freq",
    "interval",
    "count",
    "until",
    "rrule",
)


@functools.cache
def _country_names() -> dict[str, str]:
    """Every country's names (ISO, and CLDR's in each interface language), case-folded, to codes."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        names = [getattr(country, a, None) for a in ("name", "common_name", "official_name")]
        names += [country_name(code, locale) for locale in available_locales()]
        index.update({name.casefold(): code for name in names if name})
    return index


def country_code(text: str) -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a country given by code or by name, else ``None``.

    Names are matched without regard to case in English, Russian and Kazakh (CLDR) and as ISO
    3166 spells them; unassigned codes such as ``XX`` are no country.

    Examples
    --------
    >>> country_code("kz"), country_code("Kazakhstan"), country_code("Казахстан")
    ('KZ', 'KZ', 'KZ')
    >>> country_code("Қытай"), country_code("CHN"), country_code("XX"), country_code("Atlantis")
    ('CN', 'CN', None, None)
    """
    value = text.strip()
    if len(value) in (2, 3) and value.isascii() and value.isalpha():
        code = value.upper()
        found = (
            pycountry.countries.get(alpha_2=code)
            if len(code) == 2
            else pycountry.countries.get(alpha_3=code)
        )
        if found is not None:
            return str(found.alpha_2)
    return _country_names().get(value.casefold())


def check_country(
    value: str, errors: dict[str, str], _: Callable[[str], str], *, required: bool = False
) -> str:
    """Return the code of the country a form field names ('' if empty), noting an unknown one."""
    if not value.strip():
        if required:
            errors["country"] = _("This field is required.")
        return ""
    code = country_code(value)
    if code is None:
        errors["country"] = _("Enter a country name or a two-letter ISO code such as KZ.")
        return value
    return code


def _identity(message: str) -> str:
    return message


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


@dataclass
class EventForm:
    """The raw values of the event form (all strings, as submitted)."""

    title: str = ""
    kind: str = "culture"
    all_day: bool = False
    start: str = ""
    end: str = ""
    tzid: str = "Asia/Almaty"
    city: str = ""
    country: str = "KZ"
    organisers: str = ""
    audience: str = ""
    partner_countries: str = ""
    freq: str = ""
    interval: str = "1"
    count: str = ""
    until: str = ""
    rrule: str = ""
    status: str = "confirmed"
    visibility: str = "public"
    description: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> EventForm:
        """Read the form from submitted data (unknown keys are ignored)."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name == "all_day":
                values["all_day"] = str(data.get("all_day", "")).lower() in {"on", "true", "1"}
            elif f.name in data:
                values[f.name] = str(data[f.name]).strip()
        return cls(**values)

    @classmethod
    def from_event(cls, event: Event) -> EventForm:
        """Return the form pre-filled from an existing event."""
        if event.all_day:
            start = event.start.isoformat()
            end = (event.end - timedelta(days=1)).isoformat()
        else:
            start = event.start.isoformat(timespec="minutes")  # type: ignore[call-arg]
            end = event.end.isoformat(timespec="minutes")  # type: ignore[call-arg]
        return cls(
            title=event.title,
            kind=event.kind,
            all_day=event.all_day,
            start=start,
            end=end,
            tzid=event.tzid,
            city=event.venue.city or "",
            country=event.venue.country or "",
            organisers=", ".join(event.organisers),
            audience=", ".join(event.audience),
            partner_countries=", ".join(event.partner_countries),
            rrule="\n".join(event.rrules),
            status=event.status,
            visibility=event.visibility,
            description=event.description,
        )

    def _when(self, value: str, name: str, errors: dict[str, str], _: Callable[[str], str]) -> Any:
        try:
            if self.all_day:
                return date.fromisoformat(value[:10])
            return datetime.fromisoformat(value).replace(second=0, microsecond=0, tzinfo=None)
        except ValueError:
            errors[name] = (
                _("Enter a date like 2026-05-14.")
                if self.all_day
                else _("Enter a date and time like 2026-05-14T19:00.")
            )
            return None

    def rrules(self, errors: dict[str, str], _: Callable[[str], str] = _identity) -> list[str]:
        """Return the RRULE values the form describes (empty for a one-off event)."""
        if self.rrule:
            return [line.strip() for line in self.rrule.splitlines() if line.strip()]
        if not self.freq:
            return []
        if self.freq not in FREQUENCIES:
            errors["freq"] = _("Choose a frequency from the list.")
            return []
        parts = [f"FREQ={self.freq}"]
        if self.interval and self.interval != "1":
            if not self.interval.isdecimal() or int(self.interval) < 1:
                errors["interval"] = _("Enter a whole number of 1 or more.")
            else:
                parts.append(f"INTERVAL={int(self.interval)}")
        if self.count and self.until:
            errors["until"] = _("Give either a number of times or a last date, not both.")
        elif self.count:
            if not self.count.isdecimal() or int(self.count) < 1:
                errors["count"] = _("Enter a whole number of 1 or more.")
            else:
                parts.append(f"COUNT={int(self.count)}")
        elif self.until:
            try:
                last = date.fromisoformat(self.until)
            except ValueError:
                errors["until"] = _("Enter a date like 2026-05-14.")
            else:
                suffix = "" if self.all_day else "T235959Z"
                parts.append(f"UNTIL={last:%Y%m%d}{suffix}")
        return [";".join(parts)]

    def to_event(
        self, *, uid: str, owner_id: int | None, gettext: Callable[[str], str] = _identity
    ) -> tuple[Event | None, dict[str, str]]:
        """Return the event, or ``None`` with messages keyed by field name (``"form"`` for the rest)."""
        _ = gettext
        errors: dict[str, str] = {}
        country = self._check_choices(errors, _)
        start, end = self._times(errors, _)
        rrules = self.rrules(errors, _)
        if errors:
            return None, errors
        record = {
            "uid": uid,
            "title": self.title,
            "kind": self.kind,
            "start": start,
            "end": end,
            "tzid": self.tzid,
            "venue": {"city": self.city or None, "country": country or None},
            "organisers": _split(self.organisers),
            "audience": _split(self.audience),
            "partner_countries": [c.upper() for c in _split(self.partner_countries)],
            "rrules": rrules,
            "status": self.status,
            "visibility": self.visibility,
            "description": self.description,
        }
        try:
            event = event_from_record(record)
        except DataError as exc:
            return None, _field_error(str(exc))
        return Event(**{**event.__dict__, "owner_id": owner_id}), {}

    def _check_choices(self, errors: dict[str, str], _: Callable[[str], str]) -> str:
        """Note errors of the title, the fixed choices, zone and country; return the country."""
        if not self.title:
            errors["title"] = _("Enter a title.")
        elif len(self.title) > TITLE_MAX:
            errors["title"] = _("Use at most %(num)d characters.") % {"num": TITLE_MAX}
        if self.kind not in EVENT_KINDS:
            errors["kind"] = _("Choose a kind from the list.")
        if self.status not in STATUSES:
            errors["status"] = _("Choose a status from the list.")
        if self.visibility not in VISIBILITIES:
            errors["visibility"] = _("Choose public or private.")
        if resolve_tzid(self.tzid) != self.tzid:
            errors["tzid"] = _("Enter an IANA time zone such as Asia/Almaty.")
        return check_country(self.country, errors, _)

    def _times(self, errors: dict[str, str], _: Callable[[str], str]) -> tuple[Any, Any]:
        """Return start and end (an all-day end as the day after), noting errors of either."""
        start = self._when(self.start, "start", errors, _) if self.start else None
        end = self._when(self.end, "end", errors, _) if self.end else None
        if not self.start:
            errors["start"] = _("Enter when the event starts.")
        if not self.end:
            errors["end"] = _("Enter when the event ends.")
        if start is not None and end is not None:
            if self.all_day:
                end = end + timedelta(days=1)
            if end <= start:
                errors["end"] = _("The end must not be before the start.")
        return start, end


def _field_error(message: str) -> dict[str, str]:
    """Return the domain's message keyed by the form field it names (``"form"`` if none)."""
    for name in ("rrules", "partner_countries", "tzid", "title", "kind"):
        if f"'{name}'" in message:
            key = "rrule" if name == "rrules" else name
            return {key: message}
    return {"form": message}
