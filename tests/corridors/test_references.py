"""Published references: every band held (calibration and held-out apart), bad tables refused,
the generated section of docs/data.md current, and the ``eurasia network calibrate`` command."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from eurasia.cli.main import main
from eurasia.corridors.calibration.evaluate import Evaluation, evaluate, fastest_path, network_view
from eurasia.corridors.calibration.references import Reference, read_references
from eurasia.corridors.calibration.report import BEGIN, END, markdown, write_docs_section
from eurasia.corridors.io.dataset import load_network
from eurasia.corridors.rules.effects import load_rules, rule_mask
from eurasia.errors import DataError

DOCS = Path(__file__).parents[2] / "docs" / "data.md"
#: Held-out references the model misses today, each with the reason (docs/data.md).
KNOWN_MISSES = {
    # Jike (2023) gives 18 days Khorgos -> Duisburg, but also 13 days Chengdu -> Malaszewicze,
    # which the model meets; the two are not consistent with one European leg. The same note's
    # two-week reloading queue at Khorgos, added to the transit, would give 27 days.
    "t-khorgos-duisburg",
    # The baseline sends 21.0 Mt through Dostyk against 16.5 Mt of Alashankou throughput in 2024
    # (people.cn): its Kazakhstan-China bulk zones (Pavlodar, Karaganda, Astana, Aktobe) all lie
    # north; Altynkol (11.1 against 11.6 Mt) passes.
    "v-dostyk-2025",
    # Jike's 9 days Xi'an -> Almaty through Khorgos (2023) carries that summer's reloading queue;
    # the model's Altynkol gauge change is processing as at Dostyk (12 h, high 336 h): 5.3 days.
    # At the baseline load (v/c 0.7) the volume-delay curve adds no queue to speak of.
    "t-xian-almaty-khorgos",
    # Block trains (with_service "block"): China -> Turkiye 16.3 days against the published 15
    # (14.1 days to Kars, then 2.2 days on the 1,656 km Kars-Istanbul line at the 2019 China
    # Railway Express's speed);
    # the 2013 scheduled Xi'an -> Almaty train took 6 days, the 2024 network's block time is 3.6.
    "t-china-turkiye-block",
    # vestikavkaza (2024): delivery to Georgia cut to 14 days; the model's block train reaches
    # Tbilisi in 12.3 (Baku-Georgia in 2 days against the schedule's 3)
    "t-xian-georgia-block",
    "t-xian-almaty-scheduled",
    # index1520's 13-15 days China -> Poland are terminal to terminal (ends 'door'): the model's
    # Xi'an -> Lodz train run of 14.4 days plus a rail terminal lift at each end (12 h each,
    # estimate, not fitted) gives 15.4 days.
    "t-china-poland-index1520",
    # The same overview's 18-21 days China -> Germany (Xi'an -> Duisburg, door): 17.6 days, and
    # its 13-day block train with priority at the China-Kazakhstan border: 11.9. Poland and
    # Germany lie five days apart in the source and 2.2 days apart in the model.
    "t-china-germany-index1520",
    "t-xian-duisburg-priority-block",
    # InterRail's 2020 through rate Tashkent -> Derince (Istanbul) via Turkmenbashi: USD 2,972
    # per FEU; the model gives 3,832 with the TITR through tariff (fitted on Altynkol-Istanbul
    # 2018) on its Caucasus, Turkish and ferry legs, but the Uzbek and Turkmen rail legs and
    # Turkmenbashi's port call (USD 1,738 of it) at list: no through tariff is sourced for them.
    # The same source's rate via Aktau (4,284) and the World Bank's Middle Corridor range pass.
    "r-tashkent-istanbul-turkmenbashi",
}


@pytest.fixture(scope="module")
def evaluations() -> list[Evaluation]:
    return evaluate(read_references(), load_network())


def test_every_calibration_band_holds(evaluations: list[Evaluation]) -> None:
    calibration = [e for e in evaluations if e.reference.use == "calibration"]
    assert len(calibration) >= 10
    missed = [(e.reference.id, e.model) for e in calibration if not e.passed]
    assert missed == []


def test_held_out_bands_hold_but_the_documented_misses(evaluations: list[Evaluation]) -> None:
    held = [e for e in evaluations if e.reference.use == "held_out" and e.passed is not None]
    assert len(held) >= 8
    assert {e.reference.id for e in held if not e.passed} == KNOWN_MISSES
    kinds = {e.reference.kind for e in held}
    assert {"time_days", "rate_usd_feu", "flow_mt"} <= kinds


def test_pending_references_say_why(evaluations: list[Evaluation]) -> None:
    pending = [e for e in evaluations if e.passed is None]
    assert all(e.reference.reason for e in pending)


def test_block_train_references_are_evaluated_at_the_block_service_level(
    evaluations: list[Evaluation],
) -> None:
    block = {e.reference.id: e for e in evaluations if e.reference.service == "block"}
    assert set(block) >= {"t-xian-baku-block", "t-china-turkiye-block", "t-xian-almaty-scheduled"}
    assert all(e.passed is not None for e in block.values())
    typical = evaluate(
        [replace(block["t-xian-baku-block"].reference, service="typical")], load_network()
    )
    assert block["t-xian-baku-block"].model < 0.8 * typical[0].model


def test_rail_is_dearer_than_sea_per_feu_only_by_what_the_sources_say(
    evaluations: list[Evaluation],
) -> None:
    by_id = {e.reference.id: e.model for e in evaluations}
    # door-to-door rail Xi'an -> Malaszewicze against the 2024 sea spot rate via the Cape:
    # comparable (the ERA commentary's "59 % below sea" compares ERAI's 1520 section only)
    assert 1.0 < by_id["r-china-eeurope-2025"] / by_id["r-sea-2024"] < 2.0
    assert by_id["r-erai-dostyk-brest"] < by_id["r-sea-2024"]


def test_through_tariff_is_the_fit_on_its_calibration_rate_and_prices_the_others(
    evaluations: list[Evaluation],
) -> None:
    # The titr-through-tariff factor is (agreed rate - the path's money outside the rule) / the
    # path's money inside it, on the model's 2018 Altynkol -> Istanbul path: fails when the
    # network's prices change and the factor in rules.csv was not fitted again. The held-out
    # rates it covers are their list parts with the same factor on the edges it selects.
    rule = next(r for r in load_rules() if r.id == "titr-through-tariff")
    by_id = {e.reference.id: e for e in evaluations}

    def parts(ref_id: str) -> tuple[float, float]:
        ref = by_id[ref_id].reference
        net = network_view(load_network(), ref.view, ref.year)
        edges = fastest_path(net, ref.origin, ref.destination)
        feu = net.cost("usd_feu")[edges]
        inside = rule_mask(rule, net)[edges]
        return float(feu[inside].sum()), float(feu[~inside].sum())

    inside, outside = parts("r-titr-altynkol-istanbul-2018")
    assert (3474 - outside) / inside == pytest.approx(rule.usd_factor, abs=5e-4)
    inside, outside = parts("r-middle-corridor-wb")
    assert by_id["r-middle-corridor-wb"].model == pytest.approx(outside + rule.usd_factor * inside)
    assert outside > 0  # port calls stay at list


def test_docs_section_is_current(evaluations: list[Evaluation]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert section.strip() == markdown(evaluations).strip()


def _table(tmp_path: Path, body: str) -> Path:
    head = "id,kind,use,label,low,high,unit,source,origin,destination,view,scenario,target\n"
    path = tmp_path / "refs.csv"
    path.write_text(head + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "x,time_days,held_out,X,1,2,days,carec-cpmm,kz-dostyk,nowhere,rail,,\n",
            "line 2, field 'destination'",
        ),
        (
            "x,time_days,held_out,X,-1,2,days,carec-cpmm,kz-dostyk,az-alat,rail,,\n",
            "field 'low': expected a finite number >= 0",
        ),
        (
            "x,time_days,held_out,X,5,2,days,carec-cpmm,kz-dostyk,az-alat,rail,,\n",
            "field 'high': expected low <= high",
        ),
        (
            "x,time_days,held_out,X,1,2,days,nobody,kz-dostyk,az-alat,rail,,\n",
            "unknown source id 'nobody'",
        ),
        (
            "x,speed,held_out,X,1,2,days,carec-cpmm,kz-dostyk,az-alat,rail,,\n",
            "field 'kind': unknown kind",
        ),
        ("x,time_days,fitted,X,1,2,days,carec-cpmm,kz-dostyk,az-alat,rail,,\n", "field 'use'"),
        ("x,time_days,held_out,X,1,2,days,carec-cpmm,kz-dostyk,az-alat,moon,,\n", "field 'view'"),
        ("x,indicator,held_out,X,1,2,Mt,carec-cpmm,,,,,\n", "names a scenario and a target"),
        (
            "x,time_days,held_out,X,1,2,days,carec-cpmm,kz-dostyk,az-alat,rail,,\n"
            "x,time_days,held_out,X,1,2,days,carec-cpmm,kz-dostyk,az-alat,rail,,\n",
            "line 3, field 'id': duplicate id 'x'",
        ),
    ],
)
def test_bad_reference_tables_name_file_line_and_field(
    tmp_path: Path, body: str, message: str
) -> None:
    with pytest.raises(DataError, match=r"refs\.csv") as caught:
        read_references(_table(tmp_path, body))
    assert message in str(caught.value)


def test_docs_section_is_rewritten_in_place(tmp_path: Path, evaluations: list[Evaluation]) -> None:
    doc = tmp_path / "d.md"
    doc.write_text(f"# t\n\nbefore\n{BEGIN}\nold\n{END}\nafter\n", encoding="utf-8")
    write_docs_section(doc, evaluations[:2])
    text = doc.read_text(encoding="utf-8")
    assert "old" not in text
    assert text.startswith("# t\n\nbefore\n")
    assert text.endswith(f"{END}\nafter\n")
    assert evaluations[0].reference.id in text
    doc.write_text("no markers\n", encoding="utf-8")
    with pytest.raises(DataError, match="no generated section"):
        write_docs_section(doc, evaluations)


def _time_probe(**where: Any) -> Reference:
    """A held-out time reference with an open band: only its path and time are looked at."""
    return Reference("t", "time_days", "held_out", "t", 0, 99, "days", ("carec-cpmm",), **where)


def test_a_route_through_a_place_keeps_its_side(evaluations: list[Evaluation]) -> None:
    net = load_network()
    through = _time_probe(
        origin="cn-xian",
        destination="kz-almaty",
        view="rail",
        year=2024,
        via="kz-dostyk",
        ends="line",
    )
    (b,) = evaluate([through], net)
    rail = network_view(net, "rail", 2024)
    hours = rail.cost("hours")
    # two separate searches may skip the gauge change: the second starts on the 1520 mm side
    skipped = hours[fastest_path(rail, "cn-xian", "kz-dostyk")].sum()
    skipped += hours[fastest_path(rail, "kz-dostyk", "kz-almaty")].sum()
    gauge = hours[rail.edges_of("kz-dostyk:rail-1435:rail-1520")].min()
    # through Dostyk the container pays the gauge change there (12 h), not skips it
    assert b.model * 24 == pytest.approx(skipped + gauge, abs=0.01)


def test_views_keep_what_the_published_service_uses() -> None:
    net = load_network()
    rail = network_view(net, "rail", 2025)
    assert set(rail.edge_mode.tolist()) <= {"rail", "transfer"}
    assert set(rail.edge_transfer[rail.edge_mode == "transfer"].tolist()) == {"gauge_change"}
    assert set(network_view(net, "road", 2025).edge_mode.tolist()) == {"road"}
    cape = network_view(net, "cape", 2025)
    assert "EG" not in set(cape.edge_country.tolist())
    with pytest.raises(DataError, match="unknown view"):
        network_view(net, "air", 2025)


def test_calibrate_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["network", "calibrate", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["summary"]["calibration_failed"] == 0
    assert {r["use"] for r in body["data"]} == {"calibration", "held_out"}
    doc = tmp_path / "d.md"
    doc.write_text(f"{BEGIN}\n{END}\n", encoding="utf-8")
    assert main(["--lang", "en", "network", "calibrate", "--write-docs", "--docs", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "calibration: 12 passed, 0 failed" in out
    assert "r-erai-dostyk-brest" in doc.read_text(encoding="utf-8")


def test_an_unknown_service_level_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "refs.csv"
    path.write_text(
        "id,kind,use,label,low,high,unit,source,origin,destination,view,service\n"
        "x,time_days,held_out,X,1,2,days,carec-cpmm,kz-dostyk,az-alat,titr,express\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError, match=r"refs\.csv line 2, field 'service': unknown service"):
        read_references(path)


def test_a_door_reference_pays_the_lift_at_both_ends() -> None:

    net = load_network()
    line = _time_probe(
        origin="cn-xian",
        destination="pl-lodz",
        view="rail",
        year=2024,
        ends="line",
    )
    door, plain = evaluate([replace(line, ends="door"), line], net)
    rail = network_view(net, "rail", 2024)
    lift = rail.end_costs["hours"][rail.node_vertices("cn-xian")].max()
    # both ends are rail terminals (12 h central lift each, parameters.csv terminal_hours)
    assert lift == 12.0
    assert door.model * 24 == pytest.approx(plain.model * 24 + 2 * lift)
