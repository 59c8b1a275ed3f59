"""Great-circle arcs and a Pacific-centred display frame.

Taiwan's partners lie on both sides of the Pacific. Leaflet draws one copy of the
world, so the page uses longitudes in [WEST_EDGE, WEST_EDGE + 360): the Americas sit
east of Asia and a Vancouver-Taipei route crosses the Pacific, not Eurasia and the
Atlantic. Data stays in plain EPSG:4326; only what goes to the page is shifted.
"""

from __future__ import annotations

import numpy as np
import shapely
import shapely.affinity

from ..data.geodesy import GEOD

WEST_EDGE = -30.0  # the Atlantic: nothing the briefing shows is cut here


def display_lon(lon: float) -> float:
    return lon + 360.0 if lon < WEST_EDGE else lon


def unwrap(lons: np.ndarray) -> np.ndarray:
    """Make a longitude sequence continuous across the antimeridian (no 359° jumps)."""
    return np.rad2deg(np.unwrap(np.deg2rad(lons)))


def great_circle(lon1: float, lat1: float, lon2: float, lat2: float, segments: int = 48) -> list[list[tuple[float, float]]]:
    """The shortest path on the ellipsoid, as parts [[(lon, lat)]] in the display frame.

    A path across the frame's edge (the mid-Atlantic: Bogotá to Taipei over Africa) is cut there
    and goes on from the other edge, so no route runs off the one drawn copy of the world.
    """
    inner = GEOD.npts(lon1, lat1, lon2, lat2, max(segments - 1, 0))
    lons = np.array([lon1, *(p[0] for p in inner), lon2])
    lats = np.array([lat1, *(p[1] for p in inner), lat2])
    lons = unwrap(lons)
    lons += display_lon(lons[0]) - lons[0]
    copy = np.floor((lons - WEST_EDGE) / 360.0)  # which copy of the frame each vertex is in
    parts = [[(lons[0] - 360.0 * copy[0], lats[0])]]
    for i in range(1, len(lons)):
        if copy[i] != copy[i - 1]:  # cut at the edge between the two copies
            edge = WEST_EDGE + 360.0 * max(copy[i], copy[i - 1])
            lat = lats[i - 1] + (edge - lons[i - 1]) / (lons[i] - lons[i - 1]) * (lats[i] - lats[i - 1])
            parts[-1].append((edge - 360.0 * copy[i - 1], lat))
            parts.append([(edge - 360.0 * copy[i], lat)])
        parts[-1].append((lons[i] - 360.0 * copy[i], lats[i]))
    return [[(round(float(x), 4), round(float(y), 4)) for x, y in part] for part in parts]


def _shift_part(part: shapely.Polygon) -> shapely.Polygon:
    if part.centroid.x < WEST_EDGE:
        return shapely.affinity.translate(part, xoff=360.0)
    return part


def to_display_frame(geom):
    """Move each polygon part west of the frame edge by +360°, keeping parts whole."""
    if geom.geom_type == "Polygon":
        return _shift_part(geom)
    if geom.geom_type == "MultiPolygon":
        return shapely.MultiPolygon([_shift_part(p) for p in geom.geoms])
    if geom.geom_type == "Point":
        return shapely.Point(display_lon(geom.x), geom.y)
    raise ValueError(f"no display frame for {geom.geom_type}")


def generalise(geoms, tolerance_deg: float) -> list:
    """A coarser copy of a polygon coverage that keeps shared borders shared, for world views.

    Only polygons are simplified (anything else a workspace's basemap holds stays as it is);
    coverage simplification never drops a ring, so no island or small country disappears.
    """
    geoms = np.asarray(geoms, dtype=object)
    polygonal = np.isin(shapely.get_type_id(geoms), [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
    out = geoms.copy()
    out[polygonal] = shapely.coverage_simplify(geoms[polygonal], tolerance_deg, simplify_boundary=True)
    return list(out)
