"""The workspace in the window: import with preview, drop, edit in tables, undo, save, autosave."""

import json

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from mapapp.data.exporting import export_layer
from mapapp.data.importing import import_file
from mapapp.data.load import load_dataset
from mapapp.ui.session import autosave_path
from tests.conftest import digest, drag_post, open_window, run_js


def new_post_file(tmp_path):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"agency": "NPA", "city": "胡志明市", "country": "越南"},
         "geometry": {"type": "Point", "coordinates": [106.63, 10.82]}},
        {"type": "Feature", "properties": {"agency": "NPA", "city": "Nowhere", "country": "Narnia"},
         "geometry": {"type": "Point", "coordinates": [1, 1]}},
    ]}
    path = tmp_path / "posts.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def page_posts(qtbot, win):
    return run_js(qtbot, win, "MapApp.counts().posts")


def test_import_preview_then_undo_redo_and_save(qtbot, ws_window, workspace, tmp_path, accept_imports):
    win = ws_window
    before = digest(workspace)
    assert win.windowTitle() == "跨境合作緝毒地圖 — work.gpkg"
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        assert win.workspace.import_path(new_post_file(tmp_path))
    dialog = accept_imports[0]
    rows = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(dialog.table.rowCount())]
    assert ["新增", "npa-vnm-place-1", ""] in rows
    assert ["拒絕", "posts.geojson:2", "country: unknown country 'Narnia'"] in rows
    assert page_posts(qtbot, win) == 39 and win.windowTitle().endswith(" *")
    assert digest(workspace) == before  # nothing written until saved
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        win.act["undo"].trigger()
    assert page_posts(qtbot, win) == 38 and not win.windowTitle().endswith(" *")
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        win.act["redo"].trigger()
    assert page_posts(qtbot, win) == 39
    assert win.workspace.save()
    assert not win.windowTitle().endswith(" *") and digest(workspace) != before
    assert len(load_dataset(workspace).posts) == 39


def test_a_refused_import_changes_nothing(qtbot, ws_window, workspace, tmp_path, accept_imports):
    bad = tmp_path / "bad.csv"
    bad.write_text("foo,bar\n1,2\n", encoding="utf-8")
    before = digest(workspace)
    assert not ws_window.workspace.import_path(bad)
    dialog = accept_imports[0]
    assert not dialog.apply_button.isEnabled()
    assert "cannot tell which layer" in dialog.table.item(0, 2).text()
    assert not ws_window.session.dirty and digest(workspace) == before


def test_dropping_a_file_on_the_window_imports_it(qtbot, ws_window, tmp_path, accept_imports):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(new_post_file(tmp_path)))])
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(ws_window.map.ready, timeout=30_000):
        ws_window.dropEvent(event)
    assert accept_imports and page_posts(qtbot, ws_window) == 39


def test_table_edits_are_checked_as_typed_and_undoable(qtbot, ws_window):
    win = ws_window
    model = win.tables.models["detentions"]
    row = list(model.frame["country"]).index("JPN")
    index = model.index(row, [c.name for c in model.layer.columns].index("detained"))
    messages = []
    win.tables.message.connect(messages.append)
    # While typing: the editor says at once that the text does not fit.
    view = win.tables.views["detentions"]
    editor = view.itemDelegate().createEditor(view.viewport(), None, index)
    editor.setText("六十六")
    assert editor.property("invalid") and "not a whole number" in editor.toolTip()
    editor.setText("70")
    assert not editor.property("invalid")
    # Committed: bad text refused with file:row:column, good text applied and undoable.
    assert not model.setData(index, "abc")
    assert messages[-1] == f"detentions.csv:{row + 2}:detained: 'abc' is not a whole number"
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        assert model.setData(index, "70")
    jpn = win.ds.detentions.set_index("country").loc["JPN"]
    assert jpn["detained"] == 70 and jpn["source"].startswith("edited in mapapp (was brief: ")
    assert model.data(index) == "70" and win.session.dirty
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        win.act["undo"].trigger()
    assert win.ds.detentions.set_index("country").at["JPN", "detained"] == 66 and model.data(index) == "66"


def test_an_edit_that_breaks_a_reference_is_refused(qtbot, ws_window):
    win = ws_window
    places = win.tables.models["places"]
    messages = []
    win.tables.message.connect(messages.append)
    assert not places.remove(list(places.frame["id"]).index("tokyo"))
    assert "unknown place id (see places.csv): 'tokyo'" in messages[-1]
    assert "tokyo" in set(win.ds.places["id"]) and not win.session.dirty
    posts = win.tables.models["posts"]
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        assert posts.add_copy(0)
    assert len(win.ds.posts) == 39 and "npa-jpn-2" in set(win.ds.posts["id"])


