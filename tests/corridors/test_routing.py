"""Routes on a small multimodal network with sides and transfers, and on random edge lists."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eurasia.corridors.network.model import Network
from eurasia.corridors.routing.search import alternatives, pareto, route
from eurasia.corridors.routing.types import DISRUPTION_HOURS
from eurasia.errors import DataError, LabelBudgetError, NoRouteError, NotFoundError

# node: (name, country); vertices: (node, side)
NODES = {
    "cn-chongqing": ("Chongqing", "CN"),
    "cn-alashankou": ("Alashankou", "CN"),
    "kz-dostyk": ("Dostyk", "KZ"),
    "kz-aktau": ("Aktau", "KZ"),
    "ru-moscow": ("Moscow", "RU"),
    "by-brest": ("Brest", "BY"),
    "pl-malaszewicze": ("Małaszewicze", "PL"),
    "az-alat": ("Alat", "AZ"),
    "ge-akhalkalaki": ("Akhalkalaki", "GE"),
    "tr-istanbul": ("Istanbul", "TR"),
    "de-duisburg": ("Duisburg", "DE"),
}
VERTICES = [
    ("cn-chongqing", "rail-1435"),
    ("cn-alashankou", "rail-1435"),
    ("kz-dostyk", "rail-1435"),
    ("kz-dostyk", "rail-1520"),
    ("kz-aktau", "rail-1520"),
    ("kz-aktau", "ferry"),
    ("ru-moscow", "rail-1520"),
    ("by-brest", "rail-1520"),
    ("pl-malaszewicze", "rail-1520"),
    ("pl-malaszewicze", "rail-1435"),
    ("az-alat", "ferry"),
    ("az-alat", "rail-1520"),
    ("ge-akhalkalaki", "rail-1520"),
    ("ge-akhalkalaki", "rail-1435"),
    ("tr-istanbul", "rail-1435"),
    ("de-duisburg", "rail-1435"),
]
# (id, from vertex, to vertex, kind, mode, transfer, km, hours, usd, co2_kg, status, year)
EDGES = [
    ("cq-ala", 0, 1, "link", "rail", "", 3000, 90, 1500, 300, "open", 0),
    ("ala-dos", 1, 2, "link", "rail", "", 20, 40, 300, 2, "open", 0),
    ("dos-gauge", 2, 3, "transfer", "transfer", "gauge_change", 0, 12, 250, 5, "open", 0),
    ("dos-mos", 3, 6, "link", "rail", "", 4000, 100, 2000, 400, "open", 0),
    ("mos-bre", 6, 7, "link", "rail", "", 1100, 30, 600, 110, "open", 0),
    ("bre-mal", 7, 8, "link", "rail", "", 10, 30, 250, 1, "open", 0),
    ("mal-gauge", 8, 9, "transfer", "transfer", "gauge_change", 0, 10, 250, 5, "open", 0),
    ("mal-dui", 9, 15, "link", "rail", "", 1100, 30, 900, 110, "open", 0),
    ("dos-akt", 3, 4, "link", "rail", "", 2500, 80, 1300, 250, "open", 0),
    ("akt-port", 4, 5, "transfer", "transfer", "port", 0, 24, 400, 10, "open", 0),
    ("akt-alat", 5, 10, "link", "ferry", "", 450, 120, 1200, 900, "open", 0),
    ("alat-port", 10, 11, "transfer", "transfer", "port", 0, 24, 400, 10, "open", 0),
    ("alat-akh", 11, 12, "link", "rail", "", 600, 60, 800, 60, "open", 0),
    ("akh-gauge", 12, 13, "transfer", "transfer", "gauge_change", 0, 12, 250, 5, "open", 0),
    ("akh-ist", 13, 14, "link", "rail", "", 1700, 150, 1500, 170, "open", 0),
    ("ist-dui", 14, 15, "link", "rail", "", 2600, 200, 2200, 260, "open", 0),
    ("dos-akt-new", 3, 4, "link", "rail", "", 2000, 50, 1000, 200, "planned", 2030),
]


def mini() -> Network:
    ids = list(NODES)
    node_of = {n: i for i, n in enumerate(ids)}
    edges = EDGES + [(e[0], e[2], e[1], *e[3:]) for e in EDGES]  # both directions
    return Network(
        node_ids=ids,
        nodes={"name": [v[0] for v in NODES.values()], "country": [v[1] for v in NODES.values()]},
        vertex_node=[node_of[n] for n, _ in VERTICES],
        vertex_side=[s for _, s in VERTICES],
        edge_source=[e[1] for e in edges],
        edge_target=[e[2] for e in edges],
        edge_id=[e[0] for e in edges],
        edges={
            "kind": [e[3] for e in edges],
            "mode": [e[4] for e in edges],
            "transfer": [e[5] for e in edges],
            "gauge": [int(VERTICES[e[1]][1][5:]) if e[4] == "rail" else 0 for e in edges],
            "status": [e[10] for e in edges],
            "opening_year": [e[11] for e in edges],
        },
        costs={
            "km": [e[6] for e in edges],
            "hours": [e[7] for e in edges],
            "usd": [e[8] for e in edges],
            "co2_kg": [e[9] for e in edges],
        },
        cost_units={"km": "km", "hours": "h", "usd": "USD/TEU", "co2_kg": "kg/TEU"},
    )


@pytest.fixture(scope="module")
def net() -> Network:
    return mini()


NORTHERN = (
    "cn-chongqing",
    "cn-alashankou",
    "kz-dostyk",
    "ru-moscow",
    "by-brest",
    "pl-malaszewicze",
    "de-duisburg",
)
MIDDLE = (
    "cn-chongqing",
    "cn-alashankou",
    "kz-dostyk",
    "kz-aktau",
    "az-alat",
    "ge-akhalkalaki",
    "tr-istanbul",
    "de-duisburg",
)


def test_fastest_is_northern_with_its_legs_and_transfers(net: Network) -> None:
    r = route(net, "Chongqing", "duisburg")
    assert r.nodes == NORTHERN
    assert r.totals["hours"] == 90 + 40 + 12 + 100 + 30 + 30 + 10 + 30
    assert r.countries == ("CN", "KZ", "RU", "BY", "PL", "DE")
    kinds = [(t.kind, t.node) for t in r.transfers]
    assert ("gauge_change", "kz-dostyk") in kinds
    assert ("gauge_change", "pl-malaszewicze") in kinds
    assert sum(k == "border_crossing" for k, _ in kinds) == 5
    gauge = next(t for t in r.transfers if t.node == "kz-dostyk" and t.kind == "gauge_change")
    assert gauge.detail == "1435→1520 mm"
    assert gauge.costs["hours"] == 12
    # a leg ends at a border: China (to Dostyk), Kazakhstan, Russia, Belarus, Poland
    assert [leg.gauge for leg in r.legs] == [1435, 1520, 1520, 1520, 1435]
    assert [leg.country for leg in r.legs] == ["CN", "KZ", "RU", "BY", "PL"]
    assert (r.legs[0].to_node, r.legs[0].km) == ("kz-dostyk", 3020)
    assert (r.legs[1].from_node, r.legs[1].to_node, r.legs[1].km) == (
        "kz-dostyk",
        "ru-moscow",
        4000,
    )
    # totals = legs + transfer edges, for every column
    for column in ("km", "hours", "usd", "co2_kg"):
        legs = sum(leg.costs[column] for leg in r.legs)
        transfers = sum(t.costs.get(column, 0.0) for t in r.transfers)
        assert legs + transfers == pytest.approx(r.totals[column])
    assert r.days == pytest.approx(r.totals["hours"] / 24)
    assert "fastest" in r.explanation
    assert "Russia" in r.explanation
    assert "2 gauge changes" in r.explanation


def test_avoiding_russia_takes_the_middle_corridor(net: Network) -> None:
    r = route(net, "Chongqing", "Duisburg", avoid_countries=["ru"])
    assert r.nodes == MIDDLE
    assert "RU" not in r.countries
    assert [t.kind for t in r.transfers].count("port") == 2
    assert any(leg.mode == "ferry" for leg in r.legs)
    assert "Avoids countries RU as asked" in r.explanation
    assert "2 port calls (Aktau; Alat)" in r.explanation


def test_border_dwell_and_sailing_wait_are_events_of_their_own() -> None:
    # a -> b crosses CN -> KZ (10 h haul + 5 h border, USD 130 of which 30 at the border),
    # b -> c is a ferry sailing (4 h) after a 6 h wait for it
    parts = {
        "hours_linehaul": [10.0, 4.0],
        "hours_border": [5.0, 0.0],
        "hours_wait": [0.0, 6.0],
        "hours_transfer": [0.0, 0.0],
        "usd_border": [30.0, 0.0],
    }
    costs = {**parts, "hours": [15.0, 10.0], "usd": [130.0, 50.0], "km": [100.0, 40.0]}
    split = Network.from_edges(
        ["a", "b"],
        ["b", "c"],
        costs,
        nodes={"country": ["CN", "KZ", "KZ"], "name": ["A", "B", "C"]},
        edges={"mode": ["rail", "ferry"]},
    )
    r = route(split, "a", "c")
    assert [(t.kind, t.node, t.detail) for t in r.transfers] == [
        ("border_crossing", "b", "CN → KZ"),
        ("sailing_wait", "b", "e1"),
    ]
    border, wait = r.transfers
    assert (border.costs["hours"], border.costs["usd"]) == (5.0, 30.0)
    assert (wait.costs["hours"], wait.costs["usd"]) == (6.0, 0.0)
    assert [(leg.hours, leg.cost, leg.km) for leg in r.legs] == [
        (10.0, 100.0, 100.0),
        (4.0, 50.0, 40.0),
    ]
    for column in ("hours", "usd", "km"):
        events = sum(t.costs.get(column, 0.0) for t in r.transfers)
        assert sum(leg.costs[column] for leg in r.legs) + events == r.totals[column]
    assert "1 border crossing (B 5.0 h), 1 wait for a sailing (B 6.0 h)" in r.explanation
    # without the parts the border dwell stays in its leg and no wait is reported
    plain = Network.from_edges(
        ["a", "b"],
        ["b", "c"],
        {"hours": [15.0, 10.0]},
        nodes={"country": ["CN", "KZ", "KZ"]},
        edges={"mode": ["rail", "ferry"]},
    )
    r = route(plain, "a", "c")
    assert [(t.kind, dict(t.costs)) for t in r.transfers] == [("border_crossing", {})]
    assert [leg.hours for leg in r.legs] == [15.0, 10.0]


def test_no_route_names_the_constraints(net: Network) -> None:
    with pytest.raises(NoRouteError, match=r"no route from Chongqing to Duisburg \(.*RU.*ferry"):
        route(net, "Chongqing", "Duisburg", avoid_countries=["RU"], avoid_modes=["ferry"])
    with pytest.raises(NoRouteError, match="at most 1 transfers"):
        route(net, "Chongqing", "Duisburg", max_transfers=1)


def test_an_avoided_mode_is_not_reached_by_a_transfer_either(bundled: Network) -> None:
    # Khorgos -> Alat without Russia: with roads allowed the box may be lifted onto a truck at Kuryk for the
    # ro-ro (a mode change, then the truck's port call); avoiding road forbids that transload and
    # the lift at a road end, so the rail route pays the rail port call at Kuryk instead.
    any_mode = route(bundled, "cn-khorgos", "az-alat", avoid_countries=["RU"])
    rail = route(bundled, "cn-khorgos", "az-alat", avoid_countries=["RU"], avoid_modes=["road"])
    assert "mode_change" in [t.kind for t in any_mode.transfers]
    assert "mode_change" not in [t.kind for t in rail.transfers]
    assert all(leg.mode != "road" for leg in rail.legs)
    assert rail.days > any_mode.days


def test_max_transfers_and_via(net: Network) -> None:
    assert route(net, "Chongqing", "Duisburg", max_transfers=2).nodes == NORTHERN
    r = route(net, "Chongqing", "Duisburg", via=["Aktau"])
    assert "kz-aktau" in r.nodes
    assert "ru-moscow" in r.nodes  # back to Dostyk, then north: the fastest walk through Aktau
    with pytest.raises(DataError, match="lies in an avoided"):
        route(net, "Chongqing", "Duisburg", via=["Moscow"], avoid_countries=["RU"])


def test_avoid_nodes_links_and_modes(net: Network) -> None:
    assert route(net, "Chongqing", "Duisburg", avoid_nodes=["Moscow"]).nodes == MIDDLE
    assert route(net, "Chongqing", "Duisburg", avoid_links=["bre-mal"]).nodes == MIDDLE
    with pytest.raises(NotFoundError, match="no-such-link"):
        route(net, "Chongqing", "Duisburg", avoid_links=["no-such-link"])
    with pytest.raises(DataError, match="unknown mode 'hovercraft'"):
        route(net, "Chongqing", "Duisburg", avoid_modes=["hovercraft"])
    with pytest.raises(DataError, match="ISO 3166-1"):
        route(net, "Chongqing", "Duisburg", avoid_countries=["XX"])
    with pytest.raises(DataError, match="origin 'cn-chongqing'"):
        route(net, "Chongqing", "Duisburg", avoid_countries=["CN"])


def test_year_opens_planned_lines(net: Network) -> None:
    now = route(net, "Dostyk", "Aktau", optimize="distance")
    later = route(net, "Dostyk", "Aktau", optimize="distance", year=2030)
    assert now.totals["km"] == 2500
    assert later.totals["km"] == 2000
    assert route(net, "Dostyk", "Aktau", year=2029).legs[0].links == ("dos-akt",)
    # a planned link is unknown to the 2026 network but still a valid link id
    assert route(net, "Dostyk", "Aktau", avoid_links=["dos-akt-new"]).totals["km"] == 2500


def test_cargo_per_tonne_and_weighted_objective(net: Network) -> None:
    teu = route(net, "Chongqing", "Duisburg", optimize="cost")
    tonne = route(net, "Chongqing", "Duisburg", optimize="cost", cargo="tonne")
    assert tonne.totals["usd"] == pytest.approx(teu.totals["usd"] / 10)
    assert tonne.totals["hours"] == teu.totals["hours"]
    assert "per tonne" in tonne.explanation
    mixed = route(net, "Chongqing", "Duisburg", optimize={"time": 1.0, "cost": 0.001})
    assert mixed.objective == pytest.approx(mixed.totals["hours"] + 0.001 * mixed.totals["usd"])
    with pytest.raises(NotFoundError, match="criterion 'risk' is not a cost"):
        route(net, "Chongqing", "Duisburg", optimize="risk")
    with pytest.raises(DataError, match="weight >= 0"):
        route(net, "Chongqing", "Duisburg", optimize={"time": -1.0})
    with pytest.raises(DataError, match="same place"):
        route(net, "Duisburg", "de-duisburg")


def test_alternatives_are_ordered_distinct_and_report_overlap(net: Network) -> None:
    routes = alternatives(net, "Chongqing", "Duisburg", k=3, max_overlap=1.0)
    assert [r.nodes for r in routes[:2]] == [NORTHERN, MIDDLE]
    objectives = [r.objective for r in routes]
    assert objectives == sorted(objectives)
    assert len({r.edges for r in routes}) == len(routes)
    assert routes[0].overlap == 1.0
    shared = 3000 + 20  # Chongqing - Alashankou - Dostyk
    assert routes[1].overlap == pytest.approx(shared / routes[1].totals["km"])
    assert "Against the best: +" in routes[1].explanation
    strict = alternatives(net, "Chongqing", "Duisburg", k=3, max_overlap=0.2)
    assert [r.nodes for r in strict] == [NORTHERN]
    assert alternatives(net, "Chongqing", "Duisburg", avoid_countries=["RU"])[0].nodes == MIDDLE
    with pytest.raises(DataError, match="k: expected"):
        alternatives(net, "Chongqing", "Duisburg", k=0)


def test_pareto_on_time_and_cost(net: Network) -> None:
    routes = pareto(net, "Chongqing", "Duisburg", criteria=("time", "co2"))
    assert [r.nodes for r in routes] == [NORTHERN]  # it wins on both
    both = pareto(net, "Chongqing", "Duisburg", criteria=("time", "co2"), avoid_nodes=["Moscow"])
    assert [r.nodes for r in both] == [MIDDLE]
    with pytest.raises(DataError, match="two or more distinct"):
        pareto(net, "Chongqing", "Duisburg", criteria=("time", "hours"))


# ------------------------------------------------------------------ random edge-list networks


@st.composite
def edge_lists(draw: st.DrawFn) -> tuple[Network, str, str]:
    n = draw(st.integers(2, 6))
    names = [f"n{i}" for i in range(n)]
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(names), st.sampled_from(names)).filter(
                lambda p: p[0] != p[1]
            ),
            min_size=1,
            max_size=12,
        )
    )
    a = draw(st.lists(st.integers(0, 9), min_size=len(pairs), max_size=len(pairs)))
    b = draw(st.lists(st.integers(0, 9), min_size=len(pairs), max_size=len(pairs)))
    net = Network.from_edges(
        [p[0] for p in pairs],
        [p[1] for p in pairs],
        {"alpha": a, "beta": b},
        node_ids=names,
        nodes={"country": ["KZ", "CN", "RU", "DE", "KZ", "TR"][:n]},
    )
    s, t = draw(st.sampled_from(list(itertools.permutations(names, 2))))
    return net, s, t


def brute(net: Network, s: str, t: str, avoid: str | None = None) -> list[tuple[float, float]]:
    g = net.to_networkx()
    if avoid is not None:
        g.remove_node(avoid)
    if s not in g or t not in g:
        return []
    return [
        (sum(g.edges[e]["alpha"] for e in p), sum(g.edges[e]["beta"] for e in p))
        for p in nx.all_simple_edge_paths(g, s, t)
    ]


@settings(deadline=None)
@given(edge_lists())
def test_any_edge_list_network_routes_optimally(data: tuple[Network, str, str]) -> None:
    net, s, t = data
    vectors = brute(net, s, t)
    if not vectors:
        with pytest.raises(NoRouteError):
            route(net, s, t, optimize="alpha")
        return
    assert route(net, s, t, optimize="alpha").objective == min(v[0] for v in vectors)
    found = {
        (r.totals["alpha"], r.totals["beta"]) for r in pareto(net, s, t, criteria=["alpha", "beta"])
    }
    unique = set(vectors)
    expected = {
        v for v in unique if not any(w != v and w[0] <= v[0] and w[1] <= v[1] for w in unique)
    }
    assert found == expected
    alts = alternatives(net, s, t, optimize="alpha", k=4, max_overlap=1.0)
    assert [r.objective for r in alts] == sorted(v[0] for v in vectors)[:4]
    for r in alts:
        assert len(set(r.nodes)) == len(r.nodes)


@settings(deadline=None)
@given(edge_lists(), st.data())
def test_avoided_places_are_never_used(data: tuple[Network, str, str], draw: st.DataObject) -> None:
    net, s, t = data
    others = [str(i) for i in net.node_ids if i not in (s, t)]
    if not others:
        return
    avoid = draw.draw(st.sampled_from(others))
    vectors = brute(net, s, t, avoid=avoid)
    if not vectors:
        with pytest.raises(NoRouteError):
            route(net, s, t, optimize="alpha", avoid_nodes=[avoid])
        return
    r = route(net, s, t, optimize="alpha", avoid_nodes=[avoid])
    assert avoid not in r.nodes
    assert r.objective == min(v[0] for v in vectors)
    country = str(net.node_country[net.node_index(avoid)])
    if country not in {str(net.node_country[net.node_index(x)]) for x in (s, t)}:
        try:
            r2 = route(net, s, t, optimize="alpha", avoid_countries=[country])
        except NoRouteError:
            return
        assert country not in r2.countries


def test_pareto_label_budget(net: Network) -> None:
    with pytest.raises(LabelBudgetError, match="more than 3 labels"):
        pareto(net, "Chongqing", "Duisburg", criteria=("time", "cost"), max_labels=3)


def test_pareto_with_max_transfers_stays_exact() -> None:
    # a -road-> m, transfer to rail, m -rail-> b: fast and cheap with 1 transfer; or a direct road
    net = Network(
        node_ids=["a", "m", "b"],
        vertex_node=[0, 1, 1, 2, 2],
        vertex_side=["road", "road", "rail-1520", "rail-1520", "road"],
        edge_source=[0, 1, 2, 0],
        edge_target=[1, 2, 3, 4],
        edges={
            "kind": ["link", "transfer", "link", "link"],
            "mode": ["road", "transfer", "rail", "road"],
        },
        costs={"hours": [1.0, 1.0, 5.0, 20.0], "usd": [1.0, 1.0, 1.0, 10.0]},
    )
    assert [r.totals["hours"] for r in pareto(net, "a", "b", criteria=("time", "cost"))] == [7.0]
    only = pareto(net, "a", "b", criteria=("time", "cost"), max_transfers=0)
    assert [r.totals["hours"] for r in only] == [20.0]
    assert route(net, "a", "b", max_transfers=0).totals["hours"] == 20.0
    assert route(net, "a", "b", max_transfers=1).totals["hours"] == 7.0


def test_reliability_combines_edge_risks() -> None:
    net = Network.from_edges(
        ["a", "b"],
        ["b", "c"],
        {"hours": [10.0, 10.0], "risk": [6.0, 30.0]},
        nodes={"country": ["KZ", "RU", "BY"]},
    )
    r = route(net, "a", "c")
    p = [1 - np.exp(-x / DISRUPTION_HOURS) for x in (6.0, 30.0)]
    assert r.reliability == pytest.approx((1 - p[0]) * (1 - p[1]))
    assert "most of it in Russia" in r.explanation
    assert r.to_dict()["reliability"] == pytest.approx(r.reliability)
    assert route(mini(), "Chongqing", "Duisburg").reliability is None


# ------------------------------------------------------------------ the bundled network


@pytest.fixture(scope="module")
def bundled() -> Network:
    from eurasia.corridors.io.dataset import load_network

    return load_network()


def test_chongqing_duisburg_northern_route_by_time(bundled: Network) -> None:
    # the published times are for container trains: roads are left out of these queries
    r = route(bundled, "Chongqing", "Duisburg", avoid_modes=["road"])
    # published 16-18 days door to door (navisgroup.com.ua, 2025-08-27; facts/corridors.md)
    assert 16.0 <= r.days <= 18.0
    assert {"KZ", "RU", "BY", "PL"} <= set(r.countries)
    assert [t.kind for t in r.transfers].count("gauge_change") == 2
    assert r.explanation.startswith("Chongqing → Duisburg, fastest:")


def test_chongqing_duisburg_middle_corridor_without_russia(bundled: Network) -> None:
    # published 32-37 days China -> Duisburg on the TITR (navisgroup.com.ua, 2025-08-27)
    any_south = route(
        bundled, "Chongqing", "Duisburg", avoid_countries=["RU"], avoid_modes=["road"]
    )
    assert 32.0 <= any_south.days <= 37.0
    assert "RU" not in any_south.countries
    assert "Avoids countries RU" in any_south.explanation
    # sanctions-aware shippers avoid Iran too: that leaves the Trans-Caspian route
    r = route(bundled, "Chongqing", "Duisburg", avoid_countries=["RU", "IR"], avoid_modes=["road"])
    assert 32.0 <= r.days <= 37.0
    assert {"KZ", "AZ", "GE"} <= set(r.countries)
    caspian = [leg for leg in r.legs if leg.mode == "ferry"]
    assert caspian
    assert caspian[0].from_node in {"kz-aktau", "kz-kuryk"}
    assert [t.kind for t in r.transfers].count("port") >= 2


def test_bundled_route_shows_border_dwell_and_ferry_waiting(bundled: Network) -> None:
    r = route(bundled, "Chongqing", "Duisburg", avoid_countries=["RU", "IR"], avoid_modes=["road"])
    for column in ("hours", "usd", "km", "co2_kg", "risk"):
        events = sum(t.costs.get(column, 0.0) for t in r.transfers)
        assert sum(leg.costs[column] for leg in r.legs) + events == pytest.approx(r.totals[column])
    borders = {t.node: t.costs for t in r.transfers if t.kind == "border_crossing"}
    assert borders["ge-gardabani"]["hours"] == pytest.approx(40.6)  # CAREC rail average 2022
    assert borders["ge-gardabani"]["usd"] == pytest.approx(215.0)
    waits = [t for t in r.transfers if t.kind == "sailing_wait"]
    assert (waits[0].node, waits[0].detail) == ("kz-kuryk", "kz-kuryk--az-alat")
    assert waits[0].costs["hours"] == pytest.approx(168 / 2 / 2)  # two sailings a week
    ferry = next(leg for leg in r.legs if leg.mode == "ferry")
    assert ferry.hours == pytest.approx(ferry.km / 400 * 24)  # the sailing alone
    assert "Kuryk 42 h" in r.explanation


def test_without_russia_rail_is_fastest_through_iran_and_safest_across_the_caspian(
    bundled: Network,
) -> None:
    # docs/routing.md: by rail and ferry alone (no truck anywhere, not even a transload at a
    # port), avoiding Russia, the Iranian route (Turkmenistan, Iran, the Lake Van ferry) is faster
    # than the Trans-Caspian one, which pays the calibrated Kuryk port call (96 h) and lies inside
    # the published 32-37 days; the Iranian route carries more expected disruption.
    iran = route(bundled, "Chongqing", "Duisburg", avoid_countries=["RU"], avoid_modes=["road"])
    assert {"TM", "IR", "TR"} <= set(iran.countries)
    assert "tr-van" in iran.nodes
    caspian = route(
        bundled, "Chongqing", "Duisburg", avoid_countries=["RU", "IR"], avoid_modes=["road"]
    )
    assert {"KZ", "AZ", "GE"} <= set(caspian.countries)
    assert 32.0 <= caspian.days <= 37.0
    assert iran.days < caspian.days
    assert caspian.totals["risk"] < iran.totals["risk"]
    for r in (iran, caspian):
        assert "mode_change" not in [t.kind for t in r.transfers]


def test_bundled_pareto_alternatives_and_names(bundled: Network) -> None:
    front = pareto(bundled, "cn-chongqing", "DUISBURG", criteria=("time", "cost", "co2"))
    assert len(front) >= 2
    fastest = min(front, key=lambda r: r.totals["hours"])
    assert fastest.totals["hours"] == pytest.approx(
        route(bundled, "Chongqing", "Duisburg").totals["hours"]
    )
    alts = alternatives(bundled, "Chongqing", "Duisburg", k=3)
    assert len(alts) == 3
    assert all(r.overlap < 0.8 for r in alts[1:])
    with pytest.raises(NotFoundError, match="did you mean"):
        route(bundled, "Chongqingg City", "Duisburg")
