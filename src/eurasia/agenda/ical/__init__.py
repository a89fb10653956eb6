r"""iCalendar (RFC 5545) import and export of agenda events.

Export
------
:func:`to_ical` writes one ``VCALENDAR`` with a ``VTIMEZONE`` for every zone used (generated
from the tz database, so clients that ignore IANA names still show the right times), stable
``UID``\ s, ``CLASS`` from the visibility, the agenda's own fields as ``X-EURASIA-*`` properties,
and every property kept from an import. Feeds per kind, country, city or organiser are exports
of :func:`eurasia.agenda.model.filter_events`.

Import and its interpretations
------------------------------
:func:`parse_ical` reads the whole text before returning anything: a failure leaves nothing
half-read (callers write the result in one transaction). Each rule below is applied the same way
every time and reported as an :class:`ImportNote`; anything else that cannot be read raises
:class:`~eurasia.errors.DataError` naming the component (``VEVENT`` with its ``UID`` and line) and
the property.

* **Encoding.** UTF-8, with or without a byte-order mark; bare ``LF`` line ends are accepted.
* **Broken folding.** A line that does not start with a property name followed by ``:`` or
  ``;`` (and is not a properly folded continuation starting with a space or tab) is joined to
  the line before it, as if it had been folded, when that line is free text (``SUMMARY``,
  ``DESCRIPTION``, ``LOCATION``, ``X-…``); after any other property it is left out, so a value a
  strict parser accepts is never changed.
* **iTIP.** ``METHOD:REPLY`` components (an attendee's answer) are left out; a
  ``METHOD:CANCEL`` component without ``DTSTART`` (RFC 5546 allows it) is listed in
  ``ImportResult.cancelled``, one with ``DTSTART`` is read as a cancelled event.
* **Partial mode** (``partial=True``): an event that cannot be read is left out and listed in
  ``ImportResult.rejected`` with its line and the reason; by default it refuses the calendar.
* **Missing DTSTART.** A ``VEVENT`` without ``DTSTART`` is an error (RFC 5545 requires it when
  there is no ``METHOD``), naming the ``UID`` and line; see iTIP below.
* **Missing UID.** A stable ``UID`` is derived from the file name, ``SUMMARY`` and ``DTSTART``.
* **Time zones.** A ``TZID`` is resolved by :func:`eurasia.agenda.zones.resolve_tzid` (IANA name,
  Windows name via CLDR, vendor-prefixed IANA name). An unresolvable ``TZID`` defined by a
  ``VTIMEZONE`` in the file is honoured for the times in the file, which are stored in UTC. An
  unresolvable ``TZID`` without a ``VTIMEZONE`` is an error.
* **Floating times** (no ``TZID``, no ``Z``) are read in the calendar's ``X-WR-TIMEZONE`` when it
  names a zone, else in ``default_tzid``.
* **Naive/aware mixtures.** ``DTEND``, ``RDATE``, ``EXDATE``, ``RECURRENCE-ID`` and ``UNTIL`` are
  converted to the zone of ``DTSTART``; naive values are read in that zone. ``UNTIL`` of a timed
  series is stored in UTC as RFC 5545 requires.
* **Dates in a timed series.** An all-day ``EXDATE``/``RDATE`` in a timed series means the
  instance on that date at the series' start time; a date-time in an all-day series means its
  date. A ``DTEND`` of the other value type is converted likewise.
* **COUNT with UNTIL** (forbidden by RFC 5545): ``UNTIL`` is kept, ``COUNT`` dropped. An
  empty ``RRULE`` is ignored; whitespace inside one is removed.
* **UNTIL before DTSTART.** The rule can produce nothing after the start; the ``RRULE`` is
  dropped and the event keeps its single ``DTSTART`` occurrence.
* **End before start.** ``DTEND`` before ``DTSTART`` gives a zero-length event (one day for an
  all-day event); no ``DTEND`` or ``DURATION`` gives one day (all-day) or zero length (timed).
* **RDATE periods.** Only the start of a ``PERIOD`` is kept; instances last as long as the event.
* **Overrides.** ``RECURRENCE-ID`` components become overrides of their series; one whose series
  is missing becomes a single event with ``UID`` ``<uid>/<recurrence-id>``. ``RANGE`` is ignored.
* **Duplicates.** Of several series with one ``UID`` the highest ``SEQUENCE`` (then the last)
  wins.
* **Kind and place.** ``X-EURASIA-KIND`` or else the first ``CATEGORIES`` value naming a kind
  gives the kind (``default_kind`` otherwise); ``X-EURASIA-CITY``/``-COUNTRY`` the place;
  ``ORGANIZER`` (its ``CN``, else its address) the organiser when ``X-EURASIA-ORGANISERS`` is
  absent. ``CLASS:PUBLIC`` (or none) is public; any other class is private, as RFC 5545 asks for
  unknown classes.
* **Unknown properties and components** (``ATTENDEE``, ``VALARM``, ``X-…``, ``SEQUENCE`` …) are
  kept verbatim and written back on export. ``DTSTAMP`` is regenerated on export.

Examples
--------
>>> text = '''BEGIN:VCALENDAR
... VERSION:2.0
... PRODID:-//example//EN
... BEGIN:VEVENT
... UID:expo@example
... SUMMARY:Expo
... DTSTART;TZID=Asia/Almaty:20250611T100000
... DTEND;TZID=Asia/Almaty:20250611T180000
... RRULE:FREQ=YEARLY;COUNT=3
... X-COLOUR:green
... END:VEVENT
... END:VCALENDAR
... '''
>>> result = parse_ical(text, source="expo.ics", default_kind="business")
>>> ev = result.events[0]
>>> ev.uid, ev.kind, ev.start, ev.tzid, ev.rrules
('expo@example', 'business', datetime.datetime(2025, 6, 11, 10, 0), 'Asia/Almaty', ('FREQ=YEARLY;COUNT=3',))
>>> b"X-COLOUR:green" in to_ical(result.events)
True
"""

from __future__ import annotations

from eurasia.agenda.ical.reader import parse_ical, read_ical_file
from eurasia.agenda.ical.results import ImportNote, ImportResult, RejectedEvent
from eurasia.agenda.ical.writer import (
    ILLUSTRATIVE_CATEGORY,
    PRODID,
    TENTATIVE_CATEGORY,
    event_components,
    provenance_categories,
    provenance_text,
    to_ical,
)

__all__ = [
    "ILLUSTRATIVE_CATEGORY",
    "PRODID",
    "TENTATIVE_CATEGORY",
    "ImportNote",
    "ImportResult",
    "RejectedEvent",
    "event_components",
    "parse_ical",
    "provenance_categories",
    "provenance_text",
    "read_ical_file",
    "to_ical",
]
