"""The briefing's scenes: pick one to show it, capture the current view as a new one, reorder
(drag or buttons), rename, edit caption and notes in the current language, delete, save."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...briefing.scenes import Scene
from ...strings import STRINGS


class ScenesPanel(QWidget):
    show_requested = Signal(int)  # index
    capture_requested = Signal()
    save_requested = Signal()
    modified_changed = Signal(bool)

    def __init__(self, scenes: list[Scene], parent=None):
        super().__init__(parent)
        self.scenes = list(scenes)
        self.lang = "zh"
        self.modified = False
        self._filling = False
        self.list = QListWidget()
        self.list.setObjectName("scene-list")
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.model().rowsMoved.connect(self._order_from_list)
        self.list.currentRowChanged.connect(self._fill_editor)
        self.list.itemActivated.connect(lambda item: self.show_requested.emit(self.list.row(item)))
        self.buttons = {name: QPushButton() for name in ("show", "capture", "up", "down", "delete", "save")}
        self.buttons["show"].clicked.connect(lambda: self.current() >= 0 and self.show_requested.emit(self.current()))
        self.buttons["capture"].clicked.connect(self.capture_requested)
        self.buttons["up"].clicked.connect(lambda: self.move(self.current(), -1))
        self.buttons["down"].clicked.connect(lambda: self.move(self.current(), 1))
        self.buttons["delete"].clicked.connect(lambda: self.delete(self.current()))
        self.buttons["save"].clicked.connect(self.save_requested)
        self.title = QLineEdit()
        self.caption = QPlainTextEdit()
        self.notes = QPlainTextEdit()
        for editor in (self.caption, self.notes):
            editor.setTabChangesFocus(True)
        self.caption.setMaximumHeight(70)
        self.title.textEdited.connect(lambda text: self._edit("title", text))
        self.caption.textChanged.connect(lambda: self._edit("caption", self.caption.toPlainText()))
        self.notes.textChanged.connect(lambda: self._edit("notes", self.notes.toPlainText()))

        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        for name in ("show", "capture", "delete"):
            row1.addWidget(self.buttons[name])
        for name in ("up", "down", "save"):
            row2.addWidget(self.buttons[name])
        layout.addLayout(row1)
        layout.addLayout(row2)
        self.warning = QLabel()
        self.warning.setObjectName("scene-warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background: #fff4d6; color: #5c3d00; padding: 4px; border-radius: 3px;")
        self.warning.setTextFormat(Qt.TextFormat.PlainText)  # names from data are shown as text
        self.warning.hide()
        layout.addWidget(self.warning)
        self.labels = [QLabel(), QLabel(), QLabel()]
        form = QFormLayout()
        for label, editor in zip(self.labels, (self.title, self.caption, self.notes)):
            form.addRow(label, editor)
        layout.addLayout(form)
        self._fill_list()

    # ---------- view ----------

    def current(self) -> int:
        return self.list.currentRow()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        ui = STRINGS[lang]
        for name, button in self.buttons.items():
            button.setText(ui[f"scene_{name}"])
            button.setToolTip(ui.get(f"scene_{name}_tip", ""))
        for label, key in zip(self.labels, ("scene_title", "scene_caption", "scene_notes")):
            label.setText(ui[key])
        self._fill_list()

    def show_overlaps(self, pairs: list[str]) -> None:
        """Warn that the scene just captured has labels or symbols over one another (none: no warning)."""
        shown = pairs[:5] + (["…"] if len(pairs) > 5 else [])
        self.warning.setText(STRINGS[self.lang]["scene_overlaps"].format(
            n=len(pairs), pairs=STRINGS[self.lang]["list_sep"].join(shown)))
        self.warning.setVisible(bool(pairs))

    def select(self, index: int) -> None:
        self.list.setCurrentRow(index)

    def _label(self, i: int, scene: Scene) -> str:
        return f"{i + 1}. {scene.text('title', self.lang)}"

    def _fill_list(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for i, scene in enumerate(self.scenes):
            item = QListWidgetItem(self._label(i, scene))
            item.setData(Qt.ItemDataRole.UserRole, scene.id)
            item.setToolTip(scene.text("caption", self.lang))
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(max(row, 0), len(self.scenes) - 1))
        self._fill_editor(self.list.currentRow())

    def _fill_editor(self, index: int) -> None:
        self.warning.hide()  # it was about the scene just captured
        self._filling = True
        scene = self.scenes[index] if 0 <= index < len(self.scenes) else None
        self.title.setText(getattr(scene, f"title_{self.lang}", "") if scene else "")
        self.caption.setPlainText(getattr(scene, f"caption_{self.lang}", "") if scene else "")
        self.notes.setPlainText(getattr(scene, f"notes_{self.lang}", "") if scene else "")
        for editor in (self.title, self.caption, self.notes):
            editor.setEnabled(scene is not None)
        self._filling = False

    # ---------- edits ----------

    def _set_modified(self, value: bool) -> None:
        if value != self.modified:
            self.modified = value
            self.modified_changed.emit(value)

    def _edit(self, name: str, value: str) -> None:
        i = self.current()
        if self._filling or not 0 <= i < len(self.scenes):
            return
        self.scenes[i] = self.scenes[i].with_text(name, self.lang, value)
        if name == "title":
            self.list.item(i).setText(self._label(i, self.scenes[i]))
        self._set_modified(True)

    def add(self, scene: Scene) -> None:
        """Insert after the current scene and select it."""
        at = self.current() + 1 if self.current() >= 0 else len(self.scenes)
        self.scenes.insert(at, scene)
        self._set_modified(True)
        self._fill_list()
        self.list.setCurrentRow(at)

    def delete(self, index: int) -> None:
        if 0 <= index < len(self.scenes):
            del self.scenes[index]
            self._set_modified(True)
            self._fill_list()

    def move(self, index: int, delta: int) -> None:
        target = index + delta
        if 0 <= index < len(self.scenes) and 0 <= target < len(self.scenes):
            self.scenes.insert(target, self.scenes.pop(index))
            self._set_modified(True)
            self._fill_list()
            self.list.setCurrentRow(target)

    def _order_from_list(self, *_args) -> None:
        by_id = {s.id: s for s in self.scenes}
        ids = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        self.scenes = [by_id[i] for i in ids]
        self._set_modified(True)
        self._fill_list()

    def set_scenes(self, scenes: list[Scene]) -> None:
        """Another workspace's scenes, as saved."""
        self.scenes = list(scenes)
        self._fill_list()
        self._set_modified(False)

    def mark_saved(self) -> None:
        self._set_modified(False)
