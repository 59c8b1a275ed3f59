"""Shared fixtures: the shipped dataset, and a writable copy of the data folder to break."""

import os
import shutil
from pathlib import Path

import pytest

# Headless Qt for the window tests: set before any QApplication exists; tests and CI only.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from mapapp.data.load import DEFAULT_DATA, load_dataset  # noqa: E402


def pytest_configure(config):
    # Qt's standard paths (page cache, the default workspace) go to a test location, not the user's.
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)


@pytest.fixture(scope="session")
def dataset():
    return load_dataset(DEFAULT_DATA)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A copy of the shipped data folder; the basemap is linked, not copied, to keep tests fast."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, target, ignore=shutil.ignore_patterns("basemap"))
    (target / "basemap").mkdir()
    (target / "basemap" / "countries.geojson").symlink_to(DEFAULT_DATA / "basemap" / "countries.geojson")
    return target


@pytest.fixture(scope="session")
def shipped_workspace(tmp_path_factory, dataset) -> Path:
    """The shipped data saved once as a workspace; tests get copies of it."""
    from mapapp.data.load import save_workspace

    path = tmp_path_factory.mktemp("shipped") / "work.gpkg"
    save_workspace(dataset, path)
    return path


@pytest.fixture
def workspace(tmp_path, shipped_workspace) -> Path:
    path = tmp_path / "work.gpkg"
    shutil.copy(shipped_workspace, path)
    return path


@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs of its own (root only, as in CI), to fill up or make read-only."""
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def digest(path: Path) -> str:
    """A file's bytes, to show an operation left it byte-identical."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit_cell(folder: Path, file: str, row_id: str, column: str, value: str) -> int:
    """Set one cell of the record whose first field is row_id; return that record's line number."""
    import csv

    path = folder / file
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    col = rows[0].index(column)
    for i, row in enumerate(rows):
        if i and row[0] == row_id:
            row[col] = value
            break
    else:
        raise KeyError(row_id)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return i + 1


def close_and_check(win, before: set) -> None:
    """Close and delete a window, then fail if it left a top-level widget behind (as napari's
    viewer fixture does): a leaked dialog or panel would pile up over a long briefing."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    win.close()
    win.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    left = [w for w in QApplication.topLevelWidgets() if w not in before]
    assert not left, f"widgets leaked by the test: {[type(w).__name__ for w in left]}"


def _top_level() -> set:
    from PySide6.QtWidgets import QApplication

    return set(QApplication.topLevelWidgets())


@pytest.fixture
def window(qtbot, dataset):
    """The main window with the page loaded and the bridge ready; deleted afterwards."""
    from mapapp.data.filtering import Filter
    from mapapp.ui.app import application
    from mapapp.ui.main_window import MainWindow

    application()
    before = _top_level()
    win = MainWindow(dataset, lang="zh", initial=Filter(), remember=False)
    win.resize(1600, 900)
    with qtbot.waitSignal(win.map.ready, timeout=60_000):
        win.show()
    yield win
    close_and_check(win, before)


def open_window(qtbot, path):
    """A window on the data at path, its page loaded."""
    from mapapp.data.load import load_dataset
    from mapapp.ui.app import application
    from mapapp.ui.main_window import MainWindow

    application()
    win = MainWindow(load_dataset(path), lang="zh", remember=False)
    win.resize(1400, 900)
    with qtbot.waitSignal(win.map.ready, timeout=60_000):
        win.show()
    return win


@pytest.fixture
def ws_window(qtbot, workspace):
    """The window on a writable workspace copy; deleted afterwards, leaving no widget behind."""
    from mapapp.ui.app import application

    application()
    before = _top_level()
    win = open_window(qtbot, workspace)
    yield win
    close_and_check(win, before)


@pytest.fixture
def accept_imports(monkeypatch):
    """Every import preview is accepted as if the user clicked Import; the dialogs are kept to inspect."""
    from mapapp.ui.import_dialog import ImportDialog

    shown = []

    def exec_(dialog):
        shown.append(dialog)
        return ImportDialog.DialogCode.Accepted

    monkeypatch.setattr(ImportDialog, "exec", exec_)
    return shown


def run_js(qtbot, win, code: str):
    """Evaluate JS in the page and return its (JSON-decoded) value; tests only."""
    import json

    box = {}
    win.map.page().runJavaScript(f"JSON.stringify({code})", 0, lambda v: box.setdefault("v", v))
    qtbot.waitUntil(lambda: "v" in box, timeout=10_000)
    return json.loads(box["v"]) if box["v"] else None


def feature_place(qtbot, win, kind: str, key: str) -> tuple[float, float]:
    """A feature's place, or the middle vertex of a route's longest part: where to click it."""
    at = run_js(qtbot, win, f"""(function (e) {{
        if (e.latlng) return [e.latlng.lat, e.latlng.lng];
        var part = e.parts.slice().sort((a, b) => b.length - a.length)[0], c = part[Math.floor(part.length / 2)];
        return [c.lat, c.lng]; }})(MapApp.entries[{kind!r}].filter(e => e.props.id === {key!r})[0])""")
    return at[0], at[1]


def click_at(qtbot, win, lat: float, lng: float, zoom: float | None = None) -> str:
    """A user's click at a place on the map (centred there at `zoom` first), on whatever is on top there."""
    if zoom is not None:
        run_js(qtbot, win, f"MapApp.map.setView([{lat}, {lng}], {zoom}, {{ animate: false }}) && 1")
    return _click(qtbot, win, f"MapApp.map.latLngToContainerPoint([{lat}, {lng}])")


