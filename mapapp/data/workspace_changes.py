"""Saving a workspace in place: only the rows that changed, inside one SQLite transaction.

SQLite's locks and journal make the save atomic and let two programs save the same file one
after the other, not over each other. Each row a save updates or deletes must still hold what
was read, and each key it adds must still be free: a row's content is its version, so a change
made meanwhile by another mapapp, QGIS or ogr2ogr is seen too (a version column would not be
advanced by them). Rows changed underneath are conflicts: the save is refused whole unless the
caller says whose rows win. When other saves landed since the base was read, the merged layers
are checked by the rules before the commit. Tables, layers, triggers and metadata mapapp does
not own are never touched, and the file keeps its path, links and permissions.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import gpkg, schema
from .atomic import write_atomic
from .issues import WorkspaceError
from .load import Dataset, check_tables
from .workspace import (
    META_LAYER,
    SCENES_LAYER,
    SQL_TYPES,
    geometry,
    is_workspace,
    key_index_sql,
    meta,
    read_tables,
    revision_of,
    write_workspace,
)
from .workspace_diff import Change, layer_changes, normal_text

PLACE_COLUMNS = {"posts": ("place",), "cases": ("place",), "customs_partners": ("place",),
                 "routes": ("origin", "destination")}  # layers whose points or lines stand at places


SAID = {"changed": "was changed", "deleted": "was deleted", "added": "was added"}  # a conflict's kind, for messages


def counts_summary(counts: dict[str, dict[str, int]]) -> str:
    """Rows added, updated and deleted per layer, as a save reports them (layers with none left out)."""
    parts = [f"{name}: " + ", ".join(f"{n} {k}" for k, n in c.items() if n) for name, c in counts.items()]
    return "; ".join(p for p in parts if not p.endswith(": ")) or "no rows changed"


@dataclass(frozen=True)
class Conflict:
    layer: str
    key: str
    kind: str  # "changed", "deleted" or "added" by someone else since the base was read
    columns: tuple[str, ...] = ()
    read: tuple[str, ...] | None = None  # the row as this save read it (None: not there then)
    mine: tuple[str, ...] | None = None  # as this save would write it (None: deleted)
    theirs: tuple[str, ...] | None = None  # as it is now (None: deleted)

    def __str__(self) -> str:
        said = SAID[self.kind]
        now = self.theirs or ()
        if self.read is None:
            detail = ", ".join(f"{c}={v}" for c, v in zip(self.columns, now) if v)[:200]
        else:
            detail = ", ".join(f"{c}: read {a!r}, now {b!r}" for c, a, b in zip(self.columns, self.read, now) if a != b)[:200]
        return f"{self.layer} {self.key}: {said} by another save since it was read" + (f" ({detail})" if detail else "")


class SaveConflict(WorkspaceError):
    def __init__(self, path: Path, conflicts: list[Conflict]):
        self.path, self.conflicts = path, conflicts
        listed = "\n".join(f"  {c}" for c in conflicts[:20]) + (f"\n  ... {len(conflicts) - 20} more" if len(conflicts) > 20 else "")
        super().__init__(f"not saved: {len(conflicts)} row(s) of {path} changed underneath this save; "
                         f"{path.name} is unchanged\n{listed}")


@dataclass
class SaveReport:
    path: Path
    revision: int  # the workspace's revision after this save
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # layer -> added/updated/deleted
    others: bool = False  # other saves landed since the base was read: reload to see their rows
    kept_theirs: list[Conflict] = field(default_factory=list)  # conflicts resolved in their favour

    def summary(self) -> str:
        return counts_summary(self.counts)


class _Statements:
    """The SQL that finds, adds, changes and removes a layer's rows by key and fid."""

    def __init__(self, conn: sqlite3.Connection, layer: schema.Layer):
        q = gpkg.quote
        conn.execute(key_index_sql(layer))
        stored = set(gpkg.columns(conn, layer.name))
        for column in layer.columns:  # a workspace made before this column existed gets it (read as empty)
            if column.name not in stored:
                conn.execute(f"alter table {q(layer.name)} add column {q(column.name)} {SQL_TYPES.get(column.kind, 'TEXT')}")
        fid = q(gpkg.primary_key(conn, layer.name))
        self.geometry, self.srs_id = gpkg.geometry_column(conn, layer.name) or (None, 0)
        columns = [q(c) for c in layer.column_names]
        written = columns + ([q(self.geometry)] if self.geometry else [])
        by_key = " and ".join(f"{q(k)} is ?" for k in layer.key)
        self.select = f"select {fid}, {', '.join(columns)} from {q(layer.name)} where {by_key}"
        self.set_geometry = f"update {q(layer.name)} set {q(self.geometry)} = ? where {by_key}" if self.geometry else None
        self.insert = f"insert into {q(layer.name)} ({', '.join(written)}) values ({', '.join('?' * len(written))})"
        self.update = f"update {q(layer.name)} set {', '.join(f'{c} = ?' for c in written)} where {fid} = ?"
        self.delete = f"delete from {q(layer.name)} where {fid} = ?"


