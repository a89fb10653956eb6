"""Export observations as plain CSV or as a Frictionless Data Package that carries its sources.

The package holds three CSV resources, ``observations``, ``sources`` and ``indicators``, each with
a Table Schema, and lists every cited source in the descriptor's ``sources`` (title, path) so that
generic Data Package tools show the provenance; :func:`eurasia.indicators.datapackage.read_datapackage`
reads it back unchanged.

Examples
--------
>>> import tempfile, pathlib
>>> from eurasia.indicators.model import Indicator, Observation, Source
>>> obs = Observatory()
>>> obs.add_source(Source(id="s", producer="P", title="T", kind="official", url="https://x"))
>>> obs.add_indicator(Indicator(code="x", name="X", unit="t", topic="transit"))
>>> obs.add_observations([Observation(indicator="x", ref_area="KAZ", period="2024",
...                                   value=2.0, unit="t", source_id="s")])
>>> folder = export_datapackage(obs, pathlib.Path(tempfile.mkdtemp()) / "pkg")
>>> sorted(p.name for p in folder.iterdir())
['datapackage.json', 'indicators.csv', 'observations.csv', 'sources.csv']
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from eurasia.errors import DataError
from eurasia.indicators import csvio
from eurasia.indicators.model import Indicator, Observation, Source
from eurasia.indicators.observatory import Observatory

__all__ = ["export_csv", "export_datapackage"]

_TYPES = {float: "number", int: "integer", "float": "number", "int": "integer"}


def export_csv(observations: list[Observation], path: Path) -> int:
    """Write ``observations`` to ``path`` in the plain layout; returns the row count."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as handle:
        return csvio.write_observations(handle, observations)


def _schema(cls: type[Any]) -> dict[str, Any]:
    fields = []
    for f in dataclasses.fields(cls):
        kind = str(f.type).split("|")[0].strip()
        fields.append({"name": f.name, "type": _TYPES.get(kind, "string")})
    return {"fields": fields}


def export_datapackage(
    observatory: Observatory,
    folder: Path,
    *,
    name: str = "eurasia-indicators",
    title: str = "eurasia indicators extract",
) -> Path:
    """Write the observatory's observations with their sources and indicators as a Data Package.

    Parameters
    ----------
    observatory
        What to export (only the sources and indicators its observations cite are written).
    folder
        Created if missing; must not already hold a ``datapackage.json``.
    name, title
        Package name and title.

    Returns
    -------
    Path
        The package folder.

    Raises
    ------
    DataError
        If ``folder`` already holds a package or an observation cites an unknown source.
    """
    folder = Path(folder)
    if (folder / "datapackage.json").exists():
        msg = f"{folder}: already holds a datapackage.json; choose an empty folder"
        raise DataError(msg)
    observations = observatory.observations
    cited = sorted({o.source_id for o in observations})
    unknown = [s for s in cited if s not in observatory.sources]
    if unknown:
        msg = f"observations cite unknown source(s) {', '.join(unknown)}"
        raise DataError(msg)
    sources: list[Source] = [observatory.sources[s] for s in cited]
    codes = sorted({o.indicator for o in observations})
    indicators: list[Indicator] = [observatory.indicator(c) for c in codes]
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "observations.csv").open("w", newline="", encoding="utf-8") as handle:
        csvio.write_observations(handle, observations)
    with (folder / "sources.csv").open("w", newline="", encoding="utf-8") as handle:
        csvio.write_sources(handle, sources)
    with (folder / "indicators.csv").open("w", newline="", encoding="utf-8") as handle:
        csvio.write_indicators(handle, indicators)
    licences = sorted({s.licence for s in sources if s.licence})
    descriptor = {
        "name": name,
        "title": title,
        "profile": "tabular-data-package",
        "licenses": [{"name": lic} for lic in licences],
        "sources": [
            {"title": s.label, "path": s.url, **({"id": s.id} if s.id else {})} for s in sources
        ],
        "resources": [
            _resource("observations", Observation),
            _resource("sources", Source),
            _resource("indicators", Indicator),
        ],
    }
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2) + "\n")
    return folder


def _resource(name: str, cls: type[Any]) -> dict[str, Any]:
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": _schema(cls),
    }
