"""What changed in a layer between the tables as read and the tables now, row by row, by key.

Rows are matched by the layer's key, so an edit, an import or an undo becomes a short list of
rows added, updated and deleted: what a save writes. Comparing a 100,000-row layer cell by cell
in Python costs a second a save; rows are matched by position where the keys allow it, columns
are compared as arrays, and only rows that may differ are turned into text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .schema import Column, Layer
from .tables import TEXT_KINDS, cell_text, parse_cell

Texts = tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """One row to write. `before` is the row as read (None: added); `after` as it is now (None: deleted)."""

    layer: str
    key: Texts
    key_values: tuple  # the key as the database holds it, for the WHERE clause
    before: Texts | None
    after: Texts | None
    values: dict | None  # column -> value to store, for an added or updated row
    position: int | None  # the row's position in the current frame (for its geometry)

    @property
    def kind(self) -> str:
        return "added" if self.before is None else "deleted" if self.after is None else "updated"


def db_value(column: Column, value):
    """A typed cell as the GeoPackage stores it: codes joined by ';', numbers as Python numbers, NULL for empty."""
    text = cell_text(value)
    if text == "":
        return None
    if column.kind == "int":
        return int(value)
    if column.kind in ("float", "lat", "lon"):
        return float(value)
    return text


def normal_text(column: Column, raw) -> str:
    """A stored cell read the way a workspace is read (trimmed, parsed, written back as text), so
    '1,000' and ' JPN ' compare equal to what mapapp read from them."""
    text = cell_text(raw).strip()
    if text == "" or column.kind in TEXT_KINDS:
        return text
    value, error = parse_cell(column, text)
    return text if error else cell_text(value)


def row_texts(layer: Layer, frame: pd.DataFrame, positions) -> dict[int, Texts]:
    columns = [[cell_text(v) for v in frame[c].iloc[positions]] for c in layer.column_names]
    return dict(zip(positions, zip(*columns)))


def key_texts(layer: Layer, frame: pd.DataFrame) -> list[Texts]:
    return list(zip(*[[cell_text(v) for v in frame[k]] for k in layer.key]))


def _differs(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Row by row, whether two aligned columns may differ (NaN and NA count as equal to themselves;
    anything that compares as neither equal nor unequal counts as may-differ, for the text check)."""
    if a.dtype.kind == "f" and b.dtype.kind == "f":
        x, y = a.to_numpy(), b.to_numpy()
        return (x != y) & ~(np.isnan(x) & np.isnan(y))
    x, y = (s.to_numpy() if s.dtype == object else s.to_numpy(dtype=object, na_value=None) for s in (a, b))
    try:
        return np.asarray(x != y, dtype=bool)
    except TypeError:  # pd.NA in an object column: it compares as neither
        return np.array([(p is not q) and (p != q) is not False for p, q in zip(x, y)], dtype=bool)


def _pairs(layer: Layer, before: pd.DataFrame, after: pd.DataFrame):
    """Rows matched by key: (positions in before, positions in after) of rows in both, rows added, rows deleted.
    Where the keys stand in the same order (an edit, rows added or removed at the end), by position."""
    n = min(len(before), len(after))
    if not any(_differs(before[k].iloc[:n], after[k].iloc[:n]).any() for k in layer.key):
        return np.arange(n), np.arange(n), list(range(n, len(after))), list(range(n, len(before)))
    old_keys, new_keys = key_texts(layer, before), key_texts(layer, after)
    old_at = {k: i for i, k in enumerate(old_keys)}
    common = [(old_at[k], j) for j, k in enumerate(new_keys) if k in old_at]
    kept = set(new_keys)
    return (np.array([i for i, _ in common], dtype=int), np.array([j for _, j in common], dtype=int),
            [j for j, k in enumerate(new_keys) if k not in old_at], [i for i, k in enumerate(old_keys) if k not in kept])


def layer_changes(layer: Layer, before: pd.DataFrame, after: pd.DataFrame) -> list[Change]:
    """The rows to add, update and delete to turn `before` into `after` (keys are unique in both)."""
    if before is after:
        return []
    old_at, new_at, added, deleted = _pairs(layer, before, after)
    suspect = np.zeros(len(old_at), dtype=bool)
    old_rows, new_rows = before.iloc[old_at], after.iloc[new_at]
    for c in layer.column_names:
        suspect |= _differs(old_rows[c], new_rows[c])
    pairs = [(int(old_at[s]), int(new_at[s])) for s in np.flatnonzero(suspect)] + [(None, j) for j in added]
    old_text = row_texts(layer, before, sorted({i for i, _ in pairs if i is not None} | set(deleted)))
    new_text = row_texts(layer, after, [j for _, j in pairs])
    key_at = [layer.column_names.index(k) for k in layer.key]
    out: list[Change] = []
    for i, j in pairs:
        old = old_text[i] if i is not None else None
        if old != new_text[j]:
            out.append(_change(layer, after, tuple(new_text[j][p] for p in key_at), old, new_text[j], j))
    for i in deleted:
        key_values = tuple(db_value(layer.columns[p], before[layer.column_names[p]].iloc[i]) for p in key_at)
        out.append(Change(layer.name, tuple(old_text[i][p] for p in key_at), key_values, old_text[i], None, None, None))
    return out


def _change(layer: Layer, frame: pd.DataFrame, key: Texts, old: Texts | None, new: Texts, j: int) -> Change:
    values = {c.name: db_value(c, frame[c.name].iloc[j]) for c in layer.columns}
    return Change(layer.name, key, tuple(values[k] for k in layer.key), old, new, values, j)