class _Writer:
    """The statements of one save, on one connection inside its transaction."""

    def __init__(self, conn: sqlite3.Connection, tables: dict[str, pd.DataFrame], resolve: str | None):
        self.conn, self.tables, self.resolve = conn, tables, resolve
        self.conflicts: list[Conflict] = []
        self.kept_theirs: list[Conflict] = []
        self.counts: dict[str, dict[str, int]] = {}

    def layer(self, layer: schema.Layer, changes: list[Change]) -> None:
        sql = _Statements(self.conn, layer)
        blobs = self._geometries(layer.name, changes, sql.srs_id) if sql.geometry else {}
        counts = self.counts.setdefault(layer.name, {"added": 0, "updated": 0, "deleted": 0})
        for change in changes:
            found = self.conn.execute(sql.select, change.key_values).fetchall()
            now = [tuple(normal_text(c, v) for c, v in zip(layer.columns, r[1:])) for r in found]
            if not self._goes_ahead(layer, change, now):
                continue
            fids = [r[0] for r in found]
            if change.values is None:
                self.conn.executemany(sql.delete, [(f,) for f in fids])
            else:
                values = [change.values[c] for c in layer.column_names] + \
                    ([blobs.get(change.position)] if sql.geometry else [])
                self.conn.executemany(sql.delete, [(f,) for f in fids[1:]])  # one row per key ("mine" over duplicates)
                if fids:
                    self.conn.execute(sql.update, (*values, fids[0]))
                else:
                    self.conn.execute(sql.insert, values)
            counts[change.kind] += 1

    def _goes_ahead(self, layer: schema.Layer, change: Change, now: list[tuple[str, ...]]) -> bool:
        """Whether to write a change, given the rows with its key now: not where they already are
        as it would leave them, nor where they are no longer as read, unless "mine" wins."""
        if now == ([] if change.after is None else [change.after]):
            return False
        if now == ([] if change.before is None else [change.before]):
            return True
        kind = "added" if change.before is None else "deleted" if not now else "changed"
        return self._resolved(Conflict(layer.name, "/".join(change.key), kind, tuple(layer.column_names),
                                       change.before, change.after, now[0] if now else None))

    def _resolved(self, conflict: Conflict) -> bool:
        """True where "mine" wins; otherwise the conflict is kept for the refusal, or as theirs kept."""
        if self.resolve != "mine":
            (self.kept_theirs if self.resolve == "theirs" else self.conflicts).append(conflict)
        return self.resolve == "mine"

    def _geometries(self, name: str, changes: list[Change], srs_id: int) -> dict[int, bytes | None]:
        positions = sorted({c.position for c in changes if c.position is not None})
        if not positions:
            return {}
        shapes = geometry(name, self.tables[name].iloc[positions], self.tables["places"])
        return {p: gpkg.encode(s, srs_id) for p, s in zip(positions, shapes)}

    def moved_places(self, place_changes: list[Change]) -> None:
        """Points and lines at a place whose coordinates changed follow it, whoever's rows they are."""
        moved = {c.key[0] for c in place_changes if c.after is not None}
        for name, place_columns in PLACE_COLUMNS.items() if moved else ():
            frame = self.tables[name]
            at = frame[place_columns[0]].isin(moved)
            for column in place_columns[1:]:
                at |= frame[column].isin(moved)
            if not at.any():
                continue
            layer, rows = schema.BY_NAME[name], frame[at]
            sql = _Statements(self.conn, layer)
            keys = zip(*[rows[k].tolist() for k in layer.key])
            for shape, key in zip(geometry(name, rows, self.tables["places"]), keys):
                self.conn.execute(sql.set_geometry, (gpkg.encode(shape, sql.srs_id), *key))

    def scenes(self, before: str | None, after: str | None) -> None:
        if before == after or after is None:
            return
        rows = self.conn.execute(f"select rowid, document from {SCENES_LAYER} order by rowid").fetchall()
        now = rows[0][1] if rows else None
        if now not in (before, after) and not self._resolved(Conflict(SCENES_LAYER, "document", "changed")):
            return
        if rows:
            self.conn.execute(f"update {SCENES_LAYER} set document = ? where rowid = ?", (after, rows[0][0]))
        else:
            self.conn.execute(f"insert into {SCENES_LAYER} (document) values (?)", (after,))
        self.counts[SCENES_LAYER] = {"updated": 1}


