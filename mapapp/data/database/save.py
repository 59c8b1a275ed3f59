"""Saving to a shared workspace without losing anyone's update.

Every row carries a version the database counts up (sql.py's stamp trigger). A save writes each
changed row only where it still has the version this window read: in one transaction, a savepoint
per row. A row someone else changed, deleted or added meanwhile is not written; it comes back as a
RowConflict, with their row and who changed it, for the user to keep theirs, keep mine or merge
(resolve(), which checks their version in turn, so a third change meanwhile is a conflict again).
A row the login may not write (row-level security, access.py) comes back as a Refusal. The rest is
written; before the commit the rows as they would then stand are checked by the same rules as a
file, and a save that would break one is rolled back whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import psycopg
from psycopg import sql

from .. import schema
from ..issues import WorkspaceError
from ..load import Dataset, check_tables
from ..tables import cell_text, parse_cell
from ..workspace_changes import SAID, counts_summary
from ..workspace_diff import Change, Texts, db_value, layer_changes
from . import local_time, where
from .read import last_change, read_all
from .setup import connect
from .sql import SCHEMA, table


@dataclass(frozen=True)
class RowConflict:
    layer: str
    key: Texts
    kind: str  # "changed" or "deleted" by someone else since this save's base was read, or "added" by them
    base: Texts | None  # the row as read (None: this save adds it)
    mine: Texts | None  # as this save would leave it (None: deleted)
    theirs: Texts | None  # as it is now (None: they deleted it)
    who: str = ""
    when: str = ""
    version: int | None = None  # theirs now: what a resolution must still find

    def merged(self) -> Texts | None:
        """Column by column: mine where this save changed it, theirs elsewhere (mine where both did)."""
        if self.mine is None or self.theirs is None or self.base is None:
            return self.mine
        return tuple(m if m != b else t for m, b, t in zip(self.mine, self.base, self.theirs))

    def __str__(self) -> str:
        return f"{self.layer} {'/'.join(self.key)}: {SAID[self.kind]} by {self.who or 'someone else'} {self.when}".rstrip()


@dataclass(frozen=True)
class Refusal:
    layer: str
    key: Texts
    agency: str | None  # the login writes this agency's rows only; None: none of this layer's
    detail: str = ""  # PostgreSQL's own words, when it gave any

    def __str__(self) -> str:
        rights = f"this login writes {self.agency} rows only" if self.agency else "this login may not write this layer"
        return f"{self.layer} {'/'.join(self.key)}: PostgreSQL refused the change: {rights}" + (
            f" ({self.detail})" if self.detail else "")


@dataclass
class SharedSaveReport:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # layer -> added/updated/deleted
    conflicts: list[RowConflict] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def count(self, layer: str, kind: str, n: int = 1) -> None:
        counts = self.counts.setdefault(layer, {"added": 0, "updated": 0, "deleted": 0})
        counts[kind] += n

    def summary(self) -> str:
        return counts_summary(self.counts) + (f"; {len(self.conflicts)} conflict(s)" if self.conflicts else "") + \
            (f"; {len(self.refused)} refused" if self.refused else "")


SAVE_LOCK = 0x6D61_7061_7070  # "mapapp": the advisory lock every save of a shared workspace takes


def _values(layer: schema.Layer, texts: Texts) -> dict:
    """A row's texts (a conflict's, as resolve writes them) back to the values to store."""
    return {c.name: db_value(c, parse_cell(c, t)[0] if t else None) for c, t in zip(layer.columns, texts)}


def _key_values(layer: schema.Layer, key: Texts) -> tuple:
    columns = {c.name: c for c in layer.columns}
    return tuple(db_value(columns[k], parse_cell(columns[k], text)[0]) for k, text in zip(layer.key, key))


class _Rows:
    """One layer's statements on the save's cursor."""

    def __init__(self, cur: psycopg.Cursor, layer: schema.Layer, report: SharedSaveReport, me: str):
        self.cur, self.layer, self.report, self.me = cur, layer, report, me
        self.t, names = table(layer.name), [sql.Identifier(c) for c in layer.column_names]
        self.by_key = sql.SQL(" and ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in layer.key)
        self.select = sql.SQL("select version, changed_by, changed_at, {} from {} where {}").format(
            sql.SQL(", ").join(names), self.t, self.by_key)
        self.insert = sql.SQL("insert into {} ({}) values ({})").format(
            self.t, sql.SQL(", ").join(names), sql.SQL(", ").join(sql.Placeholder() * len(names)))
        self.update = sql.SQL("update {} set {} where {} and version = %s").format(
            self.t, sql.SQL(", ").join(sql.SQL("{} = %s").format(n) for n in names), self.by_key)
        self.delete = sql.SQL("delete from {} where {} and version = %s").format(self.t, self.by_key)

    def write(self, key: Texts, key_values: tuple, base: Texts | None, mine: Texts | None, values: dict | None,
              version: int | None) -> None:
        """Mine (its texts, and the values to store: None to delete) over the row at `version` (None: no
        row was there); a conflict or refusal otherwise."""
        values = None if values is None else [values[c] for c in self.layer.column_names]
        try:
            with self.cur.connection.transaction():  # a savepoint: a refused row leaves the rest
                if self._written(key_values, values, version):
                    kind = "deleted" if mine is None else "added" if version is None else "updated"
                    self.report.count(self.layer.name, kind)
                    return
        except psycopg.errors.InsufficientPrivilege as exc:
            self.report.refused.append(Refusal(self.layer.name, key, self.me, str(exc).splitlines()[0]))
            return
        self.cur.execute(self.select, key_values)
        now = self.cur.fetchone()
        theirs = None if now is None else tuple(cell_text(v) for v in now[3:])
        if theirs == mine:  # already as this save would leave it
            return
        if now is not None and now[0] == version:  # there, unchanged, and still not written: not this login's
            self.report.refused.append(Refusal(self.layer.name, key, self.me))
            return
        kind = "added" if version is None else "deleted" if now is None else "changed"
        self.report.conflicts.append(RowConflict(
            self.layer.name, key, kind, base, mine, theirs, now[1] if now else "",
            local_time(now[2]) if now else "", now[0] if now else None))

    def _written(self, key_values: tuple, values: list | None, version: int | None) -> bool:
        if values is None:
            return self.cur.execute(self.delete, (*key_values, version)).rowcount == 1
        if version is None:
            self.cur.execute(self.select, key_values)
            if self.cur.fetchone():
                return False
            self.cur.execute(self.insert, values)
            return True
        return self.cur.execute(self.update, (*values, *key_values, version)).rowcount == 1


def _scenes(cur: psycopg.Cursor, report: SharedSaveReport, base: str | None, mine: str, version: int | None) -> None:
    """The briefing scenes document (one row): written where it is as read (or at `version`)."""
    cur.execute(sql.SQL("select fid, document, version, changed_by, changed_at from {} order by fid limit 1").format(table("scenes")))
    now = cur.fetchone()
    if now is not None and now[1] == mine:
        return
    if now is None or (now[2] == version if version is not None else now[1] == base):
        try:
            with cur.connection.transaction():
                if now is None:
                    cur.execute(sql.SQL("insert into {} (document) values (%s)").format(table("scenes")), (mine,))
                else:
                    cur.execute(sql.SQL("update {} set document = %s where fid = %s").format(table("scenes")), (mine, now[0]))
        except psycopg.errors.InsufficientPrivilege as exc:
            report.refused.append(Refusal("scenes", ("document",), None, str(exc).splitlines()[0]))  # the admins' layer
            return
        report.count("scenes", "added" if now is None else "updated")
        return
    report.conflicts.append(RowConflict("scenes", ("document",), "changed", (base or "",), (mine,), (now[1] or "",),
                                        now[3], local_time(now[4]), now[2]))


def _me(cur: psycopg.Cursor) -> str:
    cur.execute(sql.SQL("select coalesce({}.my_agency(), '')").format(sql.Identifier(SCHEMA)))
    return cur.fetchone()[0]


def _check(cur: psycopg.Cursor, url: str, base: Dataset) -> None:
    stored = read_all(cur, where(url), basemap=False)
    issues = stored.issues
    if len(stored.tables) == len(schema.LAYERS):
        issues += check_tables(base.source, base.raw_basemap, stored.tables, None)[1]
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise WorkspaceError(f"not saved: with the rows others saved meanwhile, the data would break a rule; "
                             f"{where(url)} is unchanged\n" + "\n".join(f"  {e}" for e in errors[:20]))


def _run(url: str, base: Dataset, work) -> SharedSaveReport:
    """One save: saves take turns (a transaction-scoped advisory lock), so the rule check sees the
    rows as they will stand; it runs where others changed any since base was read (its revision:
    the last audit entry it held), as the caller checked its own tables against base."""
    report = SharedSaveReport()
    try:
        with connect(url) as conn, conn.cursor() as cur:
            cur.execute("select pg_advisory_xact_lock(%s)", (SAVE_LOCK,))
            others = last_change(cur) != base.revision
            me = _me(cur)
            work(lambda layer: _Rows(cur, layer, report, me), lambda *args: _scenes(cur, report, *args))
            if others and any(n for counts in report.counts.values() for n in counts.values()):
                _check(cur, url, base)
    except psycopg.Error as exc:  # the server went away, or refused the transaction: it was not committed
        raise WorkspaceError(f"not saved to {where(url)}: {str(exc).strip()}; nothing changed there") from exc
    return report


def save_changes(url: str, base: Dataset, tables: dict[str, pd.DataFrame], scenes_text: str | None = None) -> SharedSaveReport:
    """Write the difference between base (as read, with its stamps) and tables (and the scenes
    document, if given and changed); see the module docstring."""
    changes: dict[str, list[Change]] = {
        layer.name: layer_changes(layer, base.tables[layer.name], tables[layer.name]) for layer in schema.LAYERS}

    def work(rows_of, scenes) -> None:
        if scenes_text is not None and scenes_text != base.scenes_text:
            scenes(base.scenes_text, scenes_text, None)
        for layer in schema.LAYERS:
            rows = rows_of(layer) if changes[layer.name] else None
            for change in changes[layer.name]:
                stamp = base.stamps.get(layer.name, {}).get(change.key)
                version = None if change.before is None or stamp is None else stamp.version
                rows.write(change.key, change.key_values, change.before, change.after, change.values, version)

    return _run(url, base, work)


def resolve(url: str, base: Dataset, conflicts: list[RowConflict], choice: str) -> SharedSaveReport:
    """Each conflict settled: "theirs" writes nothing; "mine" or "merge" writes over their row as it
    was shown (its version), so a change made since is a conflict again, never overwritten."""
    if choice not in ("mine", "theirs", "merge"):
        raise ValueError(f"choice is mine, theirs or merge, not {choice!r}")

    def work(rows_of, scenes) -> None:
        for c in conflicts if choice != "theirs" else ():
            if c.layer == "scenes":  # one document: merging means mine
                scenes(c.theirs[0], c.mine[0], c.version)
                continue
            layer = schema.BY_NAME[c.layer]
            mine = c.mine if choice == "mine" else c.merged()
            values = None if mine is None else _values(layer, mine)
            rows_of(layer).write(c.key, _key_values(layer, c.key), c.theirs, mine, values, c.version)

    return _run(url, base, work)
