"""Time on the map: a slider over the cases' dates that plays through them, the filters kept."""

from tests.conftest import run_js


def test_playing_steps_through_the_case_dates_showing_the_cases_up_to_each(qtbot, window, dataset):
    dates = sorted(set(dataset.cases["date_start"]))
    assert run_js(qtbot, window, "MapApp.timeSteps()") == dates and len(dates) > 2
    assert run_js(qtbot, window, "!!document.querySelector('.mapapp-time .time-slider')")
    # The test, not the page, records what each step shows: it wraps setTime as an observer would.
    run_js(qtbot, window, """(function () {
        var set = MapApp.setTime; window.timeLog = [];
        MapApp.setTime = function (date) {
            var answer = set.call(MapApp, date);
            window.timeLog.push({ date: date, cases: MapApp.entries.cases.filter(e => e.visible).map(e => e.props.id) });
            return answer; };
        return 1; })()""")
    assert run_js(qtbot, window, "MapApp.playTime(40)")
    qtbot.waitUntil(lambda: run_js(qtbot, window, "window.timeLog.length === MapApp.timeSteps().length && !MapApp._timeTimer"),
                    timeout=10_000)
    log = run_js(qtbot, window, "window.timeLog")
    assert [step["date"] for step in log] == dates
    for step in log:  # at each step, the page shows exactly the cases dated up to it
        expected = sorted(dataset.cases.loc[dataset.cases["date_start"] <= step["date"], "id"])
        assert sorted(step["cases"]) == expected, step["date"]
    # Routes go with their case: at the third date only the routes of the first three cases are shown.
    first = set(dataset.cases.loc[dataset.cases["date_start"] <= dates[2], "id"])
    run_js(qtbot, window, f"MapApp.setTime({dates[2]!r}) && 1")
    shown = run_js(qtbot, window, "MapApp.entries.routes.filter(e => e.visible).map(e => e.props.case_id)")
    dated = [c for c in shown if c]  # the schematic routes (network analysis) have no case and no date: always shown
    assert dated and set(dated) <= first and len(dated) < dataset.routes["case_id"].notna().sum()
    # The filters still apply beside the time; the far right shows every date again.
    counts = run_js(qtbot, window, "MapApp.setTime(null)")
    assert counts["cases"] == len(dataset.cases) and run_js(qtbot, window, "document.documentElement.getAttribute('data-time')") == ""
