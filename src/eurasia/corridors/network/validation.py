"""Checked records of a network dataset, and the checks that produce them.

Raw rows (one ``dict`` of strings a CSV line or GeoJSON feature, with where it came from) become
typed, frozen records here. Every problem is collected with its file, line or feature id and
field, and all of them are raised together as one :class:`~eurasia.errors.DataError`, so a bad
file never yields a partial network.

A numeric value must cite where it comes from in the matching ``*_source`` field: one or more
``;``-separated tokens, each the id of a row in ``sources.csv`` or ``estimate:<method>``.

Examples
--------
>>> ctx = Problems()
>>> check_source_ref("estimate:great-circle x 1.25", {"carec-cpmm"}, ctx, "links.csv line 2",
...                  "length_source")
>>> check_source_ref("nowhere", {"carec-cpmm"}, ctx, "links.csv line 3", "length_source")
>>> ctx.raise_if_any()
Traceback (most recent call last):
...
eurasia.errors.DataError: 1 problem in the network data:
  links.csv line 3, field 'length_source': 'nowhere' is neither a source id from sources.csv nor 'estimate:<method>'
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import numpy as np
import scipy.sparse
from scipy.sparse.csgraph import connected_components

from eurasia.corridors.network.codes import (
    CORRIDORS,
    NODE_KINDS,
    SIDES,
    TRANSFER_TYPES,
    Gauge,
    Mode,
    Status,
    side_of,
)
from eurasia.corridors.network.records import (
    Dataset,
    LinkRecord,
    NodeRecord,
    ParameterRecord,
    Problems,
    RawRow,
    ServiceRecord,
    SourceRecord,
    TransferRecord,
    Triple,
)
from eurasia.errors import DataError
from eurasia.geo import check_coordinates, check_country_code

__all__ = ["check_dataset", "check_source_ref", "components"]


def check_source_ref(
    value: str, source_ids: Iterable[str], problems: Problems, where: str, field_name: str
) -> None:
    """Check that ``value`` cites sources (``id;id``) or says ``estimate:<method>``."""
    known = set(source_ids)
    tokens = [t.strip() for t in value.split(";") if t.strip()]
    if not tokens:
        problems.add(where, field_name, "a value is given but no source id or 'estimate:<method>'")
        return
    for token in tokens:
        if token.startswith("estimate:"):
            if not token.removeprefix("estimate:").strip():
                problems.add(where, field_name, "'estimate:' must be followed by the method")
        elif token not in known:
            problems.add(
                where,
                field_name,
                f"{token!r} is neither a source id from sources.csv nor 'estimate:<method>'",
            )


class _Row:
    """Typed access to one raw row, recording problems instead of raising."""

    def __init__(self, raw: RawRow, problems: Problems) -> None:
        self.raw = raw
        self.where = raw.where
        self.problems = problems

    def text(self, name: str, *, required: bool = False) -> str:
        value = (self.raw.fields.get(name) or "").strip()
        if required and not value:
            self.problems.add(self.where, name, "required, got an empty value")
        return value

    def number(
        self, name: str, *, required: bool = False, minimum: float = 0.0, strict: bool = False
    ) -> float | None:
        text = self.text(name)
        if not text:
            if required:
                self.problems.add(self.where, name, "required, got an empty value")
            return None
        try:
            value = float(text)
        except ValueError:
            self.problems.add(self.where, name, f"expected a number, got {text!r}")
            return None
        if not math.isfinite(value):
            self.problems.add(self.where, name, f"expected a finite number, got {text!r}")
            return None
        if value < minimum or (strict and value == minimum):
            relation = ">" if strict else ">="
            self.problems.add(
                self.where, name, f"expected a number {relation} {minimum}, got {text}"
            )
            return None
        return value

    def integer(self, name: str, *, lo: int, hi: int) -> int | None:
        text = self.text(name)
        if not text:
            return None
        try:
            value = int(text)
        except ValueError:
            self.problems.add(self.where, name, f"expected an integer, got {text!r}")
            return None
        if not lo <= value <= hi:
            self.problems.add(self.where, name, f"expected an integer in [{lo}, {hi}], got {value}")
            return None
        return value

    def choice(self, name: str, allowed: Iterable[str], *, default: str | None = None) -> str:
        options = tuple(allowed)
        value = self.text(name, required=default is None) or (default or "")
        if value and value not in options:
            self.problems.add(self.where, name, f"expected one of {list(options)}, got {value!r}")
        return value

    def triple(self, prefix: str, *, required: bool) -> Triple | None:
        low = self.number(f"{prefix}_low")
        central = self.number(prefix, required=required)
        high = self.number(f"{prefix}_high")
        if central is None:
            if low is not None or high is not None:
                self.problems.add(self.where, prefix, "low/high given without a central value")
            return None
        low = central if low is None else low
        high = central if high is None else high
        if not low <= central <= high:
            self.problems.add(
                self.where, prefix, f"expected low <= central <= high, got {low}, {central}, {high}"
            )
        return Triple(low, central, high)

    def cited(self, name: str, source_field: str, present: bool, sources: set[str]) -> str:
        ref = self.text(source_field)
        if present or (self.raw.fields.get(name) or "").strip():
            check_source_ref(ref, sources, self.problems, self.where, source_field)
        elif ref:
            self.problems.add(self.where, source_field, f"a source is given but {name!r} is empty")
        return ref


def _unique(ids: list[tuple[str, str]], what: str, problems: Problems) -> None:
    seen: dict[str, str] = {}
    for node_id, where in ids:
        if not node_id:
            continue
        if node_id in seen:
            problems.add(where, "id", f"duplicate {what} id {node_id!r} (first at {seen[node_id]})")
        else:
            seen[node_id] = where


def _sources(rows: list[RawRow], problems: Problems) -> tuple[SourceRecord, ...]:
    out = []
    for raw in rows:
        r = _Row(raw, problems)
        year = r.integer("year", lo=1800, hi=2100)
        if not r.text("year"):
            problems.add(r.where, "year", "required, got an empty value")
        out.append(
            SourceRecord(
                id=r.text("id", required=True),
                title=r.text("title", required=True),
                publisher=r.text("publisher", required=True),
                year=year or 0,
                url=r.text("url", required=True),
                note=r.text("note"),
            )
        )
    _unique([(s.id, raw.where) for s, raw in zip(out, rows, strict=True)], "source", problems)
    return tuple(out)


def _nodes(rows: list[RawRow], sources: set[str], problems: Problems) -> tuple[NodeRecord, ...]:
    out = []
    for raw in rows:
        r = _Row(raw, problems)
        node_id = r.text("id", required=True)
        lon = r.number("lon", required=True, minimum=-math.inf)
        lat = r.number("lat", required=True, minimum=-math.inf)
        if lon is not None and lat is not None:
            try:
                check_coordinates(lon, lat, where=r.where)
            except DataError as exc:
                problems.items.append(str(exc))
        country = r.text("country", required=True)
        if country:
            try:
                country = check_country_code(country, where=r.where)
            except DataError as exc:
                problems.items.append(str(exc))
        geonameid = r.integer("geonameid", lo=1, hi=10**10)
        coord_source = r.text("coord_source")
        check_source_ref(coord_source, sources, problems, r.where, "coord_source")
        aliases = tuple(a.strip() for a in r.text("aliases").split("|") if a.strip())
        out.append(
            NodeRecord(
                id=node_id,
                name=r.text("name", required=True),
                country=country,
                kind=r.choice("kind", NODE_KINDS),
                lon=lon if lon is not None else math.nan,
                lat=lat if lat is not None else math.nan,
                coord_source=coord_source,
                name_ru=r.text("name_ru"),
                name_kk=r.text("name_kk"),
                name_local=r.text("name_local"),
                aliases=aliases,
                geonameid=geonameid,
            )
        )
    _unique([(n.id, raw.where) for n, raw in zip(out, rows, strict=True)], "node", problems)
    return tuple(out)


def _bpr(r: _Row, sources: set[str]) -> tuple[float | None, float | None, str]:
    """Return the optional volume-delay parameters of a link or transfer and their source."""
    alpha = r.number("bpr_alpha", minimum=0.0)
    beta = r.number("bpr_beta", minimum=0.0)
    given = alpha is not None or beta is not None
    return alpha, beta, r.cited("bpr_alpha/bpr_beta", "bpr_source", given, sources)


def _status(r: _Row, sources: set[str]) -> tuple[str, int, str]:
    status = r.choice("status", [s.value for s in Status], default=Status.OPEN.value)
    year = r.integer("opening_year", lo=1800, hi=2100) or 0
    needs = bool(year) or status != Status.OPEN
    ref = r.cited("opening_year/status", "status_source", needs, sources)
    return status, year, ref


def _track_class(r: _Row, mode: str, sources: set[str]) -> tuple[int | None, bool | None, str]:
    """Return a rail link's number of tracks (1 or 2) and electrification (``yes`` / ``no``), cited."""
    tracks = r.integer("tracks", lo=1, hi=2)
    wired = r.choice("electrified", ("yes", "no"), default="")
    given = tracks is not None or bool(wired)
    if given and mode != Mode.RAIL:
        r.problems.add(r.where, "tracks", f"a track class on a non-rail ({mode}) link")
    ref = r.cited("tracks/electrified", "track_source", given, sources)
    return tracks, (wired == "yes") if wired else None, ref


