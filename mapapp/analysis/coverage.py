"""Which demand points a post covers: by geodesic travel radius, host country, or an explicit list.

Distances are geodesics on the WGS84 ellipsoid (pyproj.Geod), so a 1,000 km radius means
the same in Jakarta as in Ottawa. Where coverage_lists.csv names the countries a post at a
place answers for, that list (and the host country) replaces the radius for that post.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..data.geodesy import GEOD
from ..data.load import Dataset
from .need import DemandPoint
from .options import DEFAULT_RADIUS_KM

EARTH_MEAN_KM = 6371.0088
EDGE = 0.01  # relative band around the radius where the exact geodesic decides


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


@dataclass(frozen=True, eq=False)
class Points:
    """Demand points as arrays, built once per problem: thousands of sites test them each."""

    ids: np.ndarray
    lats: np.ndarray
    lons: np.ndarray
    countries: np.ndarray

    @classmethod
    def of(cls, points: Sequence[DemandPoint]) -> Points:
        return cls(np.array([p.id for p in points], dtype=object), np.array([p.lat for p in points], dtype=float),
                   np.array([p.lon for p in points], dtype=float), np.array([p.country for p in points], dtype=object))


def distances_km(site: Site, points: Sequence[DemandPoint] | Points) -> np.ndarray:
    """Geodesic distances on the WGS84 ellipsoid."""
    pts = points if isinstance(points, Points) else Points.of(points)
    return _geodesic_km(site, pts.lats, pts.lons)


def _geodesic_km(site: Site, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    if not len(lats):
        return np.zeros(0)
    _, _, metres = GEOD.inv(np.full_like(lons, site.lon), np.full_like(lats, site.lat), lons, lats)
    return np.asarray(metres) / 1000.0


def _sphere_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    p1, p2, dl = np.radians(lat), np.radians(lats), np.radians(lons - lon)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_MEAN_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def within_km(site: Site, pts: Points, radius_km: float) -> np.ndarray:
    """Which points lie within the geodesic radius: a spherical pre-check settles all but those near
    the edge (the sphere and the ellipsoid differ by well under 1%), which get the exact geodesic."""
    rough = _sphere_km(site.lat, site.lon, pts.lats, pts.lons)
    inside = rough <= radius_km * (1 - EDGE)
    edge = ~inside & (rough <= radius_km * (1 + EDGE))
    if edge.any():
        inside[edge] = _geodesic_km(site, pts.lats[edge], pts.lons[edge]) <= radius_km
    return inside


def covered_by(site: Site, points: Sequence[DemandPoint] | Points, rule: Rule) -> frozenset[str]:
    """The ids of the demand points this site covers under the rule."""
    pts = points if isinstance(points, Points) else Points.of(points)
    listed = rule.listed(site)
    if listed is not None:
        reach = listed | ({site.country} if site.country else set())
        return frozenset(pts.ids[np.isin(pts.countries, list(reach))])
    mask = within_km(site, pts, rule.radius_km)
    if rule.host_country and site.country is not None:
        mask |= pts.countries == site.country
    return frozenset(pts.ids[mask])
