"""Before an import touches anything: what would be added, updated and rejected, and why."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ..data.importing import Preview
from ..strings import STRINGS


class ImportDialog(QDialog):
    def __init__(self, preview: Preview, lang: str, parent=None):
        super().__init__(parent)
        ui = STRINGS[lang]
        self.preview = preview
        self.setWindowTitle(ui["import_title"].format(preview.file))
        self.resize(820, 520)
        summary = QLabel()
        summary.setObjectName("import-summary")
        summary.setWordWrap(True)
        if preview.failed:
            summary.setText(ui["import_failed"])
        else:
            summary.setText(ui["import_summary"].format(
                layer=preview.layer, added=len(preview.added), updated=len(preview.updated),
                unchanged=len(preview.unchanged), rejected=len(preview.rejected_rows),
                places=ui["list_sep"].join(preview.new_places) or ui["none"]))
        rows = [(ui["import_added"], key, "") for key in preview.added]
        rows += [(ui["import_updated"], key, preview.diffs.get(key, "")) for key in preview.updated]
        rows += [(ui["import_rejected"], f"{i.file}:{i.row}", f"{i.column}: {i.message}" if i.column else i.message)
                 for i in preview.failed + preview.rejected]
        self.table = QTableWidget(len(rows), 3)
        self.table.setObjectName("import-rows")
        self.table.setHorizontalHeaderLabels([ui["import_what"], ui["import_where"], ui["import_reason"]])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))  # text items: data never becomes markup
        buttons = QDialogButtonBox()
        self.apply_button = buttons.addButton(ui["import_apply"], QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(ui["cancel"], QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_button.setEnabled(preview.ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
