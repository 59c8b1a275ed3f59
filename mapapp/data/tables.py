"""Read one layer's CSV file into typed columns, noting each bad cell by file, line and column.

The csv module (not pandas) reads the file so every record keeps the line it starts on,
even where a quoted field spans lines; a wrong field count is reported, not guessed at.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from .issues import Issue
from .schema import Column, Layer

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
TEXT_KINDS = ("text", "place", "country")  # kept as written: no parsing


@dataclass
class Table:
    layer: Layer
    frame: pd.DataFrame  # typed values, one row per record
    lines: list[int]  # the file line each record starts on

    def line(self, index: int) -> int:
        return self.lines[index]


def parse_date(text: str) -> tuple[int, int | None, int | None] | None:
    """ISO date at year, month or day precision; None where it is not a real date."""
    m = DATE_RE.match(text)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            datetime.date(year, month, day)
        except ValueError:
            return None
    return year, month, day


def date_key(text: str) -> tuple[int, int, int]:
    """A valid date at any precision, comparable with any other: 2019-03 counts as 2019-03-01."""
    y, m, d = parse_date(text)
    return y, m or 1, d or 1


def parse_cell(column: Column, text: str) -> tuple[object, str | None]:
    """Return (value, error message or None) for one cell."""
    kind = column.kind
    if kind in TEXT_KINDS:
        return text, None
    if kind == "int":
        try:
            value = int(text.replace(",", ""))
        except ValueError:
            return None, f"{text!r} is not a whole number"
        if column.minimum is not None and value < column.minimum:
            return None, f"{value} is below the minimum {column.minimum:g}"
        return value, None
    if kind in ("float", "lat", "lon"):
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            return None, f"{text!r} is not a number"
        if not math.isfinite(value):
            return None, f"{text!r} is not a finite number"
        limit = {"lat": 90.0, "lon": 180.0}.get(kind)
        if limit is not None and not -limit <= value <= limit:
            return None, f"{value} is outside -{limit:g}..{limit:g}"
        if column.minimum is not None and value < column.minimum:
            return None, f"{value} is below the minimum {column.minimum:g}"
        return value, None
    if kind == "date":
        if parse_date(text) is None:
            return None, f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"
        return text, None
    if kind == "code":
        if text not in column.codes:
            return None, f"unknown code {text!r}; expected one of {', '.join(column.codes)}"
        return text, None
    if kind == "codes":
        items = tuple(t.strip() for t in text.split(";") if t.strip())
        bad = [t for t in items if t not in column.codes]
        if bad:
            return None, f"unknown code {bad[0]!r}; expected one of {', '.join(column.codes)}"
        return items, None
    raise ValueError(f"unknown column kind {kind}")


def read_table(folder: Path, layer: Layer) -> tuple[Table | None, list[Issue]]:
    """Parse a layer file; returns no table when the file cannot be read at all."""
    path = folder / layer.file
    name = layer.file
    if not path.is_file():
        return None, [Issue(name, 0, "", "file is missing")]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return None, [Issue(name, line, "", "not UTF-8 text (save the file as UTF-8)")]
    return parse_csv(text, layer, name)


def read_table_file(path: Path, layer: Layer) -> tuple[Table | None, list[Issue]]:
    """A layer's table from a file of any name (a planner's own hosts or costs file)."""
    return read_table(path.parent, replace(layer, file=path.name))


def csv_records(text: str) -> tuple[list[str] | None, list[tuple[int, list[str]]], tuple[int, str] | None]:
    """Header (None if there is none), (line, fields) for each record, and (line, message) where
    the CSV broke off, if it did: records keep the line they start on, even across quoted newlines."""
    header, records, broken = csv_stream(text)
    rows = list(records)
    return header, rows, broken[0] if broken else None


def csv_stream(text: str):
    """As csv_records, but the records come one at a time (a large file's rows are never all held
    as lists of strings at once); `broken` gets (line, message) if the CSV breaks off."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    broken: list[tuple[int, str]] = []
    try:
        header = next(reader)
    except StopIteration:
        return None, iter(()), broken
    except csv.Error as exc:
        return None, iter(()), [(1, str(exc))]

    def records():
        start = reader.line_num + 1
        try:
            for fields in reader:
                yield start, fields
                start = reader.line_num + 1
        except csv.Error as exc:
            broken.append((reader.line_num, str(exc)))

    return header, records(), broken


