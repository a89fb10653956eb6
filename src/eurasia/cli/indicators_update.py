"""Fetch the publishers' newer vintages for ``eurasia indicators update`` (the network part).

The World Bank's API v2 is read through ``wbgapi`` (its paged ``fetch``: the release date from
``sources/2``, then each indicator for the stored areas); Our World in Data's energy file is one
CSV download (its ``Last-Modified`` date is the vintage). What the answers mean, and what changed,
is :mod:`eurasia.indicators.refresh`. An SDMX data URL (the IMF's Direction of Trade) is read
through ``sdmx1``: Kazakhstan's own declarations and its partners' (mirror) ones, the partner
tables the HHI series need. When no publisher can be reached the outcome says so and nothing is
returned to store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from eurasia.errors import DataError
from eurasia.indicators.model import Observation, Source
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.refresh import (
    OWID_ENERGY_URL,
    WORLD_BANK_API,
    RefreshReport,
    SdmxRow,
    SeriesRequest,
    compare_vintages,
    dot_trade_observations,
    owid_observations,
    worldbank_observations,
)

__all__ = ["UpdateOutcome", "fetch_owid", "fetch_sdmx", "fetch_worldbank", "run_update"]

_TIMEOUT = 30


@dataclass
class UpdateOutcome:
    """The merged report, and the publishers that could not be reached (with why)."""

    report: RefreshReport = field(default_factory=RefreshReport)
    unreachable: dict[str, str] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    #: Sources met for the first time (an SDMX dataflow), to store with the new values.
    sources: dict[str, Source] = field(default_factory=dict)

    @property
    def offline(self) -> bool:
        """True when no publisher asked could be reached."""
        return bool(self.asked) and set(self.unreachable) == set(self.asked)


class _UnreachableError(Exception):
    """The publisher could not be reached (connection refused, DNS, timeout, HTTP error)."""


def fetch_worldbank(
    requests: Iterable[SeriesRequest], *, endpoint: str = WORLD_BANK_API, date_accessed: str = ""
) -> list[Observation]:
    """Every requested World Bank series for its areas, as the API's current release."""
    import requests as http
    import wbgapi

    wanted = [r for r in requests if r.publisher == "worldbank"]
    if not wanted:
        return []
    previous = wbgapi.endpoint
    wbgapi.endpoint = endpoint.rstrip("/")
    try:
        source = next(iter(wbgapi.fetch("sources/2")), None)
        vintage = str((source or {}).get("lastupdated") or date_accessed)
        out = []
        for request in wanted:
            rows = wbgapi.fetch(f"country/{';'.join(request.areas)}/indicator/{request.remote}")
            out += worldbank_observations(
                list(rows),
                indicator=request.indicator,
                unit=request.unit,
                vintage=vintage,
                date_accessed=date_accessed,
            )
        return out
    except http.exceptions.RequestException as exc:
        raise _UnreachableError(f"{endpoint}: {exc}") from None
    except wbgapi.APIError as exc:
        if getattr(exc, "code", None) in (None, 200):
            msg = f"World Bank API answered with an error: {exc}"
            raise DataError(msg) from None
        raise _UnreachableError(f"{endpoint}: {exc}") from None
    finally:
        wbgapi.endpoint = previous


def fetch_owid(
    requests: Iterable[SeriesRequest], *, url: str = OWID_ENERGY_URL, date_accessed: str = ""
) -> list[Observation]:
    """The requested OWID columns from one download of the energy file."""
    wanted = [r for r in requests if r.publisher == "owid"]
    if not wanted:
        return []
    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT) as response:
            modified = response.headers.get("Last-Modified")
            body = response.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise _UnreachableError(f"{url}: {getattr(exc, 'reason', exc)}") from None
    vintage = date_accessed
    if modified:
        with contextlib.suppress(TypeError, ValueError):
            vintage = email.utils.parsedate_to_datetime(modified).date().isoformat()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "owid-energy-data.csv"
        path.write_bytes(body)
        return owid_observations(path, wanted, vintage=vintage, date_accessed=date_accessed)