def _links(
    rows: list[RawRow], nodes: set[str], sources: set[str], problems: Problems
) -> tuple[LinkRecord, ...]:
    out = []
    gauges = {g.value for g in Gauge}
    for raw in rows:
        r = _Row(raw, problems)
        link_id = r.text("id", required=True)
        a, b = r.text("from", required=True), r.text("to", required=True)
        for end, value in (("from", a), ("to", b)):
            if value and value not in nodes:
                problems.add(r.where, end, f"unknown node id {value!r} (not in the nodes file)")
        if a and a == b:
            problems.add(r.where, "to", f"a link must join two different nodes, got {a!r} twice")
        mode = r.choice("mode", [m.value for m in Mode])
        gauge_text = r.text("gauge_mm")
        gauge = 0
        if mode == Mode.RAIL:
            given = r.integer("gauge_mm", lo=1, hi=3000)
            if not gauge_text:
                problems.add(r.where, "gauge_mm", "a rail link needs a gauge (1520, 1435 or 1676)")
            elif given is not None and given not in gauges:
                problems.add(r.where, "gauge_mm", f"expected one of {sorted(gauges)}, got {given}")
            gauge = given or 0
        elif gauge_text:
            problems.add(r.where, "gauge_mm", f"a gauge on a non-rail ({mode}) link")
        length = r.number("length_km", minimum=0.0, strict=True)
        speed = r.number("speed_kmd", minimum=0.0, strict=True)
        capacity = r.number("capacity_mt", minimum=0.0)
        risk = r.number("risk_hours", minimum=0.0)
        border = r.triple("border_hours", required=False)
        tariff = r.triple("tariff_usd", required=False)
        alpha, beta, bpr_ref = _bpr(r, sources)
        status, year, status_ref = _status(r, sources)
        tracks, electrified, track_ref = _track_class(r, mode, sources)
        corridors = tuple(c for c in r.text("corridors").split("|") if c)
        for corridor in corridors:
            if corridor not in CORRIDORS:
                problems.add(r.where, "corridors", f"unknown corridor {corridor!r}; {CORRIDORS}")
        out.append(
            LinkRecord(
                id=link_id,
                source=a,
                target=b,
                mode=mode,
                gauge_mm=gauge,
                length_km=length,
                length_source=r.cited("length_km", "length_source", length is not None, sources),
                speed_kmd=speed,
                speed_source=r.cited("speed_kmd", "speed_source", speed is not None, sources),
                capacity_mt=capacity,
                capacity_source=r.cited(
                    "capacity_mt", "capacity_source", capacity is not None, sources
                ),
                status=status,
                opening_year=year,
                status_source=status_ref,
                corridors=corridors,
                border_hours=border,
                border_source=r.cited("border_hours", "border_source", border is not None, sources),
                risk_hours=risk,
                risk_source=r.cited("risk_hours", "risk_source", risk is not None, sources),
                bpr_alpha=alpha,
                bpr_beta=beta,
                bpr_source=bpr_ref,
                note=r.text("note"),
                geometry=raw.geometry,
                tracks=tracks,
                electrified=electrified,
                track_source=track_ref,
                tariff_usd=tariff,
                tariff_source=r.cited("tariff_usd", "tariff_source", tariff is not None, sources),
            )
        )
    _unique([(x.id, raw.where) for x, raw in zip(out, rows, strict=True)], "link", problems)
    return tuple(out)


