"""Two detention snapshots compared: per country, the figure then, now, and the change.

A country in only one of them counts as 0 in the other (it was not in the table that year).
"""

from __future__ import annotations

from .load import Dataset


def as_of_dates(ds: Dataset) -> list[str]:
    return sorted(set(ds.detention_snapshots["as_of"]))


def change(ds: Dataset, old: str, new: str) -> dict:
    """{old, new, countries: {iso3: {old, new, delta}}}; ValueError names a date that is not a snapshot."""
    dates = as_of_dates(ds)
    for date in (old, new):
        if date not in dates:
            raise ValueError(f"no detention snapshot as of {date!r}; there are {', '.join(dates)}")
    snaps = ds.detention_snapshots
    then = dict(zip(snaps.loc[snaps["as_of"] == old, "country"], snaps.loc[snaps["as_of"] == old, "detained"]))
    now = dict(zip(snaps.loc[snaps["as_of"] == new, "country"], snaps.loc[snaps["as_of"] == new, "detained"]))
    countries = {c: {"old": int(then.get(c, 0)), "new": int(now.get(c, 0)), "delta": int(now.get(c, 0)) - int(then.get(c, 0))}
                 for c in sorted(set(then) | set(now))}
    return {"old": old, "new": new, "countries": countries}


def history(ds: Dataset) -> dict[str, list[tuple[str, int]]]:
    """Per country, (as-of date, detained) for every snapshot that has it, the oldest first."""
    out: dict[str, list[tuple[str, int]]] = {}
    for row in ds.detention_snapshots.itertuples():
        out.setdefault(row.country, []).append((str(row.as_of), int(row.detained)))
    return out
