"""A shared workspace read as a GeoPackage is: every layer's rows (numbered by fid) through the same
cell parser and checks, the basemap and the scenes, all from one snapshot of the database (a
repeatable-read, read-only transaction), so others' commits meanwhile cannot mix two states.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import psycopg
import shapely
from psycopg import sql

from .. import schema
from ..issues import Issue, WorkspaceError
from ..tables import cell_text, table_from_rows
from ..workspace import CRS, Stamp, Stored
from . import local_time, where
from .setup import connect
from .sql import FORMAT, SCHEMA, STAMP, table


def _columns(cur: psycopg.Cursor, name: str) -> list[str]:
    cur.execute("select column_name from information_schema.columns where table_schema = %s and table_name = %s "
                "order by ordinal_position", (SCHEMA, name))
    return [r[0] for r in cur.fetchall()]


def last_change(cur) -> int:
    """The audit's last entry as the transaction sees it (0: none): a shared workspace's revision."""
    cur.execute(sql.SQL("select coalesce(max(id), 0) from {}").format(table("audit")))
    return cur.fetchone()[0]


def read_layer(cur: psycopg.Cursor, label: str, layer: schema.Layer, stamps: dict[tuple, Stamp]):
    """The layer's table, and each row's stamp by key (what a save's version check compares)."""
    header = [c for c in _columns(cur, layer.name) if c not in ("fid", "geom", *STAMP)]
    if not header:
        return None, [Issue(f"{label}:{layer.name}", 0, "", "layer is missing")]
    cur.execute(sql.SQL("select fid, {}, {} from {} order by fid").format(
        sql.SQL(", ").join(map(sql.Identifier, STAMP)), sql.SQL(", ").join(map(sql.Identifier, header)), table(layer.name)))
    key = [header.index(k) for k in layer.key]
    rows = []
    for fid, version, who, when, *cells in cur:
        texts = [cell_text(v) for v in cells]
        stamps[tuple(texts[i].strip() for i in key)] = Stamp(version, who, local_time(when))
        rows.append((int(fid), texts))
    return table_from_rows(layer, f"{label}:{layer.name}", header, rows)


def _basemap(cur: psycopg.Cursor) -> gpd.GeoDataFrame:
    names = [c for c in _columns(cur, "basemap") if c not in ("fid", "geom")]
    cur.execute(sql.SQL("select {}, st_asbinary(geom) from {} order by fid").format(
        sql.SQL(", ").join(map(sql.Identifier, names)), table("basemap")))
    rows = cur.fetchall()
    frame = pd.DataFrame([r[:-1] for r in rows], columns=names)
    return gpd.GeoDataFrame(frame, geometry=[shapely.from_wkb(bytes(r[-1])) for r in rows], crs=CRS)


def read_database(url: str) -> Stored:
    """What the schema `mapapp` holds; issues name 'user@host:port/db:layer', fid and column."""
    label = where(url)
    try:
        conn = connect(url)
    except WorkspaceError as exc:
        return Stored(issues=[Issue(label, 0, "", str(exc))])
    try:
        with conn, conn.cursor() as cur:
            cur.execute("set transaction isolation level repeatable read, read only")
            return read_all(cur, label)
    except psycopg.Error as exc:
        return Stored(issues=[Issue(label, 0, "", f"reading failed: {str(exc).strip()}")])
    finally:
        conn.close()


def read_all(cur: psycopg.Cursor, label: str, basemap: bool = True) -> Stored:
    """Everything, inside the caller's transaction (a save checks the rows as it would leave them)."""
    if not _columns(cur, "meta"):
        return Stored(issues=[Issue(label, 0, "", f"no mapapp workspace here (run: python main.py db init {label})")])
    cur.execute(sql.SQL("select value from {} where key = 'format'").format(table("meta")))
    found = cur.fetchone()
    if not found or found[0] != FORMAT:
        return Stored(issues=[Issue(f"{label}:meta", 1, "value", f"format {found and found[0]!r}; this mapapp reads {FORMAT!r}")])
    out = Stored()
    out.revision = last_change(cur)  # a save tells by it whether others saved since
    for layer in schema.LAYERS:
        t, issues = read_layer(cur, label, layer, out.stamps.setdefault(layer.name, {}))
        out.issues += issues
        if t is not None:
            out.tables[layer.name] = t
    if basemap:
        out.basemap = _basemap(cur)
    cur.execute(sql.SQL("select document from {} order by fid limit 1").format(table("scenes")))
    row = cur.fetchone()
    out.scenes_text = row[0] if row else None
    return out
