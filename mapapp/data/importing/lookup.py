"""Country, place, agency and drug names as officers write them, to the codes the data uses."""

from __future__ import annotations

import re

import pandas as pd

from .. import names
from ..load import Dataset
from .aliases import COUNTRY_ALIASES, norm


class Lookup:
    """Built once per import from the basemap, the gazetteer and the code lists."""

    def __init__(self, ds: Dataset, places: pd.DataFrame):
        self.countries: dict[str, str] = {norm(k): v for k, v in COUNTRY_ALIASES.items()}
        for iso3, zh, en in zip(ds.basemap["iso3"], ds.basemap["name_zh"], ds.basemap["name_en"]):
            for key in (iso3, zh, en, str(zh).replace("臺", "台")):
                self.countries.setdefault(norm(key), str(iso3))
        self.places = places
        self.place_ids = {norm(r.id): r.id for r in places.itertuples()}
        for r in places.itertuples():
            for key in (r.name_zh, r.name_en, str(r.name_zh).replace("臺", "台")):
                self.place_ids.setdefault(norm(key), r.id)
        self.codes = {
            kind: {norm(k): k for k in table} | {norm(v): k for k, pair in table.items() for v in pair}
            for kind, table in (("agency", names.AGENCIES), ("drug", names.DRUGS), ("mode", names.MODES), ("unit", names.UNITS),
                                ("region", names.REGIONS))
        }
        for code, pair in names.AGENCIES_SHORT.items():
            for v in pair:
                self.codes["agency"][norm(v)] = code

    def country(self, text: str) -> str | None:
        return self.countries.get(norm(text))

    def place(self, text: str) -> str | None:
        return self.place_ids.get(norm(text))

    def capital(self, iso3: str) -> str | None:
        rows = self.places[(self.places["country"] == iso3) & (self.places["kind"] == "capital")]
        return str(rows["id"].iloc[0]) if len(rows) else None

    def code(self, kind: str, text: str) -> str:
        return self.codes[kind].get(norm(text), text)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
