"""Languages of the web app: gettext catalogues (Babel) and the choice of locale per request.

Catalogues live in ``web/locale/<lang>/LC_MESSAGES/messages.po`` and are compiled in memory when
first used (no binary ``.mo`` files in the repository). English is the source language; a
language is offered as soon as its catalogue exists. The request's language comes from, in order:
the ``lang`` query parameter, the ``lang`` cookie, then ``Accept-Language``.

Examples
--------
>>> "en" in available_locales()
True
>>> negotiate(query=None, cookie=None, accept_language="de-DE,de;q=0.9,en;q=0.5")
'en'
>>> translations("en").gettext("Home")
'Home'
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from babel.core import Locale, UnknownLocaleError, negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALE_DIR",
    "available_locales",
    "display_name",
    "negotiate",
    "parse_accept_language",
    "translations",
]

LOCALE_DIR = Path(__file__).with_name("locale")
DEFAULT_LOCALE = "en"
DOMAIN = "messages"


@functools.cache
def available_locales() -> tuple[str, ...]:
    """Locales with a catalogue, the default first."""
    found = sorted(
        p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po") if p.is_file()
    )
    return tuple(sorted(found, key=lambda code: code != DEFAULT_LOCALE))


@functools.cache
def translations(locale: str) -> Translations:
    """The compiled catalogue of ``locale`` (the default locale's when there is none)."""
    if locale not in available_locales():
        locale = DEFAULT_LOCALE
    path = LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def parse_accept_language(header: str | None) -> list[str]:
    """Language tags of an ``Accept-Language`` header, most preferred first.

    Examples
    --------
    >>> parse_accept_language("ru-RU, kk;q=0.8, en;q=0.5, *;q=0.1")
    ['ru-RU', 'kk', 'en']
    """
    if not header:
        return []
    weighted = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip()
        if not tag or tag == "*":
            continue
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(*, query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The locale for a request: explicit choice, then cookie, then the browser's preference."""
    offered = available_locales()
    for explicit in (query, cookie):
        if explicit and explicit in offered:
            return explicit
    preferred = parse_accept_language(accept_language)
    chosen = negotiate_locale(preferred, list(offered), sep="-") or negotiate_locale(
        [tag.split("-")[0] for tag in preferred], list(offered)
    )
    return chosen or DEFAULT_LOCALE


def display_name(locale: str) -> str:
    """The language's own name for itself, e.g. ``English``, ``русский``, ``қазақ тілі``.

    Examples
    --------
    >>> display_name("en")
    'English'
    """
    try:
        name = Locale.parse(locale).get_display_name(locale) or locale
    except (ValueError, UnknownLocaleError):
        return locale
    return name[:1].upper() + name[1:]
