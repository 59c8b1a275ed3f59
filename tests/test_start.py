"""Opening the window in two steps: the map from the start page first, then the data and panels."""

import subprocess
import sys
import uuid

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from mapapp.data.filtering import Filter
from mapapp.ui.app import application
from mapapp.ui.start_loader import open_window
from tests.conftest import edit_cell, run_js

HEAVY = ("pandas", "geopandas", "numpy", "shapely", "pyproj", "folium", "pyogrio", "pulp", "psycopg")


def test_opening_the_window_loads_no_data_stack_before_the_map():
    """What runs before the start page is shown: the command line, the app and the window classes."""
    code = (
        "import sys, mapapp.cli, mapapp.ui.app, mapapp.ui.main_window, mapapp.ui.start_loader;"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.fixture
def opened(qtbot):
    """open_window(source) for a test; every window it opened is deleted afterwards."""
    application()
    windows = []

    def open_(source):
        window, loader = open_window(source, lang="zh", initial=Filter(), remember=False)
        window.resize(1280, 800)
        windows.append(window)
        return window, loader

    yield open_
    for window in windows:
        window.close()
        window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _unique(data_copy):
    """Data no earlier run has opened: its start page cannot be cached yet."""
    edit_cell(data_copy, "posts.csv", "npa-jpn", "source", f"test run {uuid.uuid4()}")
    return data_copy


def test_second_start_shows_the_page_before_the_data_is_read(qtbot, opened, data_copy):
    source = _unique(data_copy)
    first, _ = opened(source)
    assert first.page_path is None and first.ds is None  # nothing cached for these bytes
    with qtbot.waitSignal(first.loaded, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: first.map.is_ready, timeout=60_000)
    page = first.page_path

    second, _ = opened(source)
    assert second.page_path == page and second.ds is None  # the map is on its way before any data
    loads = []
    second.map.loadFinished.connect(loads.append)
    with qtbot.waitSignal(second.loaded, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: second.map.is_ready, timeout=60_000)
    assert second.page_path == page and loads == [True]  # one load: attach kept the page it found drawn
    assert second.counts["posts"] == len(second.ds.posts)
    assert second.status.text().startswith("顯示中")
    assert run_js(qtbot, second, "MapApp.entries.posts.length") == len(second.ds.posts)


def test_changed_data_gets_its_own_page(qtbot, opened, data_copy):
    source = _unique(data_copy)
    first, _ = opened(source)
    with qtbot.waitSignal(first.loaded, timeout=60_000):
        pass
    changed = f"changed after the first start {uuid.uuid4()}"
    edit_cell(source, "posts.csv", "npa-jpn", "source", changed)
    second, _ = opened(source)
    assert second.page_path is None  # the bytes changed: the old page is not shown for them
    with qtbot.waitSignal(second.loaded, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: second.map.is_ready, timeout=60_000)
    assert second.page_path != first.page_path
    popup = run_js(qtbot, second, "MapApp.details(\"posts\", \"npa-jpn\").textContent")
    assert changed in popup  # what a click on the post shows


def test_bad_data_is_reported_and_leaves_an_empty_window(qtbot, opened, data_copy):
    line = edit_cell(data_copy, "places.csv", "tokyo", "lat", "north")
    window, loader = opened(data_copy)
    with qtbot.waitSignal(loader.failed, timeout=60_000) as failed:
        pass
    message = failed.args[0]
    assert str(data_copy) in message and f"places.csv:{line}" in message and "lat" in message
    assert window.ds is None


def test_closing_while_opening_is_fine(qtbot, opened, data_copy):
    window, _ = opened(_unique(data_copy))
    window.close()  # before attach: nothing to save, no panels to remember
    qtbot.wait(1000)
    assert not window.isVisible() and window.ds is None  # the data is not read for a closed window
