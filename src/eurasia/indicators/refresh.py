"""Newer vintages from the publishers: what to ask for, how to read the answers, what changed.

``eurasia indicators update`` asks each publisher for the series the observatory holds from it:
the World Bank's API v2 for every ``wdi.*`` indicator, Our World in Data's energy file for every
``owid.*`` one. This module is the part without a network: :func:`refresh_plan` lists the
requests, :func:`worldbank_observations` and :func:`owid_observations` turn the publishers'
answers into observations of a new vintage (the release date the publisher states), and
:func:`compare_vintages` says what changed against the latest stored vintage — values revised,
years added — and which observations are new. Nothing is overwritten: a new vintage is stored
beside the old one; a vintage already stored is not stored twice. Fetching belongs to the
interface (:mod:`eurasia.cli.indicators_update`).

Examples
--------
>>> from eurasia.indicators.bundled import bundled_observatory
>>> plan = refresh_plan(bundled_observatory())
>>> [(r.publisher, r.remote) for r in plan if r.indicator == "wdi.ny.gdp.mktp.cd"]
[('worldbank', 'NY.GDP.MKTP.CD')]
>>> rows = [{"countryiso3code": "KAZ", "date": "2025", "value": 300.5e9, "obs_status": ""}]
>>> obs = worldbank_observations(rows, indicator="wdi.ny.gdp.mktp.cd", unit="current US$",
...                              vintage="2026-10-15")
>>> (obs[0].period, obs[0].value, obs[0].vintage, obs[0].source_id)
('2025', 300500000000.0, '2026-10-15', 'wdi')
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eurasia.errors import DataError
from eurasia.indicators.datapackage import WDI_SOURCE_ID, _wdi_observation
from eurasia.indicators.model import Observation, period_sort_key
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.owid import OWID_ENERGY_SOURCE_ID, read_owid

__all__ = [
    "DOT_FLOWS",
    "OWID_ENERGY_URL",
    "WORLD_BANK_API",
    "Change",
    "RefreshReport",
    "SdmxRow",
    "SeriesRequest",
    "compare_vintages",
    "dot_trade_observations",
    "owid_observations",
    "refresh_plan",
    "worldbank_observations",
]

#: The World Bank's indicators API (version 2).
WORLD_BANK_API = "https://api.worldbank.org/v2"
#: Our World in Data's energy dataset, the file the bundled ``owid.*`` series come from.
OWID_ENERGY_URL = "https://raw.githubusercontent.com/owid/energy-data/master/owid-energy-data.csv"
_ISO3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class SeriesRequest:
    """One series to ask a publisher for: our indicator, the publisher's code, the areas."""

    publisher: str
    indicator: str
    remote: str
    areas: tuple[str, ...]
    unit: str


def refresh_plan(observatory: Observatory) -> list[SeriesRequest]:
    """Every series the observatory holds from a publisher with an API, sorted.

    ``wdi.<code>`` comes from the World Bank (remote code upper-cased, the areas stored);
    ``owid.<column>`` from Our World in Data's energy file. Derived series are not asked for.
    """
    areas: dict[str, set[str]] = {}
    for obs in observatory.observations:
        if obs.source_id in (WDI_SOURCE_ID, OWID_ENERGY_SOURCE_ID) and _ISO3.fullmatch(
            obs.ref_area
        ):
            areas.setdefault(obs.indicator, set()).add(obs.ref_area)
    out = []
    for code, found in sorted(areas.items()):
        indicator = observatory.indicators.get(code)
        if indicator is None:
            continue
        if code.startswith("wdi."):
            remote, publisher = code.removeprefix("wdi.").upper(), "worldbank"
        elif code.startswith("owid."):
            remote, publisher = code.removeprefix("owid."), "owid"
        else:
            continue
        out.append(SeriesRequest(publisher, code, remote, tuple(sorted(found)), indicator.unit))
    return out


def worldbank_observations(
    rows: Iterable[Mapping[str, Any]],
    *,
    indicator: str,
    unit: str,
    vintage: str,
    date_accessed: str = "",
) -> list[Observation]:
    """Observations from the rows of a World Bank API v2 answer (``countryiso3code, date, value``).

    Rows with a null value are gaps and left out; aggregates without an ISO3 code too.

    Raises
    ------
    DataError
        If a row lacks a field, its year is not YYYY or its value is not a finite number.
    """
    out = []
    for index, row in enumerate(rows):
        where = f"World Bank API row {index + 1} ({indicator})"
        try:
            area, year, value = row["countryiso3code"], row["date"], row["value"]
        except (KeyError, TypeError):
            msg = f"{where}: expected fields countryiso3code, date and value, got {row!r}"
            raise DataError(msg) from None
        if value is None or not area:
            continue
        if not isinstance(year, str) or not re.fullmatch(r"\d{4}", year):
            msg = f"{where}, field 'date': expected a year YYYY, got {year!r}"
            raise DataError(msg)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            msg = f"{where}, field 'value': expected a finite number, got {value!r}"
            raise DataError(msg)
        status = "E" if str(row.get("obs_status") or "").upper() == "E" else "A"
        out.append(
            _wdi_observation(
                indicator,
                str(area),
                year,
                float(value),
                unit=unit,
                obs_status=status,
                locator=f"World Bank API v2 {indicator.removeprefix('wdi.').upper()} {area} {year}",
                date_accessed=date_accessed,
                vintage=vintage,
            )
        )
    return out


