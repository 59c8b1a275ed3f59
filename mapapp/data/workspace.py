"""The workspace: every layer, the basemap and the briefing scenes in one GeoPackage file.

A GeoPackage is what QGIS and GDAL open natively, so a colleague can inspect the file
with their own tools. The layers keep exactly the columns of the CSV files in data/;
points and lines are added for GIS viewers, derived from the place coordinates (the app
reads the columns, never the geometry back). Saves are atomic: written beside the
target, flushed, then renamed over it.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from . import schema
from .atomic import write_atomic, write_bytes_atomic
from .issues import Issue
from .tables import Table, cell_text, table_from_rows

SUFFIX = ".gpkg"
BASEMAP_LAYER = "basemap"
SCENES_LAYER = "scenes"
META_LAYER = "mapapp_workspace"
FORMAT = "mapapp-workspace/1"
CRS = "EPSG:4326"


def is_workspace(path: Path | str) -> bool:
    return Path(path).suffix.lower() == SUFFIX


def layer_name(path: Path, layer: str) -> str:
    """How issues name a layer inside a workspace: 'work.gpkg:posts'."""
    return f"{path.name}:{layer}"


def file_frame(layer: schema.Layer, frame: pd.DataFrame) -> pd.DataFrame:
    """A typed table as a file holds it: lists of codes joined with ';', the schema's column order."""
    out = frame[list(layer.column_names)].copy()
    for column in layer.columns:
        if column.kind == "codes":
            out[column.name] = out[column.name].map(lambda v: ";".join(v) if v else None)
    return out


def _geometry(name: str, frame: pd.DataFrame, places: pd.DataFrame):
    """Points or lines for GIS viewers, or None for a plain table."""
    at = places.set_index("id")[["lon", "lat"]]
    if name == "places":
        return gpd.points_from_xy(frame["lon"], frame["lat"])
    if name in ("posts", "cases", "customs_partners"):
        xy = at.reindex(frame["place"])
        return gpd.points_from_xy(xy["lon"], xy["lat"])
    if name == "routes":
        a, b = at.reindex(frame["origin"]).to_numpy(), at.reindex(frame["destination"]).to_numpy()
        return [shapely.LineString([tuple(p), tuple(q)]) for p, q in zip(a, b)]
    return None


def write_workspace(path: Path | str, tables: dict[str, pd.DataFrame], basemap: gpd.GeoDataFrame, scenes_text: str | None) -> Path:
    """Every layer into a new file beside the target, which then replaces the target."""

    def write(tmp: Path) -> None:
        meta = pd.DataFrame({"key": ["format"], "value": [FORMAT]})
        # GeoPackage 1.2: what GDAL 3.x and QGIS 3 releases of recent years all read without warnings.
        pyogrio.write_dataframe(meta, tmp, layer=META_LAYER, driver="GPKG", dataset_options={"VERSION": "1.2"})
        places = tables["places"]
        for layer in schema.LAYERS:
            frame = file_frame(layer, tables[layer.name])
            geometry = _geometry(layer.name, tables[layer.name], places)
            if geometry is not None:
                frame = gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)
            pyogrio.write_dataframe(frame, tmp, layer=layer.name, driver="GPKG", append=False)
        pyogrio.write_dataframe(basemap, tmp, layer=BASEMAP_LAYER, driver="GPKG")
        scenes = pd.DataFrame({"document": [scenes_text] if scenes_text is not None else []}, dtype=object)
        pyogrio.write_dataframe(scenes, tmp, layer=SCENES_LAYER, driver="GPKG")

    return write_atomic(path, write)


EXPORT_DRIVERS = {".csv": None, ".geojson": "GeoJSON", ".gpkg": "GPKG"}


def export_layer(tables: dict[str, pd.DataFrame], name: str, path: Path | str) -> Path:
    """One layer to CSV (UTF-8 with BOM, for Excel), GeoJSON or a GeoPackage of its own; atomic."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_DRIVERS:
        raise ValueError(f"export to {', '.join(EXPORT_DRIVERS)}, not {suffix or 'a file without an extension'}")
    layer = schema.BY_NAME[name]
    frame = file_frame(layer, tables[name])
    if suffix == ".csv":
        return write_bytes_atomic(path, frame.to_csv(index=False, lineterminator="\n").encode("utf-8-sig"))
    geometry = _geometry(name, tables[name], tables["places"])
    out = gpd.GeoDataFrame(frame, geometry=geometry if geometry is not None else [None] * len(frame), crs=CRS)
    return write_atomic(path, lambda tmp: pyogrio.write_dataframe(out, tmp, layer=name, driver=EXPORT_DRIVERS[suffix]))


def _rows(frame: pd.DataFrame):
    for fid, values in zip(frame.index, frame.itertuples(index=False)):
        yield int(fid), [cell_text(v) for v in values]


def read_workspace(path: Path | str) -> tuple[gpd.GeoDataFrame | None, dict[str, Table], str | None, list[Issue]]:
    """The basemap, every layer's table and the scenes text; issues name 'file.gpkg:layer', fid, column."""
    path = Path(path)
    if not path.is_file():
        return None, {}, None, [Issue(path.name, 0, "", "workspace file is missing")]
    try:
        present = {str(name) for name, _ in pyogrio.list_layers(path)}
    except Exception as exc:  # GDAL raises several types for a file that is not a GeoPackage
        return None, {}, None, [Issue(path.name, 0, "", f"not a readable GeoPackage: {exc}")]
    issues: list[Issue] = []
    if META_LAYER in present:
        meta = pyogrio.read_dataframe(path, layer=META_LAYER, read_geometry=False)
        found = dict(zip(meta["key"], meta["value"])).get("format")
        if found != FORMAT:
            return None, {}, None, [Issue(layer_name(path, META_LAYER), 1, "value",
                                          f"workspace format {found!r}; this version of mapapp reads {FORMAT!r}")]
    tables: dict[str, Table] = {}
    for layer in schema.LAYERS:
        name = layer_name(path, layer.name)
        if layer.name not in present:
            issues.append(Issue(name, 0, "", "layer is missing"))
            continue
        frame = pyogrio.read_dataframe(path, layer=layer.name, read_geometry=False, fid_as_index=True)
        table, found = table_from_rows(layer, name, [str(c) for c in frame.columns], _rows(frame))
        issues += found
        if table is not None:
            tables[layer.name] = table
    basemap = None
    if BASEMAP_LAYER in present:
        basemap = pyogrio.read_dataframe(path, layer=BASEMAP_LAYER)
    else:
        issues.append(Issue(layer_name(path, BASEMAP_LAYER), 0, "", "layer is missing"))
    scenes_text = None
    if SCENES_LAYER in present:
        scenes = pyogrio.read_dataframe(path, layer=SCENES_LAYER, read_geometry=False)
        if len(scenes):
            scenes_text = str(scenes["document"].iloc[0])
    return basemap, tables, scenes_text, issues
