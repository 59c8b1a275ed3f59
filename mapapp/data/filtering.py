"""The Filter value and the one definition of what it shows.

The page applies the same rules in JS (assets/js/filter.js, `visible`); the counts here
are what the panels say and what the tests expect the page to draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import schema

if TYPE_CHECKING:  # the Filter itself is needed before the data stack loads
    from .load import Dataset

MAP_LAYERS = ("posts", "routes", "cases", "detentions", "customs", "labels")


class FilterError(ValueError):
    pass


def _parse_codes(text: str | None, codes: tuple[str, ...], what: str) -> frozenset[str]:
    if not text:
        return frozenset(codes)
    lookup = {c.lower(): c for c in codes}
    items = [t.strip().lower() for t in text.split(",") if t.strip()]
    unknown = [t for t in items if t not in lookup]
    if unknown:
        raise FilterError(f"unknown {what} {unknown[0]!r}; expected one of {', '.join(codes)}")
    return frozenset(lookup[t] for t in items)


@dataclass(frozen=True)
class Filter:
    agencies: frozenset[str] = frozenset(schema.AGENCIES)
    drugs: frozenset[str] = frozenset(schema.DRUGS)
    years: frozenset[int] | None = None  # None: every year
    layers: frozenset[str] = field(default=frozenset(MAP_LAYERS))

    @classmethod
    def from_text(cls, agency: str | None = None, drug: str | None = None, year: str | None = None) -> Filter:
        """Build from command-line style lists: 'NPA,MJIB', 'ketamine', '106,107'."""
        years = None
        if year:
            try:
                years = frozenset(int(y) for y in year.split(",") if y.strip())
            except ValueError as exc:
                raise FilterError(f"years are ROC years like 105,106: {year!r}") from exc
        return cls(
            agencies=_parse_codes(agency, schema.AGENCIES, "agency"),
            drugs=_parse_codes(drug, schema.DRUGS, "drug"),
            years=years,
        )

    @classmethod
    def from_json(cls, d: dict) -> Filter:
        """The inverse of to_json; a missing key means everything. Raises FilterError naming the key."""
        if not isinstance(d, dict):
            raise FilterError("a filter is an object with agencies, drugs, years and layers")
        unknown = set(d) - {"agencies", "drugs", "years", "layers"}
        if unknown:
            raise FilterError(f"unknown filter key {sorted(unknown)[0]!r}")

        def codes(key: str, allowed: tuple) -> frozenset:
            values = d.get(key, list(allowed))
            if not isinstance(values, list) or any(v not in allowed for v in values):
                raise FilterError(f"{key}: expected a list of {', '.join(allowed)}; got {values!r}")
            return frozenset(values)

        years = d.get("years")
        if years is not None and (not isinstance(years, list) or not all(type(y) is int for y in years)):
            raise FilterError(f"years: expected null or a list of ROC years; got {years!r}")
        return cls(
            agencies=codes("agencies", schema.AGENCIES),
            drugs=codes("drugs", schema.DRUGS),
            years=None if years is None else frozenset(years),
            layers=codes("layers", MAP_LAYERS),
        )

    def to_json(self) -> dict:
        return {
            "agencies": sorted(self.agencies),
            "drugs": sorted(self.drugs),
            "years": None if self.years is None else sorted(self.years),
            "layers": sorted(self.layers),
        }

    def year_ok(self, years: tuple[int, ...]) -> bool:
        return self.years is None or bool(self.years.intersection(years))


def visible_posts(ds: Dataset, f: Filter):
    if "posts" not in f.layers:
        return ds.posts.iloc[0:0]
    return ds.posts[ds.posts["agency"].isin(f.agencies)]


def visible_customs(ds: Dataset, f: Filter):
    if "customs" not in f.layers or "CUSTOMS" not in f.agencies:
        return ds.customs_partners.iloc[0:0]
    return ds.customs_partners


def visible_cases(ds: Dataset, f: Filter):
    if "cases" not in f.layers:
        return ds.cases.iloc[0:0]
    keep = [
        bool(f.agencies.intersection(a)) and bool(f.drugs.intersection(d)) and f.year_ok(y)
        for a, d, y in zip(ds.cases["agencies"], ds.cases["drugs"], ds.cases["years_roc"])
    ]
    return ds.cases[keep]


def visible_routes(ds: Dataset, f: Filter):
    """Schematic routes belong to no agency or year: only the drug filter applies to them."""
    if "routes" not in f.layers:
        return ds.routes.iloc[0:0]
    keep = [
        bool(f.drugs.intersection(d))
        and (basis == "schematic" or (bool(f.agencies.intersection(a)) and f.year_ok(y)))
        for d, a, y, basis in zip(ds.routes["drugs"], ds.routes["agencies"], ds.routes["years_roc"], ds.routes["basis"])
    ]
    return ds.routes[keep]


def visible_detentions(ds: Dataset, f: Filter):
    """A snapshot as of 107-10-31, by country: no agency, drug or year applies."""
    return ds.detentions if "detentions" in f.layers else ds.detentions.iloc[0:0]


def visible_counts(ds: Dataset, f: Filter) -> dict[str, int]:
    return {
        "posts": len(visible_posts(ds, f)),
        "routes": len(visible_routes(ds, f)),
        "cases": len(visible_cases(ds, f)),
        "detentions": len(visible_detentions(ds, f)),
        "customs": len(visible_customs(ds, f)),
    }
