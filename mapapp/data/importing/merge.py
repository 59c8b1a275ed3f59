"""Rows from a file merged into a layer by key: new keys appended, known keys updated or left alone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from .. import schema
from ..tables import cell_text

if TYPE_CHECKING:
    from .importer import Preview


def key_text(layer: schema.Layer, row) -> str:
    return "/".join(cell_text(row[k]) for k in layer.key)


def merge(current: pd.DataFrame, incoming: pd.DataFrame, layer: schema.Layer, preview: Preview) -> pd.DataFrame:
    """Rows with a known key replace it (updated, or unchanged if only the source differs); others are appended."""
    cols = list(layer.column_names)

    def texts(frame: pd.DataFrame) -> list[tuple[str, ...]]:
        return [tuple(cell_text(v) for v in row) for row in frame[cols].itertuples(index=False)]

    at = [cols.index(k) for k in layer.key]
    index = {tuple(r[p] for p in at): i for i, r in enumerate(texts(current))}
    old_rows = texts(current)
    replace, append = {}, []
    for j, row in enumerate(texts(incoming)):
        key = tuple(row[p] for p in at)
        name = "/".join(key)
        if key not in index:
            index[key] = None  # a repeat within the file is caught before the merge
            append.append(j)
            preview.added.append(name)
            continue
        old = old_rows[index[key]]
        changed = [c for c, a, b in zip(cols, old, row) if a != b]
        # The same figures from another file keep their original row and its source.
        if not [c for c in changed if c != "source"]:
            preview.unchanged.append(name)
            continue
        preview.diffs[name] = "; ".join(f"{c}: {old[cols.index(c)]} → {row[cols.index(c)]}" for c in changed)
        preview.updated.append(name)
        replace[index[key]] = j
    out = current[cols].copy()
    if replace:
        positions, sources = list(replace), list(replace.values())
        for c in cols:
            values = incoming[c].iloc[sources].tolist()
            column = out[c].tolist()
            for p, v in zip(positions, values):
                column[p] = v
            out[c] = pd.Series(column, dtype=out[c].dtype)
    if append:
        out = pd.concat([out, incoming[cols].iloc[append]], ignore_index=True)
    return out.reset_index(drop=True)
