"""The "Kazakhstan in Greater Eurasia" brief: key figures with citations, charts, claim check, targets.

:func:`build_brief` gathers everything the brief shows from an :class:`Observatory` (so a web page
can reuse the pieces); :func:`render_html` writes one self-contained HTML file (charts inline as
SVG, no outside requests).

Examples
--------
>>> from eurasia.indicators.bundled import bundled_observatory
>>> brief = build_brief(bundled_observatory(), generated="2026-11-27")
>>> [f.label for f in brief.key_figures][:2]
['Merchandise trade turnover', 'Merchandise exports']
>>> html = render_html(brief)
>>> "Claim check" in html and "<svg" in html
True
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal, format_percent
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from eurasia.errors import DataError
from eurasia.i18n import N_, country_name, translations, vocabulary
from eurasia.indicators import charts
from eurasia.indicators.analysis import TargetTrack, actual_series, track_targets
from eurasia.indicators.claim_text import format_amount, render_reasons, render_target_reason
from eurasia.indicators.claims import ClaimCheck, check_claims
from eurasia.indicators.discrepancies import Discrepancy, find_discrepancies
from eurasia.indicators.model import Observation, Source
from eurasia.indicators.observatory import Observatory
from eurasia.indicators.partners import PartnerShares, partner_shares, world_totals

__all__ = [
    "KEY_FIGURES",
    "Brief",
    "KeyFigure",
    "build_brief",
    "concentration",
    "key_figures",
    "render_html",
]

#: (label, indicator, counterpart, flow) of the brief's key figures, latest actual each.
KEY_FIGURES: tuple[tuple[str, str, str, str], ...] = (
    (N_("Merchandise trade turnover"), "trade.turnover", "WLD", "T"),
    (N_("Merchandise exports"), "wdi.tx.val.mrch.cd.wt", "WLD", "X"),
    (N_("Merchandise imports"), "wdi.tm.val.mrch.cd.wt", "WLD", "M"),
    (N_("GDP"), "wdi.ny.gdp.mktp.cd", "_Z", "_Z"),
    (N_("Merchandise trade, percentage of GDP"), "wdi.tg.val.totl.gd.zs", "_Z", "_Z"),
    (N_("Fuel exports, percentage of merchandise exports"), "wdi.tx.val.fuel.zs.un", "WLD", "X"),
    (N_("Trade with China (Kazakhstan-reported)"), "trade.turnover", "CHN", "T"),
    (N_("Trade with Russia"), "trade.turnover", "RUS", "T"),
    (N_("Transit cargo"), "transit.cargo", "_Z", "_Z"),
    (N_("Middle Corridor (TITR) cargo"), "transit.titr_cargo", "_Z", "_Z"),
    (N_("Rail lines"), "wdi.is.rrs.totl.km", "_Z", "_Z"),
    (N_("Uranium production"), "energy.uranium_production", "_Z", "_Z"),
    (N_("Share of world uranium production"), "energy.uranium_world_share", "_Z", "_Z"),
    (N_("Wind and solar share of electricity"), "energy.wind_solar_share_elec", "_Z", "_Z"),
    (N_("Renewables incl. hydro, share of electricity"), "owid.renewables_share_elec", "_Z", "_Z"),
    (N_("Renewables, official definition"), "energy.res_share_elec_official", "_Z", "_Z"),
)

#: (file stem, indicator, counterpart, flow, since) of the series charts.
_SERIES_CHARTS = (
    ("turnover", "trade.turnover", "WLD", "T", 2000),
    ("transit", "transit.cargo", None, None, None),
    ("titr", "transit.titr_cargo", None, None, None),
    ("res_official", "energy.res_share_elec_official", None, None, None),
    ("wind_solar", "energy.wind_solar_share_elec", None, None, 2010),
    ("uranium", "energy.uranium_production", None, None, None),
)


#: The words for large values, largest first (English msgids; :meth:`KeyFigure.display_in` translates).
_BIG = ((12, N_("trillion")), (9, N_("billion")), (6, N_("million")))


def _in_large_units(value: float) -> tuple[float, str] | None:
    """``value`` in trillions, billions or millions and that word, or None below a million.

    Examples
    --------
    >>> _in_large_units(78793000000.0)
    (78.793, 'billion')
    >>> _in_large_units(-2.5e6), _in_large_units(999999.0)
    ((-2.5, 'million'), None)
    """
    for power, name in _BIG:
        if abs(value) >= 10.0**power:
            return value / 10.0**power, name
    return None


@dataclass(frozen=True)
class KeyFigure:
    """One headline number with its citation."""

    label: str
    observation: Observation
    source: Source

    @property
    def display(self) -> str:
        """The value, rounded for reading, with its unit (large numbers in millions or billions).

        Examples
        --------
        >>> from eurasia.indicators.model import Source
        >>> obs = Observation(indicator="x", ref_area="KAZ", period="2025", value=78793000000.0,
        ...                   unit="current US$", source_id="wdi")
        >>> KeyFigure("Exports", obs, Source(id="wdi", producer="WB", title="WDI",
        ...                                   kind="statistics")).display
        '78.8 billion current US$'
        """
        value = self.observation.scaled_value
        unit = self.observation.unit
        large = None if unit == "%" else _in_large_units(value)
        if large is not None:
            return f"{large[0]:,.1f} {large[1]} {unit}"
        text = f"{value:,.1f}" if abs(value) >= 100 else f"{value:.3g}"
        return f"{text} {unit}"

    def display_in(self, locale: str) -> str:
        """:attr:`display` in the words and digits of ``locale``.

        Examples
        --------
        >>> from eurasia.indicators.model import Source
        >>> obs = Observation(indicator="x", ref_area="KAZ", period="2025", value=78793000000.0,
        ...                   unit="USD", source_id="wdi")
        >>> KeyFigure("Exports", obs, Source(id="wdi", producer="WB", title="WDI",
        ...                                   kind="statistics")).display_in("ru")
        '78,8 млрд долл. США'
        """
        t = translations(locale)
        value = self.observation.scaled_value
        unit = t.gettext(self.observation.unit)
        large = None if self.observation.unit == "%" else _in_large_units(value)
        if large is not None:
            number = format_decimal(large[0], format="#,##0.0", locale=locale)
            return f"{number} {t.gettext(large[1])} {unit}"
        pattern = "#,##0.0" if abs(value) >= 100 else "#,##0.###"
        number = format_decimal(value, format=pattern, locale=locale)
        return f"{number}%" if self.observation.unit == "%" else f"{number} {unit}"


@dataclass
class Brief:
    """Everything the brief shows."""

    generated: str
    key_figures: list[KeyFigure]
    claims: list[ClaimCheck]
    targets: list[TargetTrack]
    discrepancies: list[Discrepancy]
    concentration: list[PartnerShares]
    sources: list[Source]
    observatory: Observatory


def key_figures(observatory: Observatory, *, ref_area: str = "KAZ") -> list[KeyFigure]:
    """Return the latest actual of each :data:`KEY_FIGURES` series that has data, best source first."""
    out = []
    for label, indicator, counterpart, flow in KEY_FIGURES:
        if indicator not in observatory.indicators:
            continue
        series = actual_series(
            observatory, indicator, ref_area=ref_area, counterpart_area=counterpart, flow=flow
        )
        if series:
            latest = series[-1]
            source = observatory.source(latest.source_id)
            out.append(KeyFigure(label, latest, source))
    return out


def concentration(observatory: Observatory, *, ref_area: str = "KAZ") -> list[PartnerShares]:
    """Partner shares and HHI for every source, side, vintage and year that has a total and partners.

    Examples
    --------
    >>> from eurasia.indicators.bundled import bundled_observatory
    >>> concentration(bundled_observatory())  # no bundled source gives partners and total
    []
    """
    combos = {
        (o.source_id, o.reporter_side, o.vintage, o.period)
        for o in world_totals(observatory, ref_area=ref_area)
    }
    out = []
    for source_id, side, vintage, period in sorted(combos):
        try:
            out.append(
                partner_shares(
                    observatory,
                    ref_area=ref_area,
                    period=period,
                    source_id=source_id,
                    reporter_side=side,
                    vintage=vintage,
                )
            )
        except DataError:
            continue  # no partners from that source, side and vintage
    return out


def build_brief(observatory: Observatory, *, generated: str | None = None) -> Brief:
    """Compute the brief's figures, claim checks, target tracks and discrepancies."""
    essay = [s.id for s in observatory.sources.values() if s.kind == "essay"]
    return Brief(
        generated=generated or dt.date.today().isoformat(),
        key_figures=key_figures(observatory),
        claims=check_claims(observatory),
        targets=track_targets(observatory),
        discrepancies=find_discrepancies(observatory, exclude_sources=essay),
        concentration=concentration(observatory),
        sources=sorted(observatory.sources.values(), key=lambda s: s.id),
        observatory=observatory,
    )


