"""Presenting on two screens, marking the map up live, and rehearsing the scenes' times."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from mapapp.ui.scene_clock import SceneClock, clock_text
from tests.conftest import run_js

ROOT = Path(__file__).resolve().parents[1]
PEN = (229, 57, 53)  # markup.js MARK_STYLES.pen


def test_two_screens_put_the_map_before_the_room_and_the_presenter_view_on_the_laptop(tmp_path):
    """Qt's offscreen platform with a laptop (primary) and a projector; run in a process of its own, as
    the screens are fixed when the application starts."""
    screens = tmp_path / "screens.json"
    screens.write_text(json.dumps({"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "projector", "x": 1366, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, str(ROOT / "tests" / "two_screens.py")], capture_output=True, text=True,
                         timeout=120, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["primary"] == "laptop" and found["screens"] == ["laptop", "projector"]
    assert found["audience"] == {"screen": "projector", "full_screen": True, "geometry": [1366, 0, 1920, 1080]}
    assert found["presenter"] == {"screen": "laptop", "full_screen": True, "geometry": [0, 0, 1366, 768]}
    assert found["after_page_down"] == {"page": "network", "counter": "2 / 17", "notes": True}  # both changed
    assert found["timer"]["before"] != found["timer"]["after"] and found["timer"]["spent_on_first"] > 0
    assert found["swapped"] == {"audience": "laptop", "presenter": "projector"}
    assert found["after_escape"] == {"view": True, "full_screen": False}


def test_one_screen_presents_as_before_without_a_presenter_view(qtbot, window):
    window.presenter.start(0)
    assert window.presenter.view is None and window.isFullScreen()
    window.presenter.stop()


def _marks(qtbot, win):
    return int(run_js(qtbot, win, "Number(document.documentElement.getAttribute('data-marks') || 0)"))


def _stroke(qtbot, win):
    """A press, moves and a release across the map, as a presenter's pen on a touch pad."""
    return run_js(qtbot, win, """(function () {
        var box = MapApp.map.getContainer().getBoundingClientRect();
        var fire = (type, x, y) => document.elementFromPoint(box.left + x, box.top + y).dispatchEvent(new MouseEvent(type,
            { bubbles: true, cancelable: true, clientX: box.left + x, clientY: box.top + y, button: 0, buttons: 1 }));
        fire("mousedown", 300, 300);
        for (var i = 1; i <= 10; i++) fire("mousemove", 300 + 40 * i, 300 + 12 * i);
        fire("mouseup", 700, 420);
        return MapApp.marks.length; })()""")


def _pen_pixels(png: Path) -> set[tuple[int, int]]:
    """Where the picture has the pen's red (every other pixel); the map has reds of its own."""
    image = QImage(str(png))
    found = set()
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - PEN[0]) + abs(c.green() - PEN[1]) + abs(c.blue() - PEN[2]) < 40:
                found.add((x, y))
    return found


def _export_png(qtbot, win, job, out: Path) -> Path:
    from mapapp.ui.exports import Export

    export = Export(win.ds, [], [job], "png", out, "zh", (1280, 720), "projector")
    with qtbot.waitSignal(export.done, timeout=60_000) as done:
        export.start()
    assert done.args == [None]
    return out


