"""The briefing outline as data: what ships, and what a broken scenes file reports."""

import json
import os

import pytest

from mapapp.briefing.scenes import Highlight, Scene, load_scenes, new_scene_id, save_scenes
from mapapp.cli import main
from mapapp.data.filtering import Filter, FilterError, visible_counts
from mapapp.data.issues import DataError
from mapapp.data.load import DEFAULT_DATA

SCENES = DEFAULT_DATA / "scenes.json"


@pytest.fixture(scope="module")
def scenes(dataset):
    return load_scenes(SCENES, dataset)


def test_scenes_follow_the_brief(scenes, dataset):
    ids = [s.id for s in scenes]
    # The document's order: network, the agencies' mechanisms, results, detentions, cases, measures, closing.
    order = ["intro", "network", "npa-posts", "mjib-posts", "customs-tiers", "results", "detentions", "measures", "closing"]
    assert [i for i in ids if i in order] == order
    case_scenes = {h.id for s in scenes for h in s.highlight if h.kind == "cases"}
    assert case_scenes == set(dataset.cases["id"]), "one scene per representative case"
    by_id = {s.id: s for s in scenes}
    assert all(word in by_id["mjib-posts"].caption_zh for word in ("對等", "互信", "互惠", "互利"))
    assert "拒毒於海外、截毒於關口、緝毒於境內" in by_id["closing"].caption_zh
    assert by_id["results"].panel == "results"
    assert by_id["npa-posts"].filter.agencies == {"NPA"}
    assert all(s.title_en and s.caption_en and s.notes_zh and s.source.startswith("brief: ") for s in scenes)


def test_every_scene_shows_something(scenes, dataset):
    for scene in scenes:
        assert sum(visible_counts(dataset, scene.filter).values()) > 0, scene.id


def test_figures_in_captions_match_the_data(scenes, dataset):
    by_id = {s.id: s for s in scenes}
    det = dataset.detentions
    caption = by_id["detentions"].caption_zh
    assert f"{det['detained'].sum()} 人" in caption and f"{det['death'].sum()} 人" in caption
    assert f"{len(det)} 國" in caption
    npa = dataset.posts[dataset.posts["agency"] == "NPA"]
    assert f"{len(npa)} 國" in by_id["npa-posts"].caption_zh
    mjib = dataset.posts[dataset.posts["agency"] == "MJIB"]
    assert f"共 {mjib['posts'].sum()} 處" in by_id["mjib-posts"].caption_zh


def test_save_and_load_round_trip(scenes, dataset, tmp_path):
    path = tmp_path / "scenes.json"
    edited = [scenes[1].with_text("title", "en", "Renamed"), scenes[0]]
    save_scenes(path, edited, about="test")
    again = load_scenes(path, dataset)
    assert [s.id for s in again] == [scenes[1].id, scenes[0].id]
    assert again[0].title_en == "Renamed" and again[0].highlight == scenes[1].highlight
    assert again[0].filter == scenes[1].filter and again[1].bounds == scenes[0].bounds
    assert json.loads(path.read_text(encoding="utf-8"))["about"] == "test"


def test_failed_save_keeps_the_old_file(scenes, tmp_path, monkeypatch):
    path = tmp_path / "scenes.json"
    save_scenes(path, scenes)
    before = path.read_bytes()

    def refuse(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        save_scenes(path, scenes[:1])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["scenes.json"]


def _broken(tmp_path, edit) -> str:
    doc = json.loads(SCENES.read_text(encoding="utf-8"))
    edit(doc["scenes"])
    path = tmp_path / "scenes.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "edit,column,words",
    [
        (lambda s: s[2].setdefault("highlight", []).append({"kind": "posts", "id": "npa-atlantis"}), "highlight[0].id", "no posts with id 'npa-atlantis'"),
        (lambda s: s[3]["filter"].update(agencies=["FBI"]), "filter", "agencies"),
        (lambda s: s[4].update(bounds=[[50, 0], [10, 20]]), "bounds", "south < north"),
        (lambda s: s[5].update(id=s[4]["id"]), "id", "duplicate scene id"),
        (lambda s: s[6].update(panel="chart"), "panel", "results"),
        (lambda s: s[7].update(title_zh=""), "title_zh", "zh-TW title"),
        (lambda s: s[8].update(colour="red"), "colour", "unknown field"),
    ],
)
def test_broken_scene_names_file_line_and_field(tmp_path, dataset, edit, column, words):
    path = _broken(tmp_path, edit)
    with pytest.raises(DataError) as err:
        load_scenes(path, dataset)
    issue = err.value.issues[0]
    assert issue.file == "scenes.json" and issue.column == column and words in issue.message
    lines = path.read_text(encoding="utf-8").splitlines()
    assert '"id"' in lines[issue.row - 1], "the row points at the scene's id line"


def test_broken_json_names_line_and_column(tmp_path):
    path = tmp_path / "scenes.json"
    path.write_text('{"format": "mapapp-scenes/1",\n "scenes": [\n  {"id": "a",}\n ]}', encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_scenes(path)
    assert err.value.issues[0].row == 3 and "not valid JSON" in str(err.value)


def test_check_data_reports_scene_errors(data_copy, capsys):
    doc = json.loads((data_copy / "scenes.json").read_text(encoding="utf-8"))
    doc["scenes"][0]["highlight"] = [{"kind": "cases", "id": "no-such-case"}]
    (data_copy / "scenes.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["check-data", "--data", str(data_copy)]) == 1
    assert "scenes.json:1:highlight[0].id" in capsys.readouterr().err


def test_filter_from_json_is_strict():
    assert Filter.from_json({}) == Filter()
    assert Filter.from_json(Filter(agencies=frozenset({"NPA"}), years=frozenset({106})).to_json()).years == {106}
    for bad in ({"agencies": "NPA"}, {"years": ["106"]}, {"layers": ["tiles"]}, {"colour": 1}, []):
        with pytest.raises(FilterError):
            Filter.from_json(bad)


def test_new_scene_ids_do_not_collide():
    scenes = [Scene(id="scene-1", title_zh="a"), Scene(id="scene-2", title_zh="b")]
    assert new_scene_id(scenes) == "scene-3"
    assert Scene(id="x", title_zh="標題", highlight=(Highlight("country", "TWN"),)).text("title", "en") == "標題"


def test_a_long_scenes_file_names_each_scene_by_its_own_line(tmp_path):
    doc = {"format": "mapapp-scenes/1", "scenes": [{"id": f"s-{i}", "title_zh": f"第{i}幕"} for i in range(10_000)]}
    doc["scenes"][9_998]["panel"] = "chart"
    doc["scenes"][42]["id"] = "Bad Id"
    path = tmp_path / "scenes.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_scenes(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    found = {(i.column, lines[i.row - 1].strip()) for i in err.value.issues}
    assert found == {("id", '"id": "Bad Id",'), ("panel", '"id": "s-9998",')}


def test_a_deeply_nested_scenes_file_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "scenes.json"
    path.write_text('{"format": "mapapp-scenes/1", "scenes": [' + "[" * 100_000 + "]" * 100_000 + "]}", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_scenes(path)
    assert "nested too deeply" in str(err.value)
