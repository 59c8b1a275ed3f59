"""Officers' files as a header and numbered rows of text, read within stated limits.

CSV (UTF-8 with or without BOM, or Big5/CP950), Excel .xlsx, GeoJSON or a GeoPackage layer.
A file is refused whole, with its name and why, before it can exhaust memory or run anything:
an .xlsx is a zip of XML parts, so its parts' unpacked size is checked before parsing and any
DTD or entity declaration (which Excel never writes: billion laughs, external entities) is
refused; rows are counted as they are read. Spreadsheet cells written by our own exports are
restored to their original text (spreadsheet.restore).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile
from pathlib import Path

from .. import gpkg
from ..issues import Issue, WorkspaceError
from ..schema import SUFFIXES
from ..spreadsheet import restore
from ..tables import cell_text, csv_records

ENCODINGS = ("utf-8-sig", "cp950", "big5hkscs")  # UTF-8 (BOM or not), then Taiwan's Big5 family
MAX_FILE_MB = 100  # CSV and GeoJSON are read whole
MAX_XLSX_UNPACKED_MB = 100  # the sum of an .xlsx's XML parts once unzipped
MAX_ROWS = 1_000_000  # Excel's own limit is 1,048,576
MERGED_READ_MB = 20  # an .xlsx unpacking to at most this is read whole, its merged cells filled
_DECLARATIONS = tuple(n.encode(e) for n in ("<!DOCTYPE", "<!ENTITY") for e in ("utf-8", "utf-16-le", "utf-16-be"))

Rows = list[tuple[int, list[str]]]


class Unreadable(ValueError):
    """The file as a whole cannot be read; args[0] is the Issue saying why."""


def _refuse(path: Path, message: str, row: int = 0) -> Unreadable:
    return Unreadable(Issue(path.name, row, "", message))


def _decode(data: bytes, name: str) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            last = exc
    line = data[: last.start].count(b"\n") + 1
    raise Unreadable(Issue(name, line, "", "not UTF-8 or Big5/CP950 text; save the file as UTF-8 CSV"))


def _text(path: Path) -> str:
    if path.stat().st_size > MAX_FILE_MB * 1024 * 1024:
        raise _refuse(path, f"the file is larger than {MAX_FILE_MB} MB, the most an import reads; split it")
    return _decode(path.read_bytes(), path.name)


def _read_csv(path: Path) -> tuple[list[str], Rows]:
    header, rows, broken = csv_records(_text(path))
    if broken:  # an import takes a whole file or nothing
        raise _refuse(path, f"malformed or truncated CSV: {broken[1]}", broken[0])
    if header is None:
        raise _refuse(path, "file is empty; expected a header row", 1)
    if len(rows) > MAX_ROWS:
        raise _refuse(path, f"more than {MAX_ROWS:,} rows, the most an import reads; split the file")
    return header, rows


def _excel_text(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return cell_text(value)


def _check_xlsx(path: Path) -> int:
    """Before any XML is parsed: the unpacked size within the limit, and no DTD in any part."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
            unpacked = sum(p.file_size for p in parts)
            if unpacked > MAX_XLSX_UNPACKED_MB * 1024 * 1024:
                raise _refuse(path, f"unpacks to {unpacked / 1e6:,.0f} MB, over the {MAX_XLSX_UNPACKED_MB} MB an "
                                    "import reads (a zip bomb, or a sheet to split)")
            for part in parts:
                with book.open(part) as fh:  # zipfile stops at the declared size and checks the CRC
                    tail = b""
                    while chunk := fh.read(1 << 20):
                        if any(d in tail + chunk for d in _DECLARATIONS):
                            raise _refuse(path, f"part {part.filename} declares a DTD or entities, which Excel never "
                                                "writes; refused (XML entity attacks)")
                        tail = chunk[-32:]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise _refuse(path, f"not a readable Excel .xlsx file ({exc})") from None
    return unpacked


