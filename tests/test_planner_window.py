"""The planner in the window: settings, recommendation, what-if edits on the map, compare, export."""

import csv

import pytest

from mapapp.analysis.planner import build_problem, recommend
from mapapp.bridge import BridgeError, MapClicked, from_page
from mapapp.to_page import View
from tests.conftest import run_js

NPA = 1  # index of NPA in the planner's agency choices


def page_plan(qtbot, win):
    """What the gap map shows: points by state, the plan's post symbols, and the share in its box."""
    return run_js(qtbot, win, """MapApp.plan && {
        uncovered: MapApp.plan.points.filter(p => !p.covered).map(p => p.id).sort(),
        newly: MapApp.plan.points.filter(p => p.newly).map(p => p.id).sort(),
        symbols: Array.from(document.querySelectorAll('.leaflet-planSites-pane .plan-site')).map(n => n.textContent).sort(),
        box: document.querySelector('.mapapp-plan').textContent,
        planning: MapApp.map.getContainer().classList.contains('planning')
    }""")


def wait_plan(qtbot, win, check):
    box = {}

    def ready():
        box["plan"] = page_plan(qtbot, win)
        return bool(box["plan"]) and check(box["plan"])

    qtbot.waitUntil(ready, timeout=15_000)
    return box["plan"]


@pytest.fixture
def planner(qtbot, window):
    window.show_dock("planner")
    window.planner.settings.agency.setCurrentIndex(NPA)
    wait_plan(qtbot, window, lambda p: len(p["uncovered"]) == 3)
    return window.planner


def recommend_in_panel(qtbot, panel, k):
    panel.settings.k.setValue(k)
    with qtbot.waitSignal(panel.recommended, timeout=30_000):
        panel.recommend_button.click()


def test_gap_map_shows_what_todays_posts_leave_uncovered(qtbot, window, planner, dataset):
    problem = build_problem(dataset, ["NPA"])
    before = problem.evaluate(problem.existing)
    gaps = sorted(p.id for p in problem.points if p.id not in before.covered_ids)
    plan = wait_plan(qtbot, window, lambda p: p["uncovered"] == gaps)
    assert gaps == ["fuzhou", "wellington", "xiamen"]
    assert plan["planning"] and f"{before.share:.1%}" in plan["box"]
    assert f"{before.share:.1%}" in planner.summary.text() and "缺口 3 處" in planner.summary.text()
    # The need table lists every demand point, the gaps marked, sortable by score.
    assert planner.need.rowCount() == len([p for p in problem.points if problem.need[p.id] > 0])
    assert planner.need.item(0, 0).text() == "雅加達"  # highest need first
    by = planner.need.columnCount() - 1  # and who covers each, the gaps marked ✗
    assert planner.need.horizontalHeaderItem(by).text() == "涵蓋據點"
    covered_by = {planner.need.item(r, 0).text(): planner.need.item(r, by).text() for r in range(planner.need.rowCount())}
    assert covered_by["雅加達"] == "雅加達、新加坡" and covered_by["福州"] == covered_by["廈門"] == "✗"
    window.docks["planner"].hide()
    qtbot.waitUntil(lambda: run_js(qtbot, window, "MapApp.plan === null && !document.querySelector('.mapapp-plan')"))


def test_recommendation_on_the_map_with_reasons(qtbot, window, planner, dataset):
    recommend_in_panel(qtbot, planner, 2)
    expected = recommend(build_problem(dataset, ["NPA"]), 2)
    assert [s.site.id for s in expected.steps] == ["cand-wellington"]  # no post in mainland China (hosts.csv)
    plan = wait_plan(qtbot, window, lambda p: p["symbols"].count("+1") == 1)
    assert plan["uncovered"] == ["fuzhou", "xiamen"] and plan["newly"] == ["wellington"]
    assert [s for s in plan["symbols"] if s.startswith("+")] == ["+1"]
    assert "90.2%" in plan["box"]
    why = planner.why.toPlainText()
    assert "1. 威靈頓（紐西蘭） +10.0" in why and "其餘 1 處新駐點不會再增加涵蓋的需求" in why
    assert "中國大陸：不能設立駐點" in why and "改由「海峽兩岸共同打擊犯罪及司法互助協議」回應" in why
    assert "PuLP" in why and "CBC" in why
    statuses = [planner.sites.item(r, 0).text() for r in range(planner.sites.rowCount())]
    assert statuses.count("新增據點") == 1


