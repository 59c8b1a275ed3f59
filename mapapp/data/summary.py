"""Per-layer rows and totals, as check-data prints them: what a reviewer compares with the source."""

from __future__ import annotations

from .load import Dataset
from .snapshots import post_dates, posts_open_at


def _num(value) -> float | int:
    value = float(value)
    return int(value) if value.is_integer() else round(value, 6)


def _counts(series) -> dict:
    return {str(k): int(v) for k, v in series.value_counts().sort_index().items()}


def _stated(ds: Dataset, layer: str) -> dict:
    rows = ds.stated_totals[ds.stated_totals["layer"] == layer]
    return {f"{r.scope}/{r.measure}": _num(r.stated) for r in rows.itertuples()}


def summarize(ds: Dataset) -> dict:
    posts = ds.posts
    det = ds.detentions
    res = ds.results
    kg = ds.case_drugs[ds.case_drugs["unit"] == "kg"]
    return {
        "basemap": {"countries": len(ds.basemap)},
        "places": {"rows": len(ds.places)},
        "posts": {
            "rows": len(posts),
            "posts_by_agency": {a: int(g["posts"].sum()) for a, g in posts.groupby("agency")},
            "countries_by_agency": {a: int(g["country"].nunique()) for a, g in posts.groupby("agency")},
            "location_basis": _counts(posts["location_basis"]),
            "stated": _stated(ds, "posts"),
            "closed_rows": len(ds.post_history) - len(posts),
            # on every date a post opened or closed, the posts open that day per agency
            "by_date": {d: {a: int(g["posts"].sum()) for a, g in posts_open_at(ds, d).groupby("agency")}
                        for d in post_dates(ds)},
        },
        "detentions": {
            "rows": len(det),
            "detained": int(det["detained"].sum()),
            "life": int(det["life"].sum()),
            "death": int(det["death"].sum()),
            "as_of": sorted(set(det["as_of"])),
            "stated": _stated(ds, "detentions"),
            # every as-of date kept, with its totals: the figures above are the newest of them
            "snapshots": {
                str(as_of): {"countries": len(g), "detained": int(g["detained"].sum()), "life": int(g["life"].sum()),
                             "death": int(g["death"].sum())}
                for as_of, g in ds.detention_snapshots.groupby("as_of")
            },
        },
        "results": {
            "rows": len(res),
            "by_year": {
                str(year): {"cases": int(g["cases"].sum()), "tonnes": _num(g["tonnes"].sum()), "months": g["months"].iloc[0]}
                for year, g in res.groupby("year_roc")
            },
            "stated": _stated(ds, "results"),
        },
        "customs_partners": {"rows": len(ds.customs_partners), "by_tier": _counts(ds.customs_partners["tier"])},
        "cases": {
            "rows": len(ds.cases),
            "by_agency": _counts(ds.cases["agency"]),
            "quantity_kg": _num(ds.cases["quantity_kg"].sum()),
        },
        "case_drugs": {
            "rows": len(ds.case_drugs),
            "kg_by_drug": {d: _num(g["quantity"].sum()) for d, g in kg.groupby("drug")},
            "other_units": {
                f"{r.drug}/{r.unit}": _num(r.quantity) for r in ds.case_drugs[ds.case_drugs["unit"] != "kg"].itertuples()
            },
        },
        "routes": {"rows": len(ds.routes), "by_basis": _counts(ds.routes["basis"])},
    }


def summary_lines(summary: dict) -> list[str]:
    """Readable one-line-per-layer text of the same figures."""
    lines = []
    for layer, figures in summary.items():
        parts = []
        for key, value in figures.items():
            if isinstance(value, dict):
                inner = ", ".join(f"{k} {v}" for k, v in value.items())
                parts.append(f"{key}: {inner}" if inner else f"{key}: -")
            elif isinstance(value, list):
                parts.append(f"{key}: {', '.join(map(str, value))}")
            else:
                parts.append(f"{key} {value}")
        lines.append(f"{layer:17} " + "; ".join(parts))
    return lines
