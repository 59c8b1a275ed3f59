"""The GeoPackage workspace and validated import of files as officers have them."""

import json
import re
import shutil
import sqlite3
import subprocess

import pytest

from mapapp.cli import main
from mapapp.data import schema
from mapapp.data.importing import import_file, normalise_date
from mapapp.data.load import DEFAULT_DATA, check_source, load_dataset
from mapapp.data.summary import summarize
from mapapp.data.tables import cell_text
from tests.conftest import digest


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


# ---------- the workspace file ----------


def test_workspace_round_trip_keeps_every_layer_and_the_scenes(shipped_workspace, dataset):
    ws = load_dataset(shipped_workspace)
    assert summarize(ws) == summarize(dataset)
    for layer in schema.LAYERS:
        a, b = ws.tables[layer.name], dataset.tables[layer.name]
        assert [[cell_text(v) for v in r] for r in a.itertuples(index=False)] == [[cell_text(v) for v in r] for r in b.itertuples(index=False)], layer.name
    assert ws.scenes_text == dataset.scenes_text
    assert main(["check-data", "--data", str(shipped_workspace)]) == 0


def test_gdal_lists_every_layer_with_its_feature_count(shipped_workspace, dataset):
    ogrinfo = shutil.which("ogrinfo")
    assert ogrinfo, "ogrinfo (gdal-bin) is installed by scripts/install.sh --test"
    out = subprocess.run([ogrinfo, "-so", "-al", str(shipped_workspace)], capture_output=True, text=True, check=True).stdout
    counts = dict(re.findall(r"Layer name: (\w+).*?Feature Count: (\d+)", out, re.S))
    expected = {layer.name: len(dataset.tables[layer.name]) for layer in schema.LAYERS}
    expected |= {"basemap": len(dataset.basemap), "scenes": 1, "mapapp_workspace": 2}  # format and revision
    assert {k: int(v) for k, v in counts.items()} == expected
    assert "Geometry: Point" in out and "Geometry: Line String" in out and "Geometry: Multi Polygon" in out


def test_a_bad_cell_in_a_workspace_is_named_by_layer_row_and_column(workspace, capsys):
    with sqlite3.connect(workspace) as db:
        fid = db.execute("select fid from detentions where country = 'THA'").fetchone()[0]
        db.execute("update detentions set detained = -4 where country = 'THA'")
    assert main(["check-data", "--data", str(workspace)]) == 1
    assert f"work.gpkg:detentions:{fid}:detained: error: -4 is below the minimum 0" in capsys.readouterr().err


# ---------- dates ----------


@pytest.mark.parametrize("text,iso", [
    ("107.1.12", "2018-01-12"), ("107/01/12", "2018-01-12"), ("107年1月12日", "2018-01-12"), ("民國107年1月12日", "2018-01-12"),
    ("1070112", "2018-01-12"), ("0991231", "2010-12-31"), ("107年10月", "2018-10"), ("2018-01-12", "2018-01-12"),
    ("2018/1/2", "2018-01-02"), ("2018年1月2日", "2018-01-02"), ("yesterday", "yesterday"),
])
def test_roc_and_western_dates(text, iso):
    assert normalise_date(text) == iso


# ---------- imports: real-world shapes ----------


def test_cp950_csv_with_roc_dates_lands_good_rows_and_reports_bad_ones(workspace, tmp_path, capsys):
    src = write(tmp_path / "關押統計.csv", (
        "國家,關押人數,無期,死刑,統計截至\n"
        "日本,70,2,0,108.1.31\n"
        "南韓,33,,,108年1月31日\n"
        "Atlantis,3,0,0,1080131\n"
        "泰國,七十,0,0,108.1.31\n"
        "越南,6,2,0,108.13.45\n"
    ), "cp950")
    assert main(["import", str(src), "--into", str(workspace)]) == 1  # some rows rejected
    out = capsys.readouterr()
    assert "detentions: 2 added, 0 updated, 0 unchanged, 3 rejected" in out.out  # a newer as-of date: a new snapshot
    assert "關押統計.csv:4:國家: error: unknown country 'Atlantis'" in out.err
    assert "關押統計.csv:5:關押人數: error: '七十' is not a whole number" in out.err
    assert "關押統計.csv:6:統計截至: error: '108.13.45' is not a date" in out.err
    ds = load_dataset(workspace)
    det = ds.detentions.set_index("country")
    assert det.at["JPN", "detained"] == 70 and det.at["JPN", "as_of"] == "2019-01-31"
    assert det.at["KOR", "life"] == 0 and det.at["KOR", "source"] == "import: 關押統計.csv row 3"
    assert det.at["THA", "detained"] == 70  # the rejected row changed nothing
    kept = ds.detention_snapshots.set_index(["country", "as_of"])  # and the 107 figures are all still there
    assert kept.at[("JPN", "2018-10-31"), "detained"] == 66 and len(kept.loc[(slice(None), "2018-10-31"), :]) == 12


