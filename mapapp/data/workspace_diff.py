"""What changed in a layer between the tables as read and the tables now, row by row, by key.

Rows are matched by the layer's key, so an edit, an import or an undo becomes a short list of
rows added, updated and deleted: what a save writes. Comparing a 100,000-row layer cell by cell
in Python would cost a second a save; columns are compared as arrays first, and only rows that
moved or differ are turned into text.
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


def _texts(layer: Layer, frame: pd.DataFrame, positions) -> dict[int, Texts]:
    columns = [[cell_text(v) for v in frame[c].iloc[positions]] for c in layer.column_names]
    return dict(zip(positions, zip(*columns)))


def _keys(layer: Layer, frame: pd.DataFrame) -> list[Texts]:
    return list(zip(*[[cell_text(v) for v in frame[k]] for k in layer.key]))


def _differs(a: pd.Series, b: pd.Series) -> np.ndarray:
    """Row by row, whether two aligned columns may differ (NaN and NA count as equal to themselves)."""
    if a.dtype.kind == "f" and b.dtype.kind == "f":
        x, y = a.to_numpy(), b.to_numpy()
        return (x != y) & ~(np.isnan(x) & np.isnan(y))
    x, y = a.to_numpy(dtype=object, na_value=None), b.to_numpy(dtype=object, na_value=None)
    return np.fromiter((p != q for p, q in zip(x, y)), dtype=bool, count=len(x))


def layer_changes(layer: Layer, before: pd.DataFrame, after: pd.DataFrame) -> list[Change]:
    """The rows to add, update and delete to turn `before` into `after` (keys are unique in both)."""
    n = min(len(before), len(after))
    suspect = np.zeros(n, dtype=bool)
    for c in layer.column_names:
        suspect |= _differs(before[c].iloc[:n], after[c].iloc[:n])
    old_keys, new_keys = _keys(layer, before), _keys(layer, after)
    old_at = {k: i for i, k in enumerate(old_keys)}
    to_check = [(old_at.get(k), j) for j, k in enumerate(new_keys)
                if not (j < n and old_at.get(k) == j and not suspect[j])]
    new_keyset = set(new_keys)
    deleted = [i for i, k in enumerate(old_keys) if k not in new_keyset]
    old_text = _texts(layer, before, sorted({i for i, _ in to_check if i is not None} | set(deleted)))
    new_text = _texts(layer, after, [j for _, j in to_check])
    out: list[Change] = []
    for i, j in to_check:
        old = old_text[i] if i is not None else None
        if old != new_text[j]:
            out.append(_change(layer, after, new_keys[j], old, new_text[j], j))
    for i in deleted:
        key_values = tuple(db_value(layer.columns[layer.column_names.index(k)], before[k].iloc[i]) for k in layer.key)
        out.append(Change(layer.name, old_keys[i], key_values, old_text[i], None, None, None))
    return out


def _change(layer: Layer, frame: pd.DataFrame, key: Texts, old: Texts | None, new: Texts, j: int) -> Change:
    values = {c.name: db_value(c, frame[c.name].iloc[j]) for c in layer.columns}
    return Change(layer.name, key, tuple(values[k] for k in layer.key), old, new, values, j)
