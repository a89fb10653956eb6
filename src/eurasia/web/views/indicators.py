"""Indicators pages.

Search and browse, one indicator (chart with source panel, table, CSV, targets), the claim check,
target tracking, and adding a value (editors) with inline checks.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from eurasia.auth.ownership import add_observations
from eurasia.auth.roles import Role, ensure_role
from eurasia.errors import ConflictError, DataError, EurasiaError, NotFoundError
from eurasia.i18n import country_name, translations
from eurasia.i18n.vocabulary import VERDICTS, label
from eurasia.indicators.analysis import actual_series, track_targets
from eurasia.indicators.claim_text import render_reasons, render_target_reason
from eurasia.indicators.claims import RULES, check_claims
from eurasia.indicators.model import OBS_STATUSES, Indicator, Observation
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.partners import concentration_series
from eurasia.store import indicators as repo
from eurasia.web.charts import chart_spec, hhi_spec, unit_label
from eurasia.web.templating import locale_of
from eurasia.web.views.common import (
    PageDep,
    PageRequest,
    gettext_for,
    shown_errors,
)

__all__ = ["area_name", "router"]

router = APIRouter(prefix="/indicators", include_in_schema=False)


def area_name(code: str, observatory: Observatory | None = None, *, locale: str = "en") -> str:
    """Return a readable name for an ISO alpha-3 code or a defined group, in ``locale``.

    Examples
    --------
    >>> area_name("CHN"), area_name("WLD"), area_name("_Z")
    ('China', 'World', '—')
    >>> area_name("CHN", locale="kk"), area_name("WLD", locale="ru")
    ('Қытай', 'Мир')
    """
    if code == "_Z":
        return "—"
    if code == "WLD":
        return translations(locale).gettext("World")
    if observatory is not None and code in observatory.groups:
        return translations(locale).gettext(observatory.groups[code].name)
    return country_name(code, locale)


def _everything(page: PageRequest) -> tuple[Observatory, str]:
    """Return the whole observatory and the page's language."""
    return repo.load_observatory(page.session), locale_of(page.request)