def test_xlsx_with_chinese_headers(workspace, tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["年度", "機關", "件數", "合作國家數", "毒品總重（噸）", "月份"])
    sheet.append([108, "警政署", 12, 4, 1.5, "1-6"])
    sheet.append([108, "內政部警政署", 13, 4, 1.5, "1-6"])  # the same key again
    sheet.append([108, "法務部調查局", 8, 3, 0.75, "1-6"])
    sheet.append([108, "FBI", 1, 1, 0.1, "1-6"])
    src = tmp_path / "查緝成果108.xlsx"
    book.save(src)
    assert main(["import", str(src), "--into", str(workspace)]) == 1
    out = capsys.readouterr()
    assert "results: 2 added" in out.out
    assert "查緝成果108.xlsx:3:year_roc: error: same year_roc/agency as row 2" in out.err
    assert "查緝成果108.xlsx:5:機關: error: unknown code 'FBI'" in out.err
    res = load_dataset(workspace).results
    assert set(res[res["year_roc"] == 108]["agency"]) == {"NPA", "MJIB"}


def test_geojson_posts_with_new_and_known_cities(workspace, tmp_path, capsys):
    def post(props, lon, lat):
        return {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [lon, lat]}}

    doc = {"type": "FeatureCollection", "features": [
        post({"agency": "NPA", "city": "胡志明市", "country": "越南"}, 106.63, 10.82),
        post({"agency": "MJIB", "city": "Osaka", "country": "Japan"}, 135.5, 34.69),
        post({"agency": "NPA", "city": "Atlantis City", "country": "越南"}, 200.0, 95.0),
        post({"agency": "NPA", "city": "Nowhere", "country": "Narnia"}, 10.0, 10.0),
    ]}
    src = write(tmp_path / "posts.geojson", json.dumps(doc, ensure_ascii=False))
    assert main(["import", str(src), "--into", str(workspace), "--layer", "posts"]) == 1
    out = capsys.readouterr()
    assert "posts: 1 added, 0 updated, 1 unchanged, 2 rejected; new places: vnm_place_1" in out.out
    assert "posts.geojson:3:lat: error: coordinates (95.0, 200.0) are out of range" in out.err
    assert "posts.geojson:4:country: error: unknown country 'Narnia'" in out.err
    ds = load_dataset(workspace)
    new = ds.posts[ds.posts["city_zh"] == "胡志明市"].iloc[0]
    assert new["agency"] == "NPA" and new["country"] == "VNM" and new["region"] == "asia"
    assert new["geometry"].x == pytest.approx(106.63)


def test_cases_with_roc_dates_and_drugs(workspace, tmp_path, capsys):
    src = write(tmp_path / "cases.csv", (
        "機關,日期,地點,國家,合作對象,摘要,毒品,數量,單位\n"
        "海巡署,107年11月2日,高雄,,日本,查獲安非他命,安非他命,120,kg\n"
        "關務署,1071203,,泰國,泰國海關,旅客夾帶愷他命,愷他命,8.5,公斤\n"
        "關務署,1071204,,泰國,泰國海關,旅客夾帶大麻,大麻,3,箱\n"
    ))
    assert main(["import", str(src), "--into", str(workspace)]) == 1
    out = capsys.readouterr()
    assert "cases: 2 added" in out.out
    assert "cases.csv:4:單位: error: unknown code '箱'" in out.err
    ds = load_dataset(workspace)
    case = ds.cases[ds.cases["date_text"] == "107年11月2日"].iloc[0]
    assert case["date_start"] == "2018-11-02" and case["agency"] == "CGA" and case["place"] == "kaohsiung"
    assert case["quantity_kg"] == 120 and case["years_roc"] == (107,)
    bangkok = ds.cases[ds.cases["date_start"] == "2018-12-03"].iloc[0]
    assert bangkok["place"] == "bangkok" and bangkok["location_basis"] == "capital_assumed" and bangkok["quantity_kg"] == 8.5


