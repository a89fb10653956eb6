"""Dependence: shares, HHI and N-1, checked against sums computed here from the raw CSV."""

from __future__ import annotations

import csv

import pytest

from eurasia.corridors.energy.dataset import DATA_DIR, FLOWS_PATH, read_energy_dataset
from eurasia.corridors.energy.dependence import (
    complete_years,
    dependence_table,
    hhi,
    n_minus_1,
    shares,
)
from eurasia.errors import DataError

RANK = {"A": 0, "P": 1, "E": 2}


def _raw_flows(commodity: str, year: int) -> dict[str, float]:
    """Route volumes straight from the CSV (independent of the package's reader)."""
    best: dict[str, tuple[int, float]] = {}
    with FLOWS_PATH.open(newline="") as fh:
        for row in csv.DictReader(fh):
            _, _, com, route = row["indicator"].split(".")
            if com != commodity or route == "total" or int(row["period"]) != year:
                continue
            rank = RANK[row["obs_status"]]
            if route not in best or rank < best[route][0]:
                best[route] = (rank, float(row["value"]))
    return {r: v for r, (_, v) in best.items()}


def _raw_transit() -> dict[str, list[str]]:
    with (DATA_DIR / "routes.csv").open(newline="") as fh:
        return {
            row["id"]: [c for c in row["transit"].split("|") if c] for row in csv.DictReader(fh)
        }


@pytest.mark.parametrize(
    ("commodity", "year"),
    [("crude", 2022), ("crude", 2023), ("crude", 2024), ("gas", 2024), ("uranium", 2023)],
)
def test_hhi_and_russia_share_match_a_hand_computation(commodity: str, year: int) -> None:
    raw = _raw_flows(commodity, year)
    total = sum(raw.values())
    expected_hhi = sum((v / total * 100) ** 2 for v in raw.values())
    transit = _raw_transit()
    expected_ru = sum(v for r, v in raw.items() if "RU" in transit[r]) / total
    ds = read_energy_dataset()
    assert hhi(shares(ds, year, commodity)) == pytest.approx(expected_hhi)
    assert shares(ds, year, commodity, by="transit").get("RU", 0.0) == pytest.approx(expected_ru)
    assert sum(shares(ds, year, commodity, by="direction").values()) == pytest.approx(1.0)


def test_crude_is_concentrated_uranium_less_so() -> None:
    ds = read_energy_dataset()
    crude = {r.year: r for r in dependence_table(ds, "crude")}
    uranium = {r.year: r for r in dependence_table(ds, "uranium")}
    assert crude[2023].top_route == "cpc"
    assert crude[2023].share_via_ru > 0.95
    assert uranium[2023].hhi_routes < crude[2023].hhi_routes


def test_incomplete_years_are_flagged() -> None:
    ds = read_energy_dataset()
    assert complete_years(ds, "crude") == [2022, 2023, 2024]  # 2021 has only CPC
    assert complete_years(ds, "gas") == [2022, 2023, 2024]  # 2019 has only gas-china
    flags = {r.year: r.complete for r in dependence_table(ds, "crude")}
    assert flags[2021] is False


def test_hhi_bounds() -> None:
    assert hhi({"a": 1.0}) == 10_000
    assert hhi(dict.fromkeys("abcd", 0.25)) == pytest.approx(2_500)


def test_shares_refuse_unknown_grouping_and_empty_years() -> None:
    ds = read_energy_dataset()
    with pytest.raises(DataError, match="by must be one of"):
        shares(ds, 2023, "crude", by="owner")
    with pytest.raises(DataError, match="no crude flows bundled for 1999"):
        shares(ds, 1999, "crude")


def test_n_minus_1_conserves_volume_and_respects_spare_capacity() -> None:
    ds = read_energy_dataset()
    for case in n_minus_1(ds, 2023, "crude", days=60):
        r = case.result
        assert r.rerouted_total + r.stranded == pytest.approx(r.lost, abs=1e-6)
        for asset in {a for route in r.rerouted for a in ds.routes[route].assets}:
            used = sum(v for route, v in r.rerouted.items() if asset in ds.routes[route].assets)
            assert used <= r.spare[asset] * 60 / 365 + 1e-9


def test_n_minus_1_cpc_terminal_strands_most_of_its_volume() -> None:
    ds = read_energy_dataset()
    rows = {(c.element, c.kind): c.result for c in n_minus_1(ds, 2023, "crude")}
    cpc = rows[("cpc-terminal", "asset")]
    assert cpc.lost == pytest.approx(56.0)
    assert cpc.stranded > 0.9 * 56.0
