"""One function per map layer: Dataset -> plain GeoJSON for the page, in the display frame.

Properties carry what the page needs to draw and filter (agencies, drugs, years); the words
of a feature's details come from data/present.py in a block of their own.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from ..data.filtering import FilterKeys, filter_keys
from ..data.load import Dataset
from .geometry import display_lon, generalise, great_circle, to_display_frame
from .style import DRUG_COLOURS, case_radius, route_weight

DECIMALS = 3
# The page draws the overview below zoom 3.5 (assets/js/core.js DETAIL_ZOOM), where a pixel spans
# 360 / (256 * 2**3.25) = 0.148 degrees or more. Coverage simplification (Visvalingam-Whyatt)
# drops only bends smaller than OVERVIEW_TOLERANCE_DEG squared: under a pixel's area there.
OVERVIEW_TOLERANCE_DEG = 0.15
OVERVIEW_DECIMALS = 2


def _clean(value):
    """JSON-safe scalars: numpy numbers to Python, NaN/NA to None, tuples to lists."""
    if isinstance(value, (tuple, list)):
        return [_clean(v) for v in value]
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Rows as dicts of JSON-safe values, read column by column (iterrows was 60% of a page build)."""
    columns = list(dict.fromkeys(columns))
    values = [[_clean(v) for v in frame[c].tolist()] for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [round(display_lon(lon), 4), round(lat, 4)]}


def _collection(name: str, features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "name": name, "features": features}


def _display_geometry(geom, decimals: int = DECIMALS) -> dict:
    return mapping(shapely.transform(to_display_frame(geom), lambda c: np.round(c, decimals)))


_SHAPES: dict[str, tuple[list[dict], list[dict]]] = {}


def _country_shapes(geoms) -> tuple[list[dict], list[dict]]:
    """(overview, full) display shapes of the countries, kept for the basemap last seen.

    Every data edit rebuilds the page, but the countries rarely change: this saves the
    ~0.3 s of simplifying and converting them on each rebuild after the first.
    """
    key = hashlib.blake2b(b"".join(shapely.to_wkb(geoms)), digest_size=16).hexdigest()
    if key not in _SHAPES:
        overview = generalise(geoms, OVERVIEW_TOLERANCE_DEG)
        _SHAPES.clear()
        _SHAPES[key] = ([_display_geometry(g, OVERVIEW_DECIMALS) for g in overview], [_display_geometry(g) for g in geoms])
    return _SHAPES[key]


def basemap(ds: Dataset) -> dict:
    """The countries in their overview shapes: a third of the vertices of the full ones.

    Drawn at the start view instead of the full shapes, they bring the map's pixels 0.2 s
    sooner and halve each zoom step at world scale; basemap_detail has the full shapes.
    """
    detained = ds.detentions.set_index("country")["detained"].to_dict()
    overview, _full = _country_shapes(ds.basemap.geometry.values)
    features = []
    for row, shape in zip(ds.basemap.itertuples(), overview):
        features.append(
            {
                "type": "Feature",
                "geometry": shape,
                "properties": {
                    "iso3": row.iso3,
                    "name_zh": row.name_zh,
                    "name_en": row.name_en,
                    "label": [round(display_lon(row.label_lon), 2), row.label_lat],
                    "min_label_zoom": _clean(row.min_label_zoom),
                    "detained": _clean(detained.get(row.iso3)),
                },
            }
        )
    return _collection("basemap", features)


def basemap_detail(ds: Dataset) -> list[dict]:
    """The countries' full shapes, in basemap()'s order: the page parses them on first zoom-in."""
    return _country_shapes(ds.basemap.geometry.values)[1]


POST_PROPS = ["id", "agency", "posts", "country", "lat", "lon"]


