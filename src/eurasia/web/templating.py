"""Rendering pages: one Jinja2 environment per language, the common context and safe headers.

Every page gets ``user`` (a :class:`~eurasia.auth.roles.Principal` or ``None``), ``csrf_token``,
``lang``, ``locales``, ``asset()`` for bundled files, ``_``/``gettext``/``ngettext``, the Babel
formatting filters ``number``, ``date``, ``datetime``, ``month_name``, and the translation filters
``label`` (a code of a fixed vocabulary: ``leg.mode|label("MODES")``), ``country`` (an ISO code),
``unit`` (a unit with its scale word) and ``source_text`` (a bundled text, translated when the
catalogue has it, else marked ``lang="en"``), all for the request's locale. Responses carry a
strict Content-Security-Policy: scripts, styles, workers and requests only from this host.
"""

from __future__ import annotations

import functools
from datetime import date, datetime
from pathlib import Path
from typing import Any

from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from eurasia.auth.roles import Principal
from eurasia.http.assets import asset_url, assets_built
from eurasia.http.security import csrf_for_request
from eurasia.i18n import country_name, vocabulary
from eurasia.settings import Settings
from eurasia.web.i18n import available_locales, display_name, negotiate, translations

__all__ = ["CSP", "LANG_COOKIE", "locale_of", "render", "templates_for"]

TEMPLATE_DIR = Path(__file__).with_name("templates")
LANG_COOKIE = "lang"
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "child-src 'self' blob:",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    )
)


def _number(value: float | int | None, locale: str, digits: int = 1) -> str:
    if value is None:
        return "–"
    pattern = "#,##0" if digits == 0 else "#,##0." + "#" * digits
    return format_decimal(value, format=pattern, locale=locale)


def _source_text(text: str | None, locale: str) -> Markup:
    """Bundled text in ``locale`` when the catalogue translates it, else marked as English.

    Examples
    --------
    >>> str(_source_text("Transit cargo through Kazakhstan", "ru"))
    'Транзит грузов через Казахстан'
    >>> str(_source_text("Quoted <b>source</b> definition", "ru"))
    '<span lang="en">Quoted &lt;b&gt;source&lt;/b&gt; definition</span>'
    """
    if not text:
        return Markup("")
    translated = translations(locale).gettext(text)
    if translated == text and locale != "en":
        return Markup('<span lang="en">%s</span>') % text
    return Markup(escape(translated))


def _unit(unit: str, unit_mult: int, locale: str) -> str:
    """Return a unit with its scale word, translated (``bn USD`` → ``млрд долл. США``)."""
    gettext = translations(locale).gettext
    word = vocabulary.SCALE_WORDS.get(unit_mult)
    shown = gettext(unit) if unit else ""
    if unit_mult == 0:
        return shown
    scale = gettext(word) if word else f"×10^{unit_mult}"
    return f"{scale} {shown}".strip()


@functools.cache
def templates_for(locale: str) -> Jinja2Templates:
    """Return the templates of one language (cached: one environment per locale)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(("html", "xml")),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters["number"] = lambda v, digits=1: _number(v, locale, digits)
    env.filters["date"] = lambda v, fmt="medium": (
        format_date(v, format=fmt, locale=locale) if isinstance(v, date) else ""
    )
    env.filters["datetime"] = lambda v, fmt="medium": (
        format_datetime(v, format=fmt, locale=locale) if isinstance(v, datetime) else ""
    )
    env.filters["month_name"] = lambda m: format_date(date(2000, int(m), 1), "LLLL", locale=locale)
    gettext = translations(locale).gettext
    env.filters["label"] = lambda code, table: vocabulary.label(
        getattr(vocabulary, table), str(code), gettext
    )
    env.filters["country"] = lambda code: country_name(str(code), locale)
    env.filters["unit"] = lambda unit, mult=0: _unit(str(unit or ""), int(mult or 0), locale)
    env.filters["source_text"] = lambda text: _source_text(text, locale)
    env.globals["asset"] = asset_url
    env.globals["assets_built"] = assets_built
    return Jinja2Templates(env=env)


def locale_of(request: Request) -> str:
    """Return the request's locale (query, cookie, then ``Accept-Language``)."""
    return negotiate(
        query=request.query_params.get("lang"),
        cookie=request.cookies.get(LANG_COOKIE),
        accept_language=request.headers.get("accept-language"),
    )


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    user: Principal | None,
    settings: Settings,
    status_code: int = 200,
) -> HTMLResponse:
    """Render template ``name`` for the request's language with the common context."""
    locale = locale_of(request)
    full = {
        "user": user,
        "csrf_token": csrf_for_request(request, settings.secret_key) if user else None,
        "lang": locale,
        "locales": [(code, display_name(code)) for code in available_locales()],
        "path": request.url.path,
        **context,
    }
    response = templates_for(locale).TemplateResponse(request, name, full, status_code=status_code)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.query_params.get("lang") == locale:
        response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, samesite="lax")
    return response
