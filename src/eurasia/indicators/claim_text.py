"""Claim-check reasons in the reader's language: each reason's text, with numbers of the locale.

:func:`eurasia.indicators.claims.check_claim` gives each verdict as a list of :class:`Reason`
(a code and its values); :func:`render_reasons` says them in English, Russian or Kazakh through
the gettext catalogues, with the claim's unit and scale (``143,3 млрд USD``) and the sources named
by their producer. Values from data (source names) stay as they are; codes never appear in a
sentence.

Examples
--------
>>> from eurasia.indicators.bundled import bundled_observatory
>>> from eurasia.indicators.claims import check_claim
>>> obs = bundled_observatory()
>>> check = check_claim(obs, obs.claims["transit-2024"])
>>> render_reasons(obs, check.claim, check.reasons, locale="en")  # doctest: +ELLIPSIS
'Ministry of Transport of Kazakhstan (Transport Minister) gives 27.4 million t for 2024, ...'
>>> format_amount(143.252, unit="USD", unit_mult=9, locale="en")
'143.25 billion USD'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from babel.numbers import format_decimal, format_percent

from eurasia.i18n import N_, country_name, translations

if TYPE_CHECKING:
    from eurasia.indicators.model import Claim, Target
    from eurasia.indicators.observatory import Observatory

__all__ = [
    "REASON_TEXTS",
    "SCALE_WORDS",
    "TARGET_TEXTS",
    "Reason",
    "format_amount",
    "render_reasons",
    "render_target_reason",
]

#: The text of every reason (English msgids); ``%(name)s`` placeholders are filled when rendered.
REASON_TEXTS: dict[str, str] = {
    "nearest-year": N_(
        "No value for %(period)s; compared with %(compared)s, the nearest year with data."
    ),
    "best-agrees": N_(
        "%(source)s gives %(value)s for %(compared)s, which agrees with the stated %(stated)s."
    ),
    "best-disagrees": N_(
        "%(source)s gives %(value)s for %(compared)s, which does not agree with the stated "
        "%(stated)s."
    ),
    "bound-loose": N_(
        "The stated bound is true but far from the figure: %(stated)s is only %(ratio)s of "
        "%(value)s."
    ),
    "part-year": N_(
        "That is about what %(months)s months of a year add up to: probably a part-year figure."
    ),
    "mirror-agrees": N_(
        "Only the partner's mirror figure agrees: %(source)s reports %(value)s, while "
        "Kazakhstan's own statistics give %(own)s."
    ),
    "weaker-agrees": N_("A weaker source agrees: %(source)s gives %(value)s."),
    "mixed-sides": N_(
        "A value mixing the partner's mirror figure with Kazakhstan's own figures was not "
        "compared: the reporter sides differ."
    ),
    "only-forecasts": N_(
        "No measured value exists for %(compared)s; the figure matches a forecast by %(source)s "
        "(%(value)s), and a forecast never confirms an actual value."
    ),
    "forecast-disagrees": N_(
        "No measured value exists for %(compared)s; the only figures are forecasts, such as "
        "%(source)s with %(value)s."
    ),
    "forecasts-set-aside": N_(
        "Forecasts for %(compared)s (such as %(source)s with %(value)s) were set aside: a "
        "forecast never confirms an actual value."
    ),
    "secondary-only": N_(
        "Only a secondary source gives this figure: %(source)s (%(value)s by %(compared)s). "
        "The official target is %(official)s by %(official_period)s (%(official_source)s)."
    ),
    "secondary-unopposed": N_(
        "It rests on a secondary source, %(source)s; no official figure for it is stored."
    ),
    "official-agrees": N_("An official target agrees: %(source)s, %(value)s by %(compared)s."),
    "official-conflict": N_("Another official target says %(value)s (%(source)s)."),
    "held-earlier": N_("It held in %(period)s: %(source)s gave %(value)s."),
    "unchecked-figure": N_(
        "Caution: %(source)s's figure has not yet been read in the publication by this project; "
        "the verdict rests on it until it is checked."
    ),
    "no-source": N_(
        "No independent source for this figure is stored: the essay is its only source."
    ),
}
#: Why a target has its status (codes of :attr:`eurasia.indicators.analysis.TargetTrack.reason`).
TARGET_TEXTS: dict[str, str] = {
    "target-no-data": N_("No measured value of this indicator is stored yet."),
    "target-achieved": N_("The latest measured value, %(latest)s (%(period)s), has reached it."),
    "target-missed": N_(
        "The target year has passed; the latest measured value is %(latest)s (%(period)s)."
    ),
    "target-one-year": N_(
        "No trend: only one measured year (%(period)s) is stored, and a pace needs two measured "
        "years within %(window)s years."
    ),
    "target-none-in-window": N_(
        "No trend: the measured year before %(period)s is %(earlier)s, more than %(window)s years "
        "earlier."
    ),
    "target-not-positive": N_(
        "No trend: a growth rate cannot be computed from zero or negative values."
    ),
    "target-on-track": N_(
        "It needs %(required)s a year; the pace since %(since)s is %(historical)s a year."
    ),
    "target-off-track": N_(
        "It needs %(required)s a year, but the pace since %(since)s is only %(historical)s a year."
    ),
}
#: Words for the powers of ten a unit is scaled by.
SCALE_WORDS: dict[int, str] = {3: N_("thousand"), 6: N_("million"), 9: N_("billion")}
_AMOUNTS = ("value", "stated", "own", "official")
_SOURCES = ("source", "official_source")


@dataclass(frozen=True)
class Reason:
    """One step of a verdict: a code of :data:`REASON_TEXTS` and the values it names.

    Numbers are in the claim's unit and scale (``value``, ``stated``, ``own``, ``official``),
    fractions (``ratio``) or plain numbers (``months``); ``source`` and ``official_source`` are
    source ids; periods are strings.
    """

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


def format_amount(value: float, *, unit: str, unit_mult: int, locale: str) -> str:
    """Return a value in a unit scaled by ``10**unit_mult``, in the words and digits of ``locale``.

    Examples
    --------
    >>> format_amount(27.4, unit="t", unit_mult=6, locale="ru")
    '27,4 млн т'
    >>> format_amount(19.8, unit="%", unit_mult=0, locale="kk")
    '19,8%'
    """
    t = translations(locale)
    number = format_decimal(round(value, 2), format="#,##0.##", locale=locale)
    if unit == "%":
        return f"{number}%"
    scale = SCALE_WORDS.get(unit_mult)
    words = [number, t.gettext(scale)] if scale else [number]
    if unit_mult and not scale:
        words.append(f"× 10^{unit_mult}")
    return " ".join([*words, t.gettext(unit)])


def _plain(text: str) -> str:
    return text


@dataclass(frozen=True)
class _Style:
    """How pieces are written: ``escape`` for text, ``mark`` (after escaping) for data names."""

    escape: Callable[[str], str] = _plain
    mark: Callable[[str], str] = _plain

    def name(self, text: str) -> str:
        return self.mark(self.escape(text))


def _producer(observatory: Observatory, source_id: object) -> str:
    source = observatory.sources.get(str(source_id))
    return source.producer if source else str(source_id)


def _parts(
    observatory: Observatory, claim: Claim, parts: Iterable[Any], locale: str, style: _Style
) -> str:
    shown = []
    for counterpart, value, source_id in parts:
        amount = format_amount(
            float(value), unit=claim.unit, unit_mult=claim.unit_mult, locale=locale
        )
        country = style.escape(country_name(str(counterpart), locale))
        source = style.name(_producer(observatory, source_id))
        shown.append(f"{country} {style.escape(amount)} ({source})")
    return " + ".join(shown)


def _formatted(
    observatory: Observatory,
    claim: Claim,
    params: Mapping[str, Any],
    locale: str,
    style: _Style,
) -> dict[str, str]:
    t = translations(locale)
    out: dict[str, str] = {}
    for key, value in params.items():
        if key in _AMOUNTS:
            text = format_amount(
                float(value), unit=claim.unit, unit_mult=claim.unit_mult, locale=locale
            )
            out[key] = style.escape(text)
        elif key == "ratio":
            out[key] = style.escape(format_percent(float(value), locale=locale))
        elif key == "months":
            out[key] = style.escape(format_decimal(float(value), format="#,##0.#", locale=locale))
        elif key == "source" and "parts" in params:
            out[key] = style.escape(t.gettext("The sum of %(parts)s")) % {
                "parts": _parts(observatory, claim, params["parts"], locale, style)
            }
        elif key in _SOURCES:
            out[key] = style.name(_producer(observatory, value))
        elif key != "parts":
            out[key] = style.escape(str(value))
    return out


def render_reasons(
    observatory: Observatory,
    claim: Claim,
    reasons: Iterable[Reason],
    *,
    locale: str,
    mark: Callable[[str], str] = _plain,
    escape: Callable[[str], str] = _plain,
) -> str:
    """Return the reasons of a verdict as sentences in ``locale``.

    Parameters
    ----------
    observatory
        Where the sources are named.
    claim
        The claim the reasons are about (its unit and scale format the numbers).
    reasons
        From :attr:`eurasia.indicators.claims.ClaimCheck.reasons`.
    locale
        ``en``, ``ru`` or ``kk`` (any other falls back to English).
    mark
        Applied to names taken from data (source producers), e.g. to wrap them in an element
        marked ``lang="en"`` on a page.
    escape
        Applied to every piece of text first (HTML escaping when ``mark`` adds markup).

    Returns
    -------
    str
        One sentence a reason, joined by spaces.
    """
    t = translations(locale)
    style = _Style(escape=escape, mark=mark)
    return " ".join(
        style.escape(t.gettext(REASON_TEXTS[r.code]))
        % _formatted(observatory, claim, r.params, locale, style)
        for r in reasons
    )


def render_target_reason(
    observatory: Observatory, target: Target, reason: Reason | None, *, locale: str
) -> str:
    """Why a tracked target has its status, as a sentence in ``locale`` ('' without a reason).

    Examples
    --------
    >>> from eurasia.indicators.analysis import track_target
    >>> from eurasia.indicators.bundled import bundled_observatory
    >>> obs = bundled_observatory()
    >>> track = track_target(obs, obs.targets["res-2030-15pc"])
    >>> render_target_reason(obs, track.target, track.reason, locale="en")
    'It needs +13.5% a year; the pace since 2022 is +24.7% a year.'
    """
    if reason is None:
        return ""
    t = translations(locale)
    values: dict[str, str] = {}
    for key, value in reason.params.items():
        if key == "latest":
            values[key] = format_amount(
                float(value), unit=target.unit, unit_mult=target.unit_mult, locale=locale
            )
        elif key in ("required", "historical"):
            values[key] = format_percent(float(value), format="+#,##0.0%;-#,##0.0%", locale=locale)
        else:
            values[key] = str(value)
    return t.gettext(TARGET_TEXTS[reason.code]) % values
