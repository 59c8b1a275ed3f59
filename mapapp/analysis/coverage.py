"""Which demand points a post covers: by geodesic travel radius, host country, or an explicit list.

Distances are geodesics on the WGS84 ellipsoid (pyproj.Geod), so a 1,000 km radius means
the same in Jakarta as in Ottawa. Where coverage_lists.csv names the countries a post at a
place answers for, that list (and the host country) replaces the radius for that post.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from pyproj import Geod

from ..data.load import Dataset
from .need import DemandPoint

GEOD = Geod(ellps="WGS84")
DEFAULT_RADIUS_KM = 1000.0


@dataclass(frozen=True)
class Site:
    """A post, existing or proposed, at a point."""

    id: str
    name_zh: str
    name_en: str
    country: str | None  # None where a clicked point lies in no country (at sea)
    lat: float
    lon: float
    kind: str  # "post" (exists today), "candidate" (a capital or port), "custom" (added by the user)
    agency: str | None = None  # None: a new post of whichever agency
    place: str | None = None  # the places.csv id, which coverage lists refer to


@dataclass(frozen=True)
class Rule:
    radius_km: float = DEFAULT_RADIUS_KM
    host_country: bool = True  # a post always covers the country it sits in
    lists: tuple[tuple[str, str | None, str], ...] = ()  # (place, agency or None for any, country)

    @classmethod
    def for_dataset(cls, ds: Dataset, radius_km: float = DEFAULT_RADIUS_KM, host_country: bool = True) -> Rule:
        rows = ds.coverage_lists
        return cls(float(radius_km), host_country, tuple(zip(rows["place"], rows["agency"], rows["country"])))

    def listed(self, site: Site) -> frozenset[str] | None:
        """The countries listed for this site, or None where no list applies."""
        if site.place is None:
            return None
        found = [
            country
            for place, agency, country in self.lists
            if place == site.place and (agency is None or site.agency is None or agency == site.agency)
        ]
        return frozenset(found) if found else None


def distances_km(site: Site, points: Sequence[DemandPoint]) -> np.ndarray:
    if not points:
        return np.zeros(0)
    lats = np.array([p.lat for p in points])
    lons = np.array([p.lon for p in points])
    _, _, metres = GEOD.inv(np.full_like(lons, site.lon), np.full_like(lats, site.lat), lons, lats)
    return np.asarray(metres) / 1000.0


def covered_by(site: Site, points: Sequence[DemandPoint], rule: Rule) -> frozenset[str]:
    """The ids of the demand points this site covers under the rule."""
    listed = rule.listed(site)
    if listed is not None:
        reach = listed | ({site.country} if site.country else set())
        return frozenset(p.id for p in points if p.country in reach)
    near = distances_km(site, points) <= rule.radius_km
    return frozenset(
        p.id for p, close in zip(points, near) if close or (rule.host_country and site.country is not None and p.country == site.country)
    )


def coverage_sets(sites: Iterable[Site], points: Sequence[DemandPoint], rule: Rule) -> dict[str, frozenset[str]]:
    return {site.id: covered_by(site, points, rule) for site in sites}
