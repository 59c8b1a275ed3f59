"""The Filter value and the one definition of what it shows.

Every feature carries its filter keys (filter_keys: its agencies, drugs and years, or none where a
filter does not apply to it), written into the page with it; `shows` is the one test, and the
page's `visible` is the same test on the same keys. The counts here are what the panels say and
what the tests expect the page to draw.
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


@dataclass(frozen=True)
class FilterKeys:
    """What one feature answers to in the filter; None where a dimension does not apply to it."""

    agencies: tuple[str, ...] | None = None
    drugs: tuple[str, ...] | None = None
    years: tuple[int, ...] | None = None

    def to_json(self) -> dict:
        return {k: None if v is None else list(v) for k, v in
                (("agencies", self.agencies), ("drugs", self.drugs), ("years", self.years))}


KEYED_LAYERS = ("posts", "routes", "cases", "detentions", "customs")


def filter_keys(ds: Dataset, kind: str) -> list[FilterKeys]:
    """The keys of every feature of a layer, in the layer's row order: the one statement of what each
    filter applies to. Schematic routes belong to no agency or year; detentions (a snapshot by
    country) to no agency, drug or year; a customs partner to the customs agency."""
    if kind == "posts":
        return [FilterKeys(agencies=(a,)) for a in ds.posts["agency"]]
    if kind == "customs":
        return [FilterKeys(agencies=("CUSTOMS",))] * len(ds.customs_partners)
    if kind == "cases":
        return [FilterKeys(tuple(a), tuple(d), tuple(y))
                for a, d, y in zip(ds.cases["agencies"], ds.cases["drugs"], ds.cases["years_roc"])]
    if kind == "routes":
        return [FilterKeys(drugs=tuple(d)) if basis == "schematic" else FilterKeys(tuple(a), tuple(d), tuple(y))
                for a, d, y, basis in zip(ds.routes["agencies"], ds.routes["drugs"], ds.routes["years_roc"],
                                          ds.routes["basis"])]
    if kind == "detentions":
        return [FilterKeys()] * len(ds.detentions)
    raise ValueError(f"no filter keys for layer {kind!r}")


def shows(f: Filter, kind: str, keys: FilterKeys) -> bool:
    """The rule the page applies too (assets/js/filter.js `visible`), from the keys each feature carries."""
    return (kind in f.layers
            and (keys.agencies is None or bool(f.agencies.intersection(keys.agencies)))
            and (keys.drugs is None or bool(f.drugs.intersection(keys.drugs)))
            and (keys.years is None or f.years is None or bool(f.years.intersection(keys.years))))


def visible_counts(ds: Dataset, f: Filter) -> dict[str, int]:
    return {kind: sum(shows(f, kind, keys) for keys in filter_keys(ds, kind)) for kind in KEYED_LAYERS}