def owid_observations(
    path: Path,
    requests: Iterable[SeriesRequest],
    *,
    vintage: str,
    date_accessed: str = "",
) -> list[Observation]:
    """Return the requested columns and areas of a downloaded OWID energy file, as one vintage."""
    wanted = [r for r in requests if r.publisher == "owid"]
    if not wanted:
        return []
    columns = sorted({r.remote for r in wanted})
    areas = {a for r in wanted for a in r.areas}
    result = read_owid(path, columns=columns, vintage=vintage, date_accessed=date_accessed)
    return [o for o in result.observations if o.ref_area in areas]


@dataclass(frozen=True)
class Change:
    """A value that differs from the latest stored vintage (``old`` None: a year not stored yet)."""

    indicator: str
    ref_area: str
    period: str
    old: float | None
    new: float
    old_vintage: str | None
    new_vintage: str


@dataclass
class RefreshReport:
    """What a fresh answer brings: new observations to store, revisions, additions."""

    new: list[Observation] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    already_stored: int = 0

    @property
    def revised(self) -> list[Change]:
        """Values that differ from the stored ones."""
        return [c for c in self.changes if c.old is not None]

    @property
    def added(self) -> list[Change]:
        """Periods not stored before."""
        return [c for c in self.changes if c.old is None]

    def merge(self, other: RefreshReport) -> None:
        """Add another publisher's report to this one."""
        self.new += other.new
        self.changes += other.changes
        self.unchanged += other.unchanged
        self.already_stored += other.already_stored


def _comparable_key(obs: Observation) -> tuple[str, ...]:
    return (*obs.series_key, obs.freq, obs.period, obs.reporter_side, obs.source_id)


def compare_vintages(current: Observatory, fresh: Iterable[Observation]) -> RefreshReport:
    """Compare a publisher's answer with the latest stored vintage of each value.

    A fresh observation whose vintage is already stored for its series and source adds nothing
    (counted in ``already_stored``); otherwise it is new, and it is a *change* when the latest
    stored vintage lacks the period or holds another value.

    Examples
    --------
    >>> from eurasia.indicators.model import Indicator, Source
    >>> obs = Observatory()
    >>> obs.add_source(Source(id="wdi", producer="World Bank", title="WDI", kind="statistics"))
    >>> obs.add_indicator(Indicator(code="wdi.x", name="X", unit="t", topic="wdi"))
    >>> old = Observation(indicator="wdi.x", ref_area="KAZ", period="2024", value=1.0, unit="t",
    ...                   source_id="wdi", vintage="2026-07-01")
    >>> obs.add_observations([old])
    >>> from dataclasses import replace
    >>> report = compare_vintages(obs, [replace(old, value=1.5, vintage="2026-10-15"),
    ...                                 replace(old, period="2025", vintage="2026-10-15")])
    >>> [(c.period, c.old, c.new) for c in report.changes], len(report.new)
    ([('2024', 1.0, 1.5), ('2025', None, 1.0)], 2)
    """
    latest: dict[tuple[str, ...], Observation] = {}
    stored_vintages: set[tuple[str, str, str]] = set()
    for obs in current.observations:
        stored_vintages.add((obs.indicator, obs.source_id, obs.vintage))
        key = _comparable_key(obs)
        if key not in latest or obs.vintage > latest[key].vintage:
            latest[key] = obs
    report = RefreshReport()
    for obs in fresh:
        if (obs.indicator, obs.source_id, obs.vintage) in stored_vintages:
            report.already_stored += 1
            continue
        report.new.append(obs)
        before = latest.get(_comparable_key(obs))
        if before is None:
            report.changes.append(
                Change(obs.indicator, obs.ref_area, obs.period, None, obs.value, None, obs.vintage)
            )
        elif not math.isclose(before.scaled_value, obs.scaled_value, rel_tol=1e-12, abs_tol=0.0):
            report.changes.append(
                Change(
                    obs.indicator,
                    obs.ref_area,
                    obs.period,
                    before.scaled_value / 10.0**obs.unit_mult,
                    obs.value,
                    before.vintage,
                    obs.vintage,
                )
            )
        else:
            report.unchanged += 1
    report.changes.sort(key=lambda c: (c.indicator, c.ref_area, period_sort_key(c.period)))
    return report