def _read_xlsx(path: Path) -> tuple[list[str], Rows]:
    import openpyxl  # only for Excel files

    # A sheet small enough is read whole, so that a merged cell's value reaches every cell it spans
    # (a country merged down several rows, a title across the columns); a large one is streamed.
    whole = _check_xlsx(path) <= MERGED_READ_MB * 1024 * 1024
    rows: Rows = []
    try:
        book = openpyxl.load_workbook(path, read_only=not whole, data_only=True)
        try:
            sheet = book.worksheets[0]
            spans = {}
            for span in (sheet.merged_cells.ranges if whole else ()):
                value = sheet.cell(span.min_row, span.min_col).value
                spans.update({(r, c): value for r in range(span.min_row, span.max_row + 1)
                              for c in range(span.min_col, span.max_col + 1)})
            for i, values in enumerate(sheet.iter_rows(values_only=True), 1):
                if i > MAX_ROWS:
                    raise _refuse(path, f"the first sheet has more than {MAX_ROWS:,} rows, the most an import reads")
                cells = [_excel_text(spans.get((i, j), v)) for j, v in enumerate(values, 1)]
                if any(c.strip() for c in cells):
                    rows.append((i, cells))
        finally:
            book.close()
    except Unreadable:
        raise
    except Exception as exc:  # openpyxl raises many types (zip, XML syntax, KeyError, ValueError) for a broken file
        raise _refuse(path, f"not a readable Excel .xlsx file ({type(exc).__name__}: {exc})") from None
    if not rows:
        raise _refuse(path, "the first sheet is empty; expected a header row", 1)
    (_, header), body = rows[0], rows[1:]
    width = len(header)
    return header, [(i, (cells + [""] * width)[:width]) for i, cells in body]


def _read_geojson(path: Path) -> tuple[list[str], Rows]:
    text = _text(path)
    if not text.strip():
        raise _refuse(path, "file is empty", 1)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _refuse(path, f"not valid JSON (truncated?): {exc.msg}", exc.lineno) from None
    except RecursionError:
        raise _refuse(path, "JSON nested too deeply to be a GeoJSON file") from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise _refuse(path, "expected a GeoJSON FeatureCollection", 1)
    if len(features) > MAX_ROWS:
        raise _refuse(path, f"more than {MAX_ROWS:,} features, the most an import reads; split the file")
    records = []
    for f in features:
        props = dict(f.get("properties") or {}) if isinstance(f, dict) and isinstance(f.get("properties"), dict) else {}
        geom = f.get("geometry") if isinstance(f, dict) else None
        if isinstance(geom, dict) and geom.get("type") == "Point" and isinstance(geom.get("coordinates"), list):
            coords = geom["coordinates"]
            props.setdefault("lon", coords[0] if len(coords) > 0 else None)
            props.setdefault("lat", coords[1] if len(coords) > 1 else None)
        records.append(props)
    header = list(dict.fromkeys(k for r in records for k in r))
    return header, [(i, [cell_text(r.get(k)) for k in header]) for i, r in enumerate(records, 1)]


def _read_gpkg(path: Path, layer: str | None) -> tuple[list[str], Rows]:
    """A layer by SQL (every row, whatever count the file stores), points as lon and lat."""
    try:
        conn = gpkg.connect(path)
    except WorkspaceError as exc:
        raise _refuse(path, str(exc)) from None
    try:
        with gpkg.reading(conn):
            layers = [n for n, kind in gpkg.contents(conn).items() if kind in ("features", "attributes")]
            name = layer if layer in layers else layers[0] if layers else None
            if name is None:
                raise _refuse(path, "the GeoPackage has no layers")
            if gpkg.row_count(conn, name) > MAX_ROWS:
                raise _refuse(path, f"layer {name} has more than {MAX_ROWS:,} rows, the most an import reads")
            fid, geom, header = gpkg.layout(conn, name)
            select = ", ".join(gpkg.quote(c) for c in [fid, *header] + ([geom] if geom else []))
            found = conn.execute(f"select {select} from {gpkg.quote(name)} order by 1").fetchall()
    except sqlite3.Error as exc:
        raise _refuse(path, f"not a readable GeoPackage: {gpkg.reason(exc)}") from None
    finally:
        conn.close()
    with_xy = bool(geom) and "lon" not in header and "lat" not in header
    rows = []
    for r in found:
        cells = [cell_text(v) for v in r[1:len(header) + 1]]
        if with_xy:
            point = gpkg.decode(r[-1])
            at = point is not None and point.geom_type == "Point" and not point.is_empty
            cells += [cell_text(point.x), cell_text(point.y)] if at else ["", ""]
        rows.append((int(r[0]), cells))
    return header + (["lon", "lat"] if with_xy else []), rows


def read_rows(path: Path, layer: str | None = None) -> tuple[list[str], Rows]:
    """Header and numbered rows of text from any supported file; Unreadable says why not."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise _refuse(path, f"cannot import {suffix or 'this'} files; use {', '.join(SUFFIXES)}")
    if not path.is_file():
        raise _refuse(path, "is a folder, not a file" if path.is_dir() else "file not found")
    if path.stat().st_size == 0:
        raise _refuse(path, "file is empty", 1)
    if suffix == ".gpkg":
        return _read_gpkg(path, layer)
    if suffix == ".geojson" or suffix == ".json":
        return _read_geojson(path)
    header, rows = _read_csv(path) if suffix in (".csv", ".txt") else _read_xlsx(path)
    return [restore(h) for h in header], [(i, [restore(c) for c in cells]) for i, cells in rows]