@router.get("", response_class=HTMLResponse)
def index(
    page: PageDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
    topic: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    """Search and browse indicators by topic."""
    rows = repo.list_indicators(page.session, q=q or None, topic=topic or None)
    topics = sorted({i.topic for i, _ in repo.list_indicators(page.session)})
    grouped: dict[str, list[Any]] = {}
    for indicator, count in rows:
        grouped.setdefault(indicator.topic, []).append((indicator, count))
    context = {"grouped": grouped, "topics": topics, "q": q or "", "topic": topic or ""}
    return page.render("indicators/index.html", context)


@router.get("/claims", response_class=HTMLResponse)
def claims_page(page: PageDep) -> Response:
    """Each claim of the essay against the best other source, with a verdict."""
    observatory, locale = _everything(page)
    checks = check_claims(observatory)

    def mark(name: str) -> str:
        return f'<span lang="en">{name}</span>'

    reasons = {
        c.claim.id: Markup(
            render_reasons(
                observatory,
                c.claim,
                c.reasons,
                locale=locale,
                mark=mark,
                escape=lambda text: str(escape(text)),
            )
        )
        for c in checks
    }
    context = {
        "checks": checks,
        "sources": observatory.sources,
        "reasons": reasons,
        "rules": list(RULES.values()),
        "indicator_names": {code: i.name for code, i in observatory.indicators.items()},
    }
    return page.render("indicators/claims.html", context)


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_permalink_page(claim_id: str, page: PageDep) -> Response:
    """Open the claim page at one claim's row: its permalink (404 for an unknown id)."""
    if claim_id not in repo.load_observatory(page.session, indicators=[]).claims:
        return page.error(NotFoundError(f"no claim {claim_id!r}"))
    return RedirectResponse(f"/indicators/claims#claim-{quote(claim_id, safe='')}", status_code=302)


@router.get("/targets", response_class=HTMLResponse)
def targets_page(page: PageDep) -> Response:
    """Targets with the latest actual value, required and historical pace and status."""
    observatory, locale = _everything(page)
    tracks = track_targets(observatory)
    context = {
        "tracks": tracks,
        "sources": observatory.sources,
        "indicators": observatory.indicators,
        "all_targets": observatory.targets,
        "target_reasons": {
            t.target.id: render_target_reason(observatory, t.target, t.reason, locale=locale)
            for t in tracks
        },
    }
    return page.render("indicators/targets.html", context)


@router.get("/concentration", response_class=HTMLResponse)
def concentration_page(page: PageDep) -> Response:
    """Partner concentration (HHI) by year: one line per source and reporter side."""
    observatory = repo.load_observatory(page.session, indicators=["trade.turnover"])
    found = concentration_series(observatory)
    partners = sorted(
        {
            o.counterpart_area
            for o in observatory.series("trade.turnover", ref_area="KAZ")
            if o.counterpart_area not in ("WLD", "_Z")
            and observatory.sources.get(o.source_id) is not None
            and observatory.sources[o.source_id].kind != "essay"
        }
    )
    locale = locale_of(page.request)
    context = {
        "found": found,
        "spec": hhi_spec(found, observatory.sources, gettext=gettext_for(page.request)),
        "sources": observatory.sources,
        "partner_names": [area_name(c, observatory, locale=locale) for c in partners],
    }
    return page.render("indicators/concentration.html", context)


def _default_counterpart(counterparts: Counter[str]) -> str:
    for preferred in ("WLD", "_Z"):
        if preferred in counterparts:
            return preferred
    return counterparts.most_common(1)[0][0]


@router.get("/{code}", response_class=HTMLResponse)
def indicator_page(
    code: str,
    page: PageDep,
    counterpart: Annotated[str | None, Query(max_length=16)] = None,
    ref_area: Annotated[str, Query(max_length=16)] = "KAZ",
    since: Annotated[int | None, Query(alias="from", ge=1000, le=2999)] = None,
    until: Annotated[int | None, Query(alias="to", ge=1000, le=2999)] = None,
) -> Response:
    """One indicator: chart with source panel, table, CSV download and targets.

    ``ref_area``, ``counterpart``, ``from`` and ``to`` (years) choose what the chart shows; the
    page links to itself with all four, so the link reopens the same chart.
    """
    request, session = page.request, page.session
    _ = gettext_for(request)
    observatory = repo.load_observatory(session, indicators=[code])
    indicator = observatory.indicators.get(code)
    if indicator is None:
        return page.error(NotFoundError(f"no indicator {code!r}"))
    everything = observatory.series(code, ref_area=ref_area)
    counterparts = Counter(o.counterpart_area for o in everything)
    chosen = counterpart if counterpart in counterparts else None
    if chosen is None and counterparts:
        chosen = _default_counterpart(counterparts)

    def shown(year: int) -> bool:
        return (since is None or year >= since) and (until is None or year <= until)

    rows = [o for o in everything if o.counterpart_area == chosen and shown(o.year)]
    targets = [
        t
        for t in observatory.targets.values()
        if t.indicator == code
        and t.ref_area == ref_area
        and t.counterpart_area == chosen
        and shown(t.target_year)
    ]
    locale = locale_of(request)
    flags = _claim_flags(session, observatory, code, ref_area, _)
    flows = Counter(o.flow for o in rows)
    best = (
        [
            o
            for o in actual_series(
                observatory,
                code,
                ref_area=ref_area,
                counterpart_area=chosen or "_Z",
                flow=flows.most_common(1)[0][0],
            )
            if shown(o.year)
        ]
        if flows
        else []
    )
    spec = chart_spec(
        indicator, rows, observatory.sources, targets, gettext=_, flags=flags, best=best
    )
    years = [o.year for o in rows] + [t.target_year for t in targets]
    first = since if since is not None else min(years, default=None)
    last = until if until is not None else max(years, default=None)
    link = {"ref_area": ref_area, "counterpart": chosen or "_Z"}
    if first is not None and last is not None:
        link |= {"from": str(first), "to": str(last)}
    query = urlencode({"ref_area": ref_area, "counterpart_area": chosen or "_Z"})
    context = {
        "indicator": indicator,
        "unit": unit_label(_(indicator.unit), indicator.unit_mult, _),
        "rows": rows,
        "spec": spec,
        "sources": observatory.sources_of(rows),
        "all_sources": observatory.sources,
        "counterparts": [
            (c, area_name(c, observatory, locale=locale)) for c in sorted(counterparts)
        ],
        "counterpart": chosen,
        "ref_area": ref_area,
        "csv_url": f"/api/indicators/{quote(code)}/observations.csv?{query}",
        "chart_url": f"/indicators/{quote(code)}?{urlencode(link)}",
        "year_from": first,
        "year_to": last,
        "targets": [t for t in track_targets(observatory) if t.target in targets],
        "statuses": OBS_STATUSES,
        "can_add": page.user is not None and page.user.has_role(Role.EDITOR),
    }
    return page.render("indicators/indicator.html", context)


def _claim_flags(
    session: Session, observatory: Observatory, code: str, ref_area: str, gettext: Any
) -> dict[tuple[str, str], tuple[str, str]]:
    """Return the claim check's verdict on each essay figure of this indicator, by counterpart and year."""
    if not any(c.indicator == code and c.ref_area == ref_area for c in observatory.claims.values()):
        return {}
    full = repo.load_observatory(session)  # a derived check may need other indicators' values
    chosen = [c for c in full.claims.values() if c.indicator == code and c.ref_area == ref_area]
    return {
        (c.claim.counterpart_area, c.claim.period): (
            c.verdict,
            label(VERDICTS, c.verdict, gettext),
        )
        for c in check_claims(full, chosen)
    }


_OBS_FIELDS = (
    "ref_area",
    "counterpart_area",
    "period",
    "value",
    "unit_mult",
    "obs_status",
    "reporter_side",
    "source_id",
    "source_locator",
    "definition_note",
)


def _observation_from_form(
    code: str, unit: str, data: dict[str, str], known_sources: set[str], gettext: Any
) -> tuple[Observation | None, dict[str, str]]:
    _ = gettext
    errors: dict[str, str] = {}
    try:
        value = float(data.get("value", "").replace(",", "."))
    except ValueError:
        errors["value"] = _("Enter a number, e.g. 27.4.")
        value = 0.0
    try:
        unit_mult = int(data.get("unit_mult") or 0)
    except ValueError:
        errors["unit_mult"] = _("Enter a whole power of ten, e.g. 6 for millions.")
        unit_mult = 0
    if data.get("source_id") not in known_sources:
        errors["source_id"] = _("Choose a source from the list.")
    if errors:
        return None, errors
    try:
        obs = Observation(
            indicator=code,
            ref_area=data.get("ref_area", "").upper(),
            counterpart_area=data.get("counterpart_area", "").upper() or "_Z",
            period=data.get("period", ""),
            value=value,
            unit=unit,
            unit_mult=unit_mult,
            obs_status=data.get("obs_status", "A"),
            reporter_side=data.get("reporter_side", "reporter"),
            source_id=data.get("source_id", ""),
            source_locator=data.get("source_locator", ""),
            definition_note=data.get("definition_note", ""),
        )
    except DataError as exc:
        message = str(exc)
        field = next((f for f in _OBS_FIELDS if f"'{f}'" in message), "form")
        return None, {field: message}
    return obs, {}


def _obs_form(
    page: PageRequest,
    indicator: Any,
    sources: Any,
    data: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "indicator": indicator,
        "sources": sorted(sources.values(), key=lambda s: s.label),
        "data": data,
        "errors": errors,
        "statuses": OBS_STATUSES,
        "fields": _OBS_FIELDS,
    }
    return page.render("indicators/add.html", context, status_code=status_code)


def _for_editor(code: str, page: PageRequest) -> tuple[Observatory, Indicator] | Response:
    """Return the observatory (without observations) and indicator ``code``, or the refusal page."""
    if isinstance(user := page.signed_in(), Response):
        return user
    observatory = repo.load_observatory(page.session, indicators=[])
    try:
        ensure_role(user, Role.EDITOR)
        indicator = observatory.indicators[code]
    except EurasiaError as exc:
        return page.error(exc)
    except KeyError:
        return page.error(NotFoundError(f"no indicator {code!r}"))
    return observatory, indicator


@router.get("/{code}/add", response_class=HTMLResponse)
def add_page(code: str, page: PageDep) -> Response:
    """Render the form to add a value of this indicator (editors)."""
    found = _for_editor(code, page)
    if isinstance(found, Response):
        return found
    observatory, indicator = found
    data = {"ref_area": "KAZ", "counterpart_area": "_Z", "unit_mult": str(indicator.unit_mult)}
    return _obs_form(page, indicator, observatory.sources, data, {})


@router.post("/{code}/add", response_class=HTMLResponse)
async def add_submit(code: str, page: PageDep) -> Response:
    """Check and store the value; ``check=1`` (inline validation) only checks."""
    found = _for_editor(code, page)
    if isinstance(found, Response):
        return found
    observatory, indicator = found
    request, session, user = page.request, page.session, page.user
    form = await request.form()
    data = {k: str(v).strip() for k, v in form.items() if k != "csrf_token"}
    obs, errors = _observation_from_form(
        code, indicator.unit, data, set(observatory.sources), gettext_for(request)
    )
    if request.headers.get("HX-Request") == "true":
        context = {"errors": shown_errors(data, errors), "fields": _OBS_FIELDS}
        return page.render("indicators/_checked.html", context)
    if obs is None:
        return _obs_form(page, indicator, observatory.sources, data, errors, 422)
    # Add one value beside the stored ones (replace="keys"), refusing one that repeats a key.
    batch = Observatory()
    same = repo.read_observations(session, indicators=[code], source_id=obs.source_id)
    try:
        if any(o.key == obs.key for o in same):
            msg = f"a value for {obs.ref_area} {obs.period} from {obs.source_id!r} already exists"
            raise ConflictError(msg)
        batch.observations.append(obs)
        if user is None:  # _for_editor answered already; for the type checker
            raise ConflictError("sign in")
        add_observations(session, batch, by=user)  # owned by its author (issue 18)
    except (ConflictError, DataError) as exc:
        errors = {"form": str(exc)}
        return _obs_form(page, indicator, observatory.sources, data, errors, 422)
    target = urlencode({"counterpart": obs.counterpart_area, "ref_area": obs.ref_area})
    return RedirectResponse(f"/indicators/{quote(code)}?{target}&saved=1", status_code=303)
