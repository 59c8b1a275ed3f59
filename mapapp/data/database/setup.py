"""`db init` and `db add-user`: the schema filled from a dataset in one transaction, and logins.

A failed init leaves the server as it was (PostgreSQL runs DDL inside the transaction); an init
where the schema exists already changes nothing and says so.
"""

from __future__ import annotations

import psycopg
import shapely
from psycopg import sql

from .. import schema
from ..issues import WorkspaceError
from ..load import Dataset
from ..tables import cell_text
from ..workspace import GEOMETRY_TYPES, file_frame
from . import ADMIN, GROUPS, where
from .access import grants_sql, my_agency_sql, roles_sql
from .sql import (
    FIXED_TABLES,
    FORMAT,
    GEOMETRY_FUNCTIONS,
    SCHEMA,
    SRID,
    TRIGGER_FUNCTIONS,
    geometry_triggers_sql,
    key_index_sql,
    layer_table_sql,
    table,
    triggers_sql,
)


def connect(url: str) -> psycopg.Connection:
    try:
        return psycopg.connect(url, connect_timeout=10)
    except psycopg.Error as exc:
        raise WorkspaceError(f"cannot connect to {where(url)}: {str(exc).strip()}") from exc


def _ewkb(shapes) -> list[str | None]:
    """The basemap's shapes as hex EWKB with the SRID, as PostGIS reads geometry from COPY's text."""
    out = []
    for shape in shapes:
        multi = shapely.MultiPolygon([shape]) if shape.geom_type == "Polygon" else shape
        out.append(shapely.to_wkb(shapely.set_srid(multi, SRID), hex=True, include_srid=True))
    return out


def _copy(cur: psycopg.Cursor, name: str, columns: list[str], rows) -> None:
    statement = sql.SQL("copy {} ({}) from stdin").format(table(name), sql.SQL(", ").join(map(sql.Identifier, columns)))
    with cur.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _layer(cur: psycopg.Cursor, layer: schema.Layer, ds: Dataset) -> int:
    geometry_type = GEOMETRY_TYPES.get(layer.name)
    cur.execute(layer_table_sql(layer, geometry_type))
    if layer.key:
        cur.execute(key_index_sql(layer))
    if geometry_type:
        cur.execute(geometry_triggers_sql(layer.name))
    frame = file_frame(layer, ds.tables[layer.name])
    cells = [[cell_text(v) or None for v in column] for column in (frame[c].tolist() for c in layer.column_names)]
    _copy(cur, layer.name, list(layer.column_names), zip(*cells))
    return len(frame)


def _basemap(cur: psycopg.Cursor, ds: Dataset) -> None:
    frame = ds.raw_basemap
    names = [c for c in frame.columns if c != frame.geometry.name]
    types = ["double precision" if frame[c].dtype.kind in "fi" else "text" for c in names]
    columns = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(t)) for c, t in zip(names, types))
    cur.execute(sql.SQL("create table {} (fid bigserial primary key, {}, geom geometry(MultiPolygon, {}))").format(
        table("basemap"), columns, sql.Literal(SRID)))
    cells = [[None if v != v else v for v in frame[c].tolist()] for c in names]  # NaN -> NULL
    _copy(cur, "basemap", [*names, "geom"], zip(*cells, _ewkb(frame.geometry)))


def init(url: str, ds: Dataset) -> dict[str, int]:
    """The schema `mapapp` made and filled from ds; rows per layer. WorkspaceError if it exists."""
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute("select 1 from pg_namespace where nspname = %s", (SCHEMA,))
        if cur.fetchone():
            raise WorkspaceError(f"{where(url)} has a schema {SCHEMA} already; nothing changed")
        cur.execute("create extension if not exists postgis")
        for statement in roles_sql():
            cur.execute(statement)
        cur.execute(sql.SQL("create schema {}").format(sql.Identifier(SCHEMA)))
        cur.execute(FIXED_TABLES)
        cur.execute(TRIGGER_FUNCTIONS)
        cur.execute(GEOMETRY_FUNCTIONS)
        cur.execute(my_agency_sql())
        counts = {layer.name: _layer(cur, layer, ds) for layer in schema.LAYERS}
        _basemap(cur, ds)
        if ds.scenes_text is not None:
            cur.execute(sql.SQL("insert into {} (document) values (%s)").format(table("scenes")), (ds.scenes_text,))
        cur.executemany(sql.SQL("insert into {} (key, value) values (%s, %s)").format(table("meta")),
                        [("format", FORMAT), ("source", str(ds.source))])
        layered = [layer.name for layer in schema.LAYERS] + ["scenes"]
        for name in layered:
            cur.execute(triggers_sql(name))
        for statement in grants_sql([*layered, "basemap"]):
            cur.execute(statement)
    return counts


def add_user(url: str, name: str, group: str, password: str) -> None:
    """A login in one group (an agency, reader or admin); the password goes as a SCRAM verifier,
    made here, so the server's log never holds it."""
    if group not in GROUPS:
        raise ValueError(f"--agency takes {', '.join(GROUPS)}, not {group!r}")
    if not password:
        raise ValueError("the password file is empty")
    with connect(url) as conn, conn.cursor() as cur:
        verifier = conn.pgconn.encrypt_password(password.encode(), name.encode(), b"scram-sha-256").decode()
        options = sql.SQL(" createrole") if GROUPS[group] == ADMIN else sql.SQL("")
        try:
            cur.execute(sql.SQL("create role {} login password {}{} in role {}").format(
                sql.Identifier(name), sql.Literal(verifier), options, sql.Identifier(GROUPS[group])))
        except psycopg.errors.DuplicateObject as exc:
            raise WorkspaceError(f"{where(url)} has a login {name} already; nothing changed") from exc
