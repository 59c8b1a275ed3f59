"""Posts carry the dates they opened and closed: a closed post keeps its row, leaves the map and the
planner, and the change between two dates lists what opened and closed."""

import json
import sqlite3

from mapapp.cli import main
from mapapp.data import present
from mapapp.data.load import load_dataset
from mapapp.data.snapshots import change
from tests.conftest import edit_cell

# Made up for the tests (the briefing gives no post dates): Wellington opens, Seoul closes.
POSTS = ("編號,機關,駐地,員額,地區,設立日期,裁撤日期\n"
         "npa-nzl,警政署,威靈頓,1,大洋洲,2019-03-01,\n"  # regions as officers write them
         "npa-kor,警政署,首爾,1,亞洲,,2019-06-30\n")
NEXT_YEAR = "國別,被關押人數,遭判無期,遭判死刑,統計截至\n日本,70,2,0,2019-10-31\n"


def _import(workspace, tmp_path, name, text):
    sheet = tmp_path / name
    sheet.write_text(text, encoding="utf-8")
    assert main(["import", str(sheet), "--into", str(workspace)]) == 0


def test_a_closed_post_keeps_its_row_and_the_change_lists_it(workspace, tmp_path, capsys):
    _import(workspace, tmp_path, "posts.csv", POSTS)
    _import(workspace, tmp_path, "108.csv", NEXT_YEAR)
    ds = load_dataset(workspace)
    assert "npa-kor" not in set(ds.posts["id"]) and "npa-kor" in set(ds.post_history["id"])  # kept, not shown as open
    assert "npa-nzl" in set(ds.posts["id"])
    posts = change(ds, "2018-10-31", "2019-10-31")["posts"]
    assert [(p["id"], p["date"]) for p in posts["opened"]] == [("npa-nzl", "2019-03-01")]
    assert [(p["id"], p["city_zh"]) for p in posts["closed"]] == [("npa-kor", "首爾")]
    assert change(ds, "2019-10-31", "2019-10-31")["posts"] == {"opened": [], "closed": []}
    capsys.readouterr()
    assert main(["check-data", "--data", str(workspace), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["layers"]["posts"]
    assert report["closed_rows"] == 1 and report["posts_by_agency"]["NPA"] == 12  # 12 - Seoul + Wellington
    assert report["by_date"] == {"2019-03-01": {"MJIB": 27, "NPA": 13}, "2019-06-30": {"MJIB": 27, "NPA": 12}}
    rows = {r.label: r.value for r in present.details(ds, "posts", "npa-nzl", "zh").rows}
    assert rows["設立日期"] == "2019-03-01" and "裁撤日期" not in rows


def test_the_planner_counts_only_open_posts(workspace, tmp_path):
    from mapapp.analysis.planner import build_problem

    _import(workspace, tmp_path, "posts.csv", POSTS)
    problem = build_problem(load_dataset(workspace), agencies=("NPA",))
    existing = {s.name_en for s in problem.existing}
    assert "Seoul" not in existing and "Wellington" in existing


def test_a_post_closed_before_it_opened_is_refused_naming_the_cell(data_copy, capsys):
    line = edit_cell(data_copy, "posts.csv", "npa-jpn", "opened", "2019-05")
    edit_cell(data_copy, "posts.csv", "npa-jpn", "closed", "2019-04-30")
    assert main(["check-data", "--data", str(data_copy)]) == 1
    assert f"posts.csv:{line}:closed: error: 2019-04-30 is before opened 2019-05" in capsys.readouterr().err


def test_a_workspace_made_before_post_dates_opens_and_saves_them(workspace, tmp_path):
    """A GeoPackage from before the columns existed (or written by another tool without them): read with
    the dates empty; the first save that needs them adds the columns and keeps every row."""
    with sqlite3.connect(workspace) as conn:
        conn.execute('alter table posts drop column "opened"')
        conn.execute('alter table posts drop column "closed"')
    before = load_dataset(workspace)
    assert len(before.posts) == 38 and before.post_history["closed"].isna().all()
    _import(workspace, tmp_path, "posts.csv", POSTS)
    with sqlite3.connect(workspace) as conn:
        columns = [r[1] for r in conn.execute("pragma table_info(posts)")]
    assert columns[-2:] == ["opened", "closed"]
    after = load_dataset(workspace)
    assert len(after.post_history) == 39 and len(after.posts) == 38
