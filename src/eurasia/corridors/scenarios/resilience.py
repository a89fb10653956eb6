"""Resilience: how much freight survives the loss of one country, and random disruptions.

**N-1 by country** (:func:`n_minus_one`): for each country, every edge touching it is closed and
the scenario is assigned to equilibrium again. Per OD group the result gives the share of demand
still served, the change in money (USD a tonne) and time (hours a tonne) of what is served, and a
**dependence index** ``1 − served share × base cost / new cost`` (0: the loss changes nothing; 1:
nothing gets through), with generalized cost in USD at each commodity's value of time. A group's
*dependence on one direction* is its largest index over countries where it neither starts nor
ends.

**Monte Carlo disruptions** (:func:`monte_carlo`): in each draw every link (both directions
together) fails independently with probability ``min(1, risk / outage_hours)``, where ``risk`` is
the link's expected disruption delay in hours (from the network data) and ``outage_hours`` the
assumed length of an outage. Demand takes the cheapest paths at the baseline equilibrium link
costs with failed links removed. Each draw yields the served share, the mean extra travel hours
per tonne served (hours along the new path minus hours along the baseline path) and the share of
tonnes on time (served with at most ``on_time_hours`` extra); the result reports means and
percentiles over draws.

Both run their tasks on a pluggable executor: in this process (``workers=1``), a local process
pool (default), or a Dask cluster given by its scheduler address (``scheduler="tcp://host:8786"``,
or a :class:`dask.distributed.Client`). Draws are seeded one by one from a single seed, so results
do not depend on how draws are split into tasks or where they run. A ``progress(done, total)``
callback reports completed tasks.

Examples
--------
>>> from eurasia.corridors.scenarios.parsing import load_scenario
>>> mc = monte_carlo(load_scenario("baseline_2024"), draws=4, seed=1, workers=1)
>>> mc.draws, 0.0 <= mc.reliability <= 1.0
(4, True)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from eurasia.corridors.assignment.freight import FreightResult
from eurasia.corridors.assignment.loading import ShortestPathForest, skim
from eurasia.corridors.scenarios.apply import AppliedScenario, apply_scenario
from eurasia.corridors.scenarios.schema import Scenario
from eurasia.errors import DataError

__all__ = [
    "CountryImpact",
    "MonteCarloResult",
    "N1Result",
    "monte_carlo",
    "n_minus_one",
]

FloatArray = npt.NDArray[np.float64]
Progress = Callable[[int, int], None]


# --------------------------------------------------------------------------- executors


def _run_tasks(
    func: Callable[[Any], Any],
    tasks: Sequence[Any],
    *,
    workers: int | None,
    scheduler: Any,
    progress: Progress | None,
) -> list[Any]:
    """Run ``func`` over ``tasks`` here, on local processes or on Dask; results in task order."""
    total = len(tasks)
    done = 0
    results: list[Any] = [None] * total

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    if scheduler is not None:
        from dask.distributed import Client
        from dask.distributed import as_completed as dask_completed

        client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
        try:
            futures = client.map(func, list(tasks), pure=False)
            index = {f.key: k for k, f in enumerate(futures)}
            for future in dask_completed(futures):
                results[index[future.key]] = future.result()
                tick()
        finally:
            if client is not scheduler:
                client.close()
        return results
    n_workers = workers if workers is not None else (os.cpu_count() or 1)
    if n_workers < 1:
        msg = f"workers must be >= 1, got {n_workers}"
        raise DataError(msg)
    if n_workers == 1 or total <= 1:
        for k, task in enumerate(tasks):
            results[k] = func(task)
            tick()
        return results
    with ProcessPoolExecutor(max_workers=min(n_workers, total)) as pool:
        pending = {pool.submit(func, task): k for k, task in enumerate(tasks)}
        for future in as_completed(pending):
            results[pending[future]] = future.result()
            tick()
    return results


def _applied(scenario: Scenario) -> AppliedScenario:
    from eurasia.corridors.io.dataset import load_network

    return apply_scenario(scenario, load_network())


def _freight(applied: AppliedScenario, closed_edges: npt.NDArray[np.bool_] | None) -> FreightResult:
    closed = dict(applied.closed_for_groups)
    if closed_edges is not None:
        for group in applied.demand.groups:
            closed[group] = (
                closed.get(group, np.zeros(closed_edges.size, dtype=bool)) | closed_edges
            )
    return applied.assign(closed_for_groups=closed, rules_and_response=False)


def _group_costs(
    res: FreightResult, applied: AppliedScenario
) -> dict[str, tuple[float, float, float, float]]:
    """Per group: served Mt, USD a tonne, hours a tonne, generalized USD a tonne."""
    net = res.network
    usd = np.asarray(net.costs["usd"], dtype=np.float64)
    if net.cost_units.get("usd", "").endswith("/TEU"):
        usd = np.asarray(net.per_tonne().costs["usd"], dtype=np.float64)
    out: dict[str, list[float]] = {}
    flows = res.assignment.class_flow[:, : net.n_edges]
    for (group, commodity, _t), row, cls in zip(
        res.problem.class_keys, flows, res.problem.classes, strict=True
    ):
        vot = applied.scenario.commodities[commodity].value_of_time
        money = float(row @ usd)
        hours = float(row @ res.edge_hours)
        acc = out.setdefault(group, [0.0, 0.0, 0.0, 0.0])
        acc[0] += float(cls.demand.sum())
        acc[1] += money
        acc[2] += hours
        acc[3] += money + vot * hours
    return {
        g: (v[0], v[1] / v[0], v[2] / v[0], v[3] / v[0]) if v[0] > 0 else (0.0, 0.0, 0.0, 0.0)
        for g, v in out.items()
    }


# --------------------------------------------------------------------------- N-1


@dataclass(frozen=True)
class CountryImpact:
    """Effect on one OD group of losing one country."""

    country: str
    group: str
    endpoint: bool
    served_share: float
    cost_change: float
    time_change: float
    dependence: float


@dataclass
class N1Result:
    """N-1 by country: one :class:`CountryImpact` per (country, group) and the per-group index."""

    scenario: str
    year: int
    impacts: list[CountryImpact]
    index: dict[str, dict[str, Any]] = field(default_factory=dict)

    def table(self) -> list[dict[str, Any]]:
        """Rows for CSV or JSON output."""
        return [impact.__dict__.copy() for impact in self.impacts]


def _n1_task(
    task: tuple[Scenario, str],
) -> tuple[str, dict[str, tuple[float, float, float, float]], dict[str, float]]:
    scenario, country = task
    applied = _applied(scenario)
    net = applied.network
    closed = (net.edge_country == country) | (net.edge_country_to == country)
    res = _freight(applied, closed)
    demand = {g: applied.demand.total(groups=[g]) / 1e6 for g in applied.demand.groups}
    return country, _group_costs(res, applied), demand


def n_minus_one(
    scenario: Scenario,
    *,
    countries: Iterable[str] | None = None,
    workers: int | None = None,
    scheduler: Any = None,
    progress: Progress | None = None,
) -> N1Result:
    """Close each country in turn and measure what each OD group loses.

    Parameters
    ----------
    scenario
        The scenario to test (its year, closures, penalties and demand apply).
    countries
        Countries to close (ISO alpha-2); default every country on the network.
    workers, scheduler, progress
        Executor choice (see the module docstring) and progress callback.

    Returns
    -------
    N1Result
        Impacts per (country, group) and ``index``: per group, the largest dependence over
        countries it does not start or end in, and that country.

    Raises
    ------
    DataError
        A country is not on the network.
    """
    applied = _applied(scenario)
    known = sorted(set(applied.network.node_country.tolist()) - {""})
    chosen = [c.upper() for c in countries] if countries is not None else known
    for k, c in enumerate(chosen):
        if c not in known:
            msg = f"countries[{k}]: {c!r} is not a country of the network ({', '.join(known)})"
            raise DataError(msg)
    base = _group_costs(_freight(applied, None), applied)
    country_of = dict(
        zip(applied.network.node_ids.tolist(), applied.network.node_country.tolist(), strict=True)
    )
    ends: dict[str, set[str]] = {}
    for o, d, g in zip(
        applied.demand.origin.tolist(),
        applied.demand.destination.tolist(),
        applied.demand.group.tolist(),
        strict=True,
    ):
        ends.setdefault(g, set()).update((country_of[o], country_of[d]))
    outcomes = _run_tasks(
        _n1_task,
        [(scenario, c) for c in chosen],
        workers=workers,
        scheduler=scheduler,
        progress=progress,
    )
    impacts = []
    for country, costs, demand in outcomes:
        for group in applied.demand.groups:
            served, usd, hours, gen = costs.get(group, (0.0, 0.0, 0.0, 0.0))
            _b_served, b_usd, b_hours, b_gen = base.get(group, (0.0, 0.0, 0.0, 0.0))
            total = demand.get(group, 0.0)
            share = served / total if total > 0 else 1.0
            dependence = 1.0 - share * (b_gen / gen) if gen > 0 else 1.0
            impacts.append(
                CountryImpact(
                    country=country,
                    group=group,
                    endpoint=country in ends.get(group, set()),
                    served_share=share,
                    cost_change=(usd / b_usd - 1.0) if served > 0 and b_usd > 0 else math.nan,
                    time_change=(hours / b_hours - 1.0) if served > 0 and b_hours > 0 else math.nan,
                    dependence=min(1.0, max(0.0, dependence)),
                )
            )
    index: dict[str, dict[str, Any]] = {}
    for impact in impacts:
        if impact.endpoint:
            continue
        best = index.get(impact.group)
        if best is None or impact.dependence > best["dependence"]:
            index[impact.group] = {"country": impact.country, "dependence": impact.dependence}
    return N1Result(scenario.name, scenario.year, impacts, index)


# --------------------------------------------------------------------------- Monte Carlo


@dataclass
class MonteCarloResult:
    """Disruption statistics over draws."""

    scenario: str
    year: int
    draws: int
    outage_hours: float
    on_time_hours: float
    served_share: float
    expected_delay_h: float
    delay_p95_h: float
    reliability: float
    per_draw: dict[str, list[float]] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        """JSON-ready summary without the per-draw arrays."""
        return {k: v for k, v in self.__dict__.items() if k != "per_draw"}


@dataclass(frozen=True)
class _Baseline:
    forests: list[ShortestPathForest]
    costs: list[FloatArray]
    demands: list[FloatArray]
    link_time: FloatArray
    base_hours: list[FloatArray]
    link_group: npt.NDArray[np.int64]
    probability: FloatArray
    n_edges: int


_BASELINES: dict[tuple[str, float], _Baseline] = {}


def _baseline(scenario: Scenario, outage_hours: float) -> _Baseline:
    key = (repr(scenario), outage_hours)
    if key in _BASELINES:
        return _BASELINES[key]
    applied = _applied(scenario)
    res = _freight(applied, None)
    problem = res.problem
    assignment = problem.assignment
    link_time = res.assignment.link_time
    forests, costs, demands, base_hours = [], [], [], []
    for cls in problem.classes:
        forest = ShortestPathForest(assignment, cls.allowed)
        cost = link_time + cls.toll_factor * assignment.toll
        if cls.extra_cost is not None:
            cost = cost + cls.extra_cost
        _flows, _reach, hours = skim(forest, cost, cls.demand, aux=link_time)
        forests.append(forest)
        costs.append(cost)
        demands.append(cls.demand)
        base_hours.append(hours)
    net = res.network
    _ids, link_group = np.unique(net.edge_id, return_inverse=True)
    risk = np.asarray(net.costs.get("risk", np.zeros(net.n_edges)), dtype=np.float64)
    per_link = np.zeros(link_group.max() + 1 if link_group.size else 0)
    np.maximum.at(per_link, link_group, risk)
    probability = np.minimum(1.0, per_link / outage_hours)
    baseline = _Baseline(
        forests, costs, demands, link_time, base_hours, link_group, probability, net.n_edges
    )
    if len(_BASELINES) >= 4:  # a worker serves few scenarios; keep memory bounded
        _BASELINES.pop(next(iter(_BASELINES)))
    _BASELINES[key] = baseline
    return baseline


def _mc_task(
    task: tuple[Scenario, float, float, list[int], int],
) -> list[tuple[float, float, float]]:
    scenario, outage_hours, on_time_hours, seeds, _chunk = task
    base = _baseline(scenario, outage_hours)
    out = []
    for seed in seeds:
        rng = np.random.default_rng(seed)
        failed_links = rng.random(base.probability.size) < base.probability
        failed = np.zeros(base.costs[0].size, dtype=bool)
        failed[: base.n_edges] = failed_links[base.link_group]
        served = total = delay_tonnes = on_time = 0.0
        for forest, cost, demand, before in zip(
            base.forests, base.costs, base.demands, base.base_hours, strict=True
        ):
            disrupted = np.where(failed, np.inf, cost)
            _flows, _reach, hours = skim(forest, disrupted, demand, aux=base.link_time)
            mask = demand > 0
            total += float(demand[mask].sum())
            ok = mask & np.isfinite(hours)
            extra = np.where(ok, hours - before, 0.0)
            served += float(demand[ok].sum())
            delay_tonnes += float((demand * extra)[ok].sum())
            on_time += float(demand[ok & (extra <= on_time_hours)].sum())
        out.append(
            (
                served / total if total else 1.0,
                delay_tonnes / served if served else math.inf,
                on_time / total if total else 1.0,
            )
        )
    return out


def monte_carlo(
    scenario: Scenario,
    *,
    draws: int = 200,
    seed: int = 0,
    outage_hours: float = 720.0,
    on_time_hours: float = 24.0,
    chunk: int = 25,
    workers: int | None = None,
    scheduler: Any = None,
    progress: Progress | None = None,
) -> MonteCarloResult:
    """Random link outages drawn from link risk; served share, expected delay and reliability.

    Parameters
    ----------
    scenario
        The scenario whose baseline equilibrium costs the draws perturb.
    draws
        Number of draws.
    seed
        Seed of the draw sequence (draw ``k`` uses the ``k``-th child seed).
    outage_hours
        Assumed length of an outage: a link with ``risk`` expected delay hours fails with
        probability ``min(1, risk / outage_hours)`` (estimate; default 30 days).
    on_time_hours
        A served tonne with at most this many extra travel hours counts as on time.
    chunk
        Draws per task.
    workers, scheduler, progress
        Executor choice (see the module docstring) and progress callback.

    Returns
    -------
    MonteCarloResult
        ``served_share`` (mean), ``expected_delay_h`` (mean extra travel hours per tonne
        served), ``delay_p95_h``, ``reliability`` (mean share of tonnes on time).

    Raises
    ------
    DataError
        On non-positive draws, chunk or outage length.
    """
    import time

    for label, value in (("draws", draws), ("chunk", chunk)):
        if value < 1:
            msg = f"{label} must be >= 1, got {value}"
            raise DataError(msg)
    if not (math.isfinite(outage_hours) and outage_hours > 0):
        msg = f"outage_hours must be > 0, got {outage_hours}"
        raise DataError(msg)
    started = time.perf_counter()
    children = np.random.SeedSequence(seed).generate_state(draws, dtype=np.uint64).tolist()
    chunks = [children[i : i + chunk] for i in range(0, draws, chunk)]
    tasks = [(scenario, outage_hours, on_time_hours, c, k) for k, c in enumerate(chunks)]
    parts = _run_tasks(_mc_task, tasks, workers=workers, scheduler=scheduler, progress=progress)
    rows = [row for part in parts for row in part]
    served = np.array([r[0] for r in rows])
    delay = np.array([r[1] for r in rows])
    on_time = np.array([r[2] for r in rows])
    finite = delay[np.isfinite(delay)]
    return MonteCarloResult(
        scenario=scenario.name,
        year=scenario.year,
        draws=draws,
        outage_hours=outage_hours,
        on_time_hours=on_time_hours,
        served_share=float(served.mean()),
        expected_delay_h=float(finite.mean()) if finite.size else math.inf,
        delay_p95_h=float(np.percentile(finite, 95)) if finite.size else math.inf,
        reliability=float(on_time.mean()),
        per_draw={
            "served_share": served.tolist(),
            "delay_h": delay.tolist(),
            "on_time": on_time.tolist(),
        },
        seconds=time.perf_counter() - started,
    )
