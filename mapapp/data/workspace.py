"""The workspace: every layer, the basemap and the briefing scenes in one GeoPackage file.

A GeoPackage is what QGIS and GDAL open natively, so colleagues work in the same file with
their own tools. The layers keep exactly the columns of the CSV files in data/; points and
lines are added for GIS viewers, derived from the place coordinates (the app reads the
columns, never the geometry back). A new file is written whole (GDAL, beside the target,
then renamed); after that, saves change rows in place (workspace_changes.py). Reading is by
SQL in one transaction, so a stale row count or another program's commit cannot cut a layer short.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyogrio.errors
import shapely
import shapely.errors

from . import gpkg, schema
from .atomic import write_atomic
from .issues import Issue, WorkspaceError
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


# The layers GIS viewers see as points or lines (the rest are plain tables).
GEOMETRY_TYPES = {"places": "Point", "posts": "Point", "cases": "Point", "customs_partners": "Point", "routes": "LineString"}


def geometry(name: str, frame: pd.DataFrame, places: pd.DataFrame):
    """Points or lines for GIS viewers (GEOMETRY_TYPES), or None for a plain table."""
    at = places.set_index("id")[["lon", "lat"]]
    if name == "places":
        return gpd.points_from_xy(frame["lon"], frame["lat"])
    if GEOMETRY_TYPES.get(name) == "Point":
        xy = at.reindex(frame["place"])
        return gpd.points_from_xy(xy["lon"], xy["lat"])
    if name == "routes":
        a, b = at.reindex(frame["origin"]).to_numpy(), at.reindex(frame["destination"]).to_numpy()
        return [shapely.LineString([tuple(p), tuple(q)]) for p, q in zip(a, b)]
    return None


# The column types pyogrio writes for the typed frames (tables._typed_frame); every other kind is TEXT.
SQL_TYPES = {"int": "INTEGER", "float": "REAL", "lat": "REAL", "lon": "REAL"}


def key_index_sql(layer: schema.Layer) -> str:
    """An index on the layer's key: a save finds each row it changes without scanning the table."""
    cols = ", ".join(gpkg.quote(c) for c in layer.key)
    return f"create index if not exists {gpkg.quote('mapapp_key_' + layer.name)} on {gpkg.quote(layer.name)} ({cols})"


