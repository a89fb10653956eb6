"""Catalogues: the template holds every string, each catalogue translates all of it with the
right plural forms and placeholders, and the catalogues compile."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

from eurasia.i18n import LOCALE_DIR, available_locales, catalogue_path, translations
from eurasia.i18n.extract import extracted_messages

TRANSLATED = ("ru", "kk")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdrf]|\{\w*\}")
# msgstrs that may equal their msgid: symbols and codes written the same in every script
SAME = {
    "ru": {"%", "CO2", "HTTP API (OpenAPI)", "uid"},
    "kk": {"%", "CO2", "HTTP API (OpenAPI)", "uid", "TEU", "USD/TEU"},
}


def _catalogue(locale: str) -> Catalog:
    with catalogue_path(locale).open("rb") as handle:
        return read_po(handle, locale=locale)


def _template() -> Catalog:
    with (LOCALE_DIR / "messages.pot").open("rb") as handle:
        return read_po(handle)


def _forms(string: str | tuple[str, ...]) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)


def _key(message: Message) -> tuple[str | None, str]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def test_every_language_is_offered() -> None:
    assert available_locales() == ("en", "kk", "ru")


def test_template_holds_exactly_the_extracted_strings() -> None:
    extracted = extracted_messages()
    in_template = {_key(m)[1] for m in _template() if m.id}
    missing, stale = extracted - in_template, in_template - extracted
    assert (missing, stale) == (set(), set()), "run `make i18n` (see docs/i18n.md)"


@pytest.mark.parametrize("locale", available_locales())
def test_catalogue_follows_the_template(locale: str) -> None:
    template = {_key(m) for m in _template() if m.id}
    catalogue = {_key(m) for m in _catalogue(locale) if m.id}
    assert catalogue == template, "run `make i18n` and translate the new strings"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_string_is_translated_without_fuzzy_flags(locale: str) -> None:
    untranslated, fuzzy = [], []
    for message in _catalogue(locale):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(form.strip() for form in forms):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_keep_placeholders(locale: str) -> None:
    wrong = []
    for message in _catalogue(locale):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        wrong += [(ids[0], s) for s in strings if sorted(PLACEHOLDER.findall(s)) != wanted]
    assert wrong == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_are_not_copies_of_the_english(locale: str) -> None:
    copies = {m.id for m in _catalogue(locale) if m.id and m.string == m.id}
    assert copies <= SAME[locale]


def test_kazakh_is_written_in_cyrillic() -> None:
    def latin_words_only(text: str) -> bool:
        words = PLACEHOLDER.sub("", text)
        return bool(re.search("[A-Za-z]{3,}", words)) and not re.search(
            "[а-яәғқңөұүһі]", words, re.I
        )

    codes = SAME["kk"] | {"USD %(usd)s", "USD/TEU"}  # amounts and units with currency codes
    latin = [
        m.id
        for m in _catalogue("kk")
        if m.id and m.id not in codes and any(latin_words_only(s) for s in _forms(m.string))
    ]
    assert latin == []


@pytest.mark.parametrize("locale", available_locales())
def test_plural_forms_header_follows_cldr(locale: str) -> None:
    catalogue = _catalogue(locale)
    rule = get_plural(locale)
    assert catalogue.num_plurals == rule.num_plurals
    for message in catalogue:
        if isinstance(message.id, tuple) and locale != "en":
            assert len(message.string) == rule.num_plurals, message.id


@pytest.mark.parametrize(
    ("locale", "counts"),
    [
        ("en", {1: "1 token", 2: "2 tokens", 5: "5 tokens", 21: "21 tokens"}),
        (
            "ru",
            {
                1: "1 токен",
                2: "2 токена",
                4: "4 токена",
                5: "5 токенов",
                11: "11 токенов",
                12: "12 токенов",
                21: "21 токен",
                22: "22 токена",
                25: "25 токенов",
                111: "111 токенов",
            },
        ),
        ("kk", {1: "1 токен", 2: "2 токен", 5: "5 токен", 21: "21 токен"}),
    ],
)
def test_catalogues_compile_with_the_language_plural_rule(
    locale: str, counts: dict[int, str]
) -> None:
    catalogue = translations(locale)
    for n, expected in counts.items():
        assert catalogue.ngettext("%(num)d token", "%(num)d tokens", n) % {"num": n} == expected


def test_russian_plural_forms_of_events_in_a_month() -> None:
    ngettext = translations("ru").ngettext
    forms = [
        ngettext("%(num)d event this month", "%(num)d events this month", n) % {"num": n}
        for n in (1, 3, 7)
    ]
    assert forms == [
        "1 событие в этом месяце",
        "3 события в этом месяце",
        "7 событий в этом месяце",
    ]


def test_unknown_locale_falls_back_to_english() -> None:
    assert translations("de").gettext("Corridors") == "Corridors"