def _transfers(
    rows: list[RawRow], nodes: set[str], sources: set[str], problems: Problems
) -> tuple[TransferRecord, ...]:
    out = []
    for raw in rows:
        r = _Row(raw, problems)
        node = r.text("node", required=True)
        if node and node not in nodes:
            problems.add(r.where, "node", f"unknown node id {node!r} (not in the nodes file)")
        a, b = r.choice("from_side", SIDES), r.choice("to_side", SIDES)
        if a and a == b:
            problems.add(r.where, "to_side", f"a transfer must join two different sides, got {a!r}")
        hours = r.triple("hours", required=True) or Triple(0.0, 0.0, 0.0)
        usd = r.triple("usd", required=True) or Triple(0.0, 0.0, 0.0)
        capacity = r.number("capacity_mt", minimum=0.0)
        alpha, beta, bpr_ref = _bpr(r, sources)
        status, year, status_ref = _status(r, sources)
        out.append(
            TransferRecord(
                id=r.text("id", required=True),
                node=node,
                from_side=a,
                to_side=b,
                type=r.choice("type", TRANSFER_TYPES),
                hours=hours,
                hours_source=r.cited("hours", "hours_source", True, sources),
                usd=usd,
                usd_source=r.cited("usd", "usd_source", True, sources),
                capacity_mt=capacity,
                capacity_source=r.cited(
                    "capacity_mt", "capacity_source", capacity is not None, sources
                ),
                status=status,
                opening_year=year,
                status_source=status_ref,
                bpr_alpha=alpha,
                bpr_beta=beta,
                bpr_source=bpr_ref,
                note=r.text("note"),
            )
        )
    _unique([(x.id, raw.where) for x, raw in zip(out, rows, strict=True)], "transfer", problems)
    return tuple(out)


