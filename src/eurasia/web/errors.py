"""Error pages for people: a page address with a bad query string answers with an HTML page.

:func:`eurasia.http.problems.install_problem_handlers` keeps RFC 9457 problem documents for
``/api``; for a page (a path outside ``/api`` without a file suffix) it calls :func:`error_page`,
which says in the reader's language which value was wrong, what the page accepts, and links to
the same page without the wrong values.

Examples
--------
>>> describe_error({"loc": ("query", "k"), "type": "less_than_equal", "input": "99",
...                 "ctx": {"le": 8}}, "en")
'How many alternatives: “99” is too large; give at most 8.'
>>> describe_error({"loc": ("query", "country"), "type": "string_too_long",
...                 "input": "Kazakhstan", "ctx": {"max_length": 2}}, "ru").split(":")[0]
'Страна'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse

from eurasia.http.security import _resolve_principal
from eurasia.i18n import N_, translations
from eurasia.store.db import session_scope
from eurasia.web.templating import locale_of, render

__all__ = ["PARAMETERS", "describe_error", "error_page", "wants_page"]

#: Names people read for the query parameters of the pages (codes otherwise).
PARAMETERS = {
    "k": N_("How many alternatives"),
    "country": N_("Country"),
    "kind": N_("Kind"),
    "city": N_("City"),
    "month": N_("Month"),
    "year": N_("Year"),
    "mode": N_("Show"),
    "cargo": N_("Cargo unit"),
    "service": N_("Service"),
    "rules": N_("Rules"),
    "avoid_mode": N_("Avoid modes"),
    "max_transfers": N_("Most transfers"),
    "origin": N_("From"),
    "destination": N_("To"),
    "from": N_("From year"),
    "to": N_("To year"),
    "a": N_("First run"),
    "b": N_("Second run"),
    "lang": N_("Language"),
}
#: How to write a value, for parameters whose format is not obvious.
HINTS = {
    "country": N_("Use a two-letter country code, for example KZ for Kazakhstan."),
    "month": N_("Use year and month, for example 2026-05."),
    "ref_area": N_("Use a three-letter country code, for example KAZ."),
}


def wants_page(request: Request) -> bool:
    """Whether an error on ``request`` should be an HTML page.

    A page path (not ``/api``, an asset or a file) asked for by a client that accepts HTML, as
    browsers say they do; scripts and other clients (``Accept: */*`` or JSON) keep problem+json.

    Examples
    --------
    >>> from starlette.requests import Request
    >>> html = [(b"accept", b"text/html,application/xhtml+xml,*/*;q=0.8")]
    >>> def req(path, headers=html): return Request({"type": "http", "path": path, "headers": headers})
    >>> wants_page(req("/corridors")), wants_page(req("/api/routes")), wants_page(req("/x.csv"))
    (True, False, False)
    >>> wants_page(req("/corridors", [(b"accept", b"*/*")]))
    False
    """
    path = request.url.path
    if path == "/api" or path.startswith(("/api/", "/assets/")):
        return False
    if "text/html" not in request.headers.get("accept", ""):
        return False
    return "." not in path.rsplit("/", 1)[-1]


def describe_error(error: Mapping[str, Any], locale: str) -> str:
    """Return one validation error of a query string as a sentence in ``locale``."""
    gettext = translations(locale).gettext
    loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body")]
    name = loc[0] if loc else ""
    label = gettext(PARAMETERS[name]) if name in PARAMETERS else name
    value = error.get("input")
    shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value or "")
    ctx = error.get("ctx") or {}
    kind = str(error.get("type", ""))
    values = {"value": shown, **{k: str(v) for k, v in ctx.items()}}
    if kind in ("less_than_equal", "less_than"):
        text = gettext("“%(value)s” is too large; give at most %(limit)s.")
        values["limit"] = values.get("le", values.get("lt", ""))
    elif kind in ("greater_than_equal", "greater_than"):
        text = gettext("“%(value)s” is too small; give at least %(limit)s.")
        values["limit"] = values.get("ge", values.get("gt", ""))
    elif kind in ("int_parsing", "int_from_float", "float_parsing"):
        text = gettext("“%(value)s” is not a number; give a whole number.")
    elif kind == "string_too_long":
        text = gettext("“%(value)s” is too long; give at most %(max_length)s characters.")
    elif kind == "string_too_short":
        text = gettext("a value is needed here.")
    elif kind in ("literal_error", "enum"):
        text = gettext("“%(value)s” is not one of the choices: %(expected)s.")
    elif kind == "missing":
        text = gettext("a value is needed here.")
    else:
        text = gettext("“%(value)s” cannot be used here.")
    sentence = f"{label}: {text % values}" if label else text % values
    if name in HINTS:
        sentence += " " + gettext(HINTS[name])
    return sentence


def _user(request: Request) -> Any:
    """Return the signed-in user of ``request`` for the page's header, or ``None``."""
    try:
        with session_scope(request.app.state.engine) as session:
            return _resolve_principal(request, session)
    except Exception:  # an error page must render even when the store or the token is bad
        return None


def error_page(
    request: Request,
    status: int,
    title: str,
    detail: str,
    errors: Sequence[Mapping[str, Any]] = (),
) -> HTMLResponse:
    """Render the error page of a page request, in the reader's language.

    Parameters
    ----------
    request
        The page request that failed.
    status
        HTTP status of the answer.
    title, detail
        Of the error (English; translated when the catalogue has them).
    errors
        Validation errors of the query string (pydantic's dicts): each becomes a sentence, and
        the page links to the same address without the wrong parameters.
    """
    locale = locale_of(request)
    gettext = translations(locale).gettext
    problems = [describe_error(e, locale) for e in errors]
    if status == 404 and detail == "Not Found":  # no route matched the path
        detail = gettext(
            "There is no page at this address; check the link, or start again from the home page."
        )
    names = {str(e["loc"][1]) for e in errors if len(e.get("loc", ())) > 1}
    fixed = None
    if names:
        kept = [(k, v) for k, v in request.query_params.multi_items() if k not in names]
        fixed = request.url.path + ("?" + urlencode(kept) if kept else "")
    return render(
        request,
        "error.html",
        {
            "title": title,
            "detail": gettext("The address has a value this page cannot use.")
            if problems
            else detail,
            "problems": problems,
            "fixed_url": fixed,
        },
        user=_user(request),
        settings=request.app.state.settings,
        status_code=status,
    )
