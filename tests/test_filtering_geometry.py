"""What each filter shows, and routes drawn the short way round the globe."""

import numpy as np
import pytest

from mapapp.data.filtering import Filter, FilterError, visible_counts
from mapapp.data.geodesy import distance_km
from mapapp.map.geometry import WEST_EDGE, great_circle


def test_everything(dataset):
    assert visible_counts(dataset, Filter()) == {"posts": 38, "routes": 13, "cases": 8, "detentions": 12, "customs": 10}


def test_npa_only(dataset):
    counts = visible_counts(dataset, Filter.from_text(agency="NPA"))
    # NPA's two cases plus the CGA case it worked on; its routes plus the 6 schematic ones.
    assert counts == {"posts": 12, "routes": 8, "cases": 3, "detentions": 12, "customs": 0}


def test_ketamine_only(dataset):
    counts = visible_counts(dataset, Filter.from_text(drug="ketamine"))
    assert counts["cases"] == 3 and counts["routes"] == 5 and counts["posts"] == 38


def test_year_filter_uses_every_year_a_case_spans(dataset):
    assert visible_counts(dataset, Filter.from_text(year="106"))["cases"] == 5
    assert visible_counts(dataset, Filter.from_text(year="107"))["cases"] == 4
    assert visible_counts(dataset, Filter.from_text(year="105"))["cases"] == 0


def test_layer_toggle(dataset):
    f = Filter(layers=frozenset({"posts"}))
    assert visible_counts(dataset, f) == {"posts": 38, "routes": 0, "cases": 0, "detentions": 0, "customs": 0}


def test_bad_filter_values_are_named():
    with pytest.raises(FilterError, match="unknown agency 'fbi'"):
        Filter.from_text(agency="NPA,FBI")
    with pytest.raises(FilterError, match="ROC years"):
        Filter.from_text(year="one")


def _taipei_to(lon, lat):
    [line] = great_circle(121.5264, 25.0531, lon, lat)
    return line


def test_transpacific_route_crosses_the_pacific():
    [line] = great_circle(-123.1193, 49.2497, 121.5264, 25.0531)  # Vancouver -> Taipei
    lons = np.array([p[0] for p in line])
    assert lons[0] == pytest.approx(-123.1193 + 360) and lons[-1] == pytest.approx(121.5264)
    assert lons.min() >= 121.5 and lons.max() <= 237  # never west of Taipei: not round via Europe
    assert np.abs(np.diff(lons)).max() < 10  # continuous across the antimeridian
    assert distance_km(-123.1193, 49.2497, 121.5264, 25.0531) == pytest.approx(9_800, rel=0.05)


def test_a_route_across_the_frames_edge_is_cut_there_and_stays_on_the_drawn_world():
    parts = great_circle(-46.6333, -23.5505, 121.5264, 25.0531)  # São Paulo -> Taipei, over the Atlantic and Africa
    assert len(parts) == 2
    lons = [p[0] for part in parts for p in part]
    assert min(lons) >= WEST_EDGE and max(lons) <= WEST_EDGE + 360  # nothing off the one copy of the world
    assert parts[0][0][0] == pytest.approx(-46.6333 + 360) and parts[-1][-1][0] == pytest.approx(121.5264)
    assert parts[0][-1][0] == pytest.approx(WEST_EDGE + 360) and parts[1][0][0] == pytest.approx(WEST_EDGE)
    assert parts[0][-1][1] == pytest.approx(parts[1][0][1])  # cut and resumed at the same latitude
    for part in parts:
        assert np.abs(np.diff([p[0] for p in part])).max() < 10


def test_eurasian_route_stays_in_eurasia():
    line = _taipei_to(4.8897, 52.374)  # Taipei -> Amsterdam
    lons = [p[0] for p in line]
    assert 4 < min(lons) and max(lons) < 122


def test_southern_route_to_wellington():
    line = _taipei_to(174.7756, -41.2866)
    assert line[-1] == pytest.approx((174.7756, -41.2866))
    assert all(121 <= p[0] <= 175 for p in line)