def test_a_pen_stroke_is_kept_for_its_scene_exported_with_it_and_gone_from_the_next(qtbot, window, tmp_path):
    win = window
    win.presenter.start(0, full_screen=False)
    qtbot.waitUntil(lambda: run_js(qtbot, win, "document.documentElement.getAttribute('data-scene-settled')") == win.scenes[0].id, timeout=15_000)
    QTest.keyClick(win.map.focusProxy() or win, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: run_js(qtbot, win, "MapApp.markTool") == "pen", timeout=5_000)
    assert _stroke(qtbot, win) == 1 and _marks(qtbot, win) == 1
    QTest.keyClick(win.map.focusProxy() or win, Qt.Key.Key_K)  # keep this scene's marks
    qtbot.waitUntil(lambda: win.scenes[0].id in win.presenter.kept, timeout=5_000)
    assert len(win.presenter.kept[win.scenes[0].id][0]["points"]) == 11
    with_marks = _export_png(qtbot, win, win.scene_command(0, animate=False), tmp_path / "kept.png")
    without = _export_png(qtbot, win, {**win.scene_command(0, animate=False), "marks": []}, tmp_path / "clean.png")
    stroke = _pen_pixels(with_marks) - _pen_pixels(without)
    assert len(stroke) > 150  # the kept stroke, 400 px long and 4 px wide on a 1280x720 picture
    xs = sorted(x for x, _ in stroke)
    assert xs[-1] - xs[0] > 120  # a line across the map (shorter at the export's smaller size), not a spot

    QTest.keyClick(win.map.focusProxy() or win, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: run_js(qtbot, win, "document.documentElement.getAttribute('data-scene')") == win.scenes[1].id, timeout=15_000)
    assert _marks(qtbot, win) == 0  # a new scene starts clean
    assert _stroke(qtbot, win) == 1  # not kept...
    QTest.keyClick(win.map.focusProxy() or win, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: run_js(qtbot, win, "document.documentElement.getAttribute('data-scene')") == win.scenes[2].id, timeout=15_000)
    QTest.keyClick(win.map.focusProxy() or win, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: run_js(qtbot, win, "document.documentElement.getAttribute('data-scene')") == win.scenes[1].id, timeout=15_000)
    assert _marks(qtbot, win) == 0  # ...so gone when its scene comes back
    QTest.keyClick(win.map.focusProxy() or win, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: run_js(qtbot, win, "document.documentElement.getAttribute('data-scene')") == win.scenes[0].id, timeout=15_000)
    qtbot.waitUntil(lambda: _marks(qtbot, win) == 1, timeout=5_000)  # the kept stroke is drawn again
    QTest.keyClick(win.map.focusProxy() or win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: run_js(qtbot, win, "!MapApp.spotlight.hidden && MapApp.spotlight.style.background.indexOf('radial-gradient') >= 0"), timeout=5_000)
    QTest.keyClick(win.map.focusProxy() or win, Qt.Key.Key_E)  # erase
    qtbot.waitUntil(lambda: _marks(qtbot, win) == 0, timeout=5_000)
    win.presenter.stop()
    assert run_js(qtbot, win, "MapApp.markTool === null && MapApp.spotlight.hidden")


def test_a_rehearsal_times_each_scene_and_becomes_the_plan():
    now = [100.0]
    clock = SceneClock(now=lambda: now[0])
    clock.start("intro", rehearse=True)
    now[0] += 45
    clock.enter("network")
    now[0] += 80
    clock.enter("intro")  # back to a scene: its time adds up
    now[0] += 5
    assert clock.spent_on("intro") == 50 and clock.elapsed() == 130
    clock.stop()
    assert clock.planned == {"intro": 50, "network": 80}
    clock.start("intro")  # the next presentation: planned beside spent, the plan kept
    now[0] += 12
    assert clock.spent_on("intro") == 12 and clock.planned["network"] == 80
    clock.stop()
    assert clock.planned == {"intro": 50, "network": 80}  # only a rehearsal changes the plan
    assert [clock_text(s) for s in (5, 80, 3723)] == ["0:05", "1:20", "1:02:03"]


@pytest.mark.usefixtures("qapp")
def test_the_presenter_view_shows_planned_and_spent_time_and_jumps_from_its_list(qtbot, window):
    win = window
    win.presenter.clock.planned = {win.scenes[0].id: 65}
    win.presenter.start(0, full_screen=False, presenter_view=True)
    view = win.presenter.view
    assert "預計 1:05" in view.scene_list.item(0).text() and "已用" in view.scene_list.item(0).text()
    assert view.notes.toPlainText() == win.scenes[0].notes_zh and view.counter.text() == f"1 / {len(win.scenes)}"
    view.scene_list.itemClicked.emit(view.scene_list.item(4))
    assert win.presenter.index == 4 and view.counter.text() == f"5 / {len(win.scenes)}"
    qtbot.waitUntil(lambda: run_js(qtbot, win, "document.documentElement.getAttribute('data-scene')") == win.scenes[4].id, timeout=15_000)
    win.presenter.stop()
    assert win.presenter.view is None
