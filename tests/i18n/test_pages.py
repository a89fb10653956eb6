"""Every page in Russian and Kazakh: no string of the English catalogue is left untranslated.

Each page is rendered for ``Accept-Language: ru`` and ``kk`` (and the language switch in the URL
and cookie); its visible text nodes and its ``aria-label``, ``title`` and ``placeholder``
attributes are compared with every msgid that the language translates differently, including
msgids with placeholders (matched as patterns). Text inside elements marked ``lang="en"`` (source
texts and explanations the domain gives in English) is left out: it is declared English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from eurasia.i18n import catalogue_path
from tests.web.stores import PASSWORD

VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
ATTRIBUTES = ("aria-label", "title", "placeholder")
STRIP = " \t\n←→·:—–()"
PLACEHOLDER = re.compile(r"(%\(\w+\)[sdrf]|\{\w*\})")
PUBLIC = [
    "/",
    "/login",
    "/corridors",
    "/corridors?origin=Достык&destination=Актау",
    "/corridors?origin=Chongqing&destination=Duisburg&mode=alternatives&k=3&avoid=RU",
    "/corridors?origin=Chongqing&destination=Duisburg&mode=pareto",
    "/corridors?origin=Atlantis&destination=Duisburg",
    "/indicators",
    "/indicators?topic=transit",
    "/indicators/claims",
    "/indicators/targets",
    "/indicators/transit.cargo",
    "/indicators/trade.turnover",
    "/indicators/energy.res_share_elec_official",
    "/indicators/transit.cargo?ref_area=KAZ&counterpart=_Z&from=2019&to=2035",
    "/indicators/port.aktau_cargo",
    "/agenda",
    "/agenda?month=2026-09&kind=culture",
    "/agenda/year?year=2026",
    "/agenda/programmes",
    "/agenda/events/russian-seasons-kz@eurasia",
    "/corridors/scenarios",
    "/indicators/no.such",
]
EDITOR = [
    "/account",
    "/agenda/events/new",
    "/agenda/events/russian-seasons-kz@eurasia/edit",
    "/indicators/transit.cargo/add",
    "/agenda/programmes/new",
    "/agenda/projects/new",
]


class _Text(HTMLParser):
    """Visible text nodes and labelling attributes, outside scripts and ``lang="en"``."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._open: list[bool] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        hidden = tag in {"script", "style"} or values.get("lang") == "en"
        if not self._hidden and not hidden:
            self.found += [v for k in ATTRIBUTES if (v := values.get(k))]
        if tag not in VOID:
            self._open.append(hidden)
            self._hidden += hidden

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self._open:
            self._hidden -= self._open.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.found.append(data)


def _texts(page: str) -> Iterator[str]:
    parser = _Text()
    parser.feed(page)
    for text in parser.found:
        cleaned = " ".join(text.split()).strip(STRIP)
        if cleaned:
            yield cleaned


def _patterns(locale: str) -> list[tuple[str, re.Pattern[str]]]:
    """English msgids the locale translates differently, as patterns over a whole text node."""
    with catalogue_path(locale).open("rb") as handle:
        catalogue = read_po(handle, locale=locale)
    out = []
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if not msgid or msgid in strings or not re.search("[A-Za-z]{2}", msgid):
                continue
            text = re.sub(r"\s+", " ", msgid.strip(STRIP))
            pieces = PLACEHOLDER.split(text)
            literal = "".join(pieces[::2])
            if len(pieces) > 1 and len(re.findall("[A-Za-z]", literal)) < 8:
                continue  # "%(value)s by %(period)s" would match any data with "by" in it
            pattern = "".join(
                re.escape(piece)
                if i % 2 == 0
                else (r"\d[\d\s,.]*" if piece.endswith("d") else ".+?")
                for i, piece in enumerate(pieces)
            )
            out.append((msgid, re.compile(pattern)))
    return out


def _untranslated(page: str, locale: str) -> list[tuple[str, str]]:
    patterns = _patterns(locale)
    return [
        (text, msgid)
        for text in set(_texts(page))
        for msgid, pattern in patterns
        if pattern.fullmatch(text)
    ]


@pytest.mark.parametrize("locale", ["ru", "kk"])
@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_have_no_english_left(client: TestClient, locale: str, path: str) -> None:
    response = client.get(path, headers={"Accept-Language": f"{locale}-KZ,{locale};q=0.9"})
    assert response.status_code in (200, 404)
    assert f'<html lang="{locale}">' in response.text
    assert _untranslated(response.text, locale) == []


@pytest.mark.parametrize("locale", ["ru", "kk"])
def test_editor_pages_have_no_english_left(client: TestClient, locale: str) -> None:
    client.get("/", params={"lang": locale})  # the switch sets the cookie
    response = client.post("/login", data={"username": "eli", "password": PASSWORD})
    assert response.status_code == 200
    for path in EDITOR:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{locale}">' in response.text
        assert _untranslated(response.text, locale) == [], path


def test_the_check_finds_english_on_a_page() -> None:
    page = (
        '<html lang="ru"><h1>Key figures</h1><p>5 events this month</p>'
        '<p lang="en">Against the best: quoted</p><a title="Sign in">Войти</a></html>'
    )
    assert sorted(_untranslated(page, "ru")) == [
        ("5 events this month", "%(num)d events this month"),
        ("Key figures", "Key figures"),
        ("Sign in", "Sign in"),
    ]


def test_language_switch_in_url_then_cookie(client: TestClient) -> None:
    page = client.get("/indicators", params={"lang": "kk"})
    assert "Көрсеткіштер" in page.text
    assert client.cookies.get("lang") == "kk"
    assert '<html lang="kk">' in client.get("/agenda").text
    russian = client.get("/agenda", headers={"Accept-Language": "ru"})
    assert '<html lang="kk">' in russian.text  # the cookie outranks the browser's preference
    assert '<html lang="ru">' in client.get("/agenda", params={"lang": "ru"}).text


def test_dates_and_numbers_follow_the_locale(client: TestClient) -> None:
    russian = client.get("/agenda?month=2026-09", headers={"Accept-Language": "ru"}).text
    kazakh = client.get("/agenda?month=2026-09", headers={"Accept-Language": "kk"}).text
    assert "сентябрь 2026" in russian.lower()
    assert "қыркүйек 2026" in kazakh.lower()
    route = client.get(
        "/corridors?origin=Chongqing&destination=Duisburg", headers={"Accept-Language": "ru"}
    ).text
    assert re.search(r"\d{1,3}\xa0\d{3} км", route)  # thousands grouped by a no-break space
    assert "Чунцин → Дуйсбург" in route


def test_place_names_and_countries_in_the_page_language(client: TestClient) -> None:
    kazakh = client.get(
        "/corridors?origin=Dostyk&destination=Aktau", headers={"Accept-Language": "kk"}
    ).text
    assert "Достық → Ақтау" in kazakh
    assert "Қазақстан" in kazakh
    assert "Ресей" in kazakh  # in the list of countries to avoid
