"""Freight demand: origin-destination flows in tonnes (or TEU) a year between zones.

A :class:`Demand` is a list of OD flows, each with an origin and a destination zone (network node
ids, e.g. ``cn-xian``), an **OD group** (``CN-EU``, ``RU-CA``, … used to grow, close and report
demand) and a **commodity** (``containers`` or ``bulk``; each becomes a traffic class with its
own value of time). Read it from CSV (:func:`read_demand`) or from a TNTP trips file
(:func:`from_tntp_trips`); the bundled 2024 baseline is :func:`bundled_demand`.

CSV columns: ``origin, destination, group, commodity, tonnes`` (required) and ``source``, ``note``
(optional: every bundled number says where it comes from or ``estimate:<method>``).

Examples
--------
>>> d = Demand.from_records([("cn-xian", "de-duisburg", "CN-EU", "containers", 2.0e6),
...                          ("ru-moscow", "uz-tashkent", "RU-CA", "bulk", 5.0e6)])
>>> d.total(), d.total(groups=["CN-EU"])
(7000000.0, 2000000.0)
>>> d.grown(groups=["CN-EU"], factor=1.5).total(groups=["CN-EU"])
3000000.0
>>> d.zones
('cn-xian', 'de-duisburg', 'ru-moscow', 'uz-tashkent')
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from eurasia.corridors.graph.types import FloatArray
from eurasia.corridors.io.dataset import bundled_data_dir, read_csv_rows
from eurasia.corridors.io.tntp import TntpTrips
from eurasia.errors import DataError

__all__ = [
    "COMMODITIES",
    "DEMAND_DIR",
    "Demand",
    "bundled_demand",
    "bundled_demand_names",
    "from_tntp_trips",
    "read_demand",
    "write_demand",
]

StrArray = npt.NDArray[np.str_]

#: Commodities the freight model knows (each a traffic class).
COMMODITIES = ("containers", "bulk")
#: Folder of the bundled demand files.
DEMAND_DIR = bundled_data_dir() / "demand"
_REQUIRED = ("origin", "destination", "group", "commodity", "tonnes")


@dataclass(frozen=True)
class Demand:
    """OD flows in tonnes a year, one array entry a flow.

    Attributes
    ----------
    origin, destination
        Zone (node) ids.
    group
        OD group label of each flow.
    commodity
        One of :data:`COMMODITIES`.
    tonnes
        Flow in tonnes a year (>= 0).
    source
        Source id or ``estimate:<method>`` of each flow.
    """

    origin: StrArray
    destination: StrArray
    group: StrArray
    commodity: StrArray
    tonnes: FloatArray
    source: StrArray

    @classmethod
    def from_records(
        cls,
        records: Iterable[tuple[str, str, str, str, float]],
        *,
        source: str = "",
        where: str = "demand",
    ) -> Demand:
        """Build from ``(origin, destination, group, commodity, tonnes)`` tuples.

        Raises
        ------
        DataError
            Naming the record: empty zone, origin equal to destination, unknown commodity or a
            negative / non-finite amount.
        """
        rows = list(records)
        for k, (o, d, g, c, t) in enumerate(rows):
            _check_record(o, d, g, c, float(t), where=f"{where}[{k}]")
        return cls(
            origin=np.array([r[0] for r in rows], dtype=np.str_),
            destination=np.array([r[1] for r in rows], dtype=np.str_),
            group=np.array([r[2] for r in rows], dtype=np.str_),
            commodity=np.array([r[3] for r in rows], dtype=np.str_),
            tonnes=np.array([float(r[4]) for r in rows], dtype=np.float64),
            source=np.array([source] * len(rows), dtype=np.str_),
        )

    def __len__(self) -> int:
        """Return the number of flows."""
        return int(self.tonnes.size)

    @property
    def zones(self) -> tuple[str, ...]:
        """Every zone used as an origin or destination, sorted."""
        return tuple(sorted(set(self.origin.tolist()) | set(self.destination.tolist())))

    @property
    def groups(self) -> tuple[str, ...]:
        """OD groups, sorted."""
        return tuple(sorted(set(self.group.tolist())))

    def _mask(
        self, groups: Iterable[str] | None, commodities: Iterable[str] | None
    ) -> npt.NDArray[np.bool_]:
        mask = np.ones(len(self), dtype=np.bool_)
        if groups is not None:
            mask &= np.isin(self.group, list(groups))
        if commodities is not None:
            mask &= np.isin(self.commodity, list(commodities))
        return mask

    def total(
        self, *, groups: Iterable[str] | None = None, commodities: Iterable[str] | None = None
    ) -> float:
        """Tonnes a year of the selected flows (all when no filter is given)."""
        return float(self.tonnes[self._mask(groups, commodities)].sum())

    def select(self, keep: npt.ArrayLike) -> Demand:
        """Return the flows where ``keep`` (a boolean mask) is true."""
        k = np.asarray(keep, dtype=np.bool_)
        return Demand(
            self.origin[k],
            self.destination[k],
            self.group[k],
            self.commodity[k],
            self.tonnes[k],
            self.source[k],
        )

    def scaled(self, factors: npt.ArrayLike) -> Demand:
        """Every flow multiplied by ``factors`` (a scalar or one value a flow)."""
        f = np.broadcast_to(np.asarray(factors, dtype=np.float64), self.tonnes.shape)
        if np.any(~np.isfinite(f) | (f < 0)):
            msg = "demand scale factors must be finite and >= 0"
            raise DataError(msg)
        return Demand(
            self.origin,
            self.destination,
            self.group,
            self.commodity,
            self.tonnes * f,
            self.source,
        )

    def grown(
        self,
        *,
        groups: Iterable[str] | None = None,
        factor: float | None = None,
        rate: float | None = None,
        years: int = 0,
        total_tonnes: float | None = None,
        where: str = "growth",
    ) -> Demand:
        """Grow the selected groups by a factor, a yearly rate or to a total.

        Parameters
        ----------
        groups
            OD groups to grow (all when ``None``); each must exist.
        factor
            Multiply by this factor.
        rate, years
            Multiply by ``(1 + rate) ** years``.
        total_tonnes
            Scale so the selected groups sum to this many tonnes.
        where
            Names the rule in error messages (e.g. ``"scenario.yaml: demand.growth[0]"``).

        Raises
        ------
        DataError
            Unless exactly one of ``factor``, ``rate`` or ``total_tonnes`` is given, a group is
            unknown, the selection is empty for a total, or a value is negative.

        Examples
        --------
        >>> d = Demand.from_records([("a", "b", "X", "bulk", 100.0)])
        >>> round(d.grown(rate=0.1, years=2).total(), 6)
        121.0
        >>> d.grown(groups=["Y"], factor=2.0, where="s.yaml: demand.growth[0]")
        Traceback (most recent call last):
        ...
        eurasia.errors.DataError: s.yaml: demand.growth[0].groups: unknown OD group 'Y'; known: X
        """
        given = [v is not None for v in (factor, rate, total_tonnes)]
        if sum(given) != 1:
            msg = f"{where}: give exactly one of factor, rate or total_mt"
            raise DataError(msg)
        selected = list(groups) if groups is not None else None
        if selected is not None:
            for g in selected:
                if g not in self.groups:
                    msg = f"{where}.groups: unknown OD group {g!r}; known: {', '.join(self.groups)}"
                    raise DataError(msg)
        mask = self._mask(selected, None)
        if factor is not None:
            multiplier = _non_negative(factor, f"{where}.factor")
        elif rate is not None:
            if not (math.isfinite(rate) and rate > -1):
                msg = f"{where}.rate: expected a yearly rate > -1, got {rate}"
                raise DataError(msg)
            multiplier = (1.0 + rate) ** years
        else:
            target = _non_negative(float(total_tonnes or 0.0), f"{where}.total_mt")
            current = float(self.tonnes[mask].sum())
            if current <= 0:
                msg = f"{where}: the selected groups carry no demand to scale to a total"
                raise DataError(msg)
            multiplier = target / current
        return self.scaled(np.where(mask, multiplier, 1.0))

    def matrix(self, zones: Sequence[str], keep: npt.ArrayLike | None = None) -> FloatArray:
        """Dense ``len(zones) x len(zones)`` matrix (tonnes) of the flows where ``keep`` is true.

        Raises
        ------
        DataError
            If a selected flow's zone is not in ``zones``.
        """
        index = {z: i for i, z in enumerate(zones)}
        out = np.zeros((len(zones), len(zones)))
        k = np.ones(len(self), dtype=np.bool_) if keep is None else np.asarray(keep, dtype=bool)
        for o, d, t in zip(self.origin[k], self.destination[k], self.tonnes[k], strict=True):
            if o not in index or d not in index:
                missing = o if o not in index else d
                msg = f"demand zone {missing!r} is not among the {len(zones)} zones given"
                raise DataError(msg)
            out[index[o], index[d]] += t
        return out

    def check_zones(self, known: Iterable[str], *, where: str) -> None:
        """Raise :class:`DataError` naming the first zone that is not a known node id."""
        known_set = set(known)
        for k, (o, d) in enumerate(
            zip(self.origin.tolist(), self.destination.tolist(), strict=True)
        ):
            for label, zone in (("origin", o), ("destination", d)):
                if zone not in known_set:
                    msg = f"{where} flow {k + 1} ({o} -> {d}): {label} {zone!r} is not a node of the network"
                    raise DataError(msg)


def _non_negative(value: float, where: str) -> float:
    if not (math.isfinite(value) and value >= 0):
        msg = f"{where}: expected a finite number >= 0, got {value}"
        raise DataError(msg)
    return float(value)


def _check_record(o: str, d: str, g: str, c: str, t: float, *, where: str) -> None:
    if not o or not d:
        msg = f"{where}: origin and destination must be zone ids, got {o!r} -> {d!r}"
        raise DataError(msg)
    if o == d:
        msg = f"{where}: origin and destination are the same zone {o!r}"
        raise DataError(msg)
    if not g:
        msg = f"{where}: group must not be empty"
        raise DataError(msg)
    if c not in COMMODITIES:
        msg = f"{where}, field 'commodity': expected one of {', '.join(COMMODITIES)}, got {c!r}"
        raise DataError(msg)
    _non_negative(t, f"{where}, field 'tonnes'")


def read_demand(path: str | Path) -> Demand:
    r"""Read a demand CSV (see the module docstring for columns).

    Raises
    ------
    DataError
        Naming file, line and field: a missing column, a non-number, a negative amount, an unknown
        commodity, or an OD pair listed twice for the same group and commodity.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "d.csv"
    >>> _ = p.write_text("origin,destination,group,commodity,tonnes\na,b,X,coal,1\n")
    >>> read_demand(p)
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: d.csv line 2, field 'commodity': expected one of containers, bulk, got 'coal'
    """
    rows = read_csv_rows(path, required=_REQUIRED)
    records = []
    sources = []
    seen: dict[tuple[str, str, str, str], str] = {}
    for row in rows:
        f = {k: (v or "").strip() for k, v in row.fields.items()}
        try:
            tonnes = float(f["tonnes"])
        except ValueError:
            msg = f"{row.where}, field 'tonnes': expected a number, got {f['tonnes']!r}"
            raise DataError(msg) from None
        record = (f["origin"], f["destination"], f["group"], f["commodity"], tonnes)
        _check_record(*record, where=row.where)
        key = record[:4]
        if key in seen:
            msg = f"{row.where}: {key[0]} -> {key[1]} ({key[2]}, {key[3]}) repeats {seen[key]}"
            raise DataError(msg)
        seen[key] = row.where
        records.append(record)
        sources.append(f.get("source", ""))
    demand = Demand.from_records(records)
    return Demand(
        demand.origin,
        demand.destination,
        demand.group,
        demand.commodity,
        demand.tonnes,
        np.array(sources, dtype=np.str_),
    )


def write_demand(demand: Demand, path: str | Path) -> Path:
    """Write ``demand`` as CSV (tonnes rounded to whole tonnes); returns the path."""
    import csv

    p = Path(path)
    with p.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([*_REQUIRED, "source"])
        for row in zip(
            demand.origin,
            demand.destination,
            demand.group,
            demand.commodity,
            demand.tonnes,
            demand.source,
            strict=True,
        ):
            writer.writerow([*row[:4], f"{float(row[4]):.0f}", row[5]])
    return p


def from_tntp_trips(
    trips: TntpTrips,
    zones: Sequence[str],
    *,
    group: str = "all",
    commodity: str = "containers",
    unit_tonnes: float = 1.0,
) -> Demand:
    """Demand from a TNTP trips matrix whose zone ``k`` (1-based) is ``zones[k - 1]``.

    Parameters
    ----------
    trips
        Parsed trips file.
    zones
        Node id of each TNTP zone, in zone order.
    group, commodity
        Labels given to every flow.
    unit_tonnes
        Tonnes per unit of the trips file (e.g. 10 for TEU at 10 t a TEU).

    Raises
    ------
    DataError
        If ``zones`` does not list one id per zone of the trips file.

    Examples
    --------
    >>> t = TntpTrips({}, np.array([[0.0, 3.0], [1.0, 0.0]]))
    >>> from_tntp_trips(t, ["a", "b"], unit_tonnes=10).tonnes.tolist()
    [30.0, 10.0]
    """
    if len(zones) != trips.n_zones:
        msg = f"from_tntp_trips: {len(zones)} zone ids for a trips file of {trips.n_zones} zones"
        raise DataError(msg)
    o_idx, d_idx = np.nonzero(trips.matrix)
    keep = o_idx != d_idx
    records = [
        (zones[o], zones[d], group, commodity, float(trips.matrix[o, d]) * unit_tonnes)
        for o, d in zip(o_idx[keep], d_idx[keep], strict=True)
    ]
    return Demand.from_records(records, source="tntp", where="trips")


def bundled_demand_names() -> tuple[str, ...]:
    """Names of the bundled demand files (without ``.csv``)."""
    return tuple(sorted(p.stem for p in DEMAND_DIR.glob("*.csv")))


def bundled_demand(name: str = "baseline_2024") -> Demand:
    """Return a bundled demand file by name.

    Raises
    ------
    NotFoundError
        If no bundled file has that name.

    Examples
    --------
    >>> 20e6 < bundled_demand().total() < 200e6
    True
    """
    from eurasia.errors import NotFoundError

    path = DEMAND_DIR / f"{name}.csv"
    if not path.is_file():
        msg = f"no bundled demand {name!r}; available: {', '.join(bundled_demand_names())}"
        raise NotFoundError(msg)
    return read_demand(path)
