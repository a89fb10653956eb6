"""Flows as observations, charts and the OWID production read from shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

from eurasia.corridors.energy.charts import dependence_svg, flows_svg, write_chart
from eurasia.corridors.energy.dataset import read_energy_dataset
from eurasia.corridors.energy.flows import energy_observatory, flow_table, owid_production
from eurasia.corridors.energy.freight import freight_dependence
from eurasia.errors import DataError

SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


def test_observatory_holds_every_flow_with_its_source() -> None:
    ds = read_energy_dataset()
    obs = energy_observatory(ds)
    assert len(obs.observations) == len(ds.flows)
    cpc = {o.period: o for o in obs.series("energy.exports.crude.cpc")}
    assert cpc["2023"].value == pytest.approx(56.0)
    assert cpc["2023"].unit_mult == 6
    assert cpc["2024"].obs_status == "E"
    assert obs.source(cpc["2023"].source_id).producer.startswith("Ministry of Energy")


def test_flow_table_marks_estimates() -> None:
    rows = flow_table(read_energy_dataset(), "crude")
    status = {(r["route"], r["year"]): r["status"] for r in rows}
    assert status[("cpc", 2023)] == "A"
    assert status[("samara-ports", 2023)] == "E"


@pytest.mark.skipif(not (SHARED_DATA / "owid").is_dir(), reason="shared/data/owid not present")
def test_owid_production_from_shared_data() -> None:
    prod = {(p.commodity, p.year): p for p in owid_production(SHARED_DATA)}
    # 2023: 1046.4 TWh of oil = 90.0 Mt, against the ministry's 89.9 Mt produced (kz-moe-2024-04).
    assert prod[("crude", 2023)].volume == pytest.approx(89.9, rel=0.01)
    # Exports never exceed production.
    ds = read_energy_dataset()
    for year in (2022, 2023, 2024):
        assert sum(ds.route_flows(year, "crude").values()) < prod[("crude", year)].volume


def test_owid_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="OWID energy file not found"):
        owid_production(tmp_path)


def test_charts(tmp_path: Path) -> None:
    ds = read_energy_dataset()
    svg = flows_svg(ds, "uranium")
    assert "u-titr" in svg
    assert "Kazatomprom" in svg
    path = write_chart(
        dependence_svg(ds, freight={"hhi": 2600.0, "counts": "tonne-km", "scenario": "b"}),
        tmp_path / "d.svg",
    )
    assert "freight" in path.read_text()
    with pytest.raises(DataError, match=r"expected an \.svg suffix"):
        write_chart(svg, tmp_path / "d.pdf")


def test_freight_dependence_counts_what_it_says() -> None:
    d = freight_dependence(
        {"scenario": "s", "corridor_shares": {"northern": 0.6, "titr": 0.3, "other": 0.1}}
    )
    assert d["hhi"] == pytest.approx(3600 + 900 + 100)
    assert d["top"] == "northern"
    with pytest.raises(DataError, match="no corridor_shares"):
        freight_dependence({})


def test_the_bundled_indicator_load_carries_the_energy_flows() -> None:
    # eurasia db load stores bundled_observatory(): each flow row becomes an observation there,
    # with its source, status and locator, and the indicators' own sources are not replaced.
    from eurasia.indicators import csvio
    from eurasia.indicators.bundled import BUNDLED_FILES, DATA_DIR, bundled_observatory

    ds = read_energy_dataset()
    obs = bundled_observatory()
    energy = [o for o in obs.observations if o.indicator.startswith("energy.exports.")]
    assert len(energy) == len(ds.flows)
    cpc = {o.period: o for o in obs.series("energy.exports.crude.cpc")}
    assert cpc["2022"].value == 52.2
    assert cpc["2022"].source_id == "cpc-2023-reuters"
    assert cpc["2024"].obs_status == "E"
    assert obs.indicators["energy.exports.crude.cpc"].topic == "energy"
    assert obs.sources["cpc-2023-reuters"].producer.startswith("Caspian Pipeline Consortium")
    own = {s.id: s for s in csvio.read_sources(DATA_DIR / "extract_sources.csv")}
    assert obs.sources["owid-energy"] == own["owid-energy"]  # not replaced by the energy entry
    assert DATA_DIR / "energy_exports.csv" in BUNDLED_FILES  # a change reloads the store
