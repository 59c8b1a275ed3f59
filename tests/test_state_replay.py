"""A page reload never loses what the user was looking at: the window replays its state."""

from tests.conftest import run_js
from tests.test_workspace_window import new_post_file

SHOWN = ("[document.documentElement.getAttribute('data-scene'), MapApp.plan !== null && "
         "!!document.querySelector('.mapapp-plan'), MapApp.pickMode, MapApp.lang]")


def test_import_undo_and_language_keep_the_scene_the_gap_map_and_the_pick(qtbot, ws_window, tmp_path, accept_imports):
    win = ws_window
    win.show_dock("planner")
    qtbot.waitUntil(lambda: run_js(qtbot, win, "MapApp.plan !== null"), timeout=15_000)
    scene = win.scenes[2]
    win.state.show_scene(2)
    win.planner.pick_add.click()
    expected = [scene.id, True, "add", "zh"]
    qtbot.waitUntil(lambda: run_js(qtbot, win, SHOWN) == expected, timeout=15_000)

    with qtbot.waitSignal(win.map.ready, timeout=30_000):  # an import rebuilds the page
        assert win.workspace.import_path(new_post_file(tmp_path))
    qtbot.waitUntil(lambda: run_js(qtbot, win, SHOWN) == expected, timeout=15_000)
    assert run_js(qtbot, win, "MapApp.entries.posts.length") == 39

    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        win.act["undo"].trigger()
    qtbot.waitUntil(lambda: run_js(qtbot, win, SHOWN) == expected, timeout=15_000)
    assert run_js(qtbot, win, "MapApp.entries.posts.length") == 38

    win.set_language("en")
    qtbot.waitUntil(lambda: run_js(qtbot, win, SHOWN) == [scene.id, True, "add", "en"], timeout=15_000)
    caption = run_js(qtbot, win, "document.querySelector('.scene-title').textContent")
    assert caption == scene.title_en


def test_a_selection_and_the_theme_survive_a_reload(qtbot, ws_window, tmp_path, accept_imports):
    win = ws_window
    win.toggle_theme()
    assert win.finder.go_to("泰國")
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        assert win.workspace.import_path(new_post_file(tmp_path))
    shown = ("[document.documentElement.classList.contains('projector'), "
             "(document.querySelector('.leaflet-popup-content') || {}).textContent || '']")
    qtbot.waitUntil(lambda: (lambda v: v[0] and "泰國" in v[1])(run_js(qtbot, win, shown)), timeout=15_000)
