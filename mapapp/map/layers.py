"""One function per map layer: Dataset -> plain GeoJSON for the page, in the display frame.

Properties carry everything the page needs to filter (agencies, drugs, years) and to
show details; the page puts them on screen as text, never as HTML.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping

from ..data.load import Dataset
from .geometry import display_lon, great_circle, route_length_km, to_display_frame
from .style import DRUG_COLOURS, case_radius, route_weight

DECIMALS = 3


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


def _props(row: pd.Series, columns: list[str]) -> dict:
    return {c: _clean(row[c]) for c in columns}


def _point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [round(display_lon(lon), 4), round(lat, 4)]}


def _collection(name: str, features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "name": name, "features": features}


def _country_names(ds: Dataset) -> dict[str, tuple[str, str]]:
    return {r.iso3: (r.name_zh, r.name_en) for r in ds.basemap.itertuples()}


def basemap(ds: Dataset) -> dict:
    detained = ds.detentions.set_index("country")["detained"].to_dict()
    features = []
    for row in ds.basemap.itertuples():
        geom = shapely.transform(to_display_frame(row.geometry), lambda c: np.round(c, DECIMALS))
        features.append(
            {
                "type": "Feature",
                "geometry": mapping(geom),
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


POST_PROPS = ["id", "agency", "posts", "country", "city_zh", "city_en", "location_basis", "region", "source", "lat", "lon"]


def posts(ds: Dataset) -> dict:
    names = _country_names(ds)
    features = []
    for _, row in ds.posts.iterrows():
        props = _props(row, POST_PROPS)
        props["country_zh"], props["country_en"] = names[row["country"]]
        features.append({"type": "Feature", "geometry": _point(row["lon"], row["lat"]), "properties": props})
    return _collection("posts", features)


CUSTOMS_PROPS = [
    "id", "tier", "country", "counterpart_zh", "counterpart_en", "place_zh", "place_en", "location_basis",
    "tier_zh", "tier_en", "list_complete", "mechanism_zh", "mechanism_en", "source", "lat", "lon",
]


def customs(ds: Dataset) -> dict:
    names = _country_names(ds)
    features = []
    for _, row in ds.customs_partners.iterrows():
        props = _props(row, CUSTOMS_PROPS)
        props["country_zh"], props["country_en"] = names[row["country"]]
        props["agencies"] = ["CUSTOMS"]
        features.append({"type": "Feature", "geometry": _point(row["lon"], row["lat"]), "properties": props})
    return _collection("customs", features)


CASE_PROPS = [
    "id", "agency", "agencies", "date_start", "date_end", "date_text", "place_zh", "place_en", "country",
    "location_basis", "partners_zh", "partners_en", "suspects", "mode", "summary_zh", "summary_en", "source",
    "drugs", "quantity_kg", "lat", "lon",
]


def _lead_drug(items: pd.DataFrame) -> str:
    """The drug seized in the largest quantity by weight; else the first listed."""
    kg = items[items["unit"] == "kg"]
    return str(kg.loc[kg["quantity"].idxmax(), "drug"] if len(kg) else items["drug"].iloc[0])


def cases(ds: Dataset) -> dict:
    names = _country_names(ds)
    by_case = {k: g for k, g in ds.case_drugs.groupby("case_id", sort=False)}
    max_kg = float(ds.cases["quantity_kg"].max() or 0)
    features = []
    for _, row in ds.cases.iterrows():
        items = by_case[row["id"]]
        props = _props(row, CASE_PROPS)
        props["years"] = list(row["years_roc"])
        props["country_zh"], props["country_en"] = names[row["country"]]
        props["lead_drug"] = _lead_drug(items)
        props["radius"] = case_radius(row["quantity_kg"], max_kg)
        props["items"] = [_props(r, ["drug", "quantity", "unit", "text_zh"]) for _, r in items.iterrows()]
        features.append({"type": "Feature", "geometry": _point(row["lon"], row["lat"]), "properties": props})
    return _collection("cases", features)


ROUTE_PROPS = [
    "id", "case_id", "seq", "origin", "destination", "origin_zh", "origin_en", "destination_zh", "destination_en",
    "origin_country", "destination_country", "mode", "drugs", "agencies", "basis", "location_basis", "note_zh",
    "source", "quantity_kg",
]


def routes(ds: Dataset) -> dict:
    by_case = {k: g for k, g in ds.case_drugs.groupby("case_id", sort=False)}
    max_kg = float(ds.routes["quantity_kg"].max() or 0) if len(ds.routes) else 0.0
    features = []
    for _, row in ds.routes.iterrows():
        props = _props(row, ROUTE_PROPS)
        props["years"] = list(row["years_roc"])
        items = by_case.get(row["case_id"])
        on_route = None if items is None else items[items["drug"].isin(row["drugs"])]
        props["lead_drug"] = _lead_drug(on_route) if on_route is not None and len(on_route) else row["drugs"][0]
        props["colour"] = DRUG_COLOURS[props["lead_drug"]]
        props["weight"] = route_weight(row["quantity_kg"], max_kg)
        props["length_km"] = round(route_length_km(row["origin_lon"], row["origin_lat"], row["destination_lon"], row["destination_lat"]))
        coords = great_circle(row["origin_lon"], row["origin_lat"], row["destination_lon"], row["destination_lat"])
        features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords}, "properties": props})
    return _collection("routes", features)


DETENTION_PROPS = ["country", "name_zh", "name_en", "detained", "life", "death", "as_of", "source"]


def detentions(ds: Dataset) -> list[dict]:
    out = []
    for _, row in ds.detentions.iterrows():
        props = _props(row, DETENTION_PROPS)
        props["label"] = [round(display_lon(row["label_lon"]), 2), row["label_lat"]]
        out.append(props)
    return out


def results(ds: Dataset) -> list[dict]:
    """The yearly results table, for the chart the results scene draws over the map."""
    cols = ["year_roc", "months", "agency", "cases", "partner_countries", "tonnes", "source"]
    return [_props(row, cols) for _, row in ds.results.iterrows()]


def all_layers(ds: Dataset) -> dict:
    return {
        "basemap": basemap(ds),
        "posts": posts(ds),
        "customs": customs(ds),
        "cases": cases(ds),
        "routes": routes(ds),
        "detentions": detentions(ds),
    }
