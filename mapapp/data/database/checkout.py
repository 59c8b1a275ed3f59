"""A shared workspace checked out into a GeoPackage for a trip (the projector laptop has no network),
edited there as any workspace, and checked back in with the same version checks as a save.

The file records, per row, the version it was checked out at and the row as it was then
(CHECKOUT): check-in writes what changed since, conflicts where the server's row moved on.
A check-in that leaves nothing in conflict or refused refreshes the file from the server
(atomically), so the next trip starts from everyone's rows; otherwise the file is left as it is,
holding what the server did not take: nothing lost.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import sqlite3
from pathlib import Path

from .. import schema
from ..issues import WorkspaceError
from ..load import Dataset, load_dataset
from ..tables import table_from_rows
from ..workspace import META_LAYER, Stamp, write_workspace
from ..workspace_diff import key_texts, row_texts
from . import where
from .save import SharedSaveReport, resolve, save_changes

CHECKOUT = "mapapp_checkout"
SCENES_KEY = "checked_out_scenes"  # in the workspace's meta table


def _record(ds: Dataset, url: str):
    def write(db: sqlite3.Connection) -> None:
        db.execute(f"create table {CHECKOUT} (layer text not null, key text not null, version integer not null, "
                   "row text not null)")
        for layer in schema.LAYERS:
            frame, stamps = ds.tables[layer.name], ds.stamps.get(layer.name, {})
            rows = row_texts(layer, frame, range(len(frame))).values()
            keys = key_texts(layer, frame)
            db.executemany(f"insert into {CHECKOUT} values (?, ?, ?, ?)",
                           [(layer.name, json.dumps(k), stamps[k].version, json.dumps(r)) for k, r in zip(keys, rows)])
        meta = [("checked_out_from", where(url)), ("checked_out_at", datetime.datetime.now().isoformat(timespec="seconds"))]
        if ds.scenes_text is not None:  # the scenes as checked out: an edit of them on the trip is checked in too
            meta.append((SCENES_KEY, ds.scenes_text))
        db.executemany(f"insert into {META_LAYER} (key, value) values (?, ?)", meta)
    return write


def write_offline(path: Path | str, tables, base: Dataset, url: str, scenes_text: str | None, replace: bool = True) -> Path:
    """tables into a GeoPackage that records base's rows and versions: checked in, it writes what
    differs from base (a checkout, or a window's autosave of unsaved work on a shared workspace)."""
    return write_workspace(path, tables, base.raw_basemap, scenes_text, replace=replace, extra=_record(base, url))


def checkout(url: str, path: Path | str, replace: bool = False) -> Dataset:
    """The shared workspace into a new GeoPackage at path (an existing file is refused: it may hold
    edits not checked in); the dataset checked out."""
    ds = load_dataset(url)
    try:
        write_offline(path, ds.tables, ds, url, ds.scenes_text, replace=replace)
    except FileExistsError:
        raise WorkspaceError(f"{path} exists: check it in first, or check out into a new file; nothing changed") from None
    return ds


def _base(path: Path, now: Dataset) -> Dataset:
    """The dataset as it was checked out, with its stamps: what check-in compares the file with."""
    with sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True) as db:
        try:
            rows = db.execute(f"select layer, key, version, row from {CHECKOUT} order by rowid").fetchall()
        except sqlite3.OperationalError:
            raise WorkspaceError(f"{path} was not checked out of a shared workspace (db checkout)") from None
        scenes = db.execute(f"select value from {META_LAYER} where key = ?", (SCENES_KEY,)).fetchone()
    db.close()
    tables, stamps = {}, {}
    for layer in schema.LAYERS:
        mine = [r for r in rows if r[0] == layer.name]
        table, _ = table_from_rows(layer, f"{path.name}:{CHECKOUT}", list(layer.column_names),
                                   [(i, json.loads(r[3])) for i, r in enumerate(mine, start=1)])
        tables[layer.name] = table.frame
        stamps[layer.name] = {tuple(json.loads(r[1])): Stamp(r[2], "", "") for r in mine}
    return dataclasses.replace(now, tables=tables, stamps=stamps, scenes_text=scenes[0] if scenes else None)


def checkin(path: Path | str, url: str, choice: str | None = None) -> SharedSaveReport:
    """The file's changes since checkout, saved to the server; conflicts resolved by choice (mine,
    theirs, merge) or, without one, returned with the file left as it is."""
    path = Path(path)
    now = load_dataset(path)
    base = _base(path, now)
    report = save_changes(url, base, now.tables, now.scenes_text)
    if report.conflicts and choice:
        settled = resolve(url, base, report.conflicts, choice)
        for layer, counts in settled.counts.items():
            for kind, n in counts.items():
                report.count(layer, kind, n)
        report.conflicts, report.refused = settled.conflicts, report.refused + settled.refused
    if not report.conflicts and not report.refused:  # else the file keeps what the server did not take
        checkout(url, path, replace=True)
    return report
