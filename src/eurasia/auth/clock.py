"""Timezone-aware UTC times for the accounts tables (SQLite hands back naive UTC values).

Examples
--------
>>> from datetime import datetime
>>> as_utc(datetime(2026, 1, 1, 12)).isoformat()
'2026-01-01T12:00:00+00:00'
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["as_utc"]


def as_utc(value: datetime) -> datetime:
    """``value`` as an aware UTC datetime; naive values are taken to be UTC already."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