def click_feature(qtbot, win, kind: str, key: str, zoom: float) -> str:
    """A user's click on a drawn case or route: the map centred at `zoom` on a point of it where it is on top
    (a route's vertices from its middle out; where another route crosses it, the next)."""
    at = run_js(qtbot, win, f"""(function (e) {{
        var places = e.latlng ? [e.latlng] : [].concat.apply([], e.parts), mid = (places.length - 1) / 2;
        places = places.map((c, i) => [Math.abs(i - mid), c]).sort((a, b) => a[0] - b[0]).map(p => p[1]);
        for (var i = 0; i < places.length; i++) {{
          MapApp.map.setView(places[i], {zoom}, {{ animate: false }});
          var p = MapApp.map.latLngToContainerPoint(places[i]), hit = MapApp.bulkHit(p);
          if (hit && hit.entry === e) return p;
        }}
        return null; }})(MapApp.entries[{kind!r}].filter(e => e.props.id === {key!r})[0])""")
    assert at, f"{kind} {key} is not on top anywhere at zoom {zoom}"
    return _click(qtbot, win, f"L.point({at['x']}, {at['y']})")


def click_drawn_case(qtbot, win, key: str) -> str:
    """A user's click on a case where the canvas drew it (aside from its place once its group is spread)."""
    return _click(qtbot, win, f"""MapApp.bulkDrawn.cases.filter(d => d.entry.props.id === {key!r})[0].at
        .subtract(MapApp.map.getPixelOrigin()).add(MapApp.map._getMapPanePos())""")


def click_symbol(qtbot, win, kind: str, key: str, zoom: float) -> str:
    """A user's click on a post or customs partner where the canvas drew it, the map centred on its place at `zoom`."""
    lat, lng = feature_place(qtbot, win, kind, key)
    run_js(qtbot, win, f"MapApp.map.setView([{lat}, {lng}], {zoom}, {{ animate: false }}) && 1")
    return _click(qtbot, win, f"{_drawn_symbol(kind, key)}.middle")


def drag_post(qtbot, win, key: str, lat: float, lng: float) -> str:
    """A user's drag of a post: pressed where the canvas drew it, released where its place is to be (the
    press keeps its grip on the symbol); the release's click goes to what is under the pointer, as a browser's."""
    return run_js(qtbot, win, f"""(function (d) {{
        var map = MapApp.map, frame = map.getContainer().getBoundingClientRect(), from = d.middle;
        var to = map.latLngToContainerPoint([{lat}, {lng}]).add(from.subtract(map.latLngToContainerPoint(d.entry.latlng)));
        var fire = (type, p) => {{
            var x = frame.left + p.x, y = frame.top + p.y, under = document.elementFromPoint(x, y);
            under.dispatchEvent(new MouseEvent(type, {{ bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0, buttons: 1 }}));
            return under.tagName; }};
        fire("mousedown", from);
        fire("mousemove", from.add([10, 5]));
        fire("mousemove", to);
        fire("mouseup", to);
        return fire("click", to); }})({_drawn_symbol("posts", key)})""")


def _drawn_symbol(kind: str, key: str) -> str:
    """JS: where the canvas drew a post or partner: its entry, and the middle of its box in container pixels."""
    return f"""(function (d) {{
        if (!d) throw new Error("{kind} {key} is not drawn");
        var b = d.box, shift = MapApp._containerShift();
        return {{ entry: d.entry, middle: L.point((b[0] + b[2]) / 2 + shift.x, (b[1] + b[3]) / 2 + shift.y) }};
        }})(MapApp.bulkDrawn.symbols.filter(d => d.kind === {kind!r} && d.entry.props.id === {key!r})[0])"""


def _click(qtbot, win, container_point_js: str) -> str:
    return run_js(qtbot, win, f"""(function (at) {{
        var box = MapApp.map.getContainer().getBoundingClientRect();
        var x = box.left + at.x, y = box.top + at.y, node = document.elementFromPoint(x, y);
        node.dispatchEvent(new MouseEvent("click", {{ bubbles: true, cancelable: true, clientX: x, clientY: y, button: 0 }}));
        return node.tagName; }})({container_point_js})""")


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL cluster of the test session's own (tests/pg_server.py)."""
    from tests.pg_server import PgServer

    server = PgServer()
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_server):
    """A new, empty database on that cluster: (its name, a superuser URL for it); dropped after."""
    import uuid

    name = f"test_{uuid.uuid4().hex[:12]}"
    yield name, pg_server.create_database(name)
    pg_server.drop_database(name)
