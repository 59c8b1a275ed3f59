"""When rows changed underneath a save: say which, and let the user decide whose rows win (in a
workspace file, for the whole save; in a shared workspace, for the rows in conflict). And the
rows a shared workspace refused, with why."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QSizePolicy, QSpacerItem, QWidget

from ..data import names
from ..data.workspace_changes import SaveConflict
from ..strings import STRINGS


def conflict_box(parent: QWidget, conflict: SaveConflict, lang: str) -> QMessageBox:
    ui = STRINGS[lang]
    box = QMessageBox(QMessageBox.Icon.Warning, ui["conflict_title"], ui["conflict_text"].format(len(conflict.conflicts)),
                      parent=parent)
    box.setInformativeText(ui["conflict_question"])
    box.setDetailedText(_conflict_lines(conflict.conflicts, lambda c: c.columns, lang))
    box.addButton(ui["conflict_theirs"], QMessageBox.ButtonRole.AcceptRole).setObjectName("theirs")
    box.addButton(ui["conflict_mine"], QMessageBox.ButtonRole.DestructiveRole).setObjectName("mine")
    box.addButton(QMessageBox.StandardButton.Cancel).setText(ui["cancel"])
    return _widened(box)


def _widened(box: QMessageBox) -> QMessageBox:
    """Wide enough for the row list to read as lines, not a column of words."""
    grid = box.layout()
    grid.addItem(QSpacerItem(560, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding),
                 grid.rowCount(), 0, 1, grid.columnCount())
    return box


def ask_resolution(parent: QWidget, conflict: SaveConflict, lang: str) -> str | None:
    """"theirs", "mine", or None to leave the file and the unsaved work as they are."""
    return _chosen(conflict_box(parent, conflict, lang), ("theirs", "mine"))


def _conflict_line(c, lang: str) -> str:
    """A row in conflict in the window's language: its table and key, what was done to it, and (in a
    shared workspace, whose keys are tuples) by whom and when."""
    ui = STRINGS[lang]
    table, kind = ui["table_names"].get(c.layer, c.layer), ui["conflict_kinds"][c.kind]
    if isinstance(c.key, str):
        return ui["conflict_row_file"].format(table=table, key=c.key, kind=kind)
    return ui["conflict_row_shared"].format(table=table, key="/".join(c.key), kind=kind, who=c.who or ui["conflict_someone"],
                                            when=c.when).rstrip()


def refusal_box(parent: QWidget, refused, lang: str) -> QMessageBox:
    """The rows a shared workspace refused (left as they were), each with its reason."""
    ui = STRINGS[lang]
    box = QMessageBox(QMessageBox.Icon.Warning, ui["shared_refused_title"], ui["shared_refused_text"].format(len(refused)),
                      parent=parent)
    box.setDetailedText("\n".join(refusal_line(r, lang) for r in refused))
    return _widened(box)


def refusal_line(r, lang: str) -> str:
    """A row the database refused (data/database/save.Refusal), in the window's language; PostgreSQL's
    own words after it, as it gave them."""
    ui = STRINGS[lang]
    table, key = ui["table_names"].get(r.layer, r.layer), "/".join(r.key)
    line = (ui["refused_agency"].format(table=table, key=key, agency=names.label("agencies_short", r.agency, lang))
            if r.agency else ui["refused_layer"].format(table=table, key=key))
    return line + (f" ({r.detail})" if r.detail else "")


def _conflict_lines(conflicts, columns_of, lang: str) -> str:
    """Each conflict, and per column the two values where they differ: plain text (data stays text)."""
    ui, lines = STRINGS[lang], []
    for c in conflicts:
        lines.append(_conflict_line(c, lang))
        for column, mine, theirs in zip(columns_of(c), c.mine or (), c.theirs or ()):
            if mine != theirs:
                lines.append("    " + ui["conflict_column"].format(column=column, mine=mine, theirs=theirs))
    return "\n".join(lines)


def ask_shared_resolution(parent: QWidget, report, columns_of, lang: str) -> str | None:
    """A shared workspace's conflicts (data/database/save.py): "theirs", "mine", "merge" or None."""
    return _chosen(shared_conflict_box(parent, report, columns_of, lang), ("theirs", "mine", "merge"))


def shared_conflict_box(parent: QWidget, report, columns_of, lang: str) -> QMessageBox:
    ui = STRINGS[lang]
    box = QMessageBox(QMessageBox.Icon.Warning, ui["conflict_title"], ui["shared_conflict_text"].format(len(report.conflicts)),
                      parent=parent)
    box.setInformativeText(ui["shared_conflict_question"])
    box.setDetailedText(_conflict_lines(report.conflicts, lambda c: columns_of(c.layer), lang))
    box.addButton(ui["conflict_theirs"], QMessageBox.ButtonRole.AcceptRole).setObjectName("theirs")
    box.addButton(ui["conflict_merge"], QMessageBox.ButtonRole.AcceptRole).setObjectName("merge")
    box.addButton(ui["conflict_mine"], QMessageBox.ButtonRole.DestructiveRole).setObjectName("mine")
    box.addButton(QMessageBox.StandardButton.Cancel).setText(ui["cancel"])
    return _widened(box)


def _chosen(box: QMessageBox, names: tuple[str, ...]) -> str | None:
    box.exec()
    clicked = box.clickedButton()
    name = clicked.objectName() if clicked is not None else ""
    return name if name in names else None
