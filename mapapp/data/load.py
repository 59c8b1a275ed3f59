"""Read a data folder into a Dataset of typed GeoDataFrames (EPSG:4326), or say why not.

Layers are self-describing CSV files joined to one gazetteer (places.csv) and one
basemap, so a coordinate or a country name is written once and used everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from . import schema
from .database import is_database
from .issues import DataError, Issue
from .schema import DEFAULT_DATA, SCENES_FILE
from .tables import Table, parse_date, read_table
from .validate import cross_table_rules, drugs_by_case
from .workspace import BASEMAP_LAYER, is_workspace, layer_name, read_workspace, write_workspace

CRS = "EPSG:4326"
ROC_OFFSET = 1911  # ROC year = Gregorian year - 1911


@dataclass
class Dataset:
    source: Path
    basemap: gpd.GeoDataFrame
    places: gpd.GeoDataFrame
    posts: gpd.GeoDataFrame  # the posts open now (no closing date), at their places
    post_history: gpd.GeoDataFrame  # every post, closed ones too: what a change between two dates lists
    detentions: gpd.GeoDataFrame  # each country's newest snapshot (latest as-of date), with its shape
    results: pd.DataFrame
    stated_totals: pd.DataFrame
    customs_tiers: pd.DataFrame
    customs_partners: gpd.GeoDataFrame
    cases: gpd.GeoDataFrame
    case_drugs: pd.DataFrame
    routes: gpd.GeoDataFrame
    coverage_lists: pd.DataFrame
    prices: pd.DataFrame
    tables: dict[str, pd.DataFrame]  # every layer as read and typed: what a workspace saves
    raw_basemap: gpd.GeoDataFrame  # as stored, before our own country names are applied
    scenes_text: str | None  # the briefing scenes document, where there is one
    warnings: list[Issue] = field(default_factory=list)
    revision: int = 0  # the workspace's save count when read: a save checks what changed since
    stamps: dict = field(default_factory=dict)  # a shared workspace's rows: layer -> key -> Stamp, as read

    @property
    def detention_snapshots(self) -> pd.DataFrame:
        """Every as-of date's figures, the oldest first: what a change between two years compares."""
        return self.tables["detentions"].sort_values(["as_of", "country"], kind="stable").reset_index(drop=True)

    def country_at(self, lat: float, lon: float) -> str | None:
        """The basemap country containing the point (None at sea)."""
        hits = self.basemap[self.basemap.geometry.covers(shapely.Point(lon, lat))]
        return str(hits["iso3"].iloc[0]) if len(hits) else None

    def country_name(self, iso3: str, lang: str = "zh") -> str:
        match = self.basemap.loc[self.basemap["iso3"] == iso3, f"name_{lang}"]
        return str(match.iloc[0]) if len(match) else iso3


def roc_years(date_start: str, date_end: str | None) -> tuple[int, ...]:
    first = parse_date(date_start)[0]
    last = parse_date(date_end)[0] if date_end else first
    return tuple(range(first - ROC_OFFSET, last - ROC_OFFSET + 1))


def read_basemap(folder: Path) -> tuple[gpd.GeoDataFrame | None, list[Issue]]:
    path = folder / schema.BASEMAP_FILE
    if not path.is_file():
        return None, [Issue(schema.BASEMAP_FILE, 0, "", "file is missing (run scripts/build_basemap.py)")]
    try:
        gdf = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        return None, [Issue(schema.BASEMAP_FILE, 0, "", f"not readable as GeoJSON: {exc}")]
    return check_basemap(gdf, schema.BASEMAP_FILE)


def check_basemap(gdf: gpd.GeoDataFrame, name: str) -> tuple[gpd.GeoDataFrame | None, list[Issue]]:
    issues = []
    for column in ("iso3", "name_zh", "name_en", "label_lon", "label_lat"):
        if column not in gdf.columns:
            issues.append(Issue(name, 0, column, "missing property"))
    if issues:
        return None, issues
    for i in gdf.index[~gdf.geometry.is_valid | gdf.geometry.is_empty]:
        issues.append(Issue(name, int(i) + 1, "geometry", f"invalid or empty geometry for {gdf.at[i, 'iso3']}"))
    for i in gdf.index[gdf["iso3"].duplicated()]:
        issues.append(Issue(name, int(i) + 1, "iso3", f"duplicate country {gdf.at[i, 'iso3']}"))
    return gdf.set_crs(CRS, allow_override=True), issues