def _services(
    rows: list[RawRow], links: Mapping[str, LinkRecord], sources: set[str], problems: Problems
) -> tuple[ServiceRecord, ...]:
    out = []
    for raw in rows:
        r = _Row(raw, problems)
        link_id = r.text("link", required=True)
        link = links.get(link_id)
        if link_id and link is None:
            problems.add(r.where, "link", f"unknown link id {link_id!r} (not in the links file)")
        elif link is not None and link.mode not in (Mode.FERRY, Mode.SEA):
            problems.add(
                r.where, "link", f"services run on ferry or sea links, {link_id!r} is {link.mode}"
            )
        capacity = r.number("capacity_mt", minimum=0.0)
        has_capacity = bool(r.text("capacity_mt"))
        freq = r.number("frequency_per_week", required=not has_capacity, minimum=0.0, strict=True)
        out.append(
            ServiceRecord(
                id=r.text("id", required=True),
                link=link_id,
                operator=r.text("operator"),
                frequency_per_week=freq,
                frequency_source=r.cited(
                    "frequency_per_week", "frequency_source", freq is not None, sources
                ),
                note=r.text("note"),
                capacity_mt=capacity,
                capacity_source=r.cited(
                    "capacity_mt", "capacity_source", capacity is not None, sources
                ),
            )
        )
    _unique([(x.id, raw.where) for x, raw in zip(out, rows, strict=True)], "service", problems)
    return tuple(out)


