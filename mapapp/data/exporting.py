"""One layer out to a file another program opens: CSV for Excel, GeoJSON or a GeoPackage of its own."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyogrio.errors

from . import schema
from .atomic import write_atomic, write_bytes_atomic
from .spreadsheet import csv_text
from .tables import cell_text
from .workspace import CRS, file_frame, geometry

EXPORT_DRIVERS = {".csv": None, ".geojson": "GeoJSON", ".gpkg": "GPKG"}


def export_layer(tables: dict[str, pd.DataFrame], name: str, path: Path | str) -> Path:
    """One layer to CSV (UTF-8 with BOM, for Excel; formulas made inert), GeoJSON or a GeoPackage; atomic."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_DRIVERS:
        raise ValueError(f"export to {', '.join(EXPORT_DRIVERS)}, not {suffix or 'a file without an extension'}")
    if name not in schema.BY_NAME:
        raise ValueError(f"no layer {name!r}; layers: {', '.join(schema.BY_NAME)}")
    layer = schema.BY_NAME[name]
    frame = file_frame(layer, tables[name])
    if suffix == ".csv":
        rows = zip(*[[cell_text(v) for v in frame[c]] for c in layer.column_names])
        return write_bytes_atomic(path, csv_text(list(layer.column_names), rows).encode("utf-8-sig"))
    shapes = geometry(name, tables[name], tables["places"])
    out = gpd.GeoDataFrame(frame, geometry=shapes if shapes is not None else [None] * len(frame), crs=CRS)
    try:
        return write_atomic(path, lambda tmp: pyogrio.write_dataframe(out, tmp, layer=name, driver=EXPORT_DRIVERS[suffix]))
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:  # GDAL's word for a full disk
        raise OSError(str(exc)) from None