def _point_features(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    features = []
    for props in _records(frame, columns):
        features.append({"type": "Feature", "geometry": _point(props["lon"], props["lat"]), "properties": props})
    return features


def posts(ds: Dataset) -> dict:
    return _collection("posts", _point_features(ds.posts, POST_PROPS))


CUSTOMS_PROPS = ["id", "tier", "country", "lat", "lon"]


def customs(ds: Dataset) -> dict:
    return _collection("customs", _point_features(ds.customs_partners, CUSTOMS_PROPS))


def _items_by_case(ds: Dataset) -> dict[str, list[dict]]:
    """Each case's seized items, in file order."""
    by_case: dict[str, list[dict]] = {}
    for item in _records(ds.case_drugs, ["case_id", "drug", "quantity", "unit", "text_zh"]):
        by_case.setdefault(item.pop("case_id"), []).append(item)
    return by_case


def _lead_drug(items: list[dict]) -> str:
    """The drug seized in the largest quantity by weight (the first of equals); else the first listed."""
    kg = [i for i in items if i["unit"] == "kg" and i["quantity"] is not None]
    return str(max(kg, key=lambda i: i["quantity"])["drug"] if kg else items[0]["drug"])


def coded(values: list, as_json=lambda v: v) -> dict:
    """A column of few distinct (hashable) values as {"table": the distinct ones as JSON, "index": each
    row's place in it}: 100,000 cases' filter keys take 0.4 MB instead of 7 MB, and the page shares one
    object per value."""
    table: dict = {}
    index = [table.setdefault(v, len(table)) for v in values]
    return {"table": [as_json(v) for v in table], "index": index}


def cases(ds: Dataset, by_case: dict[str, list[dict]] | None = None) -> dict:
    """Columns, not GeoJSON features: one list per field the page draws and filters by (the repetitive
    ones coded). At 100,000 cases the features took 40.6 MB of the page, now 4.7 MB."""
    by_case = by_case or _items_by_case(ds)
    frame = ds.cases
    max_kg = float(frame["quantity_kg"].max() or 0)
    ids = frame["id"].tolist()
    return {
        "id": ids,
        "lon": [round(display_lon(v), 4) for v in frame["lon"].tolist()],
        "lat": [round(v, 4) for v in frame["lat"].tolist()],
        "radius": [case_radius(_clean(kg), max_kg) for kg in frame["quantity_kg"].tolist()],
        "lead_drug": coded([_lead_drug(by_case[i]) for i in ids]),
        "country": coded(frame["country"].tolist()),
        "date": coded(frame["date_start"].tolist()),  # the time slider's (assets/js/time.js)
    }


ROUTE_PROPS = [
    "id", "case_id", "seq", "origin", "destination", "origin_country", "destination_country", "mode", "drugs",
    "agencies", "basis", "quantity_kg",
]


def routes(ds: Dataset, by_case: dict[str, list[dict]] | None = None) -> dict:
    by_case = by_case or _items_by_case(ds)
    max_kg = float(ds.routes["quantity_kg"].max() or 0) if len(ds.routes) else 0.0
    ends = ["origin_lon", "origin_lat", "destination_lon", "destination_lat"]
    case_dates = dict(zip(ds.cases["id"], ds.cases["date_start"]))
    features = []
    for props in _records(ds.routes, [*ROUTE_PROPS, "years_roc", *ends]):
        ends_ = [props.pop(k) for k in ends]
        props["years"] = props.pop("years_roc")
        props["date"] = case_dates.get(props["case_id"])  # its case's: the time slider shows it with the case
        on_route = [i for i in by_case.get(props["case_id"], []) if i["drug"] in props["drugs"]]
        props["lead_drug"] = _lead_drug(on_route) if on_route else props["drugs"][0]
        props["colour"] = DRUG_COLOURS[props["lead_drug"]]
        props["weight"] = route_weight(props["quantity_kg"], max_kg)
        parts = great_circle(*ends_)
        geometry = ({"type": "LineString", "coordinates": parts[0]} if len(parts) == 1
                    else {"type": "MultiLineString", "coordinates": parts})
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    return _collection("routes", features)


DETENTION_PROPS = ["country", "detained", "life", "death"]


def detentions(ds: Dataset) -> list[dict]:
    out = _records(ds.detentions, [*DETENTION_PROPS, "label_lon", "label_lat"])
    for props in out:
        props["label"] = [round(display_lon(props.pop("label_lon")), 2), props.pop("label_lat")]
    return out


def results(ds: Dataset) -> list[dict]:
    """The yearly results table, for the chart the results scene draws over the map."""
    cols = ["year_roc", "months", "agency", "cases", "partner_countries", "tonnes", "source"]
    return _records(ds.results, cols)


def _with_filter_keys(ds: Dataset, kind: str, layer):
    """Each feature carries what the filter tests (data/filtering.filter_keys), the one rule for both sides."""
    keys = filter_keys(ds, kind)
    if isinstance(layer, dict) and "features" not in layer:  # columns: one more column
        layer["keys"] = coded(keys, FilterKeys.to_json)
        return layer
    keys = [k.to_json() for k in keys]
    records = layer["features"] if isinstance(layer, dict) else layer
    for record, key in zip(records, keys, strict=True):
        (record["properties"] if isinstance(layer, dict) else record)["keys"] = key
    return layer


def prices(ds: Dataset) -> list[dict]:
    """The price survey: every (country, drug, year) price at its country's label point; the page shows,
    per country and drug, the newest year the filter lets through (assets/js/prices.js)."""
    at = ds.basemap.set_index("iso3")[["label_lon", "label_lat"]]
    return [{"country": r.country, "drug": r.drug, "year": int(r.year), "year_roc": int(r.year) - 1911,
             "price": float(r.price_per_gram), "currency": r.currency,
             "label": [round(display_lon(float(at.at[r.country, "label_lon"])), 4), round(float(at.at[r.country, "label_lat"]), 4)]}
            for r in ds.prices.itertuples() if r.country in at.index]


def all_layers(ds: Dataset) -> dict:
    by_case = _items_by_case(ds)  # once for both: a second pass over 133,000 items took a second
    layers = {"posts": posts(ds), "customs": customs(ds), "cases": cases(ds, by_case), "routes": routes(ds, by_case),
              "detentions": detentions(ds)}
    return {"basemap": basemap(ds), "prices": prices(ds),
            **{kind: _with_filter_keys(ds, kind, layer) for kind, layer in layers.items()}}