def _parameters(
    rows: list[RawRow], sources: set[str], problems: Problems
) -> tuple[ParameterRecord, ...]:
    out = []
    keys: dict[tuple[str, str, str], str] = {}
    for raw in rows:
        r = _Row(raw, problems)
        name = r.text("name", required=True)
        mode = r.choice("mode", [*(m.value for m in Mode), "transfer", "*"])
        scope = r.text("scope", required=True)
        if name and name not in PARAMETER_NAMES:
            problems.add(
                r.where, "name", f"unknown parameter {name!r}; expected one of {PARAMETER_NAMES}"
            )
        if scope and scope not in PARAMETER_SCOPES and not _is_country(scope):
            problems.add(
                r.where,
                "scope",
                f"unknown scope {scope!r}: expected '*', an ISO 3166-1 alpha-2 country code, a "
                f"border regime, a transfer type or a track class ({', '.join(PARAMETER_SCOPES[1:])})",
            )
        value = _parameter_triple(r)
        key = (name, mode, scope)
        if key in keys:
            problems.add(r.where, "name", f"duplicate parameter {key} (first at {keys[key]})")
        keys[key] = r.where
        out.append(
            ParameterRecord(
                name=name,
                mode=mode,
                scope=scope,
                value=value,
                unit=r.text("unit"),
                source=r.cited("central", "source", True, sources),
                note=r.text("note"),
            )
        )
    return tuple(out)


#: Quantities ``parameters.csv`` may set (see :mod:`eurasia.corridors.network.costs`).
PARAMETER_NAMES = (
    "border_hours",
    "border_usd",
    "bpr_alpha",
    "bpr_beta",
    "capacity_mt",
    "co2_g_per_teu_km",
    "co2_g_per_tkm",
    "co2_kg_per_transfer",
    "detour_factor",
    "feu_per_teu_usd",
    "risk_h_per_1000km",
    "risk_h_per_crossing",
    "speed_kmd",
    "terminal_hours",
    "terminal_usd",
    "tonnes_per_sailing",
    "usd_per_teu_km",
)
#: Scopes other than a country code: any, border regimes, transfer types, track classes.
PARAMETER_SCOPES = (
    "*",
    "default",
    "eaeu",
    "eu",
    "eu_external",
    *TRANSFER_TYPES,
    "single_track",
    "double_track",
)


def _is_country(code: str) -> bool:
    try:
        check_country_code(code, where="")
    except DataError:
        return False
    return code == code.upper()


def _parameter_triple(r: _Row) -> Triple:
    low = r.number("low", required=True)
    central = r.number("central", required=True)
    high = r.number("high", required=True)
    if low is None or central is None or high is None:
        return Triple(0.0, 0.0, 0.0)
    if not low <= central <= high:
        r.problems.add(
            r.where, "central", f"expected low <= central <= high, got {low}, {central}, {high}"
        )
    return Triple(low, central, high)


def _node_sides(
    nodes: tuple[NodeRecord, ...], links: tuple[LinkRecord, ...]
) -> dict[str, set[str]]:
    sides: dict[str, set[str]] = {n.id: set() for n in nodes}
    for link in links:
        side = side_of(link.mode, link.gauge_mm)
        for end in (link.source, link.target):
            if end in sides:
                sides[end].add(side)
    return sides


def _check_sides(
    nodes: tuple[NodeRecord, ...],
    links: tuple[LinkRecord, ...],
    transfers: tuple[TransferRecord, ...],
    where: Mapping[str, str],
    problems: Problems,
) -> None:
    sides = _node_sides(nodes, links)
    joined: dict[str, list[tuple[str, str]]] = {n: [] for n in sides}
    for t in transfers:
        if t.node not in sides:
            continue
        for side in (t.from_side, t.to_side):
            if side and side not in sides[t.node]:
                problems.add(
                    where[t.id],
                    "from_side" if side == t.from_side else "to_side",
                    f"node {t.node!r} has no link on side {side!r} "
                    f"(its sides: {sorted(sides[t.node]) or 'none'})",
                )
        joined[t.node].append((t.from_side, t.to_side))
    for node_id, node_sides in sides.items():
        if len(node_sides) < 2:
            continue
        groups = {s: {s} for s in node_sides}
        for a, b in joined[node_id]:
            if a in groups and b in groups and groups[a] is not groups[b]:
                merged = groups[a] | groups[b]
                for s in merged:
                    groups[s] = merged
        parts = {frozenset(g) for g in groups.values()}
        if len(parts) > 1:
            rail = sorted(s for s in node_sides if s.startswith("rail-"))
            what = (
                "a gauge change without a transfer"
                if len({frozenset(g) for s, g in groups.items() if s in rail}) > 1
                else "a mode change without a transfer"
            )
            listed = " / ".join(sorted("+".join(sorted(p)) for p in parts))
            problems.add(
                where[node_id],
                None,
                f"{what}: node {node_id!r} has sides {listed} that no transfer in "
                "transfers.csv joins",
            )


