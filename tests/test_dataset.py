"""The shipped data carries the source document's figures, typed and in EPSG:4326."""

import json

from mapapp.cli import main
from mapapp.data.load import DEFAULT_DATA


def test_check_data_json_reports_the_document_figures(capsys):
    assert main(["check-data", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] and out["errors"] == []
    layers = out["layers"]
    assert layers["posts"]["posts_by_agency"] == {"MJIB": 27, "NPA": 12}
    assert layers["posts"]["countries_by_agency"]["NPA"] == 12
    assert layers["detentions"]["detained"] == 384
    assert layers["detentions"]["death"] == 31
    # The document's totals row says 34 life sentences; its per-country cells add up to 37.
    assert layers["detentions"]["stated"]["all/life"] == 34
    assert layers["detentions"]["life"] == 37
    years = layers["results"]["by_year"]
    assert {y: v["cases"] for y, v in years.items()} == {"105": 37, "106": 29, "107": 41}
    assert years["105"]["tonnes"] == 6.484 and years["106"]["tonnes"] == 7.53
    assert layers["results"]["stated"]["107/tonnes"] == 4.26
    assert layers["customs_partners"]["by_tier"] == {"cross_strait": 3, "signed": 5, "unsigned": 2}
    assert layers["cases"]["rows"] == 8
    assert layers["case_drugs"]["other_units"] == {"cannabis/seeds": 8219}
    assert layers["routes"]["by_basis"] == {"case": 7, "schematic": 6}
    # The two known discrepancies are reported as warnings pointing at their rows.
    assert sorted((w["file"], w["row"], w["column"]) for w in out["warnings"]) == [
        ("stated_totals.csv", 7, "stated"),
        ("stated_totals.csv", 9, "stated"),
    ]


def test_check_data_text_summary(capsys):
    assert main(["check-data"]) == 0
    out = capsys.readouterr().out
    assert "detained 384" in out and "MJIB 27" in out


def test_mjib_posts_by_city(dataset):
    mjib = dataset.posts[dataset.posts["agency"] == "MJIB"]
    by_city = dict(zip(mjib["city_en"], mjib["posts"]))
    assert by_city["Washington, D.C."] == 2
    for city in ("Tokyo", "Osaka", "New York", "Los Angeles", "San Francisco", "Vancouver", "Toronto"):
        assert by_city[city] == 1
    assert mjib.groupby("country")["posts"].sum()[["USA", "JPN", "CAN"]].tolist() == [5, 2, 2]
    stated = mjib[mjib["location_basis"] == "stated"]
    assert set(stated["country"]) == {"USA", "JPN", "CAN"}


def test_layers_are_typed_geodataframes_in_wgs84(dataset):
    for name in ("posts", "detentions", "customs_partners", "cases", "routes", "places", "basemap"):
        gdf = getattr(dataset, name)
        assert gdf.crs.to_epsg() == 4326, name
        assert gdf.geometry.is_valid.all() and not gdf.geometry.is_empty.any(), name
    assert set(dataset.routes.geom_type) == {"LineString"}
    assert set(dataset.detentions.geom_type) <= {"Polygon", "MultiPolygon"}
    assert str(dataset.cases["suspects"].dtype) == "Int64"


def test_every_row_names_its_source(dataset):
    for name in ("posts", "detentions", "results", "customs_partners", "cases", "routes", "places"):
        frame = getattr(dataset, name)
        assert frame["source"].str.len().gt(0).all(), name
    assert dataset.places["source"].str.startswith("GeoNames").all()


def test_cases_carry_quantities_and_roc_years(dataset):
    cases = dataset.cases.set_index("id")
    assert cases.at["cga-2018-idn", "quantity_kg"] == 1037.5918
    assert cases.at["npa-2017-fujian", "drugs"] == ("cocaine", "hydroxylamine", "ephedrine")
    assert cases.at["cus-2018-mys-pax", "years_roc"] == (106, 107)  # 106.12.31 and 107.1.12
    assert cases.at["cga-2017-dongguan", "years_roc"] == (106,)


def test_basemap_has_taiwan_and_small_places():
    doc = json.loads((DEFAULT_DATA / "basemap" / "countries.geojson").read_text(encoding="utf-8"))
    assert (DEFAULT_DATA / "basemap" / "countries.geojson").stat().st_size <= 1_500_000
    names = {f["properties"]["iso3"]: f["properties"]["name_zh"] for f in doc["features"]}
    assert names["TWN"] == "臺灣" and names["CHN"] == "中國大陸"
    assert names["IDN"] == "印尼" and names["LAO"] == "寮國" and names["NZL"] == "紐西蘭"
    for small in ("SGP", "HKG", "MAC"):
        assert small in names


def test_taiwan_is_its_own_country_in_the_dataset(dataset):
    taiwan = dataset.basemap[dataset.basemap["iso3"] == "TWN"]
    assert len(taiwan) == 1 and taiwan.iloc[0]["name_en"] == "Taiwan"
    assert taiwan.geometry.iloc[0].contains(dataset.places.set_index("id").geometry["taipei"])