# ---------- imports: malformed files change nothing ----------


@pytest.mark.parametrize("name,content,reason", [
    ("wrong.csv", "foo,bar\n1,2\n", "cannot tell which layer"),
    ("empty.csv", "", "file is empty"),
    ("header-only.csv", "國家,關押人數,統計截至\n", "no row could be imported"),
    ("truncated.csv", '國家,關押人數,無期,死刑,統計截至\n日本,70,2,0,"108.1.31\n', "malformed or truncated CSV"),
    ("truncated.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", "prop', "not valid JSON"),
    ("truncated.xlsx", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "not a readable Excel .xlsx file"),
    ("latin1.csv", "country,detained\nC\xf4te d'Ivoire\xff\xfe,3\n".encode("latin-1"), "not UTF-8 or Big5"),
    ("missing-column.csv", "國家,無期,死刑\n日本,1,0\n", "missing column"),
    ("all-bad.csv", "國家,關押人數,統計截至\nAtlantis,3,108.1.31\n", "no row could be imported"),
    ("picture.png", b"\x89PNG", "cannot import .png"),
])
def test_a_failed_import_leaves_the_workspace_byte_identical(workspace, tmp_path, capsys, name, content, reason):
    src = tmp_path / name
    src.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = digest(workspace)
    assert main(["import", str(src), "--into", str(workspace)]) == 1
    err = capsys.readouterr().err
    assert reason in err and "is unchanged" in err
    assert digest(workspace) == before


def test_an_import_that_would_break_the_data_is_refused_whole(workspace, tmp_path, capsys):
    # A route to a place the gazetteer does not know: the row is rejected by name, nothing lands.
    src = write(tmp_path / "routes.csv", "起點,終點,毒品\n曼谷,亞特蘭提斯,愷他命\n")
    before = digest(workspace)
    assert main(["import", str(src), "--into", str(workspace)]) == 1
    assert "routes.csv:2:終點: error: unknown place '亞特蘭提斯'" in capsys.readouterr().err
    assert digest(workspace) == before


def test_import_creates_the_workspace_from_the_shipped_data(tmp_path, capsys):
    src = write(tmp_path / "prices.csv", "國家,毒品,年度,每公克價格,幣別,來源\n泰國,安非他命,107,12.5,USD,test survey\n")
    ws = tmp_path / "new.gpkg"
    assert main(["import", str(src), "--into", str(ws)]) == 0
    out = capsys.readouterr().out
    assert f"created {ws} from {DEFAULT_DATA}" in out and "prices: 1 added" in out
    prices = load_dataset(ws).prices
    assert prices.iloc[0]["year"] == 2018 and prices.iloc[0]["price_per_gram"] == 12.5


def test_preview_says_what_would_change_without_writing(dataset, tmp_path):
    src = write(tmp_path / "d.csv", "country,detained,life,death,as_of\nJPN,66,2,0,2018-10-31\nKOR,40,0,0,2018-10-31\nMMR,5,0,0,2019-01-01\n")
    preview = import_file(dataset, src)  # KOR corrected at its date; MMR a newer snapshot; JPN as it was
    assert (preview.layer, preview.added, preview.updated, preview.unchanged) == (
        "detentions", ["MMR/2019-01-01"], ["KOR/2018-10-31"], ["JPN/2018-10-31"])
    assert preview.ok and len(preview.dataset.detentions) == 13
    assert len(dataset.detentions) == 12  # the dataset itself is untouched
    _, issues = check_source(DEFAULT_DATA)
    assert not [i for i in issues if i.severity == "error"]


def test_a_workspace_from_a_newer_version_is_refused_by_name(workspace, capsys):
    with sqlite3.connect(workspace) as db:
        db.execute("update mapapp_workspace set value = 'mapapp-workspace/2' where key = 'format'")
    assert main(["check-data", "--data", str(workspace)]) == 1
    assert "work.gpkg:mapapp_workspace:1:value: error: workspace format 'mapapp-workspace/2'" in capsys.readouterr().err
