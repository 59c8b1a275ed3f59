"""The window's file work: open, save (asking whose rows win), recover, import, export a layer.

The glue between the dialogs and the data layer's workspace; it holds no data of its own
(the session does) and asks the window only for what the user sees: the dataset, the scenes,
the title and the status line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, QUrl
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QProgressDialog

from ...data.issues import DataError, WorkspaceError
from ...data.schema import DEFAULT_DATA, SUFFIXES
from ...strings import STRINGS
from .scene_editing import read_scenes

if TYPE_CHECKING:
    from ..main_window import MainWindow

RECENT = 8  # workspaces listed under File -> Recent


def _about(scenes_text: str | None) -> str:
    """The 'about' line of a scenes document, kept when the scenes are saved again."""
    try:
        return str(json.loads(scenes_text or "{}").get("about", ""))
    except (ValueError, AttributeError):
        return ""


def dropped_file(event) -> Path | None:
    """The one importable file a drag carries, if it carries one."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    paths = [Path(u.toLocalFile()) for u in urls if isinstance(u, QUrl) and u.isLocalFile()]
    return paths[0] if len(paths) == 1 and paths[0].suffix.lower() in SUFFIXES else None


class WorkspaceController(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.w = window
        self.shared = None  # a SharedWorkspace while the window shows one (follow_source)

    def follow_source(self) -> None:
        """A shared workspace is followed live and saved row by row (controllers/shared.py)."""
        from ...data.database import is_database

        self.close()
        if is_database(self.w.session.path):
            from .shared import SharedWorkspace

            self.shared = SharedWorkspace(self.w, str(self.w.session.path))
            self.shared.listen()

    def close(self) -> None:
        if self.shared is not None:
            self.shared.close()
            self.shared = None

    @property
    def ui(self) -> dict:
        return STRINGS[self.w.lang]

    def _status(self, text: str, ms: int) -> None:
        self.w.statusBar().showMessage(text, ms)

    # ---------- recent files ----------

    def _recent(self) -> list[str]:
        value = self.w.settings.value("recent") if self.w.settings else None
        return [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])

    def fill_recent(self) -> None:
        menu = self.w.menus["menu_recent"]
        menu.clear()
        for path in self._recent():
            menu.addAction(path, lambda p=path: self.open_path(Path(p)))
        menu.setEnabled(bool(menu.actions()))

    def remember(self, path: Path | str) -> None:
        if self.w.settings is None or self.shared is not None:  # a database URL holds its password: never kept
            return
        self.w.settings.setValue("recent", ([str(path)] + [p for p in self._recent() if p != str(path)])[:RECENT])
        self.fill_recent()

    # ---------- open and new ----------

    def maybe_save(self) -> bool:
        """Before leaving unsaved work: save, discard or stay. True when it is fine to go on."""
        if not (self.w.session.dirty or self.w.scene_panel.modified):
            return True
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(self.w, self.ui["save_workspace"], self.ui["unsaved_workspace"],
                                      buttons.Save | buttons.Discard | buttons.Cancel)
        if answer == buttons.Save:
            return self.save()
        return answer == buttons.Discard

    def new_workspace(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.w, self.ui["new_workspace"], "workspace.gpkg", "GeoPackage (*.gpkg)")
        if path and self.maybe_save():
            from ...data.load import load_dataset, save_workspace

            try:
                save_workspace(load_dataset(DEFAULT_DATA), path)
            except WorkspaceError as exc:
                QMessageBox.warning(self.w, self.ui["new_workspace"], self.ui["save_failed"].format(exc))
                return
            self.open_path(Path(path), ask=False)

    def open_workspace(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.w, self.ui["open_workspace"], "", "GeoPackage (*.gpkg)")
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path, ask: bool = True) -> bool:
        """Open a workspace, offering to recover an autosave newer than it."""
        from ...data.load import load_dataset

        if ask and not self.maybe_save():
            return False
        try:
            ds = load_dataset(path)
        except (DataError, OSError) as exc:
            QMessageBox.warning(self.w, self.ui["open_workspace"], self.ui["open_failed"].format(exc))
            return False
        self.w.session.reset(ds)
        self.follow_source()
        scenes, _error = read_scenes(ds)
        self.w.scene_panel.set_scenes(scenes)
        self.w.set_dataset(ds)
        self.recover_autosave()
        self.remember(path)
        return True

    def recover_autosave(self) -> None:
        """An autosave newer than the workspace is offered back, as one undoable change."""
        from ..session import autosave_path, recoverable

        session = self.w.session
        if session.path is None:
            return
        if self.shared is not None:
            self.shared.point_to_autosave()
            return
        recovered = recoverable(session.path)
        if recovered is not None and self.offer_recovery(autosave_path(session.path)):
            session.apply(recovered, self.ui["recover_title"])

    def offer_recovery(self, auto: Path) -> bool:
        answer = QMessageBox.question(self.w, self.ui["recover_title"], self.ui["recover_text"].format(auto))
        return answer == QMessageBox.StandardButton.Yes

    # ---------- save ----------

    def save(self) -> bool:
        if self.w.session.path is None:
            return self.save_as()
        return self.save_to(self.w.session.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.w, self.ui["save_workspace_as"], "workspace.gpkg", "GeoPackage (*.gpkg)")
        return bool(path) and self.save_to(Path(path))

    def save_to(self, path: Path | str) -> bool:
        """Save; when rows changed underneath, ask whose rows win (or leave everything as it is)."""
        from ...briefing.scenes import scenes_document
        from ...data.workspace_changes import SaveConflict
        from ..save_conflict import ask_resolution

        scenes_text, resolve = scenes_document(self.w.scenes, _about(self.w.ds.scenes_text)), None
        if self.shared is not None and path == self.shared.url:
            saved = self.shared.save(scenes_text)
            if saved:
                self.w.scene_panel.mark_saved()
                self.w.update_title()
            return saved
        while True:
            try:
                report = self.w.session.save(path, scenes_text=scenes_text, resolve=resolve)
                break
            except SaveConflict as exc:
                resolve = ask_resolution(self.w, exc, self.w.lang)
                if resolve is None:
                    return False
            except (WorkspaceError, OSError) as exc:
                QMessageBox.warning(self.w, self.ui["save_workspace"], self.ui["save_failed"].format(exc))
                return False
        self.w.scene_panel.mark_saved()
        self.follow_source()  # saved as a file from a shared workspace: that file is what the window shows now
        self.remember(path)
        self.w.update_title()
        done = "saved_with_others" if report.others or report.kept_theirs else "workspace_saved"
        self._status(self.ui[done].format(path), 8000)
        return True

    # ---------- import and export ----------

    def import_file(self) -> None:
        kinds = " ".join(f"*{s}" for s in SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(self.w, self.ui["import_file"], "", f"{self.ui['import_file']} ({kinds})")
        if path:
            self.import_path(Path(path))

    def drag_entered(self, event) -> None:
        if dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropped(self, event) -> None:
        """A file dropped on the window is imported."""
        path = dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_path(path))  # not inside the drop: the dialog is modal

    def import_path(self, path: Path) -> bool:
        """Read and check the file, show what would change, and apply it (undoably) only if confirmed."""
        from ...data.importing import import_file
        from ..import_dialog import ImportDialog

        ui = self.ui
        dialog = QProgressDialog(ui["importing"], ui["cancel"], 0, 100, self.w)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)

        def progress(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)

        try:
            preview = import_file(self.w.ds, path, progress=progress, remembered=lambda header: mapping_for(self.w.settings, header))
        except Exception as exc:  # noqa: BLE001 (a file nobody foresaw: a message, never a traceback)
            dialog.reset()
            QMessageBox.warning(self.w, ui["import_file"], ui["import_error"].format(path.name, exc))
            return False
        dialog.reset()
        review = ImportDialog(preview, self.w.lang, self.w, reread=lambda mapping: import_file(self.w.ds, path, mapping=mapping))
        if review.exec() != ImportDialog.DialogCode.Accepted or not review.preview.ok:
            return False
        preview = review.preview
        remember_mapping(self.w.settings, preview, review.chosen_mapping())
        self.w.session.apply(preview.dataset, f"{ui['import_file']} {path.name}")
        self._status(ui["imported"].format(path.name), 8000)
        return True

    def export_layer(self) -> None:
        from ...data.exporting import export_layer
        from ..panels.table_editor import EDITABLE

        ui = self.ui
        name, ok = QInputDialog.getItem(self.w, ui["export_layer"], ui["export_layer_pick"], list(EDITABLE), 0, False)
        if not ok:
            return
        path, _ = QFileDialog.getSaveFileName(self.w, ui["export_layer"], f"{name}.csv",
                                              "CSV (*.csv);;GeoJSON (*.geojson);;GeoPackage (*.gpkg)")
        if path:
            try:
                export_layer(self.w.ds.tables, name, path)
            except (OSError, ValueError) as exc:
                QMessageBox.warning(self.w, ui["export_layer"], ui["export_failed"].format(exc))
                return
            self._status(ui["exported"].format(path), 5000)


def _layout_key(headers) -> str:
    """A sheet layout: its headers as read, whatever the file is called."""
    import hashlib

    from ...data.importing.aliases import norm

    return "import_mapping/" + hashlib.sha1("|".join(norm(h) for h in headers).encode()).hexdigest()[:16]


def mapping_for(settings, header: list[str]) -> dict[str, str] | None:
    """The mapping the user chose last time for a sheet with this header, if any."""
    found = settings.value(_layout_key(header)) if settings is not None else None
    return json.loads(found) if found else None


def remember_mapping(settings, preview, mapping: dict[str, str]) -> None:
    if settings is not None and any(m.how == "yours" for m in preview.matches):
        settings.setValue(_layout_key([m.header for m in preview.matches if m.how != "title"]), json.dumps(mapping))
