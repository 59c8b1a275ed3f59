"""Two detention snapshots compared: per country, the figure then, now, and the change; and the
posts that opened or closed between the two dates.

A country in only one of them counts as 0 in the other (it was not in the table that year).
"""

from __future__ import annotations

from .load import Dataset
from .tables import date_key, missing


def as_of_dates(ds: Dataset) -> list[str]:
    return sorted(set(ds.detention_snapshots["as_of"]))


def change(ds: Dataset, old: str, new: str) -> dict:
    """{old, new, countries: {iso3: {old, new, delta}}}; ValueError names a date that is not a snapshot."""
    dates = as_of_dates(ds)
    for date in (old, new):
        if date not in dates:
            raise ValueError(f"no detention snapshot as of {date!r}; there are {', '.join(dates)}")
    snaps = ds.detention_snapshots

    def figures(date: str) -> dict:
        rows = snaps[snaps["as_of"] == date]
        return dict(zip(rows["country"], rows["detained"]))

    then, now = figures(old), figures(new)
    countries = {c: {"old": int(then.get(c, 0)), "new": int(now.get(c, 0)), "delta": int(now.get(c, 0)) - int(then.get(c, 0))}
                 for c in sorted(set(then) | set(now))}
    return {"old": old, "new": new, "countries": countries, "posts": post_changes(ds, old, new)}


def post_changes(ds: Dataset, old: str, new: str) -> dict[str, list[dict]]:
    """{opened, closed}: the posts whose opening (closing) date is after old and up to new."""
    out: dict[str, list[dict]] = {"opened": [], "closed": []}
    after, until = date_key(old), date_key(new)
    for row in ds.post_history.itertuples():
        for what in ("opened", "closed"):
            date = getattr(row, what)
            if not missing(date) and after < date_key(date) <= until:
                out[what].append({"id": row.id, "agency": row.agency, "city_zh": row.city_zh, "city_en": row.city_en,
                                  "posts": int(row.posts), "date": getattr(row, what)})
    return out


def posts_open_at(ds: Dataset, date: str):
    """The posts open on date: opened by then (or no date: before the figures began), not yet closed."""
    h, day = ds.post_history, date_key(date)
    opened = [missing(d) or date_key(d) <= day for d in h["opened"]]
    not_closed = [missing(d) or date_key(d) > day for d in h["closed"]]
    return h[[a and b for a, b in zip(opened, not_closed)]]


def post_dates(ds: Dataset) -> list[str]:
    """Every date a post opened or closed, the oldest first."""
    dates = {d for col in ("opened", "closed") for d in ds.post_history[col] if not missing(d)}
    return sorted(dates, key=date_key)


def history(ds: Dataset) -> dict[str, list[tuple[str, int]]]:
    """Per country, (as-of date, detained) for every snapshot that has it, the oldest first."""
    out: dict[str, list[tuple[str, int]]] = {}
    for row in ds.detention_snapshots.itertuples():
        out.setdefault(row.country, []).append((str(row.as_of), int(row.detained)))
    return out
