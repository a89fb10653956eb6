"""``eurasia route``: plan freight routes, compare them and print each leg.

Examples
--------
::

    eurasia route Chongqing Duisburg
    eurasia route Chongqing Duisburg --optimize cost --avoid-country RU --alternatives 3
    eurasia route Chongqing Duisburg --avoid-country RU --alternatives 3 --alternatives-method diverse
    eurasia route Chongqing Duisburg --pareto time,cost,co2 --json
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from eurasia.cli.common import console
from eurasia.cli.i18n import _, language, number, percent
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.names import localized_name
from eurasia.corridors.routing.explain import route_role
from eurasia.corridors.routing.plan import RouteQuery, plan
from eurasia.corridors.routing.types import Route
from eurasia.errors import DataError
from eurasia.i18n import vocabulary

__all__ = ["route_command"]


def _network(path: Path | None) -> Network:
    from eurasia.corridors.io.dataset import load_network

    return load_network() if path is None else load_network(path)


# option names the query's messages use that are flags here (``via`` -> ``--via``)
_METHODS = ("shortest", "families", "diverse")


def _method(name: str) -> str:
    """Return the alternatives method ``name``, or raise :class:`DataError` naming the flag."""
    if name not in _METHODS:
        msg = f"--alternatives-method: expected one of {', '.join(_METHODS)}, got {name!r}"
        raise DataError(msg)
    return name


_FLAG_WORDS = re.compile(r"\b(via|pareto)\b")

# events that are not transfer edges: a border crossing's dwell, the wait for a sailing
_EVENTS = ("border_crossing", "sailing_wait")


def _ranges(r: Route) -> str | None:
    """The route's low–high days and USD (the ranges of its edges' parameters), if it has them."""
    t = r.totals
    if not all(k in t for k in ("hours_low", "hours_high", "usd_low", "usd_high")):
        return None
    values = {
        "days": f"{number(t['hours_low'] / 24, 1)}–{number(t['hours_high'] / 24, 1)}",
        "usd": f"{number(t['usd_low'])}–{number(t['usd_high'])}",
    }
    return _("Low–high: %(days)s days, USD %(usd)s.") % values


def _about(share: float | None) -> str:
    """A share shown with the precision it has (``~40%``)."""
    return "–" if share is None else "~" + percent(share)


def _summary(routes: list[Route]) -> Table:
    table = Table(title=_("Routes"), title_justify="left")
    columns = ["#", _("through"), _("days"), _("km"), "USD", _("kg CO2e"), _("reliability")]
    for column in [*columns, _("transfers")]:
        table.add_column(column, justify="left" if column == _("through") else "right")
    if len(routes) > 1:
        table.add_column(_("overlap"), justify="right")
    for i, r in enumerate(routes, start=1):
        t = r.totals
        row = [
            str(i),
            " → ".join(r.countries),
            number(r.days, 1),
            number(t.get("km")),
            number(t.get("usd")),
            number(t.get("co2_kg")),
            _about(r.reliability_rounded),
            str(sum(tr.kind not in _EVENTS for tr in r.transfers)),
        ]
        if len(routes) > 1:
            row.append(percent(r.overlap))
        table.add_row(*row)
    return table


def _legs(net: Network, r: Route, rank: int, *, ranked: bool) -> Table:
    role = route_role(r, locale=language(), rank=rank - 1 if ranked else 0)
    title = _("Route %(num)d: %(criterion)s") % {"num": rank, "criterion": role}
    table = Table(title=title, title_justify="left")
    columns = (_("step"), _("from → to"), _("mode"), _("gauge"), _("km"), _("hours"), "USD")
    for column in (*columns, _("kg CO2e")):
        table.add_column(column, justify="left" if column in columns[:2] else "right")
    pending = list(r.transfers)
    lang = language()

    def place(node: str) -> str:
        return localized_name(net, net.node_index(node), lang)

    def transfers_at(node: str) -> None:
        while pending and pending[0].node == node:
            tr = pending.pop(0)
            c = tr.costs
            table.add_row(
                f"  {vocabulary.label(vocabulary.TRANSFER_KINDS, tr.kind, _)}",
                f"  {place(tr.node)}: {tr.detail}",
                "",
                "",
                "",
                number(c.get("hours"), 1) if c else _("in leg"),
                number(c.get("usd")) if c else "",
                number(c.get("co2_kg")) if c else "",
            )

    for leg in r.legs:
        transfers_at(leg.from_node)
        table.add_row(
            leg.country,
            f"{place(leg.from_node)} → {place(leg.to_node)}",
            vocabulary.label(vocabulary.MODES, leg.mode, _),
            str(leg.gauge or ""),
            number(leg.km),
            number(leg.hours, 1),
            number(leg.cost),
            number(leg.co2),
        )
        transfers_at(leg.to_node)
    for tr in pending:
        transfers_at(tr.node)
    return table


def route_command(
    origin: Annotated[str, typer.Argument(help="Origin: node id, name or alias.")],
    destination: Annotated[str, typer.Argument(help="Destination: node id, name or alias.")],
    optimize: Annotated[
        str,
        typer.Option(
            help="time, cost, co2, risk, distance, a cost column, or weights "
            "such as time:1,cost:0.01."
        ),
    ] = "time",
    avoid_country: Annotated[
        list[str] | None, typer.Option(help="ISO alpha-2 country to avoid (repeatable).")
    ] = None,
    avoid_node: Annotated[
        list[str] | None, typer.Option(help="Place to avoid (repeatable).")
    ] = None,
    avoid_link: Annotated[
        list[str] | None, typer.Option(help="Link or transfer id to avoid (repeatable).")
    ] = None,
    avoid_mode: Annotated[
        list[str] | None, typer.Option(help="rail, road, ferry or sea (repeatable).")
    ] = None,
    via: Annotated[
        list[str] | None, typer.Option(help="Place to pass, in order (repeatable).")
    ] = None,
    max_transfers: Annotated[int | None, typer.Option(min=0, help="Most transfers.")] = None,
    year: Annotated[int | None, typer.Option(help="Use the network as of this year.")] = None,
    cargo: Annotated[str, typer.Option(help="teu or tonne: unit of money and CO2.")] = "teu",
    service: Annotated[
        str, typer.Option(help="typical (wagonload/LCL) or block (scheduled block train).")
    ] = "typical",
    rules: Annotated[
        list[str] | None,
        typer.Option(
            "--rules", help="Rule file: bundled name or CSV path (repeatable; default: rules)."
        ),
    ] = None,
    no_rules: Annotated[
        bool, typer.Option("--no-rules", help="Plan without the rule layer.")
    ] = False,
    commodity: Annotated[
        str, typer.Option(help="containers or bulk: which rules apply.")
    ] = "containers",
    alternatives_k: Annotated[
        int | None,
        typer.Option("--alternatives", min=1, max=20, help="Show this many different routes."),
    ] = None,
    max_overlap: Annotated[
        float, typer.Option(min=0.01, max=1.0, help="Most distance an alternative may share.")
    ] = 0.8,
    alternatives_method: Annotated[
        str,
        typer.Option(
            help="shortest (k shortest paths), families (best of each corridor family) or "
            "diverse (penalty method: a found route's links cost twice as much next time)."
        ),
    ] = "shortest",
    pareto_criteria: Annotated[
        str | None,
        typer.Option("--pareto", help="Exact Pareto set on these criteria, e.g. time,cost,co2."),
    ] = None,
    network_path: Annotated[
        Path | None,
        typer.Option(
            "--network", help="A network folder in the bundled format (default: bundled)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Plan freight routes: best, alternatives (--alternatives) or Pareto set (--pareto)."""
    net = _network(network_path)
    try:
        query = RouteQuery.parse(
            origin,
            destination,
            optimize=optimize,
            pareto=pareto_criteria,
            alternatives=alternatives_k,
            max_overlap=max_overlap,
            families=_method(alternatives_method) == "families",
            diverse=alternatives_method == "diverse",
            avoid_countries=avoid_country or (),
            avoid_nodes=avoid_node or (),
            avoid_links=avoid_link or (),
            avoid_modes=avoid_mode or (),
            via=via or (),
            max_transfers=max_transfers,
            year=year,
            cargo=cargo,
            service=service,
            rules=() if no_rules else tuple(rules or ("rules",)),
            commodity=commodity,
        )
    except DataError as exc:
        raise DataError(_FLAG_WORDS.sub(lambda m: f"--{m.group(0)}", str(exc))) from None
    found = plan(net, query)
    routes = list(found.routes)
    if as_json:
        console.print_json(
            json.dumps({"data": [r.to_dict() for r in routes], "count": len(routes)})
        )
        return
    console.print(_summary(routes))
    ranked = found.mode == "alternatives"
    for i, (r, text) in enumerate(zip(routes, found.explanations(language()), strict=True), 1):
        console.print(_legs(net, r, i, ranked=ranked))
        ranges = _ranges(r)
        if ranges:
            console.print(ranges, highlight=False)
        console.print(text, highlight=False)
        console.print()
