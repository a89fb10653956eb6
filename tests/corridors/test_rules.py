"""The rule layer: checked rule files, one function for routing and assignment, harmonisation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.network.model import Network
from eurasia.corridors.routing.plan import RouteQuery, plan
from eurasia.corridors.rules.effects import (
    CargoEffects,
    bundled_rule_names,
    cargo_effects,
    harmonise,
    load_rules,
)
from eurasia.corridors.rules.table import RULE_COLUMNS, Rule, read_rules
from eurasia.errors import DataError

HEADER = ",".join(RULE_COLUMNS)
GOOD = "r1,penalty,RU,,,,EU,yes,*,2022-02-24,,60,,,,estimate:test,"


def _write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "rules.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_bundled_rules_load_and_are_sourced() -> None:
    rules = load_rules(bundled_rule_names())
    assert {r.kind for r in rules} == {"closure", "penalty", "harmonisation", "tariff"}
    assert all(r.source for r in rules)


@pytest.mark.parametrize(
    ("row", "field", "expected"),
    [
        ("r1,penalty,ZZ,,,,*,no,*,2022-01-01,,5,,,,estimate:x,", "countries", "unknown country"),
        ("r1,closure,,no-such-link,,,*,no,*,2022-01-01,,,,,,estimate:x,", "crossings", "unknown"),
        ("r1,closure,RU,,,,*,no,coal,2022-01-01,,,,,,estimate:x,", "commodities", "coal"),
        ("r1,penalty,RU,,,,*,no,*,2022-01-01,,-5,,,,estimate:x,", "usd_per_tonne", "-5"),
        ("r1,penalty,RU,,,,*,no,*,2022-13-01,,5,,,,estimate:x,", "from", "ISO date"),
        ("r1,penalty,RU,,,,*,no,*,2024-01-01,2023-01-01,5,,,,estimate:x,", "until", "before"),
        ("r1,penalty,RU,,,,*,no,*,2024-01-01,,5,,,,,", "source", "source"),
        ("r1,harmonisation,,,titr,,*,no,*,2026-01-01,,,etir,1.5,1,estimate:x,", "hours_factor", ""),
        ("r1,embargo,RU,,,,*,no,*,2022-01-01,,,,,,estimate:x,", "kind", "embargo"),
        ("r1,penalty,RU,,,,XX,no,*,2022-01-01,,5,,,,estimate:x,", "cargo_ends", "XX"),
        ("r1,tariff,TR,,,rail,TR,no,*,2022-01-01,,,,,1.2,estimate:x,", "usd_factor", "1.2"),
        ("r1,tariff,TR,,,rail,TR,no,*,2022-01-01,,,etir,,0.5,estimate:x,", "measure", "only"),
    ],
)
def test_bad_rows_name_file_line_and_field(
    tmp_path: Path, row: str, field: str, expected: str
) -> None:
    path = _write(tmp_path, GOOD.replace("r1", "r0"), row)
    with pytest.raises(DataError) as info:
        read_rules(path)
    message = str(info.value)
    assert message.startswith(f"rules.csv line 3, field {field!r}")
    assert expected in message


def test_overlapping_dates_fail_and_nothing_loads(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "a,penalty,RU,,,,EU,yes,*,2022-01-01,2024-12-31,60,,,,estimate:x,",
        "b,penalty,RU,,,,EU,yes,*,2024-06-01,,40,,,,estimate:x,",
    )
    with pytest.raises(DataError, match=r"line 3, field 'from': 'b' overlaps 'a'"):
        read_rules(path)
    # the same rows one after the other are fine
    path = _write(
        tmp_path,
        "a,penalty,RU,,,,EU,yes,*,2022-01-01,2024-05-31,60,,,,estimate:x,",
        "b,penalty,RU,,,,EU,yes,*,2024-06-01,,40,,,,estimate:x,",
    )
    assert [r.id for r in read_rules(path)] == ["a", "b"]


def test_unknown_column_fails(tmp_path: Path) -> None:
    path = tmp_path / "rules.csv"
    path.write_text(HEADER + ",colour\n" + GOOD + ",red\n", encoding="utf-8")
    with pytest.raises(DataError, match="line 1: unknown columns"):
        read_rules(path)


def _line() -> Network:
    return Network.from_edges(
        ["cn", "ir", "cn"],
        ["ir", "tr", "tr"],
        {"hours": [10.0, 10.0, 40.0], "usd": [1.0, 1.0, 1.0]},
        nodes={"country": ["CN", "IR", "TR"]},
        edges={"mode": ["rail", "rail", "rail"]},
    )


def _from_china(rule: Rule, to: str, on: dt.date = dt.date(2024, 7, 1)) -> CargoEffects:
    """The rule's effects on containers from China to ``to`` on the line network."""
    return cargo_effects([rule], _line(), origin_country="CN", destination_country=to,
                         commodity="containers", on=on)  # fmt: skip


def test_transit_only_rule_spares_cargo_to_and_from_its_country() -> None:
    rule = Rule("ir", "penalty", dt.date(2018, 1, 1), countries=("IR",), transit_only=True,
                usd_per_tonne=60.0)  # fmt: skip
    through, to_iran = _from_china(rule, "TR"), _from_china(rule, "IR")
    assert through.penalty_usd_t.sum() == 120.0
    assert through.rules == ("ir",)
    assert to_iran.penalty_usd_t.sum() == 0.0
    assert to_iran.rules == ()
    assert _from_china(rule, "TR", on=dt.date(2017, 7, 1)).rules == ()