def test_autosave_is_offered_back_after_a_crash(qtbot, workspace, tmp_path, accept_imports, monkeypatch):
    win = open_window(qtbot, workspace)
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        win.workspace.import_path(new_post_file(tmp_path))
    saved = win.session.autosave()
    assert saved == autosave_path(workspace) and saved.exists()
    win.session.dirty_changed.disconnect()
    win.deleteLater()  # as if the app had died: no save, no clean close
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    from mapapp.ui.controllers.workspace import WorkspaceController

    monkeypatch.setattr(WorkspaceController, "offer_recovery", lambda self, auto: True)
    again = open_window(qtbot, workspace)
    with qtbot.waitSignal(again.map.ready, timeout=30_000):
        assert again.workspace.open_path(workspace, ask=False)
    assert len(again.ds.posts) == 39 and again.session.dirty
    assert again.workspace.save() and not autosave_path(workspace).exists()
    again.close()
    again.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.mark.parametrize("suffix", [".csv", ".geojson", ".gpkg"])
def test_any_layer_exports_and_imports_back_unchanged(dataset, tmp_path, suffix):
    path = export_layer(dataset.tables, "posts", tmp_path / f"posts{suffix}")
    preview = import_file(dataset, path, "posts")
    assert not preview.failed and not preview.rejected
    assert len(preview.unchanged) == len(dataset.posts) and not preview.added and not preview.updated


def test_first_run_creates_the_workspace_from_the_shipped_data(tmp_path, dataset):
    from mapapp.ui.app import ensure_workspace

    path = tmp_path / "profile" / "workspace.gpkg"
    assert ensure_workspace(path) == path and len(load_dataset(path).posts) == len(dataset.posts)
    mtime = path.stat().st_mtime_ns
    ensure_workspace(path)
    assert path.stat().st_mtime_ns == mtime  # an existing workspace is never overwritten


def test_dragging_a_post_moves_it_undoably(qtbot, ws_window):
    win = ws_window
    win.show_dock("tables")
    qtbot.waitUntil(lambda: run_js(qtbot, win, "MapApp.editing") is True, timeout=10_000)
    run_js(qtbot, win, "MapApp.map.setView([16.3, 99.7], 6, { animate: false }) && 1")  # Bangkok and Chiang Mai apart
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        drag_post(qtbot, win, "npa-tha", 18.79, 98.98)  # to Chiang Mai
    post = win.ds.posts.set_index("id").loc["npa-tha"]
    assert abs(post["lat"] - 18.79) < 0.03 and abs(post["lon"] - 98.98) < 0.03  # a pointer's pixel at zoom 6
    assert post["country"] == "THA"
    assert post["city_zh"] == "曼谷（移動）" and post["source"].startswith("edited in mapapp (was brief: ")
    assert "bangkok" in set(win.ds.places["id"])  # MJIB's Bangkok post stays where it was
    where = "MapApp._entry('posts', 'npa-tha').latlng"
    assert run_js(qtbot, win, where)["lat"] == post["lat"]
    assert run_js(qtbot, win, "MapApp.editing") is True  # still editable after the reload
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        win.act["undo"].trigger()
    assert win.ds.posts.set_index("id").loc["npa-tha"]["place"] == "bangkok"
    # Into the sea: refused, the post snaps back.
    run_js(qtbot, win, "MapApp.map.setView([12, 100.5], 6, { animate: false }) && 1")
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        drag_post(qtbot, win, "npa-tha", 10, 104)  # the Gulf of Thailand
    assert win.ds.posts.set_index("id").loc["npa-tha"]["place"] == "bangkok"
    assert "in no country" in win.statusBar().currentMessage()


def test_bridge_accepts_only_well_formed_moves():
    from mapapp.bridge import BridgeError, PostMoved, from_page

    assert from_page('{"type":"moved","kind":"posts","id":"npa-tha","lat":18.8,"lon":99}') == PostMoved("npa-tha", 18.8, 99.0)
    for bad in ('{"type":"moved","kind":"cases","id":"x","lat":1,"lon":1}', '{"type":"moved","kind":"posts","id":"","lat":1,"lon":1}',
                '{"type":"moved","kind":"posts","id":"x","lat":1,"lon":200}'):
        with pytest.raises(BridgeError):
            from_page(bad)