def _with_names(basemap: gpd.GeoDataFrame, names: pd.DataFrame) -> gpd.GeoDataFrame:
    """Our own zh-TW/English names (Taiwan usage) win over those baked into the basemap."""
    own = names.set_index("iso3")
    out = basemap.copy()
    for lang in ("zh", "en"):
        col = f"name_{lang}"
        out[col] = out["iso3"].map(own[col]).fillna(out[col])
    return out


def _points(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=CRS)


def _at_place(frame: pd.DataFrame, places: pd.DataFrame, prefix: str = "place") -> pd.DataFrame:
    wanted = ["id", "name_zh", "name_en", "lat", "lon"] + ([] if "country" in frame.columns else ["country"])
    cols = places[wanted].rename(columns={"id": prefix, "name_zh": f"{prefix}_zh", "name_en": f"{prefix}_en"})
    return frame.merge(cols, on=prefix, how="left", validate="many_to_one")


def _cases(cases: pd.DataFrame, case_drugs: pd.DataFrame, places: pd.DataFrame) -> gpd.GeoDataFrame:
    drugs = drugs_by_case(case_drugs)
    kg = case_drugs[case_drugs["unit"] == "kg"].groupby("case_id")["quantity"].sum()
    out = _at_place(cases, places)
    shared: dict[tuple, tuple] = {}  # one tuple per distinct value: 100,000 cases have a few dozen
    out["drugs"] = [shared.setdefault(t, t) for t in (tuple(drugs.get(cid, ())) for cid in out["id"])]
    out["quantity_kg"] = out["id"].map(kg).fillna(0.0)
    years = {span: roc_years(*span) for span in set(zip(out["date_start"], out["date_end"]))}
    out["years_roc"] = [shared.setdefault(t, t) for t in (years[span] for span in zip(out["date_start"], out["date_end"]))]
    return _points(out)


def _routes(routes: pd.DataFrame, cases: gpd.GeoDataFrame, places: pd.DataFrame) -> gpd.GeoDataFrame:
    ends = places.set_index("id")
    out = routes.copy()
    for end in ("origin", "destination"):
        for col in ("name_zh", "name_en", "country", "lat", "lon"):
            out[f"{end}_{col.replace('name_', '')}"] = out[end].map(ends[col])
    by_case = cases.set_index("id")
    out["years_roc"] = out["case_id"].map(by_case["years_roc"]).apply(lambda v: v if isinstance(v, tuple) else ())
    out["quantity_kg"] = out["case_id"].map(by_case["quantity_kg"])
    lines = shapely.linestrings(
        [[(a, b), (c, d)] for a, b, c, d in zip(out["origin_lon"], out["origin_lat"], out["destination_lon"], out["destination_lat"])]
    )
    return gpd.GeoDataFrame(out, geometry=list(lines) if len(out) else [], crs=CRS)


def check_source(path: Path | str) -> tuple[Dataset | None, list[Issue]]:
    """Every issue in a data folder, a workspace (.gpkg) or a shared workspace (a postgresql:// URL);
    the dataset only when there is no error."""
    revision, stamps = 0, {}
    if is_database(path):
        from .database.read import read_database  # psycopg: only for a database

        stored = read_database(str(path))
        basemap, tables, scenes_text, issues = stored.basemap, stored.tables, stored.scenes_text, stored.issues
        stamps, revision = stored.stamps, stored.revision
        if basemap is not None:
            basemap, found = check_basemap(basemap, "basemap")
            issues += found
    elif is_workspace(path := Path(path)):
        stored = read_workspace(path)
        basemap, tables, scenes_text, issues, revision = (stored.basemap, stored.tables, stored.scenes_text,
                                                          stored.issues, stored.revision)
        if basemap is not None:
            basemap, found = check_basemap(basemap, layer_name(path, BASEMAP_LAYER))
            issues += found
    elif path.is_dir():
        basemap, issues = read_basemap(path)
        tables = {}
        for layer in schema.LAYERS:
            table, found = read_table(path, layer)
            issues += found
            if table is not None:
                tables[layer.name] = table
        scenes = path / SCENES_FILE
        scenes_text = scenes.read_text(encoding="utf-8-sig") if scenes.is_file() else None
    else:
        return None, [Issue(str(path), 0, "", "not a data folder or a workspace (.gpkg)")]
    if basemap is None or len(tables) < len(schema.LAYERS):
        return None, issues
    issues += cross_table_rules(tables, set(basemap["iso3"]))
    if any(i.severity == "error" for i in issues):
        return None, issues
    dataset = _assemble(path, basemap, tables, issues, scenes_text)
    dataset.revision = revision
    dataset.stamps = stamps
    return dataset, issues


