"""The home page: key figures, each with its period, status and source, and the three pillars."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from eurasia.i18n import country_name
from eurasia.i18n.vocabulary import SCALE_WORDS
from eurasia.indicators.bundled import bundled_observatory
from eurasia.indicators.model import Observation
from eurasia.indicators.observatory import Observatory
from eurasia.web.views.common import PageDep

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


@dataclass(frozen=True)
class KeyFigure:
    """One figure as the home page shows it.

    ``unit`` is in English with its scale word; pages translate ``base_unit`` and ``unit_mult``
    instead, and ``counterpart`` from its code.
    """

    indicator: str
    title: str
    counterpart: str
    counterpart_code: str
    mirror: bool
    value: float
    digits: int
    unit: str
    base_unit: str
    unit_mult: int
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
    """Return the latest actual figure of each :data:`KEY_FIGURES` entry, from the best-ranked source.

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
        scale = SCALE_WORDS.get(best.unit_mult, f"×10^{best.unit_mult}" if best.unit_mult else "")
        figures.append(
            KeyFigure(
                indicator=code,
                title=indicator.name,
                counterpart=_country(counterpart),
                counterpart_code="" if counterpart in {"_Z", "WLD"} else counterpart,
                mirror=best.reporter_side == "mirror",
                value=best.value,
                digits=1 if abs(best.value) < 1000 else 0,
                unit=" ".join(part for part in (scale, best.unit) if part),
                base_unit=best.unit,
                unit_mult=best.unit_mult,
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
def home(page: PageDep) -> HTMLResponse:
    """Key figures with sources and the entry points to corridors, indicators and agenda."""
    return page.render("home.html", {"figures": _bundled_figures()})


def _country(code: str) -> str:
    return "" if code in {"_Z", "WLD"} else country_name(code, "en")
