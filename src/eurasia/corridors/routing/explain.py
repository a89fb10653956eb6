"""Route explanations in the reader's language.

One builder for the domain, the API, the CLI and the web.

:func:`explain_route` says what the route is best by, its time, distance, money and CO2 (and any
other cost column), the countries it crosses, the distance by mode, its transfers (gauge changes,
port calls, mode changes, border crossings), how an alternative compares with the best route, its
reliability (with the country contributing most disruption risk) and what it avoids as asked. The
text goes through the gettext catalogues, with place and country names, numbers and plurals of the
locale; :attr:`~eurasia.corridors.routing.types.Route.explanation` holds the English one.

Examples
--------
>>> from eurasia.corridors.io.dataset import load_network
>>> from eurasia.corridors.routing.search import route
>>> net = load_network()
>>> found = route(net, "Almaty", "Aktau")
>>> found.explanation.split(":")[0]
'Almaty → Aktau, fastest'
>>> explain_route(net, found, locale="ru").split(":")[0]
'Алматы → Актау, самый быстрый'
>>> explain_route(net, found, locale="kk").split(":")[0]
'Алматы → Ақтау, ең жылдам'
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from babel.numbers import format_decimal, format_percent

from eurasia.corridors.network.model import Network
from eurasia.corridors.network.names import localized_name
from eurasia.corridors.routing.types import Route
from eurasia.i18n import country_name, translations
from eurasia.i18n.vocabulary import CRITERIA, MODES, OBJECTIVES, label

__all__ = ["explain_route", "route_role"]

# cost columns the summary names in words (risk: in the reliability sentence)
_NAMED = frozenset({"hours", "km", "usd", "co2_kg", "risk"})
# cost columns that name the same criterion as an objective
_COLUMN_OBJECTIVE = {"hours": "time", "usd": "cost", "co2_kg": "co2", "km": "distance"}


def route_role(route: Route, *, locale: str, rank: int = 0) -> str:
    """Return what the route is: ``fastest``, ``alternative 2``, ``Pareto-optimal (time, cost)``.

    Parameters
    ----------
    route
        A route from :func:`~eurasia.corridors.routing.search.route`, ``alternatives`` or ``pareto``.
    locale
        Language of the text.
    rank
        Position among alternatives (0 for the best).

    Returns
    -------
    str
        The role, in ``locale``.
    """
    t = translations(locale)
    criterion = route.criterion
    if criterion.startswith("pareto:"):
        names = [c.strip() for c in criterion.removeprefix("pareto:").split(",") if c.strip()]
        shown = ", ".join(label(CRITERIA, c, t.gettext) for c in names)
        return t.gettext("Pareto-optimal (%(criteria)s)") % {"criteria": shown}
    if rank > 0:
        return t.gettext("alternative %(num)d") % {"num": rank}
    objective = _COLUMN_OBJECTIVE.get(criterion, criterion)
    if objective in OBJECTIVES:
        return label(OBJECTIVES, objective, t.gettext)
    return t.gettext("best by %(criterion)s") % {"criterion": criterion}


def _number(value: float, locale: str, digits: int = 0) -> str:
    pattern = "#,##0" if digits == 0 else "#,##0." + "0" * digits
    return format_decimal(value, format=pattern, locale=locale)


def _signed(value: float, locale: str, digits: int = 0) -> str:
    return ("+" if value > 0 else "") + _number(value, locale, digits)


def _figures(route: Route, locale: str) -> list[str]:
    t = translations(locale)
    totals = route.totals
    unit = t.gettext("TEU") if route.cargo == "teu" else t.gettext("tonne")
    out = []
    if "hours" in totals:
        out.append(t.gettext("%(days)s days") % {"days": _number(totals["hours"] / 24, locale, 1)})
    if "km" in totals:
        out.append(t.gettext("%(km)s km") % {"km": _number(totals["km"], locale)})
    if "usd" in totals:
        usd = _number(totals["usd"], locale)
        out.append(t.gettext("USD %(usd)s per %(unit)s") % {"usd": usd, "unit": unit})
    if "co2_kg" in totals:
        co2 = _number(totals["co2_kg"], locale)
        out.append(t.gettext("%(co2)s kg CO2e per %(unit)s") % {"co2": co2, "unit": unit})
    out += [  # other cost columns (not their parts or bounds), named by their column
        f"{name} {format_decimal(value, format='#,##0.###', locale=locale)}"
        for name, value in totals.items()
        if name not in _NAMED and "_" not in name
    ]
    return out


def _counted(kind: str, n: int, locale: str) -> str:
    t = translations(locale)
    if kind == "gauge_change":
        text = t.ngettext("%(num)d gauge change", "%(num)d gauge changes", n)
    elif kind == "port":
        text = t.ngettext("%(num)d port call", "%(num)d port calls", n)
    elif kind == "mode_change":
        text = t.ngettext("%(num)d mode change", "%(num)d mode changes", n)
    elif kind == "border_crossing":
        text = t.ngettext("%(num)d border crossing", "%(num)d border crossings", n)
    elif kind == "sailing_wait":
        text = t.ngettext("%(num)d wait for a sailing", "%(num)d waits for sailings", n)
    elif kind == "terminal":
        text = t.ngettext("%(num)d terminal lift", "%(num)d terminal lifts", n)
    else:
        text = "%(num)d " + kind.replace("_", " ")
    return text % {"num": n}


#: Events whose own hours the summary names (border dwell, waiting for a sailing, end lifts).
_TIMED = ("border_crossing", "sailing_wait", "terminal")


def _transfers(network: Network, route: Route, locale: str) -> str:
    t = translations(locale)
    places: dict[str, list[str]] = {}
    for tr in route.transfers:
        name = localized_name(network, network.node_index(tr.node), locale)
        place = f"{name} {tr.detail}" if tr.kind == "gauge_change" else name
        hours = tr.costs.get("hours", 0.0)
        if tr.kind in _TIMED and hours > 0:
            shown = _number(hours, locale, 0 if hours >= 10 else 1)
            place = f"{place} {t.gettext('%(hours)s h') % {'hours': shown}}"
        places.setdefault(tr.kind, []).append(place)
    items = [
        f"{_counted(kind, len(where), locale)} ({'; '.join(where)})"
        for kind, where in places.items()
    ]
    text = ", ".join(items)
    return text[:1].upper() + text[1:] + "."


def _against(route: Route, best: Route, locale: str) -> str:
    t = translations(locale)
    deltas = []
    if "hours" in route.totals:
        days = _signed((route.totals["hours"] - best.totals["hours"]) / 24, locale, 1)
        deltas.append(t.gettext("%(days)s days") % {"days": days})
    if "usd" in route.totals:
        usd = _signed(route.totals["usd"] - best.totals["usd"], locale)
        deltas.append(t.gettext("USD %(usd)s") % {"usd": usd})
    if "co2_kg" in route.totals:
        co2 = _signed(route.totals["co2_kg"] - best.totals["co2_kg"], locale)
        deltas.append(t.gettext("%(co2)s kg CO2e") % {"co2": co2})
    share = format_percent(route.overlap, locale=locale)
    if "km" in route.totals:
        shared = t.gettext("shares %(share)s of its distance") % {"share": share}
    else:
        shared = t.gettext("overlap %(share)s") % {"share": share}
    if deltas:
        return t.gettext("Against the best: %(deltas)s; %(shared)s.") % {
            "deltas": ", ".join(deltas),
            "shared": shared,
        }
    return t.gettext("Against the best: %(shared)s.") % {"shared": shared}


def _reliability(network: Network, route: Route, locale: str) -> str:
    t = translations(locale)
    risk = network.costs["risk"]
    by_country: dict[str, float] = {}
    for e in route.edges:
        country = str(network.edge_country[e])
        by_country[country] = by_country.get(country, 0.0) + float(risk[e])
    values = {
        "share": "~" + format_percent(route.reliability_rounded or 0.0, locale=locale),
        "hours": _number(route.totals["risk"], locale),
    }
    worst = max(by_country, key=lambda c: by_country[c], default=None)
    if worst and by_country[worst] > 0:
        values["country"] = country_name(worst, locale)
        return (
            t.gettext(
                "Reliability %(share)s (chance of no disruption; expected disruption delay "
                "%(hours)s h, most of it in %(country)s)."
            )
            % values
        )
    return (
        t.gettext(
            "Reliability %(share)s (chance of no disruption; expected disruption delay %(hours)s h)."
        )
        % values
    )


def explain_route(
    network: Network,
    route: Route,
    *,
    locale: str,
    rank: int = 0,
    best: Route | None = None,
    avoided_countries: Sequence[str] = (),
    avoided_nodes: Sequence[str] = (),
    avoided_links: Sequence[str] = (),
    avoided_modes: Sequence[str] = (),
) -> str:
    """Return a plain-language summary of ``route`` in ``locale``.

    Parameters
    ----------
    network
        The network the route was planned on (for place names and risk by country).
    route
        The route to describe.
    locale
        Language: ``en``, ``ru``, ``kk`` (any locale with a catalogue).
    rank
        Position among alternatives (0 for the best route).
    best
        The best route, to compare an alternative with.
    avoided_countries, avoided_nodes, avoided_links, avoided_modes
        What the planner was asked to avoid: ISO alpha-2 codes, node ids, link or transfer ids,
        modes.

    Returns
    -------
    str
        Sentences about the route.

    Examples
    --------
    >>> from eurasia.corridors.network.model import Network
    >>> from eurasia.corridors.routing.search import route
    >>> net = Network.from_edges(["a", "b"], ["b", "c"], {"hours": [24.0, 24.0], "tolls": [2, 3]},
    ...                          nodes={"country": ["KZ", "KZ", "CN"]})
    >>> explain_route(net, route(net, "a", "c"), locale="en", avoided_countries=["RU"])
    'a → c, fastest: 2.0 days, tolls 5. Countries: Kazakhstan, China. 1 border crossing (c). Avoids countries RU as asked.'
    """
    t = translations(locale)
    origin = localized_name(network, network.node_index(route.origin), locale)
    destination = localized_name(network, network.node_index(route.destination), locale)
    figures = ", ".join(_figures(route, locale)) or t.gettext("no costs")
    role = route_role(route, locale=locale, rank=rank)
    parts = [f"{origin} → {destination}, {role}: {figures}."]
    if route.countries:
        countries = ", ".join(country_name(c, locale) for c in route.countries)
        parts.append(t.gettext("Countries: %(countries)s.") % {"countries": countries})
    by_mode: dict[str, float] = {}
    for leg in route.legs:
        if leg.mode and not math.isnan(leg.km):
            by_mode[leg.mode] = by_mode.get(leg.mode, 0.0) + leg.km
    if by_mode:
        shown = ", ".join(
            t.gettext("%(mode)s %(km)s km")
            % {"mode": label(MODES, mode, t.gettext), "km": _number(km, locale)}
            for mode, km in by_mode.items()
        )
        parts.append(t.gettext("By mode: %(modes)s.") % {"modes": shown})
    if route.transfers:
        parts.append(_transfers(network, route, locale))
    if best is not None and route.edges != best.edges:
        parts.append(_against(route, best, locale))
    if route.reliability is not None and "risk" in network.costs:
        parts.append(_reliability(network, route, locale))
    avoided = _avoided(
        network, locale, avoided_countries, avoided_nodes, avoided_links, avoided_modes
    )
    if avoided:
        parts.append(t.gettext("Avoids %(what)s as asked.") % {"what": avoided})
    if route.rules:
        shaped = ", ".join(f"{r.id} ({r.edges})" for r in route.rules)
        parts.append(t.gettext("Rules that shaped it (edges): %(rules)s.") % {"rules": shaped})
    return " ".join(parts)


def _avoided(
    network: Network,
    locale: str,
    countries: Sequence[str],
    nodes: Sequence[str],
    links: Sequence[str],
    modes: Sequence[str],
) -> str:
    gettext = translations(locale).gettext
    items = []
    if countries:
        items.append(gettext("countries %(codes)s") % {"codes": ", ".join(countries)})
    if nodes:
        names = ", ".join(localized_name(network, network.node_index(n), locale) for n in nodes)
        items.append(gettext("places %(names)s") % {"names": names})
    if links:
        items.append(gettext("links %(ids)s") % {"ids": ", ".join(links)})
    if modes:
        shown = ", ".join(label(MODES, m, gettext) for m in modes)
        items.append(gettext("modes %(modes)s") % {"modes": shown})
    return "; ".join(items)
