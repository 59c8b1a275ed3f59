"""A GeoPackage opened as what it is, an SQLite database that several programs write.

QGIS, ogr2ogr and mapapp may all have the same file open: reads and writes go through SQLite
transactions and its locks, rows are counted by SQL (never by `gpkg_ogr_contents`, which
other writers can leave behind), and tables mapapp does not own are never touched. GDAL's
R-tree triggers call ST_* functions that only GDAL defines, so a connection defines them too.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import shapely

from .issues import WorkspaceError

BUSY_SECONDS = 20.0  # how long a save waits for another program's write to finish


# SQLite's messages, as a user would say them.
_REASONS = (
    ("disk is full", "the disk is full"),
    ("readonly database", "the file or its folder is read-only"),
    ("database is locked", f"another program kept the file locked for over {BUSY_SECONDS:g} s"),
    ("unable to open database file", "the file is missing, is a folder, or may not be opened"),
    ("file is not a database", "it is not a GeoPackage (SQLite) file"),
    ("disk i/o error", "the disk reported an error"),
)


def reason(exc: BaseException) -> str:
    text = str(exc)
    for needle, said in _REASONS:
        if needle in text.lower():
            return said
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return text


def failure(what: str, path: Path, exc: BaseException, unchanged: bool = True) -> WorkspaceError:
    tail = f"; {path.name} is unchanged" if unchanged and path.exists() else ""
    return WorkspaceError(f"could not {what} {path}: {reason(exc)}{tail}")


# ---------- geometry blobs (GeoPackage 1.2, section 2.1.3) ----------

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _wkb_start(blob: bytes) -> int:
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry")
    return 8 + _ENVELOPE_BYTES[(blob[3] >> 1) & 0x07]


def decode(blob: bytes | None):
    """A shapely geometry from a GeoPackage geometry blob (None stays None)."""
    return None if blob is None else shapely.from_wkb(blob[_wkb_start(blob):])


def encode(geometry, srs_id: int) -> bytes | None:
    """Little-endian header, an XY envelope except for points (as GDAL writes them), then WKB."""
    if geometry is None:
        return None
    if geometry.is_empty:
        return b"GP\x00\x11" + struct.pack("<i", srs_id) + shapely.to_wkb(geometry)
    if geometry.geom_type == "Point":
        return b"GP\x00\x01" + struct.pack("<i", srs_id) + shapely.to_wkb(geometry)
    x0, y0, x1, y1 = geometry.bounds
    return b"GP\x00\x03" + struct.pack("<i4d", srs_id, x0, x1, y0, y1) + shapely.to_wkb(geometry)


def _bounds(blob):
    """(minx, maxx, miny, maxy) of a blob, for GDAL's R-tree triggers; None for empty geometries."""
    if blob is None or len(blob) < 8 or blob[3] & 0x10:
        return None
    if (blob[3] >> 1) & 0x07:
        order = "<" if blob[3] & 1 else ">"
        return struct.unpack(order + "4d", blob[8:40])
    x0, y0, x1, y1 = decode(blob).bounds
    return x0, x1, y0, y1


def _define_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("ST_IsEmpty", 1, lambda b: None if b is None else int(_bounds(b) is None), deterministic=True)
    for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, lambda b, i=i: (lambda e: None if e is None else e[i])(_bounds(b)),
                             deterministic=True)


# ---------- connections and transactions ----------


def connect(path: Path) -> sqlite3.Connection:
    """An existing GeoPackage, never created by opening; writes wait for other writers."""
    path = Path(path)
    if not path.is_file():
        raise WorkspaceError(f"could not open {path}: " + ("it is a folder" if path.is_dir() else "no such file"))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_SECONDS,
                               isolation_level=None)
        conn.execute("select count(*) from gpkg_contents").fetchone()
    except sqlite3.Error as exc:
        raise failure("open", path, exc, unchanged=False) from None
    _define_functions(conn)
    return conn


@contextmanager
def reading(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One consistent view of the file: no other program's commit lands half-way through a read."""
    conn.execute("begin")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("commit")


@contextmanager
def writing(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction, taken at once (BEGIN IMMEDIATE) so two writers queue instead of colliding."""
    conn.execute("begin immediate")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite may have rolled back already (a full disk, say)
            conn.execute("rollback")
        raise
    conn.execute("commit")


# ---------- what the file holds ----------


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def contents(conn: sqlite3.Connection) -> dict[str, str]:
    """Every table the GeoPackage lists, with its data type (features, attributes, tiles, ...)."""
    return {str(n): str(t) for n, t in conn.execute("select table_name, data_type from gpkg_contents")}


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f"pragma table_info({quote(table)})")]


def primary_key(conn: sqlite3.Connection, table: str) -> str:
    keys = [str(r[1]) for r in conn.execute(f"pragma table_info({quote(table)})") if r[5]]
    return keys[0] if len(keys) == 1 else "rowid"


def layout(conn: sqlite3.Connection, table: str) -> tuple[str, str | None, list[str]]:
    """(primary key, geometry column or None, the other columns in file order) of a table."""
    fid = primary_key(conn, table)
    geom = (geometry_column(conn, table) or (None,))[0]
    return fid, geom, [c for c in columns(conn, table) if c not in (fid, geom)]


def row_count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"select count(*) from {quote(table)}").fetchone()[0]


def geometry_column(conn: sqlite3.Connection, table: str) -> tuple[str, int] | None:
    """(column, srs_id) of a feature table, or None for an attribute table."""
    row = conn.execute("select column_name, srs_id from gpkg_geometry_columns where lower(table_name) = lower(?)",
                       (table,)).fetchone()
    return (str(row[0]), int(row[1])) if row else None


def stored_count(conn: sqlite3.Connection, table: str) -> int | None:
    """The row count GDAL keeps in gpkg_ogr_contents (None where there is none): a hint, never trusted."""
    try:
        row = conn.execute("select feature_count from gpkg_ogr_contents where lower(table_name) = lower(?)",
                           (table,)).fetchone()
    except sqlite3.OperationalError:  # a GeoPackage written without GDAL's extension table
        return None
    return None if row is None or row[0] is None else int(row[0])


def correct_count(conn: sqlite3.Connection, table: str) -> None:
    """Put the true row count where GDAL and QGIS look for it, if the file keeps one."""
    stored, count = stored_count(conn, table), row_count(conn, table)
    if stored is not None and stored != count:
        conn.execute("update gpkg_ogr_contents set feature_count = ? where lower(table_name) = lower(?)", (count, table))


def touch(conn: sqlite3.Connection, table: str) -> None:
    """After rows changed: the change time and, for features, the extent GIS programs zoom to."""
    conn.execute("update gpkg_contents set last_change = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                 "where lower(table_name) = lower(?)", (table,))
    geometry = geometry_column(conn, table)
    rtree = f"rtree_{table}_{geometry[0]}" if geometry else None
    if rtree and conn.execute("select 1 from sqlite_master where name = ?", (rtree,)).fetchone():
        extent = conn.execute(f"select min(minx), min(miny), max(maxx), max(maxy) from {quote(rtree)}").fetchone()
        if extent[0] is not None:
            conn.execute("update gpkg_contents set min_x = ?, min_y = ?, max_x = ?, max_y = ? "
                         "where lower(table_name) = lower(?)", (*extent, table))
