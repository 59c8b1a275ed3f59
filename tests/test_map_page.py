"""The exported page: offline, complete, filtered as asked, and inert against hostile text."""

import json
import re

import pytest
import shapely
import shapely.geometry

from mapapp.cli import main
from mapapp.data.filtering import Filter, visible_counts
from mapapp.data.load import load_dataset
from mapapp.map.build import DETAIL_ID, PAGE_ID, render_page
from mapapp.map.geometry import generalise
from mapapp.map.layers import OVERVIEW_TOLERANCE_DEG
from tests.browser import drawn_counts, dump_dom
from tests.conftest import edit_cell

# What makes a browser fetch: src=, <link href=, CSS url() and @import. (An <a href> in
# Leaflet's source is a link, not a load, and the page turns Leaflet's attribution link off.)
REMOTE = re.compile(r"""(?:\bsrc\s*=\s*["']?|<link[^>]*\bhref\s*=\s*["']?|url\(\s*["']?|@import\s+["']?)(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def page(dataset) -> str:
    return render_page(dataset)


def payload(html: str, block_id: str = PAGE_ID):
    block = re.search(rf'<script type="application/json" id="{block_id}">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_page_references_no_remote_resource(page):
    assert REMOTE.search(page) is None
    assert "<script src" not in page and '<link rel="stylesheet"' not in page
    assert "cdn." not in page and "unpkg" not in page and "jquery" not in page.lower()


def test_page_has_a_strict_content_security_policy(page):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_page_carries_every_layer(page, dataset):
    data = payload(page)
    layers = data["layers"]
    assert len(layers["basemap"]["features"]) == len(dataset.basemap)
    assert len(layers["posts"]["features"]) == len(dataset.posts)
    assert len(layers["routes"]["features"]) == len(dataset.routes)
    cases = layers["cases"]  # columns: one list per field, a case per index; repetitive ones coded
    lengths = {len(column["index"] if isinstance(column, dict) else column) for column in cases.values()}
    assert lengths == {len(dataset.cases)} and cases["id"] == dataset.cases["id"].tolist()
    countries = [cases["country"]["table"][i] for i in cases["country"]["index"]]
    assert countries == dataset.cases["country"].tolist() and set(cases) >= {"lon", "lat", "radius", "lead_drug", "keys"}
    assert len(layers["customs"]["features"]) == len(dataset.customs_partners)
    assert len(layers["detentions"]) == len(dataset.detentions)
    assert data["labels"]["zh"]["agencies"]["NPA"] == "內政部警政署"


def test_countries_come_as_an_overview_and_in_full_shape(page, dataset):
    """The start view draws generalised shapes within a pixel of the full ones, which wait in their own block."""
    overview = [shapely.make_valid(shapely.geometry.shape(f["geometry"])) for f in payload(page)["layers"]["basemap"]["features"]]
    full = [shapely.geometry.shape(g) for g in payload(page, DETAIL_ID)]
    assert len(overview) == len(full) == len(dataset.basemap)
    assert sum(shapely.get_num_coordinates(overview)) < 0.4 * sum(shapely.get_num_coordinates(full))
    assert all(not g.is_empty for g in overview)  # Singapore, Macao and every islet country stay
    # Mean outline displacement (area between the outlines / outline length): under a third of a pixel
    # where the overview is drawn. (Hausdorff distance is no measure here: a hair-thin spit can go.)
    displacement = [shapely.symmetric_difference(o, f).area / f.boundary.length for o, f in zip(overview, full)]
    assert max(displacement) < OVERVIEW_TOLERANCE_DEG / 3


def test_generalising_keeps_what_is_not_a_polygon():
    point, square = shapely.Point(120, 23), shapely.box(0, 0, 1, 1)
    assert generalise([point, square], 0.5) == [point, square]


def test_americas_are_drawn_east_of_asia(page):
    routes = {f["properties"]["id"]: f for f in payload(page)["layers"]["routes"]["features"]}
    ottawa = routes["s-can-cannabis"]["geometry"]["coordinates"]
    assert ottawa[0][0] > 180 and ottawa[-1][0] == pytest.approx(121.5264)
    posts = {f["properties"]["id"]: f for f in payload(page)["layers"]["posts"]["features"]}
    assert posts["mjib-vancouver"]["geometry"]["coordinates"][0] == pytest.approx(-123.1193 + 360)


FILTERS = {
    "all": [],
    "npa": ["--agency", "NPA"],
    "mjib": ["--agency", "MJIB"],
    "ketamine": ["--drug", "ketamine"],
    "year106": ["--year", "106"],
    "customs-heroin": ["--agency", "CUSTOMS", "--drug", "heroin"],
}


@pytest.mark.parametrize("name", FILTERS)
def test_export_html_opens_offline_and_draws_the_filtered_features(tmp_path, dataset, name, capsys):
    out = tmp_path / f"{name}.html"
    assert main(["export-html", str(out), *FILTERS[name]]) == 0
    args = dict(zip(FILTERS[name][::2], FILTERS[name][1::2]))
    expected = visible_counts(dataset, Filter.from_text(args.get("--agency"), args.get("--drug"), args.get("--year")))
    dom = dump_dom(out)
    assert drawn_counts(dom) == expected
    basemap_pane = dom.split('class="leaflet-pane leaflet-basemap-pane"')[1].split('class="leaflet-pane leaflet-')[0]
    assert basemap_pane.count("<path") == len(dataset.basemap)  # every country drawn
    assert "臺灣" in dom


def test_export_html_in_english(tmp_path):
    out = tmp_path / "en.html"
    assert main(["export-html", str(out), "--lang", "en"]) == 0
    dom = dump_dom(out)
    assert "Cross-border drug enforcement" in dom and "Japan" in dom


PAYLOADS = [
    '<img src=x onerror="document.documentElement.setAttribute(\'data-pwned\',\'1\')">',
    "</script><script>document.documentElement.setAttribute('data-pwned','2')</script>",
    '"><svg onload="document.documentElement.setAttribute(\'data-pwned\',\'3\')">',
]


def test_hostile_text_in_data_is_shown_as_text(data_copy, tmp_path):
    edit_cell(data_copy, "country_names.csv", "JPN", "name_zh", PAYLOADS[0])
    edit_cell(data_copy, "country_names.csv", "KOR", "name_zh", PAYLOADS[1])
    edit_cell(data_copy, "country_names.csv", "IDN", "name_zh", PAYLOADS[2])
    edit_cell(data_copy, "cases.csv", "npa-2017-jpn", "summary_zh", PAYLOADS[1])
    html = render_page(load_dataset(data_copy))
    for text in PAYLOADS:
        assert text not in html  # no raw copy anywhere in the page source
    out = tmp_path / "hostile.html"
    out.write_text(html, encoding="utf-8")
    dom = dump_dom(out)
    assert "data-pwned" not in dom.split("<body")[0]  # no handler ran
    assert 'src="x"' not in dom and "<svg onload" not in dom
    assert "&lt;img src=x onerror=" in dom  # the label shows the text itself


def test_the_apps_page_of_a_large_data_set_leaves_the_cases_words_to_be_asked_for(dataset, monkeypatch):
    """Beyond DETAILS_INLINE_MAX features of a kind, the app's page carries no words for them (it asks
    over the bridge); a file written by export-html, which has no one to ask, carries them all."""
    from mapapp.map import build

    monkeypatch.setattr(build, "DETAILS_INLINE_MAX", 10)  # 38 posts and 13 routes are "many"; 8 cases are not
    app_page, exported = build.render_page(dataset, remote_details=True), build.render_page(dataset)
    assert payload(app_page)["remoteDetails"] == ["posts", "routes"] and payload(exported)["remoteDetails"] == []
    words = [payload(page, build.DETAILS_ID) for page in (app_page, exported)]
    assert "posts" not in words[0]["en"] and len(words[1]["en"]["posts"]) == len(dataset.posts)
    assert words[0]["zh"]["cases"] == words[1]["zh"]["cases"] and words[0]["zh"]["country"] == words[1]["zh"]["country"]
