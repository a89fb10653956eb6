"""Time zones: resolve the TZID spellings found in real calendars to IANA zone names.

Calendars in the wild name zones in several ways. :func:`resolve_tzid` accepts, in this order:

1. an IANA name known to the tz database (``Asia/Almaty``), or a common alias that is not one
   (``Asia/Astana``, ``Asia/Nur-Sultan``: the capital's names, which the tz database never had;
   they are read as ``Asia/Almaty``, the zone of all Kazakhstan since 2024-03-01);
2. a Windows zone name, mapped to IANA with the Unicode CLDR table that ships with
   ``icalendar`` (``Central Asia Standard Time`` → ``Asia/Bishkek``, which is the zone CLDR
   assigns since Kazakhstan left UTC+6 in 2024);
3. a vendor-prefixed IANA name such as ``/mozilla.org/20050126_1/Asia/Almaty`` or
   ``/citadel.org/20190914_1/Asia/Almaty`` (the trailing ``Area/City`` part is used).

Anything else is unknown (``None``); the importer then falls back on the file's VTIMEZONE or
fails with a message naming the component and property.

A name is only a name: when a file defines the zone in a ``VTIMEZONE`` whose offsets disagree
with the zone the name maps to (a Windows name written with Kazakhstan's offsets, for which CLDR
now gives Bishkek), :func:`match_offsets` finds the IANA zone whose offsets and transitions match
the file's definition over the event's span, and the importer uses that one.

Examples
--------
>>> resolve_tzid("Asia/Almaty"), resolve_tzid("Central Asia Standard Time")
('Asia/Almaty', 'Asia/Bishkek')
>>> resolve_tzid("/mozilla.org/20050126_1/Asia/Almaty"), resolve_tzid("Mars/Olympus")
('Asia/Almaty', None)
"""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, datetime, timedelta, tzinfo

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from eurasia.errors import ConfigError, DataError

__all__ = ["ALIASES", "check_tz_database", "match_offsets", "resolve_tzid", "zone"]

#: Zone names found in calendars that are not in the tz database, and the IANA zone they mean.
ALIASES = {
    "Asia/Astana": "Asia/Almaty",
    "Asia/Nur-Sultan": "Asia/Almaty",
    "Asia/Nursultan": "Asia/Almaty",
    "Asia/Akmola": "Asia/Almaty",
    "Asia/Alma-Ata": "Asia/Almaty",
    "Asia/Kazakhstan": "Asia/Almaty",
}
#: Zones preferred when several match a VTIMEZONE's offsets, for the Windows names used in the
#: region (from the territories of CLDR's windowsZones.xml: Kazakhstan first).
_PREFERRED = (
    "Asia/Almaty",
    "Asia/Qostanay",
    "Asia/Bishkek",
    "Asia/Tashkent",
    "Asia/Dushanbe",
    "Asia/Ashgabat",
    "Asia/Aqtau",
    "Asia/Oral",
    "Asia/Omsk",
    "Asia/Yekaterinburg",
    "Asia/Novosibirsk",
    "Europe/Moscow",
    "Asia/Shanghai",
    "Asia/Baku",
    "Asia/Tbilisi",
    "Asia/Yerevan",
    "Europe/Minsk",
)


@functools.cache
def _available() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones()) | {"UTC"}


def resolve_tzid(tzid: str) -> str | None:
    """Return the IANA zone name a calendar's ``TZID`` stands for, or ``None`` when unknown.

    Parameters
    ----------
    tzid
        The ``TZID`` parameter value as written in the file (quotes allowed).

    Returns
    -------
    str or None
        An IANA name that :class:`zoneinfo.ZoneInfo` accepts.
    """
    name = tzid.strip().strip('"').strip()
    if not name:
        return None
    if name in _available():
        return name
    if name in ALIASES:
        return ALIASES[name]
    if name in {"Z", "GMT", "Etc/GMT", "Etc/UTC", "Universal", "Zulu"}:
        return "UTC"
    if name in WINDOWS_TO_OLSON:
        return WINDOWS_TO_OLSON[name]
    parts = [p for p in name.split("/") if p]
    for size in (3, 2):
        if len(parts) >= size:
            candidate = "/".join(parts[-size:])
            if candidate in _available():
                return candidate
    return None


