"""Time zones: resolve the TZID spellings found in real calendars to IANA zone names.

Calendars in the wild name zones in several ways. :func:`resolve_tzid` accepts, in this order:

1. an IANA name known to the tz database (``Asia/Almaty``);
2. a Windows zone name, mapped to IANA with the Unicode CLDR table that ships with
   ``icalendar`` (``Central Asia Standard Time`` → ``Asia/Bishkek``, which is the zone CLDR
   assigns since Kazakhstan left UTC+6 in 2024);
3. a vendor-prefixed IANA name such as ``/mozilla.org/20050126_1/Asia/Almaty`` or
   ``/citadel.org/20190914_1/Asia/Almaty`` (the trailing ``Area/City`` part is used).

Anything else is unknown (``None``); the importer then falls back on the file's VTIMEZONE or
fails with a message naming the component and property.

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
from datetime import datetime, timedelta

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from eurasia.errors import ConfigError, DataError

__all__ = ["check_tz_database", "resolve_tzid", "zone"]


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
