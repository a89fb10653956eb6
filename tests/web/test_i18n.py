"""Translations: the catalogues hold every user-facing string and compile; language negotiation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from eurasia.web.i18n import LOCALE_DIR, available_locales, negotiate, translations

WEB = LOCALE_DIR.parent
METHODS = [("templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}


def _extracted() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found = extract_from_dir(WEB, METHODS, keywords=keywords, options_map=OPTIONS)
    return {msg if isinstance(msg, str) else msg[0] for _file, _line, msg, _c, _ctx in found}


def _msgids(path: Path) -> set[str]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


def test_template_and_catalogues_hold_every_string() -> None:
    extracted = _extracted()
    assert {"Key figures", "Sign in", "Plan a route", "%(num)d token"} <= extracted
    assert _msgids(LOCALE_DIR / "messages.pot") == extracted
    for locale in available_locales():
        missing = extracted - _msgids(LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po")
        assert missing == set(), f"{locale}: run pybabel update (see babel.cfg); missing {missing}"


@pytest.mark.parametrize("locale", available_locales())
def test_catalogues_compile_with_plural_forms(locale: str) -> None:
    catalogue = translations(locale)
    one = catalogue.ngettext("%(num)d token", "%(num)d tokens", 1) % {"num": 1}
    many = catalogue.ngettext("%(num)d token", "%(num)d tokens", 5) % {"num": 5}
    assert "1" in one
    assert "5" in many
    if locale == "en":
        assert (one, many) == ("1 token", "5 tokens")


@pytest.mark.parametrize(
    ("query", "cookie", "header", "expected"),
    [
        (None, None, None, "en"),
        ("en", "xx", "fr", "en"),
        ("zz", None, "en-GB,en;q=0.8", "en"),
        (None, None, "de;q=0.9, *;q=0.1", "en"),
    ],
)
def test_negotiation_order(
    query: str | None, cookie: str | None, header: str | None, expected: str
) -> None:
    assert negotiate(query=query, cookie=cookie, accept_language=header) == expected