def _offsets(tz: tzinfo, instants: list[datetime]) -> list[timedelta | None]:
    return [moment.astimezone(tz).utcoffset() for moment in instants]


def match_offsets(
    definition: tzinfo, *, start: datetime, years: int = 3, hint: str | None = None, name: str = ""
) -> str | None:
    """Return the IANA zone whose UTC offsets equal ``definition``'s for ``years`` from ``start``.

    Offsets are compared twice a month, so a zone whose rules change in the span (Almaty on
    2024-03-01) matches only a definition with the same change. Of several matches the
    ``hint`` (the zone the name maps to) comes first, then a zone named in ``name``, then the
    region's zones (Kazakhstan first), then the rest by name.

    Parameters
    ----------
    definition
        The zone as a file defines it (a ``VTIMEZONE`` read by icalendar).
    start
        Aware start of the span, e.g. the event's ``DTSTART``.
    years
        Length of the span.
    hint, name
        The zone the ``TZID`` maps to, and the ``TZID`` as written.

    Returns
    -------
    str or None
        ``None`` when no zone of the tz database matches.

    Examples
    --------
    >>> from datetime import UTC, timezone
    >>> match_offsets(timezone(timedelta(hours=5)), start=datetime(2025, 1, 5, tzinfo=UTC),
    ...               hint="Asia/Bishkek")
    'Asia/Almaty'
    """
    first = start.astimezone(UTC)
    instants = [first + timedelta(days=15 * k) for k in range(int(years * 365 / 15) + 1)]
    wanted = _offsets(definition, instants)
    words = {w.lower() for w in name.replace("/", " ").replace("_", " ").split()}

    def rank(key: str) -> tuple[int, str]:
        if key == hint:
            return (0, key)
        if key.rsplit("/", 1)[-1].replace("_", " ").lower() in words:
            return (1, key)
        if key in _PREFERRED:
            return (2, f"{_PREFERRED.index(key):03d}")
        return (3 if "/" in key and not key.startswith("Etc/") else 4, key)

    for key in sorted(_available(), key=rank):
        try:
            if _offsets(zoneinfo.ZoneInfo(key), instants) == wanted:
                return key
        except (ValueError, OverflowError):
            continue
    return None


def zone(tzid: str) -> zoneinfo.ZoneInfo:
    """Return the :class:`zoneinfo.ZoneInfo` for an IANA (or resolvable) zone name.

    Raises
    ------
    DataError
        If ``tzid`` names no zone.

    Examples
    --------
    >>> zone("Asia/Almaty").key
    'Asia/Almaty'
    """
    resolved = resolve_tzid(tzid)
    if resolved is None:
        msg = f"time zone {tzid!r} is unknown; expected an IANA name such as 'Asia/Almaty'"
        raise DataError(msg)
    return zoneinfo.ZoneInfo(resolved)


def check_tz_database() -> None:
    """Check that the tz database in use knows Kazakhstan's move to UTC+5 on 2024-03-01.

    The ``tzdata`` package (2024a or later) carries the change; an older system database would
    put every future Almaty event an hour off.

    Raises
    ------
    ConfigError
        If Asia/Almaty is not UTC+6 before and UTC+5 after 2024-03-01.

    Examples
    --------
    >>> check_tz_database()
    """
    almaty = zoneinfo.ZoneInfo("Asia/Almaty")
    before = datetime(2024, 2, 1, 12, tzinfo=almaty).utcoffset()
    after = datetime(2024, 3, 2, 12, tzinfo=almaty).utcoffset()
    if before != timedelta(hours=6) or after != timedelta(hours=5):
        msg = (
            f"the tz database gives Asia/Almaty UTC offsets {before} (Feb 2024) and {after} "
            "(Mar 2024); expected 6:00:00 and 5:00:00 — install tzdata>=2024.1 or update the "
            "system zoneinfo"
        )
        raise ConfigError(msg)
