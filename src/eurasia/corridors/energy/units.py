"""Commodities and units: every energy volume is Mt (crude), bcm (gas) or tU (uranium).

A value is converted into its commodity's canonical unit from a unit name and an optional power
of ten (``unit_mult``, as in the indicator observations). Units of another commodity's dimension
never convert: a gas volume in tonnes or a crude volume in bcm is an error that names the
commodity and the units it accepts.

Examples
--------
>>> to_canonical(1200.0, "kt", commodity="crude")
1.2
>>> to_canonical(5.5, "m3", commodity="gas", unit_mult=9)
5.5
>>> round(to_canonical(1.2, "mb/d", commodity="crude"), 2)
59.75
>>> to_canonical(5.0, "bcm", commodity="crude")
Traceback (most recent call last):
...
eurasia.errors.DataError: unit 'bcm' does not convert to Mt for crude; expected one of Mt, kt, t, mb/d, kb/d
"""

from __future__ import annotations

from eurasia.errors import DataError

__all__ = [
    "BARRELS_PER_TONNE",
    "CANONICAL_UNITS",
    "COMMODITIES",
    "accepted_units",
    "check_commodity",
    "to_canonical",
    "usd_units",
]

#: The commodities the energy layer knows.
COMMODITIES: tuple[str, ...] = ("crude", "gas", "uranium")
#: Canonical unit of each commodity (annual volumes and capacities per year).
CANONICAL_UNITS: dict[str, str] = {"crude": "Mt", "gas": "bcm", "uranium": "tU"}
#: Barrels per tonne of crude (Energy Institute Statistical Review average; source bp-conversion).
BARRELS_PER_TONNE = 7.33

_MT_PER_MBD = 365.0 / BARRELS_PER_TONNE  # 1 million barrels a day, in Mt a year
#: Factor from each accepted unit (with unit_mult 0) to the canonical unit.
_FACTORS: dict[str, dict[str, float]] = {
    "crude": {"Mt": 1.0, "kt": 1e-3, "t": 1e-6, "mb/d": _MT_PER_MBD, "kb/d": _MT_PER_MBD / 1e3},
    "gas": {"bcm": 1.0, "mcm": 1e-3, "m3": 1e-9},
    # tU3O8 -> tU: 0.848 (uranium mass fraction of U3O8).
    "uranium": {"tU": 1.0, "kgU": 1e-3, "ktU": 1e3, "tU3O8": 0.848},
}
#: Unit of money per unit of volume used by the cost parameters.
_USD_UNITS: dict[str, tuple[str, float]] = {
    # (cost unit, units of cost per canonical unit)
    "crude": ("USD/t", 1e6),
    "gas": ("USD/1000m3", 1e6),
    "uranium": ("USD/kgU", 1e3),
}


def check_commodity(commodity: str, *, where: str = "") -> str:
    """Return ``commodity`` if known.

    Raises
    ------
    DataError
        If it is not one of :data:`COMMODITIES` (the message starts with ``where``).

    Examples
    --------
    >>> check_commodity("gas")
    'gas'
    >>> check_commodity("coal", where="routes.csv line 3, field 'commodity': ")
    Traceback (most recent call last):
    ...
    eurasia.errors.DataError: routes.csv line 3, field 'commodity': unknown commodity 'coal'; expected one of crude, gas, uranium
    """
    if commodity not in COMMODITIES:
        msg = f"{where}unknown commodity {commodity!r}; expected one of {', '.join(COMMODITIES)}"
        raise DataError(msg)
    return commodity


def accepted_units(commodity: str) -> tuple[str, ...]:
    """Units a value of ``commodity`` may be given in.

    Examples
    --------
    >>> accepted_units("uranium")
    ('tU', 'kgU', 'ktU', 'tU3O8')
    """
    return tuple(_FACTORS[check_commodity(commodity)])


def to_canonical(
    value: float, unit: str, *, commodity: str, unit_mult: int = 0, where: str = ""
) -> float:
    """``value`` (in ``unit`` times ``10**unit_mult``) in the commodity's canonical unit.

    Parameters
    ----------
    value
        The number as given.
    unit
        Its unit; must be one of :func:`accepted_units` for the commodity.
    commodity
        ``crude``, ``gas`` or ``uranium``.
    unit_mult
        Power of ten the unit is scaled by (``t`` with 6 is Mt).
    where
        Prefix for error messages (file, line, field).

    Returns
    -------
    float
        Mt, bcm or tU.

    Raises
    ------
    DataError
        If the commodity is unknown or the unit does not convert.
    """
    factors = _FACTORS[check_commodity(commodity, where=where)]
    if unit not in factors:
        msg = (
            f"{where}unit {unit!r} does not convert to {CANONICAL_UNITS[commodity]} for "
            f"{commodity}; expected one of {', '.join(factors)}"
        )
        raise DataError(msg)
    # 12 significant digits: 5.5 m3 x 1e9 x 1e-9 is 5.5, not 5.500000000000001.
    return float(f"{value * factors[unit] * 10.0**unit_mult:.12g}")


def usd_units(commodity: str) -> tuple[str, float]:
    """Return the cost unit of ``commodity`` and how many cost units one canonical unit holds.

    Examples
    --------
    >>> usd_units("crude")
    ('USD/t', 1000000.0)
    """
    return _USD_UNITS[check_commodity(commodity)]