def _set_revision(conn: sqlite3.Connection, revision: int) -> None:
    if conn.execute(f"update {META_LAYER} set value = ? where key = 'revision'", (str(revision),)).rowcount == 0:
        conn.execute(f"insert into {META_LAYER} (key, value) values ('revision', ?)", (str(revision),))


def _check_merged(conn: sqlite3.Connection, path: Path, base: Dataset) -> None:
    """Others saved meanwhile: the rows as they now stand together must still hold to the rules."""
    tables, issues = read_tables(conn, path, gpkg.contents(conn))
    if len(tables) == len(schema.LAYERS):
        _, found = check_tables(path, base.raw_basemap, tables, None)
        issues += found
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise WorkspaceError(f"not saved: together with the changes saved to {path} by others since it was read, "
                             f"the data would break a rule; {path.name} is unchanged\n"
                             + "\n".join(f"  {e}" for e in errors[:20]))


def save_changes(path: Path | str, base: Dataset, tables: dict[str, pd.DataFrame], scenes_text: str | None = None,
                 resolve: str | None = None, label: Path | None = None) -> SaveReport:
    """Write the difference between `base` (as read) and `tables` into the workspace at `path`.

    resolve: None refuses the whole save on any conflict (SaveConflict, nothing written);
    "mine" overwrites rows others changed; "theirs" keeps their rows and writes the rest.
    label: the file messages name, where `path` is a copy being prepared (Save as).
    """
    path = Path(path)
    shown = Path(label or path)
    changes = {layer.name: layer_changes(layer, base.tables[layer.name], tables[layer.name]) for layer in schema.LAYERS}
    conn = gpkg.connect(path)
    try:
        with gpkg.writing(conn):
            writer = _Writer(conn, tables, resolve)
            for layer in schema.LAYERS:
                if changes[layer.name]:
                    writer.layer(layer, changes[layer.name])
            writer.moved_places(changes["places"])
            writer.scenes(base.scenes_text, scenes_text)
            if writer.conflicts:
                raise SaveConflict(shown, writer.conflicts)
            revision = revision_of(meta(conn))
            others = revision != base.revision
            if others:
                _check_merged(conn, shown, base)
            for name, counts in writer.counts.items():
                if any(counts.values()):
                    gpkg.touch(conn, name)
            for layer in schema.LAYERS:  # counts other writers left behind are put right too
                gpkg.correct_count(conn, layer.name)
            _set_revision(conn, revision + 1)
    except sqlite3.Error as exc:
        raise gpkg.failure("save", shown, exc) from None
    finally:
        conn.close()
    return SaveReport(shown, revision + 1, {k: v for k, v in writer.counts.items() if any(v.values())}, others,
                      writer.kept_theirs)


def save_as(source: Path | None, target: Path | str, base: Dataset, tables: dict[str, pd.DataFrame],
            scenes_text: str | None, resolve: str | None = None) -> SaveReport:
    """The workspace under another name: a copy of the file (foreign layers too) with the changes saved
    into it, then renamed into place; a whole new file where there is no workspace file to copy."""
    target = Path(target)
    if source is not None and is_workspace(source) and Path(source).is_file():
        if Path(source).resolve() == target.resolve():
            return save_changes(target, base, tables, scenes_text, resolve)
        box: dict[str, SaveReport] = {}

        def write(tmp: Path) -> None:
            with sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True) as src, sqlite3.connect(tmp) as dst:
                src.backup(dst)
            src.close()
            dst.close()
            box["report"] = save_changes(tmp, base, tables, scenes_text, resolve, label=target)

        try:
            write_atomic(target, write)
        except (OSError, sqlite3.Error) as exc:
            raise gpkg.failure("save", target, exc) from None
        report = box["report"]
        return SaveReport(target, report.revision, report.counts, report.others, report.kept_theirs)
    write_workspace(target, tables, base.raw_basemap, scenes_text)
    return SaveReport(target, 1, {name: {"added": len(frame)} for name, frame in tables.items()})
