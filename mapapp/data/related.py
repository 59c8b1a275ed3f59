"""What the data holds about one clicked thing: a feature by id, or everything touching a country."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .load import Dataset
from .snapshots import history

KIND_FRAMES = {"posts": "posts", "cases": "cases", "routes": "routes", "customs": "customs_partners"}


def feature(ds: Dataset, kind: str, feature_id: str) -> dict | None:
    """One row as a plain dict (no geometry), or None when the id is unknown."""
    frame = getattr(ds, KIND_FRAMES[kind])
    rows = frame[frame["id"] == feature_id]
    if rows.empty:
        return None
    return {k: v for k, v in rows.iloc[0].items() if k != "geometry"}


@dataclass
class CountryFacts:
    iso3: str
    name_zh: str
    name_en: str
    detention: dict | None
    posts: pd.DataFrame
    cases: pd.DataFrame
    routes: pd.DataFrame
    customs: pd.DataFrame


def country(ds: Dataset, iso3: str) -> CountryFacts | None:
    names = ds.basemap[ds.basemap["iso3"] == iso3]
    if names.empty:
        return None
    det = ds.detentions[ds.detentions["country"] == iso3]
    routes = ds.routes[(ds.routes["origin_country"] == iso3) | (ds.routes["destination_country"] == iso3)]
    return CountryFacts(
        iso3=iso3,
        name_zh=str(names.iloc[0]["name_zh"]),
        name_en=str(names.iloc[0]["name_en"]),
        detention=None if det.empty else {**{k: v for k, v in det.iloc[0].items() if k != "geometry"},
                                          "history": history(ds).get(iso3, [])},
        posts=ds.posts[ds.posts["country"] == iso3],
        cases=ds.cases[ds.cases["country"] == iso3],
        routes=routes,
        customs=ds.customs_partners[ds.customs_partners["country"] == iso3],
    )


def search_index(ds: Dataset) -> list[tuple[str, str, str]]:
    """(display text, kind, key) for every country with a name and every gazetteer place."""
    out = []
    for row in ds.basemap.itertuples():
        out.append((row.name_zh, "country", row.iso3))
        out.append((row.name_en, "country", row.iso3))
    for row in ds.places.itertuples():
        out.append((row.name_zh, "place", row.id))
        out.append((row.name_en, "place", row.id))
    return out