def fetch_sdmx(
    url: str, *, reporter: str = "KAZ", date_accessed: str = ""
) -> tuple[Source, list[Observation]]:
    """An IMF Direction of Trade SDMX-ML answer read through ``sdmx1``, as a source and its values.

    The source id is ``sdmx-<agency>-<dataflow>``; the vintage is the message's ``Prepared`` date.
    """
    import requests as http
    import sdmx

    try:
        message = sdmx.Client().get(url=url)
    except http.exceptions.RequestException as exc:
        raise _UnreachableError(f"{url}: {exc}") from None
    except Exception as exc:  # sdmx1 raises its own errors and ValueError/KeyError for bad XML
        msg = f"SDMX answer from {url}: not a data message sdmx1 can read ({exc})"
        raise DataError(msg) from None
    if not isinstance(message, sdmx.message.DataMessage) or not message.data:
        msg = f"SDMX answer from {url}: expected a data message with a data set"
        raise DataError(msg)

    def known(value: object) -> str:
        text = str(value or "")
        return "" if not text or text.startswith("(missing") else text

    flow = known(getattr(message.dataflow, "id", ""))
    structure = known(getattr(message.data[0].structured_by, "id", ""))
    agency = known(getattr(message.header.sender, "id", "")) or "sdmx"
    name = flow or structure or "data"
    source = Source(
        id=f"sdmx-{agency}-{name}".lower()[:100],
        producer=agency,
        title=f"SDMX dataflow {name}",
        kind="international",
        url=url,
        citation=f"{agency}, SDMX dataflow {name}, retrieved {date_accessed}",
    )
    prepared = message.header.prepared
    vintage = prepared.date().isoformat() if prepared is not None else date_accessed
    rows = []
    for data_set in message.data:
        for obs in data_set.obs:
            key = (
                {k: str(v.value) for k, v in obs.series_key.values.items()}
                if obs.series_key
                else {}
            )
            period = str(next(iter(obs.dimension.values.values())).value) if obs.dimension else ""
            attributes = {k: str(v.value) for k, v in obs.attrib.items()}
            rows.append(SdmxRow(key, period, float(obs.value), attributes))
    observations = dot_trade_observations(
        rows, reporter=reporter, source_id=source.id, vintage=vintage, date_accessed=date_accessed
    )
    return source, observations


def run_update(
    observatory: Observatory,
    plan: Iterable[SeriesRequest],
    *,
    worldbank_endpoint: str = WORLD_BANK_API,
    owid_url: str = OWID_ENERGY_URL,
    sdmx_urls: Iterable[str] = (),
    today: dt.date | None = None,
) -> UpdateOutcome:
    """Ask each publisher of ``plan`` and compare the answers with the stored vintages.

    Raises
    ------
    DataError
        If a publisher answers with something that is not a valid series (nothing is kept).
    """
    accessed = (today or dt.date.today()).isoformat()
    requests = list(plan)
    outcome = UpdateOutcome()
    fetchers: tuple[tuple[str, Callable[[], list[Observation]]], ...] = (
        (
            "World Bank",
            lambda: fetch_worldbank(requests, endpoint=worldbank_endpoint, date_accessed=accessed),
        ),
        ("Our World in Data", lambda: fetch_owid(requests, url=owid_url, date_accessed=accessed)),
    )
    publishers = {"World Bank": "worldbank", "Our World in Data": "owid"}
    for name, fetch in fetchers:
        if not any(r.publisher == publishers[name] for r in requests):
            continue
        outcome.asked.append(name)
        try:
            fresh = fetch()
        except _UnreachableError as exc:
            outcome.unreachable[name] = str(exc)
            continue
        except DataError as exc:
            msg = f"{name}: {exc}"
            raise DataError(msg) from None
        outcome.report.merge(compare_vintages(observatory, fresh))
    for url in sdmx_urls:
        name = f"SDMX {url}"
        outcome.asked.append(name)
        try:
            source, fresh = fetch_sdmx(url, date_accessed=accessed)
        except _UnreachableError as exc:
            outcome.unreachable[name] = str(exc)
            continue
        outcome.sources[source.id] = source
        known = Observatory(
            sources={**observatory.sources, source.id: source},
            indicators=observatory.indicators,
            observations=observatory.observations,
        )
        outcome.report.merge(compare_vintages(known, fresh))
    return outcome
