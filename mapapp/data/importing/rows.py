"""One file row to one record of the target layer (cells as text), with every problem named.

What all layers share (source, country, dates, agency) is done once in `RowBuilder.record`;
what a layer adds is one function in BUILDERS, and what the importer fills in itself when the
file lacks a column is listed in FILLED.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from .. import names, schema
from ..issues import Issue
from ..load import Dataset
from ..tables import parse_date
from .dates import normalise_date
from .lookup import Lookup, slug

LIST_SEPARATORS = re.compile(r"[;、,，]")  # how officers separate several agencies or drugs in one cell

# Columns the importer fills itself when the file lacks them, per layer.
FILLED = {
    "posts": {"id", "posts", "location_basis", "source", "region"},
    "detentions": {"life", "death", "source"},
    "results": {"months", "source"},
    "cases": {"id", "agencies", "date_text", "location_basis", "partners_zh", "summary_zh", "source"},
    "routes": {"id", "seq", "mode", "basis", "location_basis", "source", "agencies"},
    "prices": {"source"},
}


class Row:
    """A row being built: its cells by schema column, where it is in the file, what is wrong with it."""

    def __init__(self, builder: RowBuilder, number: int, fields: list[str]):
        self.b, self.number, self.fields = builder, number, fields
        self.rec = {c: builder.cell(fields, c) for c in schema.BY_NAME[builder.layer].column_names}
        self.problems: list[Issue] = []
        self.drugs: list[dict] = []

    def cell(self, column: str) -> str:
        return self.b.cell(self.fields, column)

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Issue(self.b.file, self.number, self.b.header_of(column), message))

    def codes(self, kind: str, text: str) -> str:
        return ";".join(self.b.look.code(kind, t) for t in LIST_SEPARATORS.split(text) if t.strip())


class RowBuilder:
    def __init__(self, ds: Dataset, tables: dict[str, pd.DataFrame], layer: str, file: str, header: list[str],
                 cols: dict[str, int]):
        self.ds, self.tables, self.layer, self.file, self.header, self.cols = ds, tables, layer, file, header, cols
        self.look = Lookup(ds, tables["places"])
        self.new_places: dict[str, dict] = {}
        self.regions = {}
        posts = tables["posts"].merge(tables["places"][["id", "country"]], left_on="place", right_on="id", suffixes=("", "_p"))
        for country, region in zip(posts["country"], posts["region"]):
            self.regions.setdefault(country, region)

    def cell(self, fields: list[str], column: str) -> str:
        i = self.cols.get(column)
        return fields[i].strip() if i is not None and i < len(fields) else ""

    def header_of(self, column: str) -> str:
        i = self.cols.get(column)
        return self.header[i] if i is not None else column

    def record(self, number: int, fields: list[str]) -> tuple[dict[str, str], list[Issue], list[dict]]:
        """One file row as schema cells (text), its problems, and any case drug rows."""
        row = Row(self, number, fields)
        rec = row.rec
        rec["source"] = rec["source"] or f"import: {self.file} row {number}"
        if rec.get("country"):
            iso3 = self.look.country(rec["country"])
            if iso3 is None and self.layer in ("detentions", "prices"):
                row.problem("country", f"unknown country {rec['country']!r}")
            rec["country"] = iso3 or rec["country"]
        for date_col in ("as_of", "date_start", "date_end"):
            if rec.get(date_col):
                original, rec[date_col] = rec[date_col], normalise_date(rec[date_col])
                if parse_date(rec[date_col]) is None:
                    row.problem(date_col, f"{original!r} is not a date (ROC 107.1.12, 107年1月12日, 1070112, or 2018-01-12)")
        if "agency" in rec:
            rec["agency"] = self.look.code("agency", rec["agency"])
        BUILDERS[self.layer](self, row)
        return rec, row.problems, row.drugs

    def place(self, row: Row, column: str) -> tuple[str, str] | None:
        """A place id and its location basis: by id or name, new from coordinates, or the capital."""
        text = row.cell(column)
        found = self.look.place(text) if text else None
        if found:
            return found, "stated"
        country_text = row.cell("country")
        iso3 = self.look.country(country_text) if country_text else None
        if country_text and iso3 is None:
            row.problem("country", f"unknown country {country_text!r}")
            return None
        lat, lon = row.cell("lat"), row.cell("lon")
        if text and lat and lon:
            return self._new_place(row, text, iso3, lat, lon)
        if iso3 and not text:
            capital = self.look.capital(iso3)
            if capital:
                return capital, "capital_assumed"
        what = text or country_text or "(empty)"
        row.problem(column, f"unknown place {what!r}; give its lat and lon, or a country")
        return None

    def _new_place(self, row: Row, name: str, iso3: str | None, lat: str, lon: str) -> tuple[str, str] | None:
        try:
            latf, lonf = float(lat), float(lon)
        except ValueError:
            row.problem("lat", f"coordinates {lat!r}, {lon!r} are not numbers")
            return None
        if not (-90 <= latf <= 90 and -180 <= lonf <= 180):
            row.problem("lat", f"coordinates ({latf}, {lonf}) are out of range")
            return None
        if iso3 is None:
            row.problem("country", "a new place needs its country")
            return None
        pid = slug(name) or f"{iso3.lower()}_place_{row.number}"  # a Chinese-only name has no ASCII id
        if pid in self.look.place_ids.values() or pid in self.new_places:
            pid = f"{pid}_{row.number}"
        self.new_places[pid] = {"id": pid, "name_zh": name, "name_en": name, "country": iso3, "kind": "city",
                                "geonameid": "", "lat": lat, "lon": lon, "source": f"import: {self.file} row {row.number}"}
        return pid, "stated"

    def country_of(self, pid: str) -> str | None:
        if pid in self.new_places:
            return self.new_places[pid]["country"]
        rows = self.tables["places"][self.tables["places"]["id"] == pid]
        return str(rows["country"].iloc[0]) if len(rows) else None


# ---------- what each layer adds ----------


def _set_place(b: RowBuilder, row: Row) -> bool:
    """The row's place and, unless the file states one, how its location is known."""
    found = b.place(row, "place")
    if found:
        row.rec["place"], basis = found
        row.rec["location_basis"] = row.rec.get("location_basis") or basis
    return found is not None


