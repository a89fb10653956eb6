"""Units: each commodity converts within its own dimension only."""

from __future__ import annotations

import pytest

from eurasia.corridors.energy.units import COMMODITIES, accepted_units, to_canonical
from eurasia.errors import DataError


@pytest.mark.parametrize(
    ("value", "unit", "mult", "commodity", "expected"),
    [
        (64.3, "t", 6, "crude", 64.3),
        (1290, "kt", 0, "crude", 1.29),
        (1.2, "mb/d", 0, "crude", 1.2 * 365 / 7.33),
        (5.5, "m3", 9, "gas", 5.5),
        (3500, "mcm", 0, "gas", 3.5),
        (2.3, "ktU", 0, "uranium", 2300),
        (1000, "tU3O8", 0, "uranium", 848),
    ],
)
def test_converts(value: float, unit: str, mult: int, commodity: str, expected: float) -> None:
    assert to_canonical(value, unit, commodity=commodity, unit_mult=mult) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("unit", "commodity"),
    [("bcm", "crude"), ("Mt", "gas"), ("t", "uranium"), ("tU", "crude"), ("m3", "uranium")],
)
def test_other_dimensions_do_not_convert(unit: str, commodity: str) -> None:
    with pytest.raises(DataError, match=rf"unit '{unit}' does not convert .* for {commodity}"):
        to_canonical(1.0, unit, commodity=commodity, where="f.csv line 2, field 'unit': ")


def test_unknown_commodity() -> None:
    with pytest.raises(DataError, match="unknown commodity 'coal'"):
        to_canonical(1.0, "t", commodity="coal")


def test_units_are_disjoint() -> None:
    seen = [set(accepted_units(c)) for c in COMMODITIES]
    assert all(not (a & b) for i, a in enumerate(seen) for b in seen[i + 1 :])
