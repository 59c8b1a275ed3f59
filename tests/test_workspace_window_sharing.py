"""The window saving into a workspace that other programs write too."""

import shutil
import sqlite3
import subprocess

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from mapapp.cli import main
from tests.conftest import open_window
from tests.test_import_limits import SHEET, xlsx_with


@pytest.fixture
def win(ws_window):
    return ws_window


def detained(path, country="JPN"):
    with sqlite3.connect(path) as db:
        return db.execute("select detained from detentions where country = ?", (country,)).fetchone()[0]


def edit_detained(qtbot, win, value: int) -> None:
    model = win.tables.models["detentions"]
    row = list(model.frame["country"]).index("JPN")
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        assert model.setData(model.index(row, [c.name for c in model.layer.columns].index("detained")), str(value))


def answer_conflict(choice: str, seen: list) -> None:
    """Click a button of the conflict box once it is up, as the user would."""

    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, click)
            return
        seen.append((box.text(), box.detailedText()))
        next(b for b in box.buttons() if b.objectName() == choice).click()

    QTimer.singleShot(50, click)


def test_a_layer_added_with_ogr2ogr_survives_a_save_from_the_window(qtbot, win, workspace, tmp_path):
    notes = tmp_path / "notes.geojson"
    notes.write_text('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"note":"QGIS"},'
                     '"geometry":{"type":"Point","coordinates":[121.5,25.0]}}]}', encoding="utf-8")
    subprocess.run(["ogr2ogr", "-update", "-f", "GPKG", str(workspace), str(notes), "-nln", "colleague_notes"], check=True)
    edit_detained(qtbot, win, 70)
    assert win.workspace.save()
    assert detained(workspace) == 70
    with sqlite3.connect(workspace) as db:
        assert db.execute("select note from colleague_notes").fetchall() == [("QGIS",)]


@pytest.mark.parametrize("choice,kept", [("theirs", 70), ("mine", 80)])
def test_rows_changed_by_a_command_line_import_are_a_choice_not_a_loss(qtbot, win, workspace, tmp_path, choice, kept):
    src = tmp_path / "d.csv"
    src.write_text("country,detained,life,death,as_of\nJPN,70,2,0,2018-10-31\nMMR,5,0,0,2018-10-31\n", encoding="utf-8")
    assert main(["import", str(src), "--into", str(workspace)]) == 0  # while the window has it open
    edit_detained(qtbot, win, 80)
    seen = []
    answer_conflict(choice, seen)
    with qtbot.waitSignal(win.map.ready, timeout=30_000):
        assert win.workspace.save()
    text, details = seen[0]
    assert "1 列資料已被其他儲存" in text and "海外關押 JPN/2018-10-31：讀取後已被另一次儲存變更" in details
    assert "detained：我的「80」／對方的「70」" in details  # the window's language, the values as text
    assert detained(workspace) == kept and detained(workspace, "MMR") == 5  # the other import's new row stays
    det = win.ds.detentions.set_index("country")
    assert det.at["JPN", "detained"] == kept and "MMR" in det.index  # the window shows the file as saved
    assert not win.session.dirty and not win.windowTitle().endswith(" *")


def test_cancelling_a_conflict_keeps_the_unsaved_work(qtbot, win, workspace, tmp_path):
    with sqlite3.connect(workspace) as db:  # QGIS, meanwhile
        db.execute("update detentions set detained = 71 where country = 'JPN'")
    edit_detained(qtbot, win, 80)
    seen = []

    def cancel():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, cancel)
            return
        seen.append(box)
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(50, cancel)
    assert not win.workspace.save()
    assert seen and detained(workspace) == 71 and win.session.dirty
    assert win.ds.detentions.set_index("country").at["JPN", "detained"] == 80


def test_a_failed_save_says_why_and_keeps_the_work(qtbot, workspace, small_disk, monkeypatch):
    ws = small_disk / "work.gpkg"
    shutil.copy(workspace, ws)
    window = open_window(qtbot, ws)
    try:
        edit_detained(qtbot, window, 70)
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
        warnings = []
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
        assert not window.workspace.save()
        assert warnings == [f"儲存失敗：could not save {ws}: the file or its folder is read-only; work.gpkg is unchanged"]
        assert window.session.dirty and window.windowTitle().endswith(" *")
    finally:
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_an_unreadable_workbook_is_a_message_in_the_window(qtbot, win, workspace, tmp_path, accept_imports):
    src = xlsx_with(tmp_path / "broken.xlsx", {SHEET: b"<worksheet><sheetData><row"})
    assert not win.workspace.import_path(src)
    dialog = accept_imports[0]
    assert not dialog.apply_button.isEnabled()
    assert "not a readable Excel .xlsx file" in dialog.table.item(0, 2).text()
    assert not win.session.dirty