def _posts(b: RowBuilder, row: Row) -> None:
    rec = row.rec
    if _set_place(b, row):
        country = b.country_of(rec["place"])
        rec["region"] = b.look.code("region", rec["region"]) if rec.get("region") else b.regions.get(country, "")
        if not rec["region"]:
            known = ", ".join(f"{zh}/{code}" for code, (zh, _en) in names.REGIONS.items())
            row.problem("region", f"no region known for {country}; add a region column ({known})")
        rec["id"] = rec.get("id") or f"{rec['agency'].lower()}-{rec['place']}".replace("_", "-")
    rec["posts"] = rec.get("posts") or "1"


def _detentions(b: RowBuilder, row: Row) -> None:
    row.rec["life"] = row.rec.get("life") or "0"
    row.rec["death"] = row.rec.get("death") or "0"


def _results(b: RowBuilder, row: Row) -> None:
    row.rec["months"] = row.rec.get("months") or "1-12"


def _prices(b: RowBuilder, row: Row) -> None:
    rec = row.rec
    rec["drug"] = b.look.code("drug", rec.get("drug", ""))
    year = rec.get("year", "")
    if year.isdigit() and int(year) < 1000:
        rec["year"] = str(int(year) + 1911)  # an ROC year


def _cases(b: RowBuilder, row: Row) -> None:
    rec = row.rec
    _set_place(b, row)
    rec["date_text"] = row.cell("date_start")
    rec["agencies"] = row.codes("agency", rec.get("agencies") or rec.get("agency", ""))
    rec["mode"] = b.look.code("mode", rec["mode"]) if rec.get("mode") else ""
    rec["partners_zh"] = rec.get("partners_zh") or "—"
    rec["summary_zh"] = rec.get("summary_zh") or "—"
    rec["id"] = rec.get("id") or f"{rec.get('agency', '').lower()}-{rec.get('date_start', '')}-{rec.get('place', '')}"
    drug, quantity, unit = row.cell("drug"), row.cell("quantity"), row.cell("unit")
    if drug:
        row.drugs.append({"case_id": rec["id"], "drug": b.look.code("drug", drug), "quantity": quantity,
                          "unit": b.look.code("unit", unit or "kg"), "text_zh": f"{drug}{quantity}{unit}"})
    else:
        row.problem("drug", "a case needs its drug (and quantity)")


def _routes(b: RowBuilder, row: Row) -> None:
    rec = row.rec
    for end in ("origin", "destination"):
        text = row.cell(end)
        pid = b.look.place(text) if text else None
        if pid is None:
            row.problem(end, f"unknown place {text or '(empty)'!r} (see places)")
        rec[end] = pid or ""
    rec["drugs"] = row.codes("drug", rec.get("drugs", ""))
    rec["agencies"] = row.codes("agency", rec.get("agencies", ""))
    rec["mode"] = b.look.code("mode", rec["mode"]) if rec.get("mode") else "unknown"
    rec["seq"] = rec.get("seq") or "1"
    rec["basis"] = rec.get("basis") or ("case" if rec.get("case_id") else "schematic")
    rec["location_basis"] = rec.get("location_basis") or "stated"
    rec["id"] = rec.get("id") or f"r-{rec['origin']}-{rec['destination']}".replace("_", "-")


BUILDERS: dict[str, Callable[[RowBuilder, Row], None]] = {
    "posts": _posts, "detentions": _detentions, "results": _results, "prices": _prices, "cases": _cases,
    "routes": _routes,
}