def test_what_if_remove_add_and_move_change_coverage_at_once(qtbot, window, planner, dataset):
    recommend_in_panel(qtbot, planner, 2)
    wait_plan(qtbot, window, lambda p: p["uncovered"] == ["fuzhou", "xiamen"])
    row = next(r for r in range(planner.sites.rowCount()) if planner.sites.item(r, 1).text() == "威靈頓")
    planner.sites.selectRow(row)
    planner.remove_button.click()
    wait_plan(qtbot, window, lambda p: p["uncovered"] == ["fuzhou", "wellington", "xiamen"])
    # A click at Xiamen is refused with the reason: no post of ours can stand in mainland China.
    planner.pick_add.click()
    qtbot.waitUntil(lambda: run_js(qtbot, window, "MapApp.pickMode") == "add")
    with qtbot.waitSignal(planner.message, timeout=5_000) as said:
        run_js(qtbot, window, "MapApp.map.fire('click', {latlng: L.latLng(24.48, 118.08)}) && 1")
    assert "no post can stand in" in said.args[0] and not planner.extra
    # A post added by clicking the map at Wellington: page -> bridge -> planner -> page.
    planner.pick_add.click()
    qtbot.waitUntil(lambda: run_js(qtbot, window, "MapApp.pickMode") == "add")
    run_js(qtbot, window, "MapApp.map.fire('click', {latlng: L.latLng(-41.29, 174.78)}) && 1")
    plan = wait_plan(qtbot, window, lambda p: p["uncovered"] == ["fuzhou", "xiamen"])
    assert "+1" in plan["symbols"] and not planner.pick_add.isChecked()
    assert run_js(qtbot, window, "MapApp.pickMode") is None
    assert any(s.site.kind == "custom" for s in planner.current.sites)
    # Move today's Tokyo post to Wellington: Tokyo's need becomes a gap.
    row = next(r for r in range(planner.sites.rowCount()) if planner.sites.item(r, 1).text() == "東京")
    planner.sites.selectRow(row)
    planner.pick_move.click()
    run_js(qtbot, window, "MapApp.map.fire('click', {latlng: L.latLng(-41.29, 174.78)}) && 1")
    plan = wait_plan(qtbot, window, lambda p: p["uncovered"] == ["fuzhou", "tokyo", "xiamen"])
    assert "⇄" in plan["symbols"]
    assert "移動後的據點" in [planner.sites.item(r, 0).text() for r in range(planner.sites.rowCount())]


def test_settings_change_the_answer(qtbot, window, planner):
    planner.settings.radius.setValue(3000)  # from Seoul, Hanoi and Manila, 3,000 km reach the Chinese coast
    plan = wait_plan(qtbot, window, lambda p: p["uncovered"] == ["wellington"])
    assert "3,000" in plan["box"]
    planner.settings.weight["cases"].setValue(0)
    planner.settings.weight["routes"].setValue(0)
    planner.settings.weight["seizure_kg"].setValue(0)  # Wellington's need is all cases and routes
    wait_plan(qtbot, window, lambda p: p["uncovered"] == [])  # a point with no need is no gap
    planner.settings.reset_weights.click()
    assert planner.settings.weights().as_dict()["cases"] == 10


