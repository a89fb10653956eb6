"""The reallocation LP on a two-route network small enough to solve by hand."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eurasia.corridors.energy.allocation import reallocate, spare_capacity
from eurasia.corridors.energy.dataset import read_energy_dataset
from eurasia.errors import DataError

from .conftest import Tiny


def test_outage_reroutes_onto_spare_and_strands_the_rest(tiny: Tiny) -> None:
    folder, flows = tiny()
    ds = read_energy_dataset(folder, flows_path=flows)
    # West terminal down for 73 days (a fifth of a year): 60 Mt/yr x 0.2 = 12 Mt lost.
    # East spare = 20 - 10 (exports) - 5 (transit) = 5 Mt/yr -> 1 Mt in the window.
    r = reallocate(ds, 2024, "crude", outages={"west-term": 0.0}, days=73)
    assert r.lost == pytest.approx(12.0)
    assert r.rerouted == pytest.approx({"east": 1.0})
    assert r.stranded == pytest.approx(11.0)
    # Cost: east 2000 km x 0.02 = 40 USD/t; west 1000 x 0.02 + 2 = 22 USD/t -> +18 USD/t x 1 Mt.
    assert r.cost_usd == pytest.approx(18e6)
    # Days: east 2000/100 = 20, west 1000/100 = 10 -> +10 days.
    assert r.delay_days == pytest.approx(10.0)


def test_partial_outage_sheds_only_the_excess(tiny: Tiny) -> None:
    folder, flows = tiny()
    ds = read_energy_dataset(folder, flows_path=flows)
    # Terminal at half capacity (50 Mt/yr) against 60 Mt/yr: 10 Mt/yr shed, over a full year.
    r = reallocate(ds, 2024, "crude", outages={"west-term": 0.5}, days=365)
    assert r.lost == pytest.approx(10.0)
    assert r.rerouted_total == pytest.approx(5.0)


def test_added_capacity_and_ramp(tiny: Tiny) -> None:
    folder, flows = tiny()
    replace = folder / "parameters.csv"
    replace.write_text(
        replace.read_text().replace(
            "ramp_days,*,pipeline,0,0,0", "ramp_days,*,pipeline,36.5,36.5,36.5"
        )
    )
    ds = read_energy_dataset(folder, flows_path=flows)
    r = reallocate(
        ds, 2024, "crude", outages={"west-term": 0.0}, days=73, added_capacity={"east-pipe": 10}
    )
    # Spare 15 Mt/yr; usable for 73 - 36.5 days = 0.1 yr -> 1.5 Mt.
    assert r.rerouted_total == pytest.approx(1.5)


def test_closed_route_takes_nothing(tiny: Tiny) -> None:
    folder, flows = tiny()
    ds = read_energy_dataset(folder, flows_path=flows)
    r = reallocate(ds, 2024, "crude", closed_routes={"east", "west"}, days=365)
    assert r.lost == pytest.approx(70.0)
    assert r.rerouted == {}
    assert r.stranded == pytest.approx(70.0)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outages": {"nowhere": 0.0}}, "unknown asset 'nowhere'"),
        ({"outages": {"west-term": 1.5}}, r"must be in \[0, 1\]"),
        ({"closed_routes": {"north"}}, "unknown route 'north'"),
        ({"days": 0}, "days must be between 1 and 365"),
    ],
)
def test_bad_arguments(tiny: Tiny, kwargs: dict[str, Any], message: str) -> None:
    folder, flows = tiny()
    ds = read_energy_dataset(folder, flows_path=flows)
    with pytest.raises(DataError, match=message):
        reallocate(ds, 2024, "crude", **kwargs)


def test_bundled_spare_capacities_come_from_sourced_rows() -> None:
    ds = read_energy_dataset()
    spare = spare_capacity(ds, 2024, "crude")
    # Aktau berths 5.2 Mt (KMG) less BTC 1.7, Makhachkala 1.92 and no Batumi flow.
    assert spare["aktau-oil-berths"] == pytest.approx(5.2 - 1.7 - 1.92)
    # Atasu-Alashankou 20 Mt less Russian transit 9.979 and Kazakh exports 1.2.
    assert spare["kcp-atasu-alashankou"] == pytest.approx(20 - 9.979 - 1.2)
    sourced = {c.asset for c in ds.capacities if not c.source.startswith("estimate:")}
    assert {
        "aktau-oil-berths",
        "kcp-atasu-alashankou",
        "kcp-kenkiyak-kumkol",
        "cpc-terminal",
    } <= sourced


def test_markets_keep_uranium_for_the_west_off_the_china_route() -> None:
    ds = read_energy_dataset()
    r = reallocate(ds, 2023, "uranium", closed_routes={"u-russia"}, days=365)
    assert set(r.rerouted) == {"u-titr"}
    # TITR quota 3,500 tU less 2,300 used, after a 30-day ramp-up.
    assert r.rerouted["u-titr"] == pytest.approx(1200 * (365 - 30) / 365)


@settings(max_examples=25, deadline=None)
@given(
    days=st.floats(min_value=1, max_value=365),
    factor=st.floats(min_value=0, max_value=1),
    asset=st.sampled_from(
        ["cpc-terminal", "aktau-oil-berths", "kcp-atasu-alashankou", "kto-atyrau-samara"]
    ),
)
def test_invariants_on_the_bundled_network(days: float, factor: float, asset: str) -> None:
    ds = read_energy_dataset()
    r = reallocate(ds, 2024, "crude", outages={asset: factor}, days=days)
    assert r.lost >= 0
    assert r.stranded >= -1e-9
    assert r.rerouted_total + r.stranded == pytest.approx(r.lost, abs=1e-6)
    # Never more lost than the routes through the asset carried in the window.
    carried = sum(
        v for route, v in ds.route_flows(2024, "crude").items() if asset in ds.routes[route].assets
    )
    assert r.lost <= carried * days / 365 + 1e-9
    longer = reallocate(ds, 2024, "crude", outages={asset: factor}, days=min(365.0, days * 2))
    assert longer.rerouted_total >= r.rerouted_total - 1e-9