def as_tables(frames: dict[str, pd.DataFrame]) -> dict[str, Table]:
    """Edited or merged frames as Tables for the rules; a row's line is its position (header = 1)."""
    return {ly.name: Table(ly, frames[ly.name].reset_index(drop=True), list(range(2, len(frames[ly.name]) + 2)))
            for ly in schema.LAYERS}


def check_tables(source: Path, basemap: gpd.GeoDataFrame, tables: dict[str, Table], scenes_text: str | None):
    """The same checks for tables already in memory (an import or an edit about to be saved)."""
    issues = cross_table_rules(tables, set(basemap["iso3"]))
    if any(i.severity == "error" for i in issues):
        return None, issues
    return _assemble(source, basemap, tables, issues, scenes_text), issues


def _assemble(source: Path, basemap: gpd.GeoDataFrame, tables: dict[str, Table], warnings: list[Issue],
              scenes_text: str | None) -> Dataset:
    t = {name: table.frame for name, table in tables.items()}
    raw_basemap = basemap
    basemap = _with_names(basemap, t["country_names"])
    places = _points(t["places"])
    # Each country's newest figures (a partial newer sheet leaves the others at their last date).
    newest = t["detentions"].sort_values("as_of", kind="stable").drop_duplicates("country", keep="last")
    detentions = newest.sort_index().reset_index(drop=True).merge(
        basemap[["iso3", "name_zh", "name_en", "label_lon", "label_lat", "geometry"]],
        left_on="country",
        right_on="iso3",
        how="left",
    ).drop(columns="iso3")
    tiers = t["customs_tiers"].rename(columns={"name_zh": "tier_zh", "name_en": "tier_en", "source": "tier_source"})
    partners = _at_place(t["customs_partners"], places).merge(tiers, on="tier", how="left")
    cases = _cases(t["cases"], t["case_drugs"], places)
    posts = _points(_at_place(t["posts"], places).rename(columns={"place_zh": "city_zh", "place_en": "city_en"}))
    return Dataset(
        source=source,
        basemap=basemap,
        places=places,
        posts=posts[posts["closed"].isna()].reset_index(drop=True),
        post_history=posts,
        detentions=gpd.GeoDataFrame(detentions, geometry="geometry", crs=CRS),
        results=t["results"],
        stated_totals=t["stated_totals"],
        customs_tiers=t["customs_tiers"],
        customs_partners=_points(partners),
        cases=cases,
        case_drugs=t["case_drugs"],
        routes=_routes(t["routes"], cases, t["places"]),
        coverage_lists=t["coverage_lists"],
        prices=t["prices"],
        tables=t,
        raw_basemap=raw_basemap,
        scenes_text=scenes_text,
        warnings=warnings,
    )


def load_dataset(path: Path | str = DEFAULT_DATA) -> Dataset:
    dataset, issues = check_source(path)
    if dataset is None:
        raise DataError(issues)
    return dataset


def save_workspace(ds: Dataset, path: Path | str, tables: dict[str, pd.DataFrame] | None = None,
                   scenes_text: str | None = None, replace: bool = True) -> Path:
    """Write the dataset (or other tables / scenes over its basemap) as a whole new workspace file,
    atomically; replace=False leaves a file that exists by then alone (FileExistsError)."""
    return write_workspace(path, tables if tables is not None else ds.tables, ds.raw_basemap,
                           scenes_text if scenes_text is not None else ds.scenes_text, replace)