#: IMF Direction of Trade indicators: goods exports (FOB) and imports (CIF), in US dollars.
DOT_FLOWS = {"TXG_FOB_USD": "X", "TMG_CIF_USD": "M"}
_WORLD = {"W00", "W0", "1W", "WLD"}


@dataclass(frozen=True)
class SdmxRow:
    """One observation of an SDMX data message: its series key, period, value and attributes."""

    key: Mapping[str, str]
    period: str
    value: float
    attributes: Mapping[str, str] = field(default_factory=dict)


def _iso3(code: str) -> str | None:
    import pycountry

    if code in _WORLD:
        return "WLD"
    found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    found = found or (pycountry.countries.get(alpha_3=code) if len(code) == 3 else None)
    return found.alpha_3 if found else None


def _dot_parts(rows: Iterable[SdmxRow], reporter2: str) -> dict[tuple[str, str, str, str], float]:
    """Return the annual DOT values by (side, partner ISO3, flow, year), scaled to USD."""
    parts: dict[tuple[str, str, str, str], float] = {}
    for index, row in enumerate(rows):
        try:
            freq, area, code, partner = (
                row.key["FREQ"],
                row.key["REF_AREA"],
                row.key["INDICATOR"],
                row.key["COUNTERPART_AREA"],
            )
        except KeyError as exc:
            msg = f"SDMX row {index + 1}: series key lacks {exc}; expected FREQ.REF_AREA.INDICATOR.COUNTERPART_AREA"
            raise DataError(msg) from None
        if freq != "A" or code not in DOT_FLOWS or not re.fullmatch(r"\d{4}", row.period):
            continue
        if not math.isfinite(row.value):
            msg = (
                f"SDMX row {index + 1} ({area} {code} {partner} {row.period}): value is not finite"
            )
            raise DataError(msg)
        scale = 10.0 ** int(row.attributes.get("UNIT_MULT", "0") or 0)
        flow = DOT_FLOWS[code]
        if area == reporter2 and partner != reporter2:
            side, other = "reporter", _iso3(partner)
        elif partner == reporter2 and area not in _WORLD:
            side, other, flow = "mirror", _iso3(area), "M" if flow == "X" else "X"
        else:
            continue
        if other is None:
            continue
        parts[(side, other, flow, row.period)] = row.value * scale
    return parts


def _dot_note(side: str, other: str, flow: str) -> str:
    """Return the definition note of a DOT observation."""
    note = "IMF DOT, goods, exports FOB / imports CIF"
    if side == "mirror":
        note += "; as reported by the partner"
        if other == "WLD":
            note += "; world total = sum over the partners that report"
    if flow == "T":
        note += "; turnover = exports + imports"
    return note


def dot_trade_observations(
    rows: Iterable[SdmxRow],
    *,
    reporter: str,
    source_id: str,
    vintage: str,
    date_accessed: str = "",
) -> list[Observation]:
    """Bilateral goods trade of ``reporter`` from an IMF Direction of Trade (DOT) data message.

    Series keyed ``FREQ.REF_AREA.INDICATOR.COUNTERPART_AREA`` (ISO alpha-2 areas, ``W00`` the
    world): where ``REF_AREA`` is the reporter they are its own declarations (reporter side);
    where ``COUNTERPART_AREA`` is the reporter they are the partner's declarations, read as the
    reporter's mirror figures (a partner's exports are the reporter's imports). Exports and imports
    become ``trade.turnover`` flows X and M and, where both exist, their sum (flow T); the mirror
    side gets a world total summed over the partners that report (said in the note).

    Raises
    ------
    DataError
        If a value is not finite or a key lacks a dimension.
    """
    import pycountry

    found = pycountry.countries.get(alpha_3=reporter)
    reporter2 = found.alpha_2 if found else reporter
    parts = _dot_parts(rows, reporter2)
    for (side, other, flow, period), value in list(parts.items()):
        if side == "mirror" and other != "WLD":
            total_key = ("mirror", "WLD", flow, period)
            parts[total_key] = parts.get(total_key, 0.0) + value
    for (side, other, flow, period), value in list(parts.items()):
        twin = parts.get((side, other, "M" if flow == "X" else "X", period))
        if flow == "X" and twin is not None:
            parts[(side, other, "T", period)] = value + twin
    out = []
    for (side, other, flow, period), value in sorted(parts.items()):
        note = _dot_note(side, other, flow)
        out.append(
            Observation(
                indicator="trade.turnover",
                ref_area=reporter,
                counterpart_area=other,
                flow=flow,
                period=period,
                value=value / 1e9,
                unit="USD",
                unit_mult=9,
                reporter_side=side,
                source_id=source_id,
                definition_note=note,
                source_locator=f"SDMX DOT {period} {other} {flow} ({side})",
                date_accessed=date_accessed,
                vintage=vintage,
            )
        )
    return out
