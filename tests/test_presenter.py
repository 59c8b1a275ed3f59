"""Presentation mode driven by the keys a presenter's clicker sends; the page asked what it shows."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from mapapp.data.filtering import visible_counts
from tests.conftest import run_js


def page_scene(qtbot, win):
    return run_js(qtbot, win, "[document.documentElement.getAttribute('data-scene'), "
                              "document.querySelector('.mapapp-caption .scene-title').textContent, "
                              "document.querySelector('.mapapp-caption .scene-counter').textContent]")


def wait_scene(qtbot, win, index, settled=True):
    scene = win.scenes[index]
    attr = "data-scene-settled" if settled else "data-scene"
    qtbot.waitUntil(lambda: run_js(qtbot, win, f"document.documentElement.getAttribute('{attr}')") == scene.id, timeout=15_000)
    assert page_scene(qtbot, win) == [scene.id, scene.title_zh, f"{index + 1} / {len(win.scenes)}"]
    return scene


def key(win, k, text=""):
    QTest.keyClick(win.map.focusProxy() or win, k)


@pytest.fixture
def presenting(qtbot, window):
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.presenter.active, timeout=5_000)
    wait_scene(qtbot, window, 0)
    yield window
    window.presenter.stop()


def test_f5_starts_full_screen_from_the_first_scene(qtbot, presenting):
    win = presenting
    assert win.isFullScreen()
    assert not any(d.isVisible() for d in win.docks.values()) and not win.menuBar().isVisible()
    assert run_js(qtbot, win, "document.documentElement.classList.contains('projector')")
    assert run_js(qtbot, win, "MapApp.viewState().theme") == "projector"


def test_clicker_keys_step_through_scenes(qtbot, presenting, dataset):
    win = presenting
    key(win, Qt.Key.Key_PageDown)
    scene = wait_scene(qtbot, win, 1)
    assert run_js(qtbot, win, "MapApp.counts()") == visible_counts(dataset, scene.filter)
    assert run_js(qtbot, win, "MapApp.highlights.getLayers().length") == len(scene.highlight) == 6
    # The view is the scene's: its centre lies inside the scene's bounds.
    (s, w), (n, e) = scene.bounds
    lat, lon = run_js(qtbot, win, "MapApp.viewState().center")
    assert s < lat < n and w < lon < e
    for k, index in ((Qt.Key.Key_Space, 2), (Qt.Key.Key_Right, 3), (Qt.Key.Key_PageUp, 2), (Qt.Key.Key_Left, 1)):
        key(win, k)
        wait_scene(qtbot, win, index)
    key(win, Qt.Key.Key_End)
    wait_scene(qtbot, win, len(win.scenes) - 1)
    key(win, Qt.Key.Key_PageDown)  # past the end: stays on the last scene
    wait_scene(qtbot, win, len(win.scenes) - 1)


def test_number_then_enter_jumps(qtbot, presenting):
    win = presenting
    for k in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_Return):
        key(win, k)
    scene = wait_scene(qtbot, win, 11)
    assert scene.id.startswith("case-")
    assert run_js(qtbot, win, "MapApp.highlights.getLayers().length") == len(scene.highlight)
    for k in (Qt.Key.Key_9, Qt.Key.Key_9, Qt.Key.Key_Return):  # no scene 99: steps on instead
        key(win, k)
    wait_scene(qtbot, win, 12)


def test_b_blanks_and_esc_leaves(qtbot, presenting):
    win = presenting
    key(win, Qt.Key.Key_B)
    assert win.presenter.blank.isVisible()
    assert win.grab().toImage().pixelColor(400, 300).name() == "#000000"
    key(win, Qt.Key.Key_B)
    assert not win.presenter.blank.isVisible()
    key(win, Qt.Key.Key_Escape)
    assert not win.presenter.active and not win.isFullScreen()
    assert win.docks["filters"].isVisible() and win.menuBar().isVisible()
    qtbot.waitUntil(lambda: run_js(qtbot, win, "document.documentElement.getAttribute('data-scene')") is None, timeout=5_000)
    assert not run_js(qtbot, win, "document.documentElement.classList.contains('projector')")
    assert run_js(qtbot, win, "document.querySelector('.mapapp-caption').hidden")


def test_filter_answers_a_question_and_the_next_step_restores(qtbot, presenting, dataset):
    win = presenting
    key(win, Qt.Key.Key_PageDown)
    key(win, Qt.Key.Key_PageDown)
    scene = wait_scene(qtbot, win, 2)  # NPA posts
    key(win, Qt.Key.Key_F)
    assert win.docks["filters"].isVisible()
    win.filters.boxes["agencies"]["MJIB"].setChecked(True)
    qtbot.waitUntil(lambda: run_js(qtbot, win, "MapApp.counts().posts") == 12 + 26, timeout=10_000)
    key(win, Qt.Key.Key_PageUp)
    key(win, Qt.Key.Key_PageDown)
    wait_scene(qtbot, win, 2)
    assert run_js(qtbot, win, "MapApp.counts()") == visible_counts(dataset, scene.filter)
    assert win.filters.value() == scene.filter


def test_shift_f5_starts_from_the_selected_scene_and_language_follows(qtbot, window):
    window.scene_panel.select(6)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.presenter.active, timeout=5_000)
    scene = wait_scene(qtbot, window, 6)
    window.set_language("en")
    qtbot.waitUntil(lambda: run_js(qtbot, window, "document.querySelector('.scene-title').textContent") == scene.title_en, timeout=5_000)
    window.presenter.stop()


def test_results_scene_draws_the_yearly_chart(qtbot, window, dataset):
    index = [s.id for s in window.scenes].index("results")
    window.state.show_scene(index)
    qtbot.waitUntil(lambda: not run_js(qtbot, window, "document.querySelector('.mapapp-results').hidden"), timeout=5_000)
    values = run_js(qtbot, window, "Array.from(document.querySelectorAll('.mapapp-results .results-chart')[0]"
                                   ".querySelectorAll('.results-bar')).map(b => b.dataset.agency + ':' + b.textContent)")
    expected = [f"{r.agency}:{r.cases}" for r in dataset.results.sort_values(["year_roc"], kind="stable").itertuples()]
    assert sorted(values) == sorted(expected) and len(values) == 12


def test_capture_rename_reorder_delete_save(qtbot, window, dataset, tmp_path, monkeypatch):
    import dataclasses

    from mapapp.briefing.scenes import load_scenes

    panel = window.scene_panel
    monkeypatch.setattr(window, "ds", dataclasses.replace(window.ds, source=tmp_path))  # save beside a copy
    n = len(window.scenes)
    window.filters.boxes["agencies"]["MJIB"].setChecked(False)
    run_js(qtbot, window, "MapApp.map.setView([25, 121], 5, {animate: false}) && 1")
    panel.select(n - 1)
    panel.buttons["capture"].click()
    qtbot.waitUntil(lambda: len(window.scenes) == n + 1, timeout=5_000)
    new = window.scenes[n]
    assert new.filter == window.filter and "MJIB" not in new.filter.agencies
    (s, w), (nn, e) = new.bounds
    assert s < 25 < nn and w < 121 < e
    assert window.windowTitle().endswith("*")
    panel.title.setText("")
    QTest.keyClicks(panel.title, "Taiwan Strait")
    assert window.scenes[n].title_zh == "Taiwan Strait"
    panel.buttons["up"].click()
    assert window.scenes[n - 1].title_zh == "Taiwan Strait"
    panel.select(0)
    panel.buttons["delete"].click()
    panel.buttons["save"].click()
    assert not window.windowTitle().endswith("*")
    saved = load_scenes(tmp_path / "scenes.json", dataset)
    assert len(saved) == n and saved[n - 2].title_zh == "Taiwan Strait" and saved[0].id == "network"
