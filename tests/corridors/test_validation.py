"""Corrupted copies of each dataset file give one clear error naming file, line and field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from eurasia.cli.main import main
from eurasia.corridors.io.dataset import load_network, read_dataset
from eurasia.errors import DataError


def edit(name: str, old: str, new: str, *, count: int = 1) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return apply


def drop_line(name: str, start: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(start)]
        assert len(kept) == len(lines) - 1
        path.write_text("".join(kept), encoding="utf-8")

    return apply


def reencode(name: str, encoding: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))

    return apply


def set_lon(node: str, value: object) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / "nodes.geojson"
        doc = json.loads(path.read_text(encoding="utf-8"))
        (feature,) = [f for f in doc["features"] if f["id"] == node]
        feature["geometry"]["coordinates"][0] = value
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    return apply


def truncate(name: str) -> Callable[[Path], None]:
    def apply(folder: Path) -> None:
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8")[:5000], encoding="utf-8")

    return apply


CASES = {
    "unknown node in a link": (
        edit("links.csv", "cn-xian--cn-lanzhou,cn-xian,", "cn-xian--cn-lanzhou,cn-nowhere,"),
        ["links.csv line 2", "'from'", "unknown node id 'cn-nowhere'"],
    ),
    "duplicate node id": (
        edit("nodes.geojson", '"id": "cn-lanzhou", "name"', '"id": "cn-xian", "name"'),
        ["nodes.geojson feature cn-xian", "duplicate node id 'cn-xian'"],
    ),
    "longitude out of range": (
        set_lon("cn-xian", 208.94),
        ["nodes.geojson feature cn-xian", "'lon'", "[-180, 180]"],
    ),
    "negative length": (
        edit("links.csv", "kz-aktogay,rail,1520,308,", "kz-aktogay,rail,1520,-308,"),
        ["links.csv line", "'length_km'", "expected a number > 0.0, got -308"],
    ),
    "NaN speed": (
        edit("links.csv", ",1200,qazinform", ",nan,qazinform"),
        ["links.csv line", "'speed_kmd'", "expected a finite number"],
    ),
    "gauge on a ferry": (
        edit(
            "links.csv",
            "kz-aktau--az-alat,kz-aktau,az-alat,ferry,,",
            "kz-aktau--az-alat,kz-aktau,az-alat,ferry,1520,",
        ),
        ["links.csv line", "'gauge_mm'", "a gauge on a non-rail (ferry) link"],
    ),
    "gauge change without a transfer": (
        drop_line("transfers.csv", "kz-dostyk:"),
        ["nodes.geojson feature kz-dostyk", "gauge change without a transfer", "rail-1435"],
    ),
    "wrongly encoded file": (
        reencode("links.csv", "cp1250"),
        ["links.csv line", "not UTF-8"],
    ),
    "broken JSON": (
        truncate("nodes.geojson"),
        ["nodes.geojson line", "not valid JSON"],
    ),
    "unknown source id": (
        drop_line("sources.csv", "carec-cpmm,"),
        ["'carec-cpmm' is neither a source id"],
    ),
    "zero ferry frequency": (
        edit("services.csv", ",2,", ",0,"),
        ["services.csv line", "'frequency_per_week'", "> 0.0"],
    ),
    "service with neither frequency nor capacity": (
        edit("services.csv", ",3.7,trend-3982954", ",,trend-3982954"),
        ["services.csv line", "'frequency_per_week'", "required, got an empty value"],
    ),
    "ferry with unscheduled services only": (
        drop_line("services.csv", "svc-kz-kuryk--az-alat,"),
        ["links.csv line", "ferry link 'kz-kuryk--az-alat' has no scheduled service"],
    ),
    "negative service capacity": (
        edit("services.csv", ",3.7,trend-3982954", ",-3.7,trend-3982954"),
        ["services.csv line", "'capacity_mt'", "expected a number >= 0.0, got -3.7"],
    ),
    "ragged CSV row": (
        edit(
            "transfers.csv",
            "kz-dostyk:rail-1435:rail-1520,",
            "kz-dostyk:rail-1435:rail-1520,,,,,,,,,,,,,,,,,,,,,,,",
        ),
        ["transfers.csv line 2", "cells but the header has"],
    ),
    "missing column": (
        edit("parameters.csv", "name,mode,scope,low", "name,mode,scope,lo"),
        ["parameters.csv line 1", "missing column(s) ['low']"],
    ),
    "negative tariff": (
        edit("parameters.csv", "usd_per_teu_km,rail,CN,0.18,", "usd_per_teu_km,rail,CN,-0.18,"),
        ["parameters.csv line", "'low'", "expected a number >= 0.0, got -0.18"],
    ),
    "parameter for an unknown country": (
        edit("parameters.csv", "speed_kmd,rail,KZ,", "speed_kmd,rail,QQ,"),
        ["parameters.csv line", "'scope'", "unknown scope 'QQ'"],
    ),
    "misspelt parameter": (
        edit("parameters.csv", "speed_kmd,rail,KZ,", "speed_kph,rail,KZ,"),
        ["parameters.csv line", "'name'", "unknown parameter 'speed_kph'"],
    ),
    "three tracks": (
        edit("links.csv", ",2,yes,railwaygazette-2004-tsr,", ",3,yes,railwaygazette-2004-tsr,"),
        ["links.csv line", "'tracks'"],
    ),
    "electrified maybe": (
        edit("links.csv", ",2,yes,railwaygazette-2004-tsr,", ",2,maybe,railwaygazette-2004-tsr,"),
        ["links.csv line", "'electrified'", "expected one of ['yes', 'no']"],
    ),
    "track class without a source": (
        edit("links.csv", ",2,yes,railwaygazette-2004-tsr,", ",2,yes,,"),
        ["links.csv line", "'track_source'"],
    ),
    "negative ferry tariff": (
        edit("links.csv", ",480,600,600,", ",-480,600,600,"),
        ["links.csv line", "'tariff_usd_low'", "expected a number >= 0.0"],
    ),
    "ferry tariff without a source": (
        edit(
            "links.csv",
            ',400,500,500,"asco-tariffs-2023;estimate:low a fifth below the list tariff (contract volumes)"',
            ",400,500,500,",
        ),
        ["links.csv line", "'tariff_source'"],
    ),
    "ferry tariff low above central": (
        edit("links.csv", ",480,600,600,", ",700,600,600,"),
        ["links.csv line", "'tariff_usd'", "expected low <= central <= high"],
    ),
    "malformed point": (
        set_lon("cn-xian", "x"),
        ["nodes.geojson feature cn-xian", "'lon'", "expected a number"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_corrupted_copy_gives_a_clear_error(
    case: str, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt, expected = CASES[case]
    corrupt(data_copy)
    with pytest.raises(DataError) as caught:
        load_network(data_copy)
    for fragment in expected:
        assert fragment in str(caught.value)
    assert main(["network", "validate", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert expected[0].split()[0] in err


def test_valid_copy_validates(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["network", "validate", str(data_copy)]) == 0
    assert "valid" in capsys.readouterr().out


def test_disconnected_component_is_reported(
    data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_copy / "nodes.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    island = json.loads(json.dumps(doc["features"][0]))
    island["id"] = island["properties"]["id"] = "cn-island"
    doc["features"].append(island)
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert len(read_dataset(data_copy).components) == 2
    assert main(["network", "validate", str(data_copy)]) == 0
    out = capsys.readouterr().out
    assert "2 disconnected components" in out
    assert "cn-island" in out


def test_every_problem_is_listed_at_once(data_copy: Path) -> None:
    edit("links.csv", ",1200,qazinform", ",nan,qazinform", count=2)(data_copy)
    with pytest.raises(DataError, match="2 problems in the network data"):
        read_dataset(data_copy)


def test_volume_delay_parameters_are_checked_and_cited(data_copy: Path) -> None:
    links = data_copy / "links.csv"
    lines = links.read_text(encoding="utf-8").splitlines()
    lines[0] += ",bpr_alpha,bpr_beta,bpr_source"
    lines[1] += ",-0.5,4,"  # negative alpha, no source
    lines[2] += ",0.15,4,"  # values without a source
    lines[3] += ",,,bpr-1964"  # a source without values
    lines[4] += ",0.15,4,bpr-1964"
    links.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_dataset(data_copy)
    text = str(caught.value)
    assert "links.csv line 2, field 'bpr_alpha': expected a number >= 0.0, got -0.5" in text
    assert "links.csv line 3, field 'bpr_source': a value is given but no source id" in text
    assert "links.csv line 4, field 'bpr_source': a source is given but" in text
    assert "links.csv line 5" not in text
