"""Need per demand point: how much a liaison post there would answer for, and why.

A demand point is a place abroad where the data puts need: the capital of a country
with nationals detained there (location assumed), the place of a seizure case, or a
city a trafficking route starts from, passes through or ends in. The score is a
weighted sum of countable parts; every part keeps the records it came from, so a
score can always be taken apart again.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields

from ..data.load import Dataset
from ..data.names import NEED_PARTS
from ..data.schema import LOCATION_BASES
from .options import WeightError

HOME = "TWN"  # need is counted abroad; Taiwan's own ports are where posts report to
PARTS = ("detained", "life", "death", "seizure_kg", "cases", "routes")
assert tuple(NEED_PARTS) == PARTS, "every part needs its zh/en label in data/names.py"


@dataclass(frozen=True)
class Weights:
    """Points per unit of each part. Project defaults, not figures from the source: adjust them.

    A detained national is the unit (1). A life sentence adds 5 and a death sentence 10 on
    top, as the cases that most need a liaison officer's follow-up. A seizure adds 0.1 per
    kg (100 per tonne), a case 10 and a route through the place 5, so that one large case
    counts about as much as a country with a hundred nationals detained.
    """

    detained: float = 1.0
    life: float = 5.0
    death: float = 10.0
    seizure_kg: float = 0.1
    cases: float = 10.0
    routes: float = 5.0

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, (int, float)) or not 0 <= value < float("inf"):
                raise WeightError(f"weight {f.name} must be a non-negative number, not {value!r}")

    def as_dict(self) -> dict[str, float]:
        return {part: float(getattr(self, part)) for part in PARTS}

    @classmethod
    def from_text(cls, text: str) -> Weights:
        """'death=20,cases=5': the named weights changed, the rest at their defaults."""
        values = {}
        for item in filter(None, (t.strip() for t in text.split(","))):
            name, sep, number = item.partition("=")
            name = name.strip()
            if not sep or name not in PARTS:
                raise WeightError(f"{item!r}: expected PART=NUMBER with PART one of {', '.join(PARTS)}")
            try:
                values[name] = float(number)
            except ValueError:
                raise WeightError(f"{item!r}: {number.strip()!r} is not a number") from None
        return cls(**values)


@dataclass(frozen=True)
class Contribution:
    """One record's share of one part at one demand point."""

    part: str
    quantity: float
    ref: str  # file and record the quantity comes from, e.g. "cases.csv:npa-2017-jpn"
    role: str = ""  # for routes: origin, transit or destination


@dataclass(frozen=True)
class DemandPoint:
    id: str
    name_zh: str
    name_en: str
    country: str
    lat: float
    lon: float
    location_basis: str  # the firmest basis among its records: stated, assumed, capital_assumed
    contributions: tuple[Contribution, ...]

    def quantity(self, part: str) -> float:
        return sum(c.quantity for c in self.contributions if c.part == part)

    def points(self, weights: Weights) -> dict[str, float]:
        """Score per part; the parts add up to the score."""
        w = weights.as_dict()
        return {part: self.quantity(part) * w[part] for part in PARTS}

    def score(self, weights: Weights) -> float:
        return sum(self.points(weights).values())


def _capital(ds: Dataset, iso3: str) -> str | None:
    capitals = ds.places[(ds.places["country"] == iso3) & (ds.places["kind"] == "capital")]
    return str(capitals["id"].iloc[0]) if len(capitals) else None


def _least_firm(bases) -> str:
    present = set(bases)
    return next((b for b in reversed(LOCATION_BASES) if b in present), "stated")


def _route_groups(ds: Dataset) -> list[tuple[str, list[str], str]]:
    """Each route as (reference, places in travel order, location basis): a case's legs form one route."""
    groups = []
    routes = ds.routes.sort_values(["seq", "id"], kind="stable")
    for key, legs in routes.groupby(routes["case_id"].fillna(routes["id"]), sort=True):
        order: list[str] = []
        for origin, destination in zip(legs["origin"], legs["destination"]):
            for place in (origin, destination):
                if not order or order[-1] != place:
                    order.append(place)
        groups.append(("routes.csv:" + ";".join(legs["id"]), order, _least_firm(legs["location_basis"])))
    return groups


def demand_points(ds: Dataset) -> tuple[DemandPoint, ...]:
    """Every place abroad with need, sorted by id; records that name no place abroad add nothing."""
    found: dict[str, list[Contribution]] = defaultdict(list)
    bases: dict[str, set[str]] = defaultdict(set)
    country_of = dict(zip(ds.places["id"], ds.places["country"]))

    for row in ds.detentions.itertuples():
        capital = _capital(ds, row.country)
        if capital is None:
            continue  # validation guarantees a basemap country; a capital is optional
        ref = f"detentions.csv:{row.country}"
        bases[capital].add("capital_assumed")
        for part in ("detained", "life", "death"):
            found[capital].append(Contribution(part, float(getattr(row, part)), ref))

    legs = ds.routes[ds.routes["case_id"].notna()]
    for case in ds.cases.itertuples():
        basis = case.location_basis
        if country_of[case.place] != HOME:
            places = [case.place]
        else:  # a seizure at home counts where its route came from or went to
            ends = legs[legs["case_id"] == case.id]
            places = list(dict.fromkeys(p for p in (*ends["origin"], *ends["destination"]) if country_of[p] != HOME))
            basis = _least_firm(ends["location_basis"])
        ref = f"cases.csv:{case.id}"
        for place in places:
            bases[place].add(basis)
            found[place].append(Contribution("cases", 1 / len(places), ref))
            found[place].append(Contribution("seizure_kg", float(case.quantity_kg) / len(places), ref))

    for ref, order, basis in _route_groups(ds):
        for i, place in enumerate(order):
            if country_of[place] == HOME or any(c.ref == ref for c in found[place]):
                continue
            role = "origin" if i == 0 else "destination" if i == len(order) - 1 else "transit"
            bases[place].add(basis)
            found[place].append(Contribution("routes", 1.0, ref, role))

    places = ds.places.set_index("id")
    return tuple(
        DemandPoint(
            id=pid,
            name_zh=str(places.at[pid, "name_zh"]),
            name_en=str(places.at[pid, "name_en"]),
            country=str(places.at[pid, "country"]),
            lat=float(places.at[pid, "lat"]),
            lon=float(places.at[pid, "lon"]),
            location_basis=next(b for b in LOCATION_BASES if b in bases[pid]),
            contributions=tuple(found[pid]),
        )
        for pid in sorted(found)
    )
