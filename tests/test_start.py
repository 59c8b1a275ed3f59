"""Opening the window in two steps: the map from the start page first, then the data and panels."""

import subprocess
import sys
import uuid

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from mapapp.cli import parser, read_args
from mapapp.data.filtering import Filter
from mapapp.data.schema import DEFAULT_DATA
from mapapp.ui.app import application
from mapapp.ui.start_loader import open_window
from tests.conftest import edit_cell, run_js

# Not imported before the start page loads: the data stack, and the window's state (psygnal),
# page commands, controllers and presenter (~70 ms here, which delayed the map as much).
HEAVY = ("pandas", "geopandas", "numpy", "shapely", "pyproj", "folium", "pyogrio", "pulp", "psycopg", "psygnal",
         "mapapp.state", "mapapp.to_page", "mapapp.ui.presenter", "mapapp.ui.actions", "mapapp.ui.controllers.workspace")
UNTIL_THE_LOAD = """
import sys
from mapapp.cli import read_args
args = read_args(["--data", sys.argv[1]])
from mapapp.ui.app import application
from mapapp.ui.start_loader import open_window
application()
window, _ = open_window(args.data, args.lang, None, remember=False)
import PySide6.QtCore
print(",".join(m for m in sys.argv[2].split(",") if m in sys.modules))
print("Qt" in PySide6.QtCore.__dict__)
"""


def test_opening_the_window_loads_no_data_stack_before_the_map():
    """What runs before the start page loads: the command line, the app and the window, shown and
    loading. Nor does it touch Qt's namespace of enums (PySide makes it on first use, 15 ms)."""
    out = subprocess.run([sys.executable, "-c", UNTIL_THE_LOAD, str(DEFAULT_DATA), ",".join(HEAVY)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["", "False"]


@pytest.mark.parametrize("argv", [[], ["--data", "x.gpkg", "--lang", "en", "--agency", "NPA", "--year", "107"],
                                  ["--dat", "x.gpkg"], ["check-data", "--json"], ["--data", "x", "plan", "--new-posts", "2"]])
def test_the_window_reads_the_command_line_as_the_whole_parser_does(argv):
    """Opening the window reads only the top-level options (a quicker parser); what it gets is what
    the whole parser gives, and a command, an abbreviation or an error goes to the whole parser."""
    assert vars(read_args(argv)).items() <= vars(parser().parse_args(argv)).items()


@pytest.mark.parametrize("argv, code, shown", [(["--help"], 0, "check-data"), (["--lang", "fr"], 2, "invalid choice: 'fr'"),
                                               (["--data"], 2, "expected one argument")])
def test_help_and_errors_come_from_the_whole_parser(argv, code, shown, capsys):
    with pytest.raises(SystemExit) as ended:
        read_args(argv)
    out = capsys.readouterr()
    assert ended.value.code == code and shown in out.out + out.err and "{check-data," in out.out + out.err


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
