"""Languages: the gettext catalogues shared by the web app and the CLI, and locale choice.

One catalogue per language, ``locale/<lang>/LC_MESSAGES/messages.po`` next to this module, holds
every user-facing string of the web pages, the CLI and the fixed vocabularies (modes, statuses,
kinds, verdicts, topics, bundled indicator titles and units). Catalogues are compiled in memory
on first use, so the repository holds no binary ``.mo`` files. English is the source language;
a language is offered as soon as its catalogue exists. Values from data (place names aside, which
carry their own columns) are never translated.

Examples
--------
>>> available_locales()[0]
'en'
>>> translations("ru").gettext("Corridors")
'Коридоры'
>>> translations("kk").ngettext("%(num)d route", "%(num)d routes", 5) % {"num": 5}
'5 маршрут'
>>> locale_from_environment({"LANG": "kk_KZ.UTF-8"}), locale_from_environment({"LANG": "C"})
('kk', 'en')
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Mapping
from pathlib import Path

from babel.core import Locale, UnknownLocaleError, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

__all__ = [
    "DEFAULT_LOCALE",
    "DOMAIN",
    "LOCALE_DIR",
    "N_",
    "available_locales",
    "catalogue_path",
    "country_name",
    "locale_from_environment",
    "negotiate_tags",
    "translations",
]

LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT_LOCALE = "en"
DOMAIN = "messages"
# POSIX order: LANGUAGE (a priority list) wins, then LC_ALL, LC_MESSAGES, LANG.
_ENV_ORDER = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def N_(message: str) -> str:  # noqa: N802  (gettext's conventional name for "mark only")
    """Mark ``message`` for extraction without translating it here.

    Examples
    --------
    >>> N_("rail")
    'rail'
    """
    return message


def catalogue_path(locale: str) -> Path:
    """Where the catalogue of ``locale`` lives.

    Examples
    --------
    >>> catalogue_path("ru").relative_to(LOCALE_DIR).as_posix()
    'ru/LC_MESSAGES/messages.po'
    """
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def available_locales() -> tuple[str, ...]:
    """Locales with a catalogue, the default first."""
    found = sorted(
        p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po") if p.is_file()
    )
    return tuple(sorted(found, key=lambda code: code != DEFAULT_LOCALE))


@functools.cache
def translations(locale: str) -> Translations:
    """Return the compiled catalogue of ``locale`` (the default locale's when there is none).

    Fuzzy entries are left out, so a string marked fuzzy by ``pybabel update`` shows in English
    until a translator confirms it.
    """
    if locale not in available_locales():
        locale = DEFAULT_LOCALE
    with catalogue_path(locale).open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def negotiate_tags(preferred: list[str]) -> str | None:
    """Return the first offered locale matching language tags such as ``ru-RU`` or ``kk_KZ``.

    Examples
    --------
    >>> negotiate_tags(["de-DE", "ru-RU"]), negotiate_tags(["fr"])
    ('ru', None)
    """
    offered = list(available_locales())
    tags = [tag.replace("_", "-").lower() for tag in preferred if tag]
    return negotiate_locale(tags, offered, sep="-") or negotiate_locale(
        [tag.split("-")[0] for tag in tags], offered
    )


def locale_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """Return the locale the POSIX variables ask for, the default when none names an offered one.

    The variables are ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES`` and ``LANG``.

    Parameters
    ----------
    environ
        The variables to read (default: the process environment).

    Returns
    -------
    str
        An offered locale code such as ``ru``.

    Examples
    --------
    >>> locale_from_environment({"LANGUAGE": "de:ru", "LANG": "en_US.UTF-8"})
    'ru'
    >>> locale_from_environment({"LC_ALL": "ru_RU.UTF-8", "LANG": "kk_KZ.UTF-8"})
    'ru'
    >>> locale_from_environment({})
    'en'
    """
    env = os.environ if environ is None else environ
    for name in _ENV_ORDER:
        value = env.get(name, "").strip()
        if not value:
            continue
        tags = [part.split(".")[0].split("@")[0] for part in value.split(":")]
        tags = [tag for tag in tags if tag and tag not in ("C", "POSIX")]
        if not tags:
            return DEFAULT_LOCALE
        found = negotiate_tags(tags)
        if found is not None:
            return found
        if name != "LANGUAGE":
            return DEFAULT_LOCALE
    return DEFAULT_LOCALE


def country_name(code: str, locale: str) -> str:
    """Return a country's name in ``locale`` (CLDR data via Babel) from its ISO alpha-2 or alpha-3 code.

    Examples
    --------
    >>> country_name("KZ", "ru"), country_name("CHN", "kk"), country_name("DE", "en")
    ('Казахстан', 'Қытай', 'Germany')
    >>> country_name("XX", "ru")
    'XX'
    """
    alpha2 = code.upper()
    if len(alpha2) == 3:
        import pycountry

        found = pycountry.countries.get(alpha_3=alpha2)
        if found is None:
            return code
        alpha2 = found.alpha_2
    try:
        names = Locale.parse(locale).territories
    except (ValueError, UnknownLocaleError):
        names = Locale.parse(DEFAULT_LOCALE).territories
    return str(names.get(alpha2, code))
