"""Languages of the web app: the locale of each request, over the shared catalogues.

The catalogues and their compilation live in :mod:`eurasia.i18n` (shared with the CLI). The
request's language comes from, in order: the ``lang`` query parameter, the ``lang`` cookie, then
``Accept-Language``.

Examples
--------
>>> "en" in available_locales()
True
>>> negotiate(query=None, cookie=None, accept_language="de-DE,de;q=0.9,en;q=0.5")
'en'
>>> negotiate(query=None, cookie=None, accept_language="ru-RU,ru;q=0.9,en;q=0.5")
'ru'
>>> translations("en").gettext("Home")
'Home'
"""

from __future__ import annotations

from babel.core import Locale, UnknownLocaleError

from eurasia.i18n import (
    DEFAULT_LOCALE,
    LOCALE_DIR,
    available_locales,
    negotiate_tags,
    translations,
)

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALE_DIR",
    "available_locales",
    "display_name",
    "negotiate",
    "parse_accept_language",
    "translations",
]


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
    """Return the locale for a request: explicit choice, then cookie, then the browser's preference."""
    offered = available_locales()
    for explicit in (query, cookie):
        if explicit and explicit in offered:
            return explicit
    return negotiate_tags(parse_accept_language(accept_language)) or DEFAULT_LOCALE


def display_name(locale: str) -> str:
    """Return the language's own name for itself, e.g. ``English``, ``Русский``, ``Қазақ тілі``.

    Examples
    --------
    >>> display_name("en"), display_name("ru"), display_name("kk")
    ('English', 'Русский', 'Қазақ тілі')
    """
    try:
        name = Locale.parse(locale).get_display_name(locale) or locale
    except (ValueError, UnknownLocaleError):
        return locale
    return name[:1].upper() + name[1:]