def parse_csv(text: str, layer: Layer, name: str) -> tuple[Table | None, list[Issue]]:
    """CSV text to a table; a CSV that breaks off keeps the records before the break."""
    header, records, broken = csv_stream(text)
    if header is None:
        return None, [Issue(name, 1, "", f"malformed CSV: {broken[0][1]}" if broken else "file is empty; expected a header row")]
    table, issues = table_from_rows(layer, name, header, records)
    return table, issues + [Issue(name, line, "", f"malformed CSV: {message}") for line, message in broken]


def table_from_rows(layer: Layer, name: str, header: list[str], rows) -> tuple[Table | None, list[Issue]]:
    """Text cells to typed columns, whatever file they came from; every bad cell is an Issue.

    rows: (row number as the reader should see it, [cell texts in header order]).
    """
    header = [h.strip() for h in header]
    missing = [c.name for c in layer.columns if c.name not in header and c.required]
    if missing:
        return None, [Issue(name, 1, c, "missing column") for c in missing]
    # Per column in the file, worked out once: (name, position, required, kept as text, value when empty, column).
    plan = [(c.name, header.index(c.name), c.required, c.kind in TEXT_KINDS, _empty(c), c)
            for c in layer.columns if c.name in header]
    issues: list[Issue] = []
    columns: dict[str, list] = {c.name: [] for c in layer.columns}
    filled = [columns[column_name] for column_name, *_ in plan]
    # One object per distinct value and column: a text repeated in 100,000 rows is held once.
    shared: list[dict] = [{} for _ in plan]
    lines: list[int] = []
    for line, fields in rows:
        if not "".join(fields).strip():
            continue
        if len(fields) != len(header):
            issues.append(Issue(name, line, "", f"{len(fields)} fields, expected {len(header)} (a comma inside an unquoted value?)"))
            continue
        values, ok = [], True
        for column_name, position, required, as_text, empty, column in plan:
            cell = fields[position].strip()
            if cell == "":
                if required:
                    issues.append(Issue(name, line, column_name, "value is required"))
                    ok = False
                values.append(empty)
                continue
            if as_text:
                values.append(cell)
                continue
            value, error = parse_cell(column, cell)
            if error:
                issues.append(Issue(name, line, column_name, error))
                ok = False
            values.append(value)
        if ok:
            for column_values, seen, value in zip(filled, shared, values):
                column_values.append(seen.setdefault(value, value) if isinstance(value, (str, tuple)) else value)
            lines.append(line)
    for c in layer.columns:  # an optional column a file predates (made before it existed) reads as empty
        if c.name not in header:
            columns[c.name] = [_empty(c)] * len(lines)
    return Table(layer, _typed_frame(layer, list(columns.values())), lines), issues


def _empty(column: Column):
    """An empty cell's value: no codes, or None."""
    return () if column.kind == "codes" else None


def missing(value) -> bool:
    """An empty cell as the typed frames hold it: None, pandas' NA, or NaN."""
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def cell_text(value) -> str:
    """A typed value back to the text a file would hold: the inverse of the cell parser."""
    if missing(value):
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _typed_frame(layer: Layer, columns: list[list]) -> pd.DataFrame:
    """Numbers get numeric dtypes (nullable ints); text keeps None for an empty cell, not NaN."""
    data = {}
    for column, values in zip(layer.columns, columns):
        if column.kind == "int":
            data[column.name] = pd.array(values, dtype="Int64")
        elif column.kind in ("float", "lat", "lon"):
            data[column.name] = pd.array([float("nan") if v is None else v for v in values], dtype="float64")
        else:
            data[column.name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data)