def test_compare_two_plans_and_export(qtbot, window, planner, tmp_path):
    planner.save_a.click()  # today's posts
    recommend_in_panel(qtbot, planner, 1)
    planner.save_b.click()
    table = planner.comparison
    rows = {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())}
    assert rows["據點數"] == ("12", "13")
    assert rows["涵蓋比例"] == ("89.5%", "90.2%")
    assert rows["威靈頓 10.0"] == ("✗ 缺口", "✓ 涵蓋")
    first_point = table.item(4, 0).text()
    assert first_point == "威靈頓 10.0"  # differences come first
    rows = list(csv.DictReader(planner.plan_csv().splitlines()))
    statuses = [r["status"] for r in rows]
    assert statuses.count("post") == 12 and statuses.count("new") == 1 and statuses.count("uncovered") == 2
    assert sorted(r["id"] for r in rows if r["status"] == "uncovered") == ["fuzhou", "xiamen"]
    # The PNG export of this view carries the gap map into the offscreen render.
    job = window.exporter.view_job(View([[-50, 60], [60, 200]], [5, 130], 3))
    assert job["plan"]["points"] and any(s["status"] == "new" for s in job["plan"]["sites"])


def test_planner_speaks_english(qtbot, window, planner):
    window.set_language("en")
    plan = wait_plan(qtbot, window, lambda p: "Deployment plan" in p["box"])
    assert "Need covered" in plan["box"]
    assert planner.recommend_button.text() == "Recommend new posts"
    assert "gap(s)" in planner.summary.text()


def test_bridge_accepts_only_well_formed_map_clicks():
    assert from_page('{"type":"mapClick","mode":"add","lat":24.5,"lon":118.1}') == MapClicked("add", 24.5, 118.1)
    for bad in (
        '{"type":"mapClick","mode":"add","lat":95,"lon":0}',
        '{"type":"mapClick","mode":"add","lat":0,"lon":"1"}',
        '{"type":"mapClick","mode":"delete","lat":0,"lon":0}',
        '{"type":"mapClick","mode":"add","lat":true,"lon":0}',
        '{"type":"mapClick","mode":"add","lat":0,"lon":0,"x":1}',
    ):
        with pytest.raises(BridgeError):
            from_page(bad)


def test_a_language_switch_leaves_the_map_alone_while_the_planner_is_behind_another_tab(qtbot, window):
    """The planner recomputes its gap map in the new language; a dock behind another tab is "visible"
    to Qt, but the user has not opened it: the map must not fade under a gap map they cannot see."""
    with qtbot.waitSignal(window.planner.overlay_changed, timeout=30_000):
        window.set_language("en")
    qtbot.waitUntil(lambda: run_js(qtbot, window, "MapApp.lang") == "en", timeout=10_000)
    assert run_js(qtbot, window, "!MapApp.plan && !MapApp.map.getContainer().classList.contains('planning')")
    window.show_dock("planner")  # opened, it shows the gap map at once
    wait_plan(qtbot, window, lambda p: p["planning"])


def test_the_frontier_tab_draws_exact_optima_and_the_plan_at_a_budget(qtbot, window, planner, dataset, tmp_path, monkeypatch):
    from mapapp.analysis.budget import Model, frontier

    planner.tabs.setCurrentWidget(planner.frontier)
    qtbot.waitUntil(lambda: planner.frontier.points is not None, timeout=30_000)
    expected = frontier(Model(build_problem(dataset, ["NPA"])))
    assert [round(p.answered, 6) for p in planner.frontier.points] == [round(p.answered, 6) for p in expected]
    series = planner.frontier.chart.chart().series()[0]
    assert [series.at(i).y() for i in range(series.count())] == pytest.approx([p.answered for p in expected])
    planner.frontier.budget.setValue(1)
    assert "1. 於現有據點 雅加達（印尼）增派 1 人" in planner.frontier.plan_text.toPlainText()
    out = tmp_path / "memo.pdf"  # the memo button, its file chosen
    monkeypatch.setattr("mapapp.ui.panels.planner_frontier.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(planner.message, timeout=60_000) as said:
        planner.frontier.memo_button.click()
    assert said.args[0].startswith("已寫入決策備忘錄") and out.stat().st_size > 10_000
