"""English wording of a route (to be merged into :mod:`eurasia.corridors.routing.explain`)."""

from __future__ import annotations

import math

from eurasia.corridors.routing.query import _Query
from eurasia.corridors.routing.types import Route

__all__ = []


_ROLE = {
    "time": "fastest",
    "hours": "fastest",
    "cost": "cheapest",
    "usd": "cheapest",
    "co2": "lowest CO2",
    "co2_kg": "lowest CO2",
    "risk": "least risky",
    "distance": "shortest",
    "km": "shortest",
}


_TRANSFER_WORDS = {
    "gauge_change": ("gauge change", "gauge changes"),
    "port": ("port call", "port calls"),
    "mode_change": ("mode change", "mode changes"),
    "border_crossing": ("border crossing", "border crossings"),
    "sailing_wait": ("wait for a sailing", "waits for sailings"),
}


_TIMED = ("border_crossing", "sailing_wait")  # events whose hours the explanation names


def _country_name(code: str) -> str:
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    if found is None:
        return code
    return str(getattr(found, "common_name", None) or found.name)


def _figures(route: Route) -> list[str]:
    t, unit = route.totals, route.cargo.upper() if route.cargo == "teu" else route.cargo
    out = []
    if "hours" in t:
        out.append(f"{t['hours'] / 24:.1f} days")
    if "km" in t:
        out.append(f"{t['km']:,.0f} km")
    if "usd" in t:
        out.append(f"USD {t['usd']:,.0f} per {unit}")
    if "co2_kg" in t:
        out.append(f"{t['co2_kg']:,.0f} kg CO2e per {unit}")
    known = {"hours", "km", "usd", "co2_kg", "risk"}
    out += [
        f"{name} {value:,.4g}" for name, value in t.items() if name not in known and "_" not in name
    ]
    return out


def _explain(
    route: Route, q: _Query, *, role: str, best: Route | None = None, overlap: float = 1.0
) -> str:
    net = q.network
    origin = str(net.node_name[q.origin])
    destination = str(net.node_name[q.destination])
    parts = [f"{origin} → {destination}, {role}: {', '.join(_figures(route)) or 'no costs'}."]
    parts.append("Through " + ", ".join(_country_name(c) for c in route.countries) + ".")
    by_mode: dict[str, float] = {}
    for leg in route.legs:
        if not math.isnan(leg.km):
            by_mode[leg.mode] = by_mode.get(leg.mode, 0.0) + leg.km
    if by_mode:
        parts.append(
            "By " + ", ".join(f"{mode} {km:,.0f} km" for mode, km in by_mode.items() if mode) + "."
        )
    counts: dict[str, list[str]] = {}
    for tr in route.transfers:
        place = tr.name
        if tr.kind == "gauge_change":
            place = f"{tr.name} {tr.detail}"
        elif tr.kind in _TIMED and "hours" in tr.costs:
            hours = tr.costs["hours"]
            place = f"{tr.name} {hours:.0f} h" if hours >= 10 else f"{tr.name} {hours:.1f} h"
        counts.setdefault(tr.kind, []).append(place)
    if counts:
        items = []
        for kind, places in counts.items():
            one, many = _TRANSFER_WORDS.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
            items.append(f"{len(places)} {one if len(places) == 1 else many} ({'; '.join(places)})")
        text = ", ".join(items)
        parts.append(text[:1].upper() + text[1:] + ".")
    if best is not None and route.edges != best.edges:
        deltas = []
        for name, fmt in (
            ("hours", "{:+.1f} days"),
            ("usd", "USD {:+,.0f}"),
            ("co2_kg", "{:+,.0f} kg CO2e"),
        ):
            if name in route.totals:
                value = route.totals[name] - best.totals[name]
                deltas.append(fmt.format(value / 24 if name == "hours" else value))
        shared = (
            f"shares {overlap:.0%} of its distance"
            if "km" in route.totals
            else f"overlap {overlap:.0%}"
        )
        parts.append(
            f"Against the best: {', '.join(deltas)}; {shared}."
            if deltas
            else f"Against the best: {shared}."
        )
    if route.reliability is not None:
        by_country: dict[str, float] = {}
        risk = net.costs["risk"]
        for e in route.edges:
            country = str(net.edge_country[e])
            by_country[country] = by_country.get(country, 0.0) + float(risk[e])
        text = (
            f"Reliability {route.reliability:.0%} (chance of no disruption; expected disruption "
            f"delay {route.totals['risk']:,.0f} h"
        )
        worst = max(by_country, key=lambda c: by_country[c], default=None)
        if worst and by_country[worst] > 0:
            text += f", most of it in {_country_name(worst)}"
        parts.append(text + ").")
    if q.avoided:
        parts.append("Avoids " + "; ".join(q.avoided) + " as asked.")
    return " ".join(parts)
