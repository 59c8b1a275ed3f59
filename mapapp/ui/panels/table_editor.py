"""Table views of every layer, edited in place: each cell checked as it is typed, each edit undoable.

A cell editor turns red with the reason while its text would not parse (the same rules as
the data files); a committed edit that would break a reference or a key is refused with
the reason, and nothing changes. Accepted edits go to the session as undoable snapshots.
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...data import schema
from ...data.edits import mark_edited
from ...data.tables import cell_text, parse_cell
from ...strings import STRINGS
from ..session import Session

EDITABLE = ("posts", "places", "detentions", "results", "cases", "case_drugs", "routes", "customs_partners", "prices", "coverage_lists")


def check_cell(column: schema.Column, text: str) -> str | None:
    """Why this text cannot go in this column, or None."""
    text = text.strip()
    if not text:
        return "value is required" if column.required else None
    return parse_cell(column, text)[1]


class LayerModel(QAbstractTableModel):
    refused = Signal(str)

    def __init__(self, session: Session, layer: str, parent=None):
        super().__init__(parent)
        self.session, self.layer = session, schema.BY_NAME[layer]

    @property
    def frame(self) -> pd.DataFrame:
        return self.session.ds.tables[self.layer.name]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt API)
        return 0 if parent.isValid() else len(self.frame)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.layer.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.layer.columns[section].name if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return cell_text(self.frame.iloc[index.row()][self.layer.columns[index.column()].name])
        return None

    def flags(self, index):
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        column = self.layer.columns[index.column()]
        text = str(value).strip()
        if text == self.data(index):
            return False
        error = check_cell(column, text)
        if error:
            self.refused.emit(f"{self.layer.file}:{index.row() + 2}:{column.name}: {error}")
            return False
        frame = self.frame.copy()
        frame.iat[index.row(), index.column()] = parse_cell(column, text)[0] if text else (() if column.kind == "codes" else None)
        if column.name != "source" and "source" in frame.columns:
            # The briefing's stated totals stop applying to a changed row (validate.stated_total_rules).
            at = frame.columns.get_loc("source")
            frame.iat[index.row(), at] = mark_edited(frame.iat[index.row(), at])
        return self._change(frame, f"{self.layer.name} {index.row() + 1} {column.name}")

    def add_copy(self, row: int) -> bool:
        """A new row like the selected one, its key made unique, ready to edit."""
        frame = self.frame
        new = frame.iloc[[row]].copy()
        key = self.layer.key[0]
        base, n = str(new.iloc[0][key]), 2
        if self.layer.columns[[c.name for c in self.layer.columns].index(key)].kind in ("text",):
            while f"{base}-{n}" in set(frame[key].astype(str)):
                n += 1
            new.iat[0, frame.columns.get_loc(key)] = f"{base}-{n}"
        return self._change(pd.concat([frame, new], ignore_index=True), f"{self.layer.name} + {len(frame) + 1}")

    def remove(self, row: int) -> bool:
        return self._change(self.frame.drop(self.frame.index[row]).reset_index(drop=True), f"{self.layer.name} − {row + 1}")

    def _change(self, frame: pd.DataFrame, text: str) -> bool:
        frames = dict(self.session.ds.tables)
        frames[self.layer.name] = frame
        errors = self.session.change_tables(frames, text)
        if errors:
            self.refused.emit(str(errors[0]))
            return False
        return True

    def reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()


class CheckingDelegate(QStyledItemDelegate):
    """The editor shows, while typing, whether the text fits the column."""

    def __init__(self, layer: schema.Layer, parent=None):
        super().__init__(parent)
        self.layer = layer

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt API)
        editor = QLineEdit(parent)
        column = self.layer.columns[index.column()]

        def check(text: str) -> None:
            error = check_cell(column, text)
            editor.setStyleSheet("QLineEdit { background: #ffd7d7; }" if error else "")
            editor.setToolTip(error or "")
            editor.setProperty("invalid", bool(error))

        editor.textChanged.connect(check)
        return editor


class TableEditor(QWidget):
    message = Signal(str)

    def __init__(self, session: Session, parent=None):
        super().__init__(parent)
        self.session = session
        self.tabs = QTabWidget()
        self.models: dict[str, LayerModel] = {}
        self.views: dict[str, QTableView] = {}
        for name in EDITABLE:
            model = LayerModel(session, name, self)
            model.refused.connect(self.message)
            view = QTableView()
            view.setObjectName(f"table-{name}")
            view.setModel(model)
            view.setItemDelegate(CheckingDelegate(model.layer, view))
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            self.tabs.addTab(view, name)
            self.models[name], self.views[name] = model, view
        self.add_button, self.remove_button = QPushButton(), QPushButton()
        self.add_button.clicked.connect(lambda: self._on_row(LayerModel.add_copy))
        self.remove_button.clicked.connect(lambda: self._on_row(LayerModel.remove))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        session.dataset_changed.connect(lambda _ds: self.refresh())

    def current(self) -> tuple[LayerModel, QTableView]:
        name = EDITABLE[self.tabs.currentIndex()]
        return self.models[name], self.views[name]

    def _on_row(self, action) -> None:
        model, view = self.current()
        rows = view.selectionModel().selectedRows()
        if rows:
            action(model, rows[0].row())

    def refresh(self) -> None:
        for model in self.models.values():
            model.reset()

    def retranslate(self, lang: str) -> None:
        for i, name in enumerate(EDITABLE):
            self.tabs.setTabText(i, STRINGS[lang]["table_names"][name])
        self.add_button.setText(STRINGS[lang]["table_add"])
        self.remove_button.setText(STRINGS[lang]["table_remove"])
