"""Place names: every node is named in Russian and Kazakh, local names where they differ, and
any of them — Cyrillic, Kazakh Latin (2021), local script, with or without diacritics — finds it,
in the route planner of the CLI, the API and the web app."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from eurasia.corridors.io.dataset import load_network, read_dataset
from eurasia.corridors.network.model import Network
from eurasia.corridors.network.names import (
    _names,
    kazakh_latin,
    localized_name,
    resolve_node,
    search_nodes,
)

CYRILLIC = re.compile("[а-яёәғқңөұүһі]", re.IGNORECASE)
LOCAL_SCRIPT = {
    "CN": re.compile("[\u4e00-\u9fff]"),
    "GE": re.compile("[\u10d0-\u10ff]"),
    "IR": re.compile("[\u0600-\u06ff]"),
    "AZ": re.compile("[A-Za-zƏəĞğİıÖöŞşÜüÇç]"),
    "TR": re.compile("[A-Za-zĞğİıÖöŞşÜüÇç]"),
}


@pytest.fixture(scope="module")
def net() -> Network:
    return load_network()


def test_every_node_has_russian_and_kazakh_names() -> None:
    nodes = read_dataset().nodes
    assert len(nodes) > 200
    assert [n.id for n in nodes if not CYRILLIC.search(n.name_ru)] == []
    assert [n.id for n in nodes if not CYRILLIC.search(n.name_kk)] == []


@pytest.mark.parametrize("country", sorted(LOCAL_SCRIPT))
def test_local_names_where_they_differ(country: str) -> None:
    nodes = [n for n in read_dataset().nodes if n.country == country]
    assert nodes
    assert [n.id for n in nodes if not LOCAL_SCRIPT[country].search(n.name_local)] == []


def test_every_name_of_every_node_finds_that_node(net: Network) -> None:
    wrong = []
    for i in range(net.n_nodes):
        for name in _names(net, i):
            found = resolve_node(net, name)
            if found != i:
                wrong.append((name, str(net.node_ids[i]), str(net.node_ids[found])))
    assert wrong == []


@pytest.mark.parametrize(
    ("query", "node"),
    [
        ("Достык", "kz-dostyk"),  # Russian
        ("Достық", "kz-dostyk"),  # Kazakh Cyrillic
        ("Dostyq", "kz-dostyk"),  # Kazakh Latin (2021)
        ("DOSTYK", "kz-dostyk"),
        ("Şymkent", "kz-shymkent"),
        ("Symkent", "kz-shymkent"),  # the same without the cedilla
        ("Qarağandy", "kz-karaganda"),
        ("Qaragandy", "kz-karaganda"),
        ("Türkıstan", "kz-turkestan"),
        ("Aqtöbe", "kz-aktobe"),
        ("Ақтөбе", "kz-aktobe"),
        ("Mañğystau", "kz-mangyshlak"),
        ("Jezqazğan", "kz-zhezkazgan"),
        ("Үрімжі", "cn-urumqi"),
        ("Құмыл", "cn-hami"),
        ("霍尔果斯", "cn-khorgos"),  # Chinese
        ("ფოთი", "ge-poti"),  # Georgian
        ("بندر عباس", "ir-bandar-abbas"),  # Persian
        ("كابل", "af-kabul"),  # Kabul typed with the Arabic kaf
        ("Gəncə", "az-ganja"),  # Azerbaijani
        ("Gence", "az-ganja"),
        ("İstanbul", "tr-istanbul"),  # Turkish
        ("Türkmenbaşy", "tm-turkmenbashi"),
        ("Асінаўка", "by-osinovka"),  # Belarusian
        ("Мәскеу", "ru-moscow"),
        ("Майндағы Франкфурт", "de-frankfurt-main"),
    ],
)
def test_any_name_in_any_script_resolves(net: Network, query: str, node: str) -> None:
    assert str(net.node_ids[resolve_node(net, query)]) == node


def test_autocomplete_finds_kazakh_latin_prefixes(net: Network) -> None:
    assert str(net.node_ids[search_nodes(net, "Qarağ")[0]]) == "kz-karaganda"
    assert str(net.node_ids[search_nodes(net, "Достық")[0]]) == "kz-dostyk"


def test_kazakh_latin_2021_letters() -> None:
    assert kazakh_latin("Қазақстан Республикасы") == "Qazaqstan Respublikasy"
    assert kazakh_latin("Бұрыңғы өткен заманда, бір данышпан кісі") == (
        "Būryñğy ötken zamanda, bır danyşpan kısı"
    )
    assert kazakh_latin("Үйіне ЖЕҢЕ") == "Üiıne JEÑE"


@pytest.mark.parametrize(
    ("locale", "name"), [("en", "Semey"), ("ru", "Семей"), ("kk", "Семей"), ("de", "Semey")]
)
def test_localized_names(net: Network, locale: str, name: str) -> None:
    assert localized_name(net, net.node_index("kz-semey"), locale) == name


def test_api_plans_a_route_between_cyrillic_names(client: TestClient) -> None:
    response = client.get("/api/routes", params={"origin": "Достык", "destination": "Ақтау"})
    assert response.status_code == 200, response.text
    route = response.json()["data"][0]
    assert (route["origin"], route["destination"]) == ("kz-dostyk", "kz-aktau")


def test_api_autocomplete_answers_every_name(client: TestClient) -> None:
    found = client.get("/api/network/nodes/search", params={"q": "Dostyq"}).json()["data"]
    assert found[0]["id"] == "kz-dostyk"
    assert (found[0]["name_ru"], found[0]["name_kk"]) == ("Достык", "Достық")
