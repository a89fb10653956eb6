"""The bundled seed data: events, programmes and projects named in the source essay.

``data/events.yaml``, ``data/programmes.yaml`` and ``data/projects.yaml`` hold them; each item
cites a source id from ``data/sources.csv`` and says in ``illustrative`` what is assumed
(dates, places, headcounts), since the essay names the platforms and projects but not their
calendars or numbers.

Examples
--------
>>> seed = load_seed()
>>> len(seed.events) >= 10, len(seed.programmes) >= 8, len(seed.projects) >= 6
(True, True, True)
>>> all(e.illustrative for e in seed.events)
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import yaml

from eurasia.agenda.classifications import DATA_DIR, sources
from eurasia.agenda.matching import check_codes
from eurasia.agenda.model import Event, Programme, Project, Venue, WorkforceNeed
from eurasia.errors import DataError

__all__ = [
    "SEED_FILES",
    "Seed",
    "event_from_record",
    "load_seed",
    "programme_from_record",
    "project_from_record",
]

SEED_FILES = (
    DATA_DIR / "sources.csv",
    DATA_DIR / "events.yaml",
    DATA_DIR / "programmes.yaml",
    DATA_DIR / "projects.yaml",
    DATA_DIR / "isco08.csv",
    DATA_DIR / "isced_f_2013.csv",
)

T = TypeVar("T")


@dataclass(frozen=True)
class Seed:
    """Everything the agenda bundles."""

    events: tuple[Event, ...]
    programmes: tuple[Programme, ...]
    projects: tuple[Project, ...]


@contextmanager
def _field_errors() -> Iterator[None]:
    """Turn a missing key or a malformed value met while building a record into a DataError."""
    try:
        yield
    except DataError:
        raise
    except KeyError as exc:
        msg = f"missing field {exc.args[0]!r}"
        raise DataError(msg) from None
    except (TypeError, ValueError) as exc:
        msg = f"malformed field: {exc}"
        raise DataError(msg) from None


def _tuple(record: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = record.get(key) or ()
    if isinstance(value, str) or not isinstance(value, list | tuple):
        msg = f"field {key!r}: expected a list, got {value!r}"
        raise DataError(msg)
    return tuple(str(v) for v in value)


def _when(value: Any, key: str) -> date | datetime:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            pass
    msg = f"field {key!r}: expected an ISO date or local date-time, got {value!r}"
    raise DataError(msg)


def event_from_record(record: Mapping[str, Any]) -> Event:
    """Build an :class:`Event` from a plain mapping (YAML or JSON).

    Raises
    ------
    DataError
        Naming the field that is missing or malformed.

    Examples
    --------
    >>> event_from_record({"uid": "u", "title": "T", "kind": "culture", "start": "2025-01-01",
    ...                    "end": "2025-01-02", "tzid": "Asia/Almaty"}).all_day
    True
    """
    with _field_errors():
        venue = record.get("venue") or {}
        return Event(
            uid=str(record["uid"]),
            title=str(record["title"]),
            kind=str(record["kind"]),
            start=_when(record["start"], "start"),
            end=_when(record["end"], "end"),
            tzid=str(record["tzid"]),
            venue=Venue(**venue),
            organisers=_tuple(record, "organisers"),
            partner_countries=_tuple(record, "partner_countries"),
            audience=_tuple(record, "audience"),
            rrules=_tuple(record, "rrules"),
            rdates=tuple(_when(v, "rdates") for v in record.get("rdates") or ()),
            exdates=tuple(_when(v, "exdates") for v in record.get("exdates") or ()),
            # dates the data only assume are not confirmed (RFC 5545 STATUS:TENTATIVE)
            status=str(
                record.get("status") or ("tentative" if record.get("illustrative") else "confirmed")
            ),
            visibility=str(record.get("visibility", "public")),
            description=str(record.get("description", "")),
            url=record.get("url"),
            source=record.get("source"),
            illustrative=record.get("illustrative"),
        )


def programme_from_record(record: Mapping[str, Any]) -> Programme:
    """Build a :class:`Programme` from a plain mapping.

    Raises
    ------
    DataError
        Naming the field that is missing or malformed.
    """
    with _field_errors():
        return Programme(
            id=str(record["id"]),
            title=str(record["title"]),
            provider=str(record["provider"]),
            isced_field=str(record["isced_field"]),
            isced_level=int(record["isced_level"]),
            mode=str(record["mode"]),
            country=str(record["country"]),
            target_isco=_tuple(record, "target_isco"),
            intake_per_year=int(record["intake_per_year"]),
            duration_years=float(record["duration_years"]),
            start_year=int(record["start_year"]),
            city=record.get("city"),
            end_year=int(record["end_year"]) if record.get("end_year") is not None else None,
            partner_enterprises=_tuple(record, "partner_enterprises"),
            source=record.get("source"),
            illustrative=record.get("illustrative"),
        )


def _needs(record: Mapping[str, Any]) -> tuple[WorkforceNeed, ...]:
    needs = []
    for item in record.get("needs") or ():
        if "year" in item:
            needs.append(
                WorkforceNeed(str(item["isco"]), int(item["headcount"]), int(item["year"]))
            )
            continue
        for year in range(int(item["from"]), int(item["to"]) + 1):
            needs.append(WorkforceNeed(str(item["isco"]), int(item["per_year"]), year))
    return tuple(needs)


def project_from_record(record: Mapping[str, Any]) -> Project:
    """Build a :class:`Project` from a mapping.

    A need is ``{isco, headcount, year}`` or ``{isco, per_year, from, to}`` (the same headcount
    every year of the range).

    Raises
    ------
    DataError
        Naming the field that is missing or malformed.
    """
    with _field_errors():
        return Project(
            id=str(record["id"]),
            title=str(record["title"]),
            sector=str(record["sector"]),
            country=str(record["country"]),
            start_year=int(record["start_year"]),
            end_year=int(record["end_year"]),
            needs=_needs(record),
            city=record.get("city"),
            lat=record.get("lat"),
            lon=record.get("lon"),
            partners=_tuple(record, "partners"),
            isced_fields=_tuple(record, "isced_fields"),
            description=str(record.get("description", "")),
            source=record.get("source"),
            illustrative=record.get("illustrative"),
        )


def _read_list(path: Path, build: Callable[[Mapping[str, Any]], T], key: str) -> tuple[T, ...]:
    try:
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        msg = f"{path}: cannot read YAML: {exc}"
        raise DataError(msg) from None
    if not isinstance(records, list):
        msg = f"{path}: expected a list of records"
        raise DataError(msg)
    known = sources()
    out = []
    for number, record in enumerate(records, start=1):
        label = record.get(key, "?") if isinstance(record, dict) else "?"
        if not isinstance(record, dict):
            msg = f"{path} item {number}: expected a mapping"
            raise DataError(msg)
        source = record.get("source")
        if source is not None and source not in known:
            msg = f"{path} item {number} ({label}), field 'source': {source!r} not in sources.csv"
            raise DataError(msg)
        if source is None and not record.get("illustrative"):
            msg = f"{path} item {number} ({label}): needs a 'source' or an 'illustrative' note"
            raise DataError(msg)
        try:
            out.append(build(record))
        except DataError as exc:
            msg = f"{path} item {number} ({label}): {exc}"
            raise DataError(msg) from None
    return tuple(out)


@functools.cache
def load_seed(data_dir: Path = DATA_DIR) -> Seed:
    """Read and check the bundled seed data (codes checked against ISCO-08 and ISCED-F).

    Raises
    ------
    DataError
        Naming the file, item and field that is wrong.
    """
    seed = Seed(
        events=_read_list(data_dir / "events.yaml", event_from_record, "uid"),
        programmes=_read_list(data_dir / "programmes.yaml", programme_from_record, "id"),
        projects=_read_list(data_dir / "projects.yaml", project_from_record, "id"),
    )
    check_codes(seed.programmes, seed.projects)
    return seed
