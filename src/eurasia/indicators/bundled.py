"""The observatory shipped with the package: curated figures, the public-data extract and the essay.

``indicators/data/`` holds hand-curated CSV files (sources, indicators, observations, the
monitoring series of transit, Middle Corridor and Caspian port volumes by year, quarter and
year-to-date month, area groups, targets, claims), each figure with its source, and the extract regenerated from ``shared/data`` by
:mod:`eurasia.indicators.extract`. Each essay claim is also stored as an observation under the essay
as source, so its figure sits beside the others in every series. The energy export flows
(``energy_exports.csv``, one indicator per route, read and checked with their network in
``corridors/energy/data``) are merged in as well.

Examples
--------
>>> obs = bundled_observatory()
>>> obs.groups["EAEU"].members_in_year(2015)
('ARM', 'BLR', 'KAZ', 'KGZ', 'RUS')
>>> [round(o.value, 1) for o in obs.series("trade.turnover", counterpart_area="WLD",
...                                        source_id="wdi") if o.period == "2024"]
[141.6]
>>> [o.value for o in obs.series("energy.exports.crude.cpc") if o.period == "2022"]
[52.2]
"""

from __future__ import annotations

from pathlib import Path

from eurasia.indicators import csvio
from eurasia.indicators.extract import EXTRACT_FILES
from eurasia.indicators.model import Claim, Observation
from eurasia.indicators.observatory import Observatory

__all__ = ["BUNDLED_FILES", "DATA_DIR", "bundled_observatory", "claim_observations"]

DATA_DIR = Path(__file__).with_name("data")
_CURATED = (
    "sources.csv",
    "indicators.csv",
    "observations.csv",
    "monitoring.csv",
    "groups.csv",
    "targets.csv",
    "claims.csv",
)
#: The energy export network whose flows (``energy_exports.csv``) are loaded with the rest
#: (:func:`eurasia.corridors.energy.flows.energy_observatory`); a path, so no import here.
_ENERGY_DIR = Path(__file__).parents[1] / "corridors" / "energy" / "data"
_ENERGY_FILES = (
    "sources.csv",
    "nodes.csv",
    "assets.csv",
    "capacities.csv",
    "routes.csv",
    "background.csv",
    "parameters.csv",
)
#: Every bundled file, in load order (the store checksums these).
BUNDLED_FILES: tuple[Path, ...] = (
    *(DATA_DIR / name for name in (*EXTRACT_FILES, *_CURATED)),
    DATA_DIR / "energy_exports.csv",
    *(_ENERGY_DIR / name for name in _ENERGY_FILES),
)


def claim_observations(claims: list[Claim]) -> list[Observation]:
    """Each claim as an observation of its source (the essay), the comparator in the note.

    Examples
    --------
    >>> claim = Claim(id="c", quote="more than 27 Mt", indicator="transit.cargo",
    ...               ref_area="KAZ", period="2024", value=27.0, unit="t", unit_mult=6,
    ...               comparator="more than", source_id="essay")
    >>> claim_observations([claim])[0].definition_note
    'claim c: more than 27.0 ("more than 27 Mt")'
    """
    return [
        Observation(
            indicator=c.indicator,
            ref_area=c.ref_area,
            counterpart_area=c.counterpart_area,
            flow=c.flow,
            period=c.period,
            value=c.value,
            unit=c.unit,
            unit_mult=c.unit_mult,
            source_id=c.source_id,
            obs_status=c.obs_status,
            definition_note=f'claim {c.id}: {c.comparator} {c.value} ("{c.quote}")',
            source_locator=f"claim {c.id}",
        )
        for c in claims
    ]


def bundled_observatory(data_dir: Path = DATA_DIR) -> Observatory:
    """Read the bundled files into a new :class:`Observatory`.

    Raises
    ------
    DataError
        If a bundled file is malformed (a packaging bug), naming file and line.
    """
    obs = Observatory()
    for source in csvio.read_sources(data_dir / "extract_sources.csv"):
        obs.add_source(source)
    for source in csvio.read_sources(data_dir / "sources.csv"):
        obs.add_source(source)
    for indicator in csvio.read_indicators(data_dir / "extract_indicators.csv"):
        obs.add_indicator(indicator)
    for indicator in csvio.read_indicators(data_dir / "indicators.csv"):
        obs.add_indicator(indicator)
    obs.add_observations(csvio.read_observations(data_dir / "extract_observations.csv"))
    obs.add_observations(csvio.read_observations(data_dir / "observations.csv"))
    obs.add_observations(csvio.read_observations(data_dir / "monitoring.csv"))
    for group in csvio.read_groups(data_dir / "groups.csv"):
        obs.add_group(group)
    for target in csvio.read_targets(data_dir / "targets.csv"):
        obs.add_target(target)
    claims = csvio.read_claims(data_dir / "claims.csv")
    for claim in claims:
        obs.add_claim(claim)
    obs.add_observations(claim_observations(claims))
    energy_flows = data_dir / "energy_exports.csv"
    if energy_flows.is_file():  # read and checked with their network (corridors/energy/data)
        from eurasia.corridors.energy.dataset import read_energy_dataset
        from eurasia.corridors.energy.flows import energy_observatory

        obs.merge(energy_observatory(read_energy_dataset(flows_path=energy_flows)))
    return obs
