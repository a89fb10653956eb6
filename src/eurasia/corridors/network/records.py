"""Records of a network dataset as read from its files, before they become a network.

A :class:`Dataset` holds the checked rows of ``nodes``, ``links``, ``transfers``, ``services``,
``parameters`` and ``sources``; :class:`RawRow` is one row as read, with its file and line so that
every message can name them. The checks live in :mod:`eurasia.corridors.network.validation`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from eurasia.errors import DataError

__all__ = [
    "Dataset",
    "LinkRecord",
    "NodeRecord",
    "ParameterRecord",
    "Place",
    "Problems",
    "RawRow",
    "ServiceRecord",
    "SourceRecord",
    "TransferRecord",
    "Triple",
]


_MAX_LISTED = 25


@dataclass(frozen=True)
class RawRow:
    """One input record: its fields as strings and where it came from (for messages)."""

    where: str
    fields: Mapping[str, str]
    geometry: tuple[tuple[float, float], ...] = ()


class Problems:
    """Collects problems; :meth:`raise_if_any` raises them all in one DataError."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, field_name: str | None, message: str) -> None:
        """Record one problem at ``where`` (and ``field_name`` when given)."""
        at = f"{where}, field {field_name!r}" if field_name else where
        self.items.append(f"{at}: {message}")

    def raise_if_any(self) -> None:
        """Raise :class:`DataError` listing every problem recorded (the first 25 in full)."""
        if not self.items:
            return
        count = len(self.items)
        head = f"{count} problem{'s' if count != 1 else ''} in the network data:"
        lines = self.items[:_MAX_LISTED]
        more = [f"  … and {count - _MAX_LISTED} more"] if count > _MAX_LISTED else []
        raise DataError("\n".join([head, *(f"  {line}" for line in lines), *more]))


@dataclass(frozen=True)
class Triple:
    """A low / central / high estimate."""

    low: float
    central: float
    high: float


@dataclass(frozen=True)
class SourceRecord:
    """A row of ``sources.csv``."""

    id: str
    title: str
    publisher: str
    year: int
    url: str
    note: str = ""


@dataclass(frozen=True)
class Place:
    """What every node is: an id, a name, a country, a kind and a position (WGS84 degrees).

    The leading fields of a node row (:class:`NodeRecord`) and of a network's node
    (:class:`~eurasia.corridors.network.model.Node`).
    """

    id: str
    name: str
    country: str
    kind: str
    lon: float
    lat: float


@dataclass(frozen=True)
class NodeRecord(Place):
    """A place: a row of ``nodes.geojson`` / ``nodes.csv``."""

    coord_source: str
    name_ru: str = ""
    name_kk: str = ""
    name_local: str = ""
    aliases: tuple[str, ...] = ()
    geonameid: int | None = None


@dataclass(frozen=True)
class LinkRecord:
    """A two-way link between two nodes: a row of ``links.csv`` / ``links.geojson``.

    ``None`` means "not given": length, speed, capacity and the volume-delay parameters
    ``bpr_alpha`` / ``bpr_beta`` then come from the parameters (by mode).
    """

    id: str
    source: str
    target: str
    mode: str
    gauge_mm: int
    length_km: float | None
    length_source: str
    speed_kmd: float | None
    speed_source: str
    capacity_mt: float | None
    capacity_source: str
    status: str
    opening_year: int
    status_source: str
    corridors: tuple[str, ...]
    border_hours: Triple | None
    border_source: str
    risk_hours: float | None
    risk_source: str
    bpr_alpha: float | None = None
    bpr_beta: float | None = None
    bpr_source: str = ""
    note: str = ""
    geometry: tuple[tuple[float, float], ...] = ()
    tracks: int | None = None
    electrified: bool | None = None
    track_source: str = ""
    tariff_usd: Triple | None = None
    tariff_source: str = ""


@dataclass(frozen=True)
class TransferRecord:
    """A two-way transfer between two sides of one node: a row of ``transfers.csv``."""

    id: str
    node: str
    from_side: str
    to_side: str
    type: str
    hours: Triple
    hours_source: str
    usd: Triple
    usd_source: str
    capacity_mt: float | None
    capacity_source: str
    status: str
    opening_year: int
    status_source: str
    bpr_alpha: float | None = None
    bpr_beta: float | None = None
    bpr_source: str = ""
    note: str = ""


@dataclass(frozen=True)
class ServiceRecord:
    """A ferry or sea service on a link: a row of ``services.csv``.

    A scheduled service gives ``frequency_per_week`` (its sailings set the mean wait on the
    link). ``capacity_mt`` is what the service carries a year in each direction; without it a
    scheduled service carries ``frequency x 52 x tonnes_per_sailing`` (a rail ferry, see
    ``parameters.csv``). A service without a timetable (tramp dry-cargo vessels, irregular ro-ro
    sailings) gives a capacity and no frequency: it adds capacity but not sailings to wait for.
    """

    id: str
    link: str
    operator: str
    frequency_per_week: float | None
    frequency_source: str
    note: str = ""
    capacity_mt: float | None = None
    capacity_source: str = ""


@dataclass(frozen=True)
class ParameterRecord:
    """A row of ``parameters.csv``: a default value by quantity, mode and scope."""

    name: str
    mode: str
    scope: str
    value: Triple
    unit: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class Dataset:
    """Every checked record of one network dataset."""

    sources: tuple[SourceRecord, ...]
    nodes: tuple[NodeRecord, ...]
    links: tuple[LinkRecord, ...]
    transfers: tuple[TransferRecord, ...]
    services: tuple[ServiceRecord, ...]
    parameters: tuple[ParameterRecord, ...]
    components: tuple[tuple[str, ...], ...] = field(default=())
