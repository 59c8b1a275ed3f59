"""When rows changed underneath a save: say which, and let the user decide whose rows win."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QSizePolicy, QSpacerItem, QWidget

from ..data.workspace_changes import SaveConflict
from ..strings import STRINGS


def conflict_box(parent: QWidget, conflict: SaveConflict, lang: str) -> QMessageBox:
    ui = STRINGS[lang]
    box = QMessageBox(QMessageBox.Icon.Warning, ui["conflict_title"], ui["conflict_text"].format(len(conflict.conflicts)),
                      parent=parent)
    box.setInformativeText(ui["conflict_question"])
    box.setDetailedText("\n".join(str(c) for c in conflict.conflicts))  # plain text: names from data stay text
    box.addButton(ui["conflict_theirs"], QMessageBox.ButtonRole.AcceptRole).setObjectName("theirs")
    box.addButton(ui["conflict_mine"], QMessageBox.ButtonRole.DestructiveRole).setObjectName("mine")
    box.addButton(QMessageBox.StandardButton.Cancel).setText(ui["cancel"])
    grid = box.layout()  # wide enough for the row list to read as lines, not a column of words
    grid.addItem(QSpacerItem(560, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
                 grid.rowCount(), 0, 1, grid.columnCount())
    return box


def ask_resolution(parent: QWidget, conflict: SaveConflict, lang: str) -> str | None:
    """"theirs", "mine", or None to leave the file and the unsaved work as they are."""
    box = conflict_box(parent, conflict, lang)
    box.exec()
    clicked = box.clickedButton()
    name = clicked.objectName() if clicked is not None else ""
    return name if name in ("theirs", "mine") else None
