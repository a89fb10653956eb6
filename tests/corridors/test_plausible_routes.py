"""Routes a freight analyst would accept: no fastest route from China or Central Asia to Türkiye
or the Caucasus runs through the EU (issue 14); road crossings are facilities of their own."""

from __future__ import annotations

import itertools

import pytest

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.network.costs import EU
from eurasia.corridors.network.model import Network
from eurasia.corridors.routing.search import route

ORIGINS = (
    "cn-xian",
    "cn-chongqing",
    "cn-urumqi",
    "cn-kashgar",
    "cn-lianyungang",
    "cn-khorgos",
    "kz-almaty",
    "kz-astana",
    "kz-aktobe",
    "kz-shymkent",
    "kz-aktau",
    "uz-tashkent",
    "uz-bukhara",
    "kg-bishkek",
    "tm-ashgabat",
)
DESTINATIONS = (
    "tr-istanbul",
    "tr-ankara",
    "tr-mersin",
    "tr-samsun",
    "tr-kars",
    "tr-erzurum",
    "ge-tbilisi",
    "ge-poti",
    "ge-batumi",
    "az-baku",
    "az-alat",
)


@pytest.fixture(scope="module")
def bundled() -> Network:
    return load_network()


def test_no_fastest_route_to_turkiye_or_the_caucasus_crosses_the_eu(bundled: Network) -> None:
    through_eu = []
    for origin, destination in itertools.product(ORIGINS, DESTINATIONS):
        r = route(bundled, origin, destination)
        if set(r.countries) & EU:
            through_eu.append((origin, destination, r.countries))
    assert through_eu == []


def test_trucks_cross_at_road_crossings_and_change_mode_only_at_terminals(
    bundled: Network,
) -> None:
    kinds = dict(zip(bundled.node_ids.tolist(), bundled.node_kind.tolist(), strict=True))
    changes = {
        str(bundled.node_ids[bundled.vertex_node[bundled.edge_source[e]]])
        for e in range(bundled.n_edges)
        if bundled.edge_transfer[e] == "mode_change"
    }
    # a border station never swaps a container between train and truck (Astara: the Iranian
    # transshipment to trucks until the Rasht-Astara railway opens)
    assert {n for n in changes if kinds[n] == "border"} == {"ir-astara"}
    r = route(bundled, "uz-tashkent", "tr-istanbul")
    assert "ir-bazargan" in r.nodes
    assert {leg.mode for leg in r.legs} == {"road"}


@pytest.mark.parametrize("destination", ["kz-almaty", "uz-tashkent", "kg-bishkek"])
def test_from_khorgos_the_fastest_route_to_central_asia_crosses_at_altynkol(
    bundled: Network, destination: str
) -> None:
    # Altynkol is about 500 km shorter than Dostyk for Central Asian traffic (railfreight
    # 2023-03-27); its gauge change is processing as at Dostyk, so no route doubles back
    # through China to Alashankou.
    r = route(bundled, "cn-khorgos", destination)
    assert "kz-altynkol" in r.nodes
    assert "cn-alashankou" not in r.nodes


@pytest.mark.parametrize("destination", ["az-baku", "de-duisburg"])
def test_from_khorgos_westward_the_crossings_tie_on_the_new_dostyk_double_track(
    bundled: Network, destination: str
) -> None:
    # A near-tie, not a data error (docs/data.md): the doubling back to Alashankou wins by a few
    # hours in 10-14 days only on the Dostyk-Moyinty second track (2025); before it opened, the
    # fastest route left by Altynkol.
    fastest = route(bundled, "cn-khorgos", destination)
    altynkol = route(bundled, "cn-khorgos", destination, via=["kz-altynkol"])
    assert "cn-alashankou" in fastest.nodes
    assert 0 < altynkol.totals["hours"] - fastest.totals["hours"] < 6
    assert "kz-dostyk--kz-aktogay-2" in {bundled.edge_id[e] for e in fastest.edges}
    before = route(bundled, "cn-khorgos", destination, year=2024)
    assert "kz-altynkol" in before.nodes
    assert "cn-alashankou" not in before.nodes
