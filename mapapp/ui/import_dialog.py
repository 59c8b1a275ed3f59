"""Before an import touches anything: how the sheet's headers were read (and a mapping step to
change that), what would be added, updated, rejected or left out, and why."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..data.importing import Preview
from ..data.importing.aliases import ALIASES
from ..strings import STRINGS


def _table(rows: int, headers: list[str]) -> QTableWidget:
    table = QTableWidget(rows, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ImportDialog(QDialog):
    def __init__(self, preview: Preview, lang: str, parent=None, reread: Callable[[dict], Preview] | None = None):
        """reread(mapping) -> the preview of the same file read with the user's mapping (header -> column)."""
        super().__init__(parent)
        self.ui, self.reread = STRINGS[lang], reread
        self.resize(860, 620)
        self.summary = QLabel()
        self.summary.setObjectName("import-summary")
        self.summary.setWordWrap(True)
        self.mapping_label = QLabel(self.ui["import_mapping"])
        self.mapping = _table(0, [self.ui["import_sheet_header"], self.ui["import_column"], self.ui["import_how"]])
        self.mapping.setObjectName("import-mapping")
        self.reread_button = QPushButton(self.ui["import_reread"])
        self.reread_button.clicked.connect(self._reread)
        self.table = _table(0, [self.ui["import_what"], self.ui["import_where"], self.ui["import_reason"]])
        self.table.setObjectName("import-rows")
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(self.ui["import_apply"], QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.ui["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.mapping_label)
        layout.addWidget(self.mapping, 1)
        layout.addWidget(self.reread_button)
        layout.addWidget(self.table, 2)
        layout.addWidget(buttons)
        self.show_preview(preview)

    def show_preview(self, preview: Preview) -> None:
        ui = self.ui
        self.preview = preview
        self.setWindowTitle(ui["import_title"].format(preview.file))
        if preview.failed:
            self.summary.setText(ui["import_failed"])
        else:
            self.summary.setText(ui["import_summary"].format(
                layer=preview.layer, added=len(preview.added), updated=len(preview.updated),
                unchanged=len(preview.unchanged), rejected=len(preview.rejected_rows),
                places=ui["list_sep"].join(preview.new_places) or ui["none"]))
        self._fill_mapping(preview)
        rows = [(ui["import_added"], key, "") for key in preview.added]
        rows += [(ui["import_updated"], key, preview.diffs.get(key, "")) for key in preview.updated]
        rows += [(ui["import_rejected"], f"{i.file}:{i.row}", f"{i.column}: {i.message}" if i.column else i.message)
                 for i in preview.failed + preview.rejected]
        rows += [(ui["import_left_out"], f"{i.file}:{i.row}", i.message) for i in preview.left_out]
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))  # text items: data never becomes markup
        self.apply_button.setEnabled(preview.ok)

    def _fill_mapping(self, preview: Preview) -> None:
        columns = list(ALIASES.get(preview.layer, {}))
        sheet = [m for m in preview.matches if m.how != "title"]
        self.mapping.setRowCount(len(preview.matches))
        self.choices: dict[str, QComboBox] = {}
        for r, m in enumerate(preview.matches):
            self.mapping.setItem(r, 0, QTableWidgetItem(m.header))
            how = self.ui.get(f"import_how_{m.how}", "") if m.how else ""
            self.mapping.setItem(r, 2, QTableWidgetItem(how))
            if m in sheet and columns:
                box = QComboBox()
                box.addItem(self.ui["import_leave_out"], "")
                for c in columns:
                    box.addItem(c, c)
                box.setCurrentIndex(max(0, box.findData(m.column or "")))
                self.mapping.setCellWidget(r, 1, box)
                self.choices[m.header] = box
            else:
                self.mapping.setItem(r, 1, QTableWidgetItem(m.column or ""))
        self.reread_button.setEnabled(self.reread is not None and bool(self.choices))

    def chosen_mapping(self) -> dict[str, str]:
        """Header -> column as the mapping step shows it now ("" leaves a header out)."""
        return {header: box.currentData() for header, box in self.choices.items()}

    def _reread(self) -> None:
        if self.reread is not None:
            self.show_preview(self.reread(self.chosen_mapping()))
