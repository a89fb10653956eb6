"""The home page: key figures, each with its period, status and source, and the three pillars."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pycountry
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from eurasia.api.deps import SettingsDep
from eurasia.api.security import CurrentUser
from eurasia.indicators.bundled import bundled_observatory
from eurasia.indicators.model import Observation
from eurasia.indicators.observatory import Observatory
from eurasia.web.templating import render
from eurasia.web.views.common import N_, gettext_for

__all__ = ["KEY_FIGURES", "KeyFigure", "key_figures", "router"]

router = APIRouter(include_in_schema=False)

#: (indicator, counterpart area) of each figure on the home page, in display order.
KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("trade.turnover", "WLD"),
    ("trade.turnover", "CHN"),
    ("transit.cargo", "_Z"),
    ("transit.titr_cargo", "_Z"),
    ("energy.uranium_production", "_Z"),
    ("energy.wind_solar_share_elec", "_Z"),
)
_SCALE = {9: N_("bn"), 6: N_("million"), 3: N_("thousand"), 0: ""}


@dataclass(frozen=True)
class KeyFigure:
    """One figure as the home page shows it."""

    indicator: str
    title: str
    counterpart: str
    mirror: bool
    value: float
    digits: int
    unit: str
    period: str
    status: str
    status_label: str
    source_label: str
    source_url: str


def _best(observations: list[Observation], obs: Observatory) -> Observation | None:
    actual = [o for o in observations if o.obs_status in {"A", "P"}] or observations
    if not actual:
        return None
    latest = max(o.year for o in actual)
    candidates = [o for o in actual if o.year == latest]
    return min(
        candidates, key=lambda o: (obs.sources[o.source_id].rank, o.reporter_side != "reporter")
    )


def key_figures(obs: Observatory) -> list[KeyFigure]:
    """The latest actual figure of each :data:`KEY_FIGURES` entry, from the best-ranked source.

    The essay's own claims are left out: the home page shows what the sources say, and the
    indicators pages check the claims against them.

    Examples
    --------
    >>> figs = key_figures(bundled_observatory())
    >>> figs[0].indicator, figs[0].period >= "2024"
    ('trade.turnover', True)
    """
    figures = []
    for code, counterpart in KEY_FIGURES:
        if code not in obs.indicators:
            continue
        series = [
            o
            for o in obs.series(code, counterpart_area=counterpart)
            if o.ref_area == "KAZ" and obs.sources[o.source_id].kind != "essay"
        ]
        best = _best(series, obs)
        if best is None:
            continue
        indicator = obs.indicators[code]
        source = obs.sources[best.source_id]
        scale = _SCALE.get(best.unit_mult, f"×10^{best.unit_mult}")
        figures.append(
            KeyFigure(
                indicator=code,
                title=indicator.name,
                counterpart=_country(counterpart),
                mirror=best.reporter_side == "mirror",
                value=best.value,
                digits=1 if abs(best.value) < 1000 else 0,
                unit=" ".join(part for part in (scale, best.unit) if part),
                period=best.period,
                status=best.obs_status,
                status_label=best.status_label,
                source_label=source.label,
                source_url=source.url,
            )
        )
    return figures


@functools.cache
def _bundled_figures() -> list[KeyFigure]:
    return key_figures(bundled_observatory())


@router.get("/", response_class=HTMLResponse)
def home(request: Request, user: CurrentUser, settings: SettingsDep) -> HTMLResponse:
    """Key figures with sources and the entry points to corridors, indicators and agenda."""
    _ = gettext_for(request)
    figures = [
        KeyFigure(**{**fig.__dict__, "title": _(fig.title), "unit": _translate_unit(_, fig.unit)})
        for fig in _bundled_figures()
    ]
    return render(request, "home.html", {"figures": figures}, user=user, settings=settings)


def _country(code: str) -> str:
    if code in {"_Z", "WLD"}:
        return ""
    country = pycountry.countries.get(alpha_3=code)
    return country.name if country is not None else code


def _translate_unit(gettext: object, unit: str) -> str:
    assert callable(gettext)
    return " ".join(str(gettext(part)) for part in unit.split(" "))
