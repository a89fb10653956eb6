"""Fixtures: a copy of the bundled energy data to break, and a tiny hand-built network."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from eurasia.corridors.energy.dataset import DATA_DIR, FLOWS_PATH

#: Type of the ``tiny`` fixture.
Tiny = Callable[..., tuple[Path, Path]]

SOURCES = (
    "id,producer,title,kind,url,published,licence,citation,note\n"
    "s,Producer,Title,official,https://example.org,2024,,Citation,\n"
)
NODES = (
    "id,name,country,kind,lon,lat,coord_source\n"
    "kz-a,A,KZ,field,50,45,test\n"
    "ru-b,B,RU,terminal,40,45,test\n"
    "cn-c,C,CN,border,80,45,test\n"
)
# Two crude routes: west through RU (pipe + terminal) and east (one pipe).
ASSETS = (
    "id,name,commodity,kind,from,to,owner,owner_source,length_km,length_source\n"
    "west-pipe,West pipe,crude,pipeline,kz-a,ru-b,Owner,s,1000,s\n"
    "west-term,West terminal,crude,terminal,ru-b,ru-b,Owner,s,0,s\n"
    "east-pipe,East pipe,crude,pipeline,kz-a,cn-c,Owner,s,2000,s\n"
)
CAPACITIES = (
    "asset,year_from,year_until,capacity,unit,basis,status,source,note,flow_note\n"
    "west-pipe,2020,,100,Mt,design,open,s,,\n"
    "west-term,2020,,100,Mt,design,open,s,,\n"
    "east-pipe,2020,,20,Mt,design,open,s,,\n"
)
ROUTES = (
    "id,name,commodity,assets,direction,transit,outlet,market,note\n"
    "west,West,crude,west-pipe|west-term,west,RU,ru-b,world,\n"
    "east,East,crude,east-pipe,east,,cn-c,world,\n"
)
BACKGROUND = (
    "asset,year,volume,unit,what,obs_status,source,note\neast-pipe,2024,5,Mt,transit,A,s,\n"
)
PARAMETERS = (
    "quantity,commodity,kind,value,low,high,unit,source\n"
    "tariff,crude,pipeline,0.02,0.01,0.03,USD/t-km,s\n"
    "tariff,crude,terminal,2,1,3,USD/t,s\n"
    "speed,*,pipeline,100,100,100,km/day,s\n"
    "ramp_days,*,pipeline,0,0,0,days,s\n"
    "stranded_penalty,*,*,1000,1000,1000,USD/unit,s\n"
)
FLOWS = (
    "indicator,ref_area,period,value,unit,unit_mult,source_id,flow\n"
    "energy.exports.crude.west,KAZ,2024,60,t,6,s,X\n"
    "energy.exports.crude.east,KAZ,2024,10,t,6,s,X\n"
)
TINY = {
    "sources.csv": SOURCES,
    "nodes.csv": NODES,
    "assets.csv": ASSETS,
    "capacities.csv": CAPACITIES,
    "routes.csv": ROUTES,
    "background.csv": BACKGROUND,
    "parameters.csv": PARAMETERS,
}


@pytest.fixture
def tiny(tmp_path: Path) -> Tiny:
    """Write the tiny network (any file replaceable by keyword, ``flows=`` for the flows)."""

    def make(**files: str) -> tuple[Path, Path]:
        folder = tmp_path / "tiny"
        folder.mkdir(exist_ok=True)
        for name, text in TINY.items():
            (folder / name).write_text(files.get(name.removesuffix(".csv"), text))
        flows = tmp_path / "flows.csv"
        flows.write_text(files.get("flows", FLOWS))
        return folder, flows

    return make


@pytest.fixture
def bundled_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the bundled folder and flows file, to edit in a test."""
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    flows = tmp_path / "energy_exports.csv"
    shutil.copy(FLOWS_PATH, flows)
    return folder, flows


def replace_line(path: Path, old: str, new: str) -> None:
    """Replace the one line of ``path`` that starts with ``old``."""
    lines = path.read_text().splitlines()
    hits = [i for i, line in enumerate(lines) if line.startswith(old)]
    assert len(hits) == 1, f"{old!r} matches {len(hits)} lines of {path.name}"
    lines[hits[0]] = new
    path.write_text("\n".join(lines) + "\n")
