"""Panels bound to the app state: one call binds each, both ways, for as long as the panel lives."""

from mapapp.analysis.need import Weights
from mapapp.data.filtering import Filter
from mapapp.state import PlanChoice
from tests.conftest import run_js
from tests.test_workspace_window import new_post_file


def test_the_filter_panel_the_statistics_and_the_page_follow_the_state(qtbot, window, dataset):
    npa = Filter(agencies=frozenset({"NPA"}))
    window.state.filter = npa
    assert window.filters.value() == npa and not window.filters.boxes["agencies"]["MJIB"].isChecked()
    qtbot.waitUntil(lambda: run_js(qtbot, window, "MapApp.filterSpec.agencies") == ["NPA"], timeout=10_000)
    window.filters.boxes["agencies"]["MJIB"].setChecked(True)  # the user ticks a box
    assert window.state.filter.agencies == {"NPA", "MJIB"}
    qtbot.waitUntil(lambda: sorted(run_js(qtbot, window, "MapApp.filterSpec.agencies")) == ["MJIB", "NPA"], timeout=10_000)


def test_a_new_filter_panel_after_an_import_is_bound_and_the_old_one_is_let_go(qtbot, ws_window, tmp_path, accept_imports):
    win = ws_window
    old, followers = win.filters, len(win.state.events.filter)
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        assert win.workspace.import_path(new_post_file(tmp_path))
    assert win.filters is not old
    qtbot.waitUntil(lambda: len(win.state.events.filter) == followers)  # the old panel's follower went with it
    win.state.filter = Filter(drugs=frozenset({"ketamine"}))  # the deleted panel is not called (no RuntimeError)
    assert win.filters.value().drugs >= {"ketamine"} and not win.filters.boxes["drugs"]["heroin"].isChecked()


def test_the_planner_settings_and_plans_live_in_the_state(qtbot, window):
    window.show_dock("planner")
    planner = window.planner
    qtbot.waitUntil(lambda: planner.current is not None, timeout=15_000)
    window.state.plan_choice = PlanChoice(agencies=("NPA",), radius_km=1500.0, host_country=False, k=4,
                                          weights=Weights(detained=2.0))
    s = planner.settings
    assert (s.agencies(), s.radius.value(), s.host.isChecked(), s.k.value(), s.weight["detained"].value()) == (
        ("NPA",), 1500, False, 4, 2.0)
    assert planner.problem.rule.radius_km == 1500.0 and planner.problem.agencies == ("NPA",)
    s.radius.setValue(800)  # the user edits the form
    assert window.state.plan_choice.radius_km == 800.0 and planner.problem.rule.radius_km == 800.0
    planner.candidate.setCurrentIndex(0)
    planner.add_button.click()
    assert window.state.plan is not None and len(window.state.plan.added) == 1
    planner.save_a.click()
    assert window.state.kept == (window.state.plan, None)
    window.state.plan = None  # back to today, from anywhere
    assert all(planner.sites.item(r, 0).text() == "現有據點" for r in range(planner.sites.rowCount()))
