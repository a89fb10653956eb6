"""Resilience: N-1 by country and Monte Carlo disruptions, on local processes and on Dask."""

from __future__ import annotations

import pytest

from eurasia.corridors.scenarios.parsing import load_scenario, parse_scenario_text
from eurasia.corridors.scenarios.resilience import monte_carlo, n_minus_one
from eurasia.errors import DataError


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return parse_scenario_text(
        "name: quick\nextends: baseline_2024\nassignment: {relative_gap: 1.0e-4}\n",
        source="quick.yaml",
    )


def test_n_minus_one_finds_the_russian_dependence_of_china_europe(scenario) -> None:  # type: ignore[no-untyped-def]
    calls = []
    result = n_minus_one(
        scenario,
        countries=["RU", "AZ", "UZ"],
        workers=1,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(1, 3), (2, 3), (3, 3)]
    impacts = {(i.country, i.group): i for i in result.impacts}
    cn_eu = impacts[("RU", "CN-EU")]
    assert not cn_eu.endpoint
    assert cn_eu.served_share == pytest.approx(1.0)  # the Middle Corridor still serves it
    assert cn_eu.time_change > 0.3
    assert cn_eu.cost_change > 0.1
    assert cn_eu.dependence > 0.3
    assert result.index["CN-EU"]["country"] == "RU"
    # a group that starts in the closed country loses everything there and is marked
    ru_ca = impacts[("RU", "RU-CA")]
    assert ru_ca.endpoint
    assert ru_ca.served_share == 0.0
    assert ru_ca.dependence == 1.0
    # Uzbekistan is an endpoint of China-Central Asia trade, not a transit country for it
    assert impacts[("UZ", "CN-CA")].endpoint
    assert len(result.table()) == 3 * len({i.group for i in result.impacts})


def test_n_minus_one_rejects_unknown_countries(scenario) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DataError, match=r"countries\[1\]: 'XX' is not a country of the network"):
        n_minus_one(scenario, countries=["RU", "XX"], workers=1)


def test_monte_carlo_is_reproducible_across_chunks_and_processes(scenario) -> None:  # type: ignore[no-untyped-def]
    one = monte_carlo(scenario, draws=24, seed=7, chunk=24, workers=1)
    split = monte_carlo(scenario, draws=24, seed=7, chunk=5, workers=2)
    assert one.per_draw == split.per_draw
    assert 0.0 <= one.reliability <= 1.0
    assert one.expected_delay_h >= 0.0


def test_more_frequent_outages_hurt(scenario) -> None:  # type: ignore[no-untyped-def]
    calm = monte_carlo(scenario, draws=30, seed=3, outage_hours=5000.0, workers=1)
    stormy = monte_carlo(scenario, draws=30, seed=3, outage_hours=8.0, workers=1)
    assert stormy.reliability < calm.reliability
    assert stormy.served_share <= calm.served_share
    assert stormy.expected_delay_h > calm.expected_delay_h


def test_monte_carlo_rejects_bad_options(scenario) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DataError, match="draws must be >= 1"):
        monte_carlo(scenario, draws=0)
    with pytest.raises(DataError, match="outage_hours must be > 0"):
        monte_carlo(scenario, draws=2, outage_hours=0.0)


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_draws(scenario) -> None:  # type: ignore[no-untyped-def]
    distributed = pytest.importorskip("dask.distributed")
    local = monte_carlo(scenario, draws=20, seed=11, chunk=5, workers=1)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        by_address = monte_carlo(
            scenario, draws=20, seed=11, chunk=5, scheduler=cluster.scheduler_address
        )
        with distributed.Client(cluster) as client:
            by_client = n_minus_one(scenario, countries=["GE"], scheduler=client)
    assert by_address.per_draw == local.per_draw
    assert by_client.impacts == n_minus_one(scenario, countries=["GE"], workers=1).impacts


def test_bundled_scenario_runs_with_defaults() -> None:
    result = monte_carlo(load_scenario("caspian_ferry_x2"), draws=3, workers=1)
    assert result.draws == 3
    assert result.summary()["scenario"] == "caspian-ferry-x2"