def _svg(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text[text.index("<svg") :]


def _charts(brief: Brief, folder: Path) -> list[tuple[str, str]]:
    obs = brief.observatory
    out: list[tuple[str, str]] = []
    for stem, indicator, counterpart, flow, since in _SERIES_CHARTS:
        if indicator not in obs.indicators:
            continue
        try:
            path = charts.series_chart(
                obs,
                indicator,
                path=folder / f"{stem}.svg",
                counterpart_area=counterpart,
                flow=flow,
                since=since,
            )
        except DataError:
            continue
        out.append((obs.indicators[indicator].name, _svg(path)))
    try:
        path = charts.partner_share_chart(obs, path=folder / "partners.svg")
        out.append(("Partner shares", _svg(path)))
    except DataError:
        pass
    for track in brief.targets:
        if track.status in ("on track", "off track"):
            path = charts.target_pace_chart(obs, track, path=folder / f"pace-{track.target.id}.svg")
            target = track.target
            name = (
                obs.indicators[target.indicator].name if target.indicator in obs.indicators else ""
            )
            out.append(
                (
                    f"Target pace: {name}, {target.target_value:g} by {target.target_period}",
                    _svg(path),
                )
            )
    return out


def render_html(brief: Brief, *, locale: str = "en") -> str:
    """Return the brief as one self-contained HTML document in ``locale`` (en, ru or kk).

    The text, verdicts, reasons, numbers and units follow the locale; names from data (sources,
    the essay's quotes) are marked ``lang="en"``; the charts are labelled in English.
    """
    env = Environment(
        loader=PackageLoader("eurasia.indicators", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
    )
    t = translations(locale)
    env.install_gettext_translations(t, newstyle=True)  # type: ignore[attr-defined]
    obs = brief.observatory

    def mark(name: str) -> str:
        return f'<span lang="en">{name}</span>'

    def esc(text: str) -> str:
        return str(escape(text))

    def amount(value: float, unit: str, unit_mult: int) -> str:
        return format_amount(value, unit=unit, unit_mult=unit_mult, locale=locale)

    def signed(rate: float | None) -> str:
        if rate is None:
            return "—"
        return format_percent(rate, format="+#,##0.0%;-#,##0.0%", locale=locale)

    helpers = {
        "locale": locale,
        "amount": amount,
        "signed": signed,
        "share": lambda v: format_percent(v, format="#,##0.0%", locale=locale),
        "num": lambda v, d=2: format_decimal(round(v, d), format="#,##0.##", locale=locale),
        "area": lambda code: (
            "—"
            if code == "_Z"
            else country_name(code, locale)
            if code != "WLD"
            else t.gettext("World")
        ),
        "producer": lambda sid: obs.sources[sid].producer if sid in obs.sources else sid,
        "reasons": lambda c: Markup(
            render_reasons(obs, c.claim, c.reasons, locale=locale, mark=mark, escape=esc)
        ),
        "target_reason": lambda tr: render_target_reason(obs, tr.target, tr.reason, locale=locale),
    }
    env.filters["label"] = lambda code, name: vocabulary.label(
        getattr(vocabulary, name), code, t.gettext
    )
    with tempfile.TemporaryDirectory() as tmp:
        figures = _charts(brief, Path(tmp))
    return env.get_template("brief.html.j2").render(brief=brief, charts=figures, **helpers)
