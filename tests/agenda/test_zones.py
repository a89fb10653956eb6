"""Zone resolution and the tz database check (the Almaty case)."""

from __future__ import annotations

import importlib.resources
import io
import zoneinfo
from datetime import datetime, timedelta

import pytest

from eurasia.agenda.zones import check_tz_database, resolve_tzid, zone
from eurasia.errors import DataError


@pytest.mark.parametrize(
    ("tzid", "expected"),
    [
        ("Asia/Almaty", "Asia/Almaty"),
        ('"Asia/Almaty"', "Asia/Almaty"),
        ("Central Asia Standard Time", "Asia/Bishkek"),
        ("West Asia Standard Time", "Asia/Tashkent"),
        ("Russian Standard Time", "Europe/Moscow"),
        ("/mozilla.org/20050126_1/Asia/Almaty", "Asia/Almaty"),
        (
            "/freeassociation.sourceforge.net/Tzfile/America/Argentina/Buenos_Aires",
            "America/Argentina/Buenos_Aires",
        ),
        ("Etc/UTC", "Etc/UTC"),
        ("Z", "UTC"),
        ("(GMT+06:00) Astana", None),
        ("", None),
    ],
)
def test_resolve_tzid(tzid: str, expected: str | None) -> None:
    assert resolve_tzid(tzid) == expected


def test_zone_rejects_unknown_names() -> None:
    assert zone("Asia/Almaty") == zoneinfo.ZoneInfo("Asia/Almaty")
    with pytest.raises(DataError, match="'Mars/Olympus' is unknown"):
        zone("Mars/Olympus")


def test_tz_database_in_use_knows_kazakhstan_moved_to_utc_plus_5() -> None:
    check_tz_database()


def test_bundled_tzdata_package_knows_it_too() -> None:
    """The ``tzdata`` dependency (used where the system has no zoneinfo) has the change."""
    data = importlib.resources.files("tzdata.zoneinfo").joinpath("Asia", "Almaty").read_bytes()
    almaty = zoneinfo.ZoneInfo.from_file(io.BytesIO(data), key="Asia/Almaty")
    assert datetime(2024, 2, 29, 12, tzinfo=almaty).utcoffset() == timedelta(hours=6)
    assert datetime(2024, 3, 1, 12, tzinfo=almaty).utcoffset() == timedelta(hours=5)
