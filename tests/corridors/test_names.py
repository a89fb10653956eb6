"""Place-name resolution: ids, case, diacritics, scripts, aliases, prefixes and suggestions."""

from __future__ import annotations

import pytest

from eurasia.corridors.network.model import Network
from eurasia.corridors.network.names import name_key, resolve_node, search_nodes, suggest_nodes
from eurasia.errors import DataError, NotFoundError


@pytest.fixture
def net() -> Network:
    ids = ["cn-chongqing", "kz-dostyk", "pl-malaszewicze", "by-brest", "fr-brest", "kz-aktau"]
    return Network.from_edges(
        ids[:-1],
        ids[1:],
        node_ids=ids,
        nodes={
            "name": ["Chongqing", "Dostyk", "Małaszewicze", "Brest", "Brest", "Aktau"],
            "name_ru": ["Чунцин", "Достык", "", "Брест", "", "Актау"],
            "name_kk": ["", "Достық", "", "", "", "Ақтау"],
            "aliases": ["Chungking", "Druzhba", "", "", "", ""],
            "country": ["CN", "KZ", "PL", "BY", "FR", "KZ"],
        },
    )


@pytest.mark.parametrize(
    ("query", "node"),
    [
        ("cn-chongqing", "cn-chongqing"),
        ("CN-CHONGQING", "cn-chongqing"),
        ("chongqing", "cn-chongqing"),
        ("Chungking", "cn-chongqing"),
        ("Чунцин", "cn-chongqing"),
        ("kz-dostyk", "kz-dostyk"),
        ("Dostyq", "kz-dostyk"),  # Kazakh Latin spelling
        ("Достық", "kz-dostyk"),
        ("druzhba", "kz-dostyk"),
        ("Malaszewicze", "pl-malaszewicze"),
        ("MAŁASZEWICZE", "pl-malaszewicze"),
        ("Aqtau", "kz-aktau"),
        ("by-brest", "by-brest"),
        ("Małasz", "pl-malaszewicze"),  # unique prefix
    ],
)
def test_resolves_forgivingly(net: Network, query: str, node: str) -> None:
    assert str(net.node_ids[resolve_node(net, query)]) == node


def test_unknown_name_lists_suggestions(net: Network) -> None:
    with pytest.raises(NotFoundError, match=r"unknown place 'Dostykk'; did you mean: Dostyk \("):
        resolve_node(net, "Dostykk")


def test_nothing_close_gives_no_suggestion(net: Network) -> None:
    with pytest.raises(NotFoundError) as info:
        resolve_node(net, "Zzyzx")
    assert str(info.value) == "unknown place 'Zzyzx'"


def test_ambiguous_name_asks_for_the_id(net: Network) -> None:
    with pytest.raises(DataError, match=r"ambiguous: Brest \(by-brest\), Brest \(fr-brest\)"):
        resolve_node(net, "brest")


def test_empty_query_is_rejected(net: Network) -> None:
    with pytest.raises(DataError, match="expected a node id or name"):
        resolve_node(net, " - ")


def test_suggestions_rank_closest_first(net: Network) -> None:
    assert [str(net.node_ids[i]) for i in suggest_nodes(net, "Aktao")] == ["kz-aktau"]


def test_search_for_autocomplete(net: Network) -> None:
    assert [str(net.node_ids[i]) for i in search_nodes(net, "бре")] == ["by-brest", "fr-brest"]
    assert [str(net.node_ids[i]) for i in search_nodes(net, "qing")] == ["cn-chongqing"]
    assert search_nodes(net, "") == []
    assert len(search_nodes(net, "a", limit=2)) == 2


def test_name_key_scripts() -> None:
    assert name_key("Достық") == name_key("Dostyk") == "dostyk"
    assert name_key("Bakı") == "baki"
    assert name_key("Straße") == "strasse"