def test_routing_and_assignment_use_the_same_effects() -> None:
    """A route planned with the rules and the assignment's class for the same cargo see the
    same closed edges and penalties (one function, cargo_effects)."""
    from eurasia.corridors.assignment.demand import Demand
    from eurasia.corridors.assignment.freight import assignment_problem

    net = load_network().as_of(2024)
    rules = load_rules(("rules", "rules_eu_transit_ban"))
    on = dt.date(2024, 7, 1)
    demand = Demand.from_records([("cn-xian", "de-duisburg", "CN-EU", "containers", 1e6)])
    problem = assignment_problem(net, demand, rules=rules, rules_on=on)
    assert set(problem.class_rules[0]) == {
        "iran-secondary-sanctions",
        "eu-road-operators-russia-belarus",
        "red-sea-diversion",
        "eu-transit-ban-russia-belarus",
    }
    allowed = np.asarray(problem.classes[0].allowed)[: net.n_edges]
    assert not allowed[(net.edge_country == "RU") | (net.edge_country_to == "RU")].any()
    found = plan(
        load_network(),
        RouteQuery("cn-xian", "de-duisburg", year=2024, rules=("rules", "rules_eu_transit_ban")),
    )
    assert "RU" not in found.best.countries
    assert "BY" not in found.best.countries
    assert "eu-transit-ban-russia-belarus" in {r.id for r in found.best.rules}
    assert "IR" not in found.best.countries  # the Iran exposure applies to EU cargo too
    free = plan(load_network(), RouteQuery("cn-xian", "de-duisburg", year=2024, rules=()))
    assert "RU" in free.best.countries
    assert free.best.rules == ()


def test_harmonisation_shortens_border_dwell_on_its_corridor_only() -> None:
    net = load_network().as_of(2030)
    rules = load_rules(("rules_harmonised_titr",))
    after, applied = harmonise(net, rules, on=dt.date(2030, 7, 1))
    assert set(applied) == {r.id for r in rules}
    before_h, after_h = net.costs["hours_border"], after.costs["hours_border"]
    titr = np.char.find(np.char.add(np.char.add("|", net.edge_corridors), "|"), "|titr|") >= 0
    border = (net.edge_country != net.edge_country_to) & titr & (before_h > 0)
    assert border.any()
    factor = 0.85 * 0.85 * 0.75 * 0.7
    assert np.allclose(after_h[border], before_h[border] * factor)
    assert np.array_equal(after_h[~titr], before_h[~titr])
    parts = ("hours_linehaul", "hours_border", "hours_wait", "hours_transfer")
    assert np.allclose(sum(after.costs[p] for p in parts), after.costs["hours"])
    assert harmonise(net, rules, on=dt.date(2025, 7, 1))[1] == ()  # not yet in force


def test_through_tariff_prices_the_cargo_it_covers_only() -> None:
    rule = Rule("tr", "tariff", dt.date(2018, 1, 1), countries=("TR",), cargo_ends=("TR",),
                usd_factor=0.5)  # fmt: skip
    to_turkey, to_iran = _from_china(rule, "TR"), _from_china(rule, "IR")
    assert to_turkey.usd_factor.tolist() == [1.0, 0.5, 0.5]  # the edges into Turkey
    assert to_turkey.rules == ("tr",)
    assert not to_turkey.penalty_usd_t.any()
    assert not to_turkey.closed.any()
    assert to_iran.usd_factor.tolist() == [1.0, 1.0, 1.0]
    assert to_iran.rules == ()
    assert to_turkey.key() != to_iran.key()  # the assignment gives them separate classes


def test_a_route_under_the_titr_tariff_reports_the_tariff_and_its_money() -> None:
    """Altynkol to Istanbul in 2024: the bundled TITR through tariff prices the route's rail and
    ferry edges at its factor, the totals carry it and the route names the rule."""
    rule = next(r for r in load_rules() if r.id == "titr-through-tariff")
    query = RouteQuery("kz-altynkol", "tr-istanbul", year=2024, optimize="cost")
    priced = plan(load_network(), query).best
    listed = plan(load_network(), RouteQuery("kz-altynkol", "tr-istanbul", year=2024,
                                             optimize="cost", rules=())).best  # fmt: skip
    found = {r.id: r for r in priced.rules}["titr-through-tariff"]
    assert found.kind == "tariff"
    assert found.edges > 0
    assert priced.totals["usd"] < listed.totals["usd"]
    assert priced.totals["usd"] >= rule.usd_factor * listed.totals["usd"]  # ports stay at list
    before = plan(load_network(), RouteQuery("kz-altynkol", "tr-istanbul", year=2017,
                                             optimize="cost")).best  # fmt: skip
    assert "titr-through-tariff" not in {r.id for r in before.rules}


def test_the_assignment_prices_each_class_at_its_tariff() -> None:
    """A container class to Turkey pays the through tariff in cost_musd; bulk does not."""
    from eurasia.corridors.assignment.demand import Demand
    from eurasia.corridors.assignment.freight import assignment_problem, run_freight

    net = load_network().as_of(2024)
    rules = load_rules()
    on = dt.date(2024, 7, 1)
    records = [("kz-altynkol", "tr-istanbul", "KZ-TR", c, 1e5) for c in ("containers", "bulk")]
    demand = Demand.from_records(records)
    problem = assignment_problem(net, demand, rules=rules, rules_on=on)
    by_commodity = dict(zip([k[1] for k in problem.class_keys], problem.class_usd_factor,
                            strict=True))  # fmt: skip
    assert by_commodity["containers"].min() == pytest.approx(0.432)
    assert np.all(by_commodity["bulk"] == 1.0)
    priced = run_freight(net, demand, rules=rules, rules_on=on)
    listed = run_freight(net, demand, rules=[r for r in rules if r.kind != "tariff"], rules_on=on)
    assert priced.indicators["cost_musd"] < listed.indicators["cost_musd"]