def write_workspace(path: Path | str, tables: dict[str, pd.DataFrame], basemap: gpd.GeoDataFrame,
                    scenes_text: str | None, replace: bool = True, extra=None) -> Path:
    """Every layer into a new file beside the target, which then replaces the target (or, with
    replace=False, takes its name only where no file has it yet). WorkspaceError says why not.
    extra(sqlite3 connection): more written into the new file before it takes the name."""

    def write(tmp: Path) -> None:
        meta = pd.DataFrame({"key": ["format", "revision"], "value": [FORMAT, "1"]})
        # GeoPackage 1.2: what GDAL 3.x and QGIS 3 releases of recent years all read without warnings.
        pyogrio.write_dataframe(meta, tmp, layer=META_LAYER, driver="GPKG", dataset_options={"VERSION": "1.2"})
        places = tables["places"]
        for layer in schema.LAYERS:
            frame = file_frame(layer, tables[layer.name])
            shapes = geometry(layer.name, tables[layer.name], places)
            if shapes is not None:
                frame = gpd.GeoDataFrame(frame, geometry=shapes, crs=CRS)
            pyogrio.write_dataframe(frame, tmp, layer=layer.name, driver="GPKG", append=False)
        pyogrio.write_dataframe(basemap, tmp, layer=BASEMAP_LAYER, driver="GPKG")
        scenes = pd.DataFrame({"document": [scenes_text] if scenes_text is not None else []}, dtype=object)
        pyogrio.write_dataframe(scenes, tmp, layer=SCENES_LAYER, driver="GPKG")
        with sqlite3.connect(tmp) as db:
            for layer in schema.LAYERS:
                db.execute(key_index_sql(layer))
            if extra is not None:
                extra(db)
        db.close()

    try:
        return write_atomic(path, write, replace=replace)
    except FileExistsError:
        raise
    except (OSError, sqlite3.Error, pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise gpkg.failure("write", Path(path), exc) from None


@dataclass(frozen=True)
class Stamp:
    """A shared workspace's row as read: its version, and who changed it last and when."""

    version: int
    who: str
    when: str


@dataclass
class Stored:
    """What a workspace file holds, as read in one transaction; `revision` counts mapapp's saves.
    stamps: a shared workspace's rows' stamps, per layer by key (data/database)."""

    basemap: gpd.GeoDataFrame | None = None
    tables: dict[str, Table] = field(default_factory=dict)
    scenes_text: str | None = None
    revision: int = 0
    issues: list[Issue] = field(default_factory=list)
    stamps: dict[str, dict[tuple, Stamp]] = field(default_factory=dict)


def read_layer(conn: sqlite3.Connection, path: Path, layer: schema.Layer) -> tuple[Table | None, list[Issue]]:
    """One layer's rows by SQL, each numbered by its fid, every cell as text for the cell parser."""
    name = layer_name(path, layer.name)
    fid, _geom, header = gpkg.layout(conn, layer.name)
    select = ", ".join(gpkg.quote(c) for c in [fid, *header])
    cursor = conn.execute(f"select {select} from {gpkg.quote(layer.name)} order by {gpkg.quote(fid)}")
    table, issues = table_from_rows(layer, name, header, ((int(r[0]), [cell_text(v) for v in r[1:]]) for r in cursor))
    stored, count = gpkg.stored_count(conn, layer.name), gpkg.row_count(conn, layer.name)
    if stored is not None and stored != count:
        issues.append(Issue(name, 0, "", f"gpkg_ogr_contents counts {stored} rows, the table holds {count}; "
                                         f"all {count} are read, and the next save corrects the count", "warning"))
    return table, issues


def _basemap(conn: sqlite3.Connection) -> gpd.GeoDataFrame:
    fid, column, names = gpkg.layout(conn, BASEMAP_LAYER)
    srs_id = gpkg.geometry_column(conn, BASEMAP_LAYER)[1]
    select = ", ".join(gpkg.quote(c) for c in [*names, column])
    rows = conn.execute(f"select {select} from {gpkg.quote(BASEMAP_LAYER)} order by {gpkg.quote(fid)}").fetchall()
    frame = pd.DataFrame([r[:-1] for r in rows], columns=names)
    return gpd.GeoDataFrame(frame, geometry=[gpkg.decode(r[-1]) for r in rows], crs=f"EPSG:{srs_id}")


def meta(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(k): str(v) for k, v in conn.execute(f"select key, value from {META_LAYER}")}


def revision_of(values: dict[str, str]) -> int:
    """How many times mapapp has saved the file (0 for files from before revisions were kept)."""
    text = values.get("revision", "")
    return int(text) if text.isdigit() else 0


def read_tables(conn: sqlite3.Connection, path: Path, present: dict[str, str]) -> tuple[dict[str, Table], list[Issue]]:
    tables: dict[str, Table] = {}
    issues: list[Issue] = []
    for layer in schema.LAYERS:
        if layer.name not in present:
            issues.append(Issue(layer_name(path, layer.name), 0, "", "layer is missing"))
            continue
        table, found = read_layer(conn, path, layer)
        issues += found
        if table is not None:
            tables[layer.name] = table
    return tables, issues


def read_workspace(path: Path | str) -> Stored:
    """The basemap, every layer's table and the scenes text; issues name 'file.gpkg:layer', fid, column."""
    path = Path(path)
    try:
        conn = gpkg.connect(path)
    except WorkspaceError as exc:
        return Stored(issues=[Issue(path.name, 0, "", str(exc))])
    try:
        with gpkg.reading(conn):
            return _read(conn, path)
    except (sqlite3.Error, ValueError, shapely.errors.ShapelyError) as exc:  # a broken table or geometry blob
        return Stored(issues=[Issue(path.name, 0, "", str(gpkg.failure("read", path, exc, unchanged=False)))])
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, path: Path) -> Stored:
    present = gpkg.contents(conn)
    out = Stored()
    if META_LAYER in present:
        found = meta(conn)
        if found.get("format") != FORMAT:
            out.issues = [Issue(layer_name(path, META_LAYER), 1, "value",
                                f"workspace format {found.get('format')!r}; this version of mapapp reads {FORMAT!r}")]
            return out
        out.revision = revision_of(found)
    out.tables, out.issues = read_tables(conn, path, present)
    if BASEMAP_LAYER in present and gpkg.geometry_column(conn, BASEMAP_LAYER):
        out.basemap = _basemap(conn)
    else:
        out.issues.append(Issue(layer_name(path, BASEMAP_LAYER), 0, "", "layer is missing (or has no geometry)"))
    if SCENES_LAYER in present:
        row = conn.execute(f"select document from {SCENES_LAYER} order by rowid limit 1").fetchone()
        out.scenes_text = None if row is None or row[0] is None else str(row[0])
    return out
