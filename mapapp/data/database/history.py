"""A feature's changes as the audit table holds them (who, when, each column before and after),
newest first: what the details panel lists for a shared workspace's feature."""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql

from .. import schema
from . import local_time
from .setup import connect
from .sql import STAMP, table

HISTORY_LINES = 10


@dataclass(frozen=True)
class Entry:
    when: str
    who: str
    action: str  # insert, update or delete
    changes: tuple[tuple[str, str, str], ...]  # (column, before, after) where they differ (updates)


def _text(value) -> str:
    return "" if value is None else str(value)


def feature_history(url: str, layer: str, key: tuple[str, ...]) -> tuple[list[Entry], int]:
    """The newest HISTORY_LINES changes of the row with this key, and how many there are in all."""
    columns = schema.BY_NAME[layer].key
    where_key = sql.SQL(" and ").join(
        sql.SQL("coalesce(after->>{c}, before->>{c}) = %s").format(c=sql.Literal(c)) for c in columns)
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute(sql.SQL("select count(*) over (), at, who, action, before, after from {} "
                            "where layer = %s and {} order by id desc limit %s").format(table("audit"), where_key),
                    (layer, *key, HISTORY_LINES))
        rows = cur.fetchall()
    entries = []
    for _total, at, who, action, before, after in rows:
        changed = ()
        if before and after:
            changed = tuple((c, _text(before.get(c)), _text(after.get(c))) for c in after
                            if c not in (*STAMP, "fid") and before.get(c) != after.get(c))
        entries.append(Entry(local_time(at), who, action, changed))
    return entries, rows[0][0] if rows else 0