def components(
    nodes: tuple[NodeRecord, ...], links: tuple[LinkRecord, ...]
) -> tuple[tuple[str, ...], ...]:
    """Node ids of each connected component (links only), largest first.

    Examples
    --------
    >>> n = [NodeRecord(i, i, "KZ", "city", 0.0, 0.0, "estimate:x") for i in "abc"]
    >>> l = [LinkRecord("l", "a", "b", "road", 0, None, "", None, "", None, "", "open", 0, "",
    ...                 (), None, "", None, "")]
    >>> components(tuple(n), tuple(l))
    (('a', 'b'), ('c',))
    """
    index = {n.id: i for i, n in enumerate(nodes)}
    pairs = [
        (index[x.source], index[x.target]) for x in links if x.source in index and x.target in index
    ]
    n = len(nodes)
    src = np.array([p[0] for p in pairs], dtype=np.int64)
    tgt = np.array([p[1] for p in pairs], dtype=np.int64)
    graph = scipy.sparse.csr_matrix((np.ones(src.size), (src, tgt)), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    groups: list[list[str]] = [[] for _ in range(count)]
    for node, label in zip(nodes, labels.tolist(), strict=True):
        groups[label].append(node.id)
    groups.sort(key=lambda g: (-len(g), g[0]))
    return tuple(tuple(g) for g in groups)


def check_dataset(
    *,
    sources: list[RawRow],
    nodes: list[RawRow],
    links: list[RawRow],
    transfers: list[RawRow],
    services: list[RawRow],
    parameters: list[RawRow],
) -> Dataset:
    """Check every raw row and the dataset as a whole; return the records or raise.

    Parameters
    ----------
    sources, nodes, links, transfers, services, parameters
        Raw rows of each file (see :mod:`eurasia.corridors.io.dataset` for reading them).

    Returns
    -------
    Dataset
        The records, with the connected components of the node graph in ``components``
        (more than one means the network is disconnected: reported, not an error).

    Raises
    ------
    DataError
        Listing every problem found, each with file, line or feature id and field: unknown
        node ids, duplicate ids, coordinates out of range, negative or NaN lengths and speeds,
        a gauge on a non-rail link, a gauge change without a transfer, missing sources, …
    """
    problems = Problems()
    source_records = _sources(sources, problems)
    source_ids = {s.id for s in source_records}
    node_records = _nodes(nodes, source_ids, problems)
    node_ids = {n.id for n in node_records}
    link_records = _links(links, node_ids, source_ids, problems)
    transfer_records = _transfers(transfers, node_ids, source_ids, problems)
    service_records = _services(services, {x.id: x for x in link_records}, source_ids, problems)
    parameter_records = _parameters(parameters, source_ids, problems)
    where = {n.id: raw.where for n, raw in zip(node_records, nodes, strict=True)}
    where.update({t.id: raw.where for t, raw in zip(transfer_records, transfers, strict=True)})
    _check_sides(node_records, link_records, transfer_records, where, problems)
    served = {s.link for s in service_records if s.frequency_per_week is not None}
    for link, raw in zip(link_records, links, strict=True):
        if link.mode == Mode.FERRY and link.id not in served:
            problems.add(
                raw.where,
                "mode",
                f"ferry link {link.id!r} has no scheduled service (with a frequency_per_week) "
                "in services.csv (its waiting time comes from the sailing frequency)",
            )
    problems.raise_if_any()
    return Dataset(
        sources=source_records,
        nodes=node_records,
        links=link_records,
        transfers=transfer_records,
        services=service_records,
        parameters=parameter_records,
        components=components(node_records, link_records),
    )
