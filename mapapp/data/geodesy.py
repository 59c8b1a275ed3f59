"""Distances on the WGS84 ellipsoid: one Geod for the page's arcs, the details and the planner."""

from __future__ import annotations

from pyproj import Geod

GEOD = Geod(ellps="WGS84")


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """The geodesic (great-circle on the ellipsoid) distance between two points, in km."""
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0
