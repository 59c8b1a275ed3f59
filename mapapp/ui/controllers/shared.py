"""The window on a shared workspace (PostgreSQL/PostGIS): a save row by row, with the conflicts to
settle (keep theirs, keep mine, merge) and the rows the database refused said; others' changes
read in as they happen (LISTEN mapapp_changes), the view kept, unless there is unsaved work
(then the save compares row by row); last time's unsaved work pointed to, never applied blindly.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QMessageBox

from ...data import schema
from ...data.database import source_name
from ...data.issues import DataError, WorkspaceError
from ...strings import STRINGS

if TYPE_CHECKING:
    from ..main_window import MainWindow

log = logging.getLogger(__name__)
REFRESH_MS = 400  # notifications that come together (a save of many rows) are read in once


def columns_of(layer: str) -> tuple[str, ...]:
    return schema.BY_NAME[layer].column_names if layer in schema.BY_NAME else ("document",)


class SharedWorkspace(QObject):
    def __init__(self, window: MainWindow, url: str):
        super().__init__(window)
        self.w, self.url = window, url
        self.listener = None
        self.debounce = QTimer(self, singleShot=True, interval=REFRESH_MS)
        self.debounce.timeout.connect(self.refresh)

    @property
    def ui(self) -> dict:
        return STRINGS[self.w.lang]

    def listen(self) -> None:
        """Others' saves notify: read them in (a listener connection of its own, its socket watched)."""
        import psycopg
        from psycopg import sql

        from ...data.database.sql import CHANNEL

        try:
            self.listener = psycopg.connect(self.url, autocommit=True)
            self.listener.execute(sql.SQL("listen {}").format(sql.Identifier(CHANNEL)))
        except psycopg.Error as exc:  # the window still works; it just does not follow others live
            log.warning("not following changes on %s: %s", source_name(self.url), exc)
            return
        self.notifier = QSocketNotifier(self.listener.fileno(), QSocketNotifier.Type.Read, self)
        self.notifier.activated.connect(self._notified)

    def _notified(self) -> None:
        import psycopg

        try:
            if list(self.listener.notifies(timeout=0)):
                self.debounce.start()
        except psycopg.Error as exc:  # the server went away: stop watching a dead socket, say so
            self.notifier.setEnabled(False)
            self.w.statusBar().showMessage(str(exc).splitlines()[0], 8000)

    def refresh(self) -> None:
        import psycopg

        from ...data.database.read import last_change

        try:
            latest = last_change(self.listener.cursor())
        except psycopg.Error as exc:  # the server went away: the window goes on with what it has
            self.w.statusBar().showMessage(str(exc).splitlines()[0], 8000)
            return
        if latest == self.w.session.base.revision:  # this window's own save, already read back
            return
        try:
            read = self.w.session.refresh()
        except (DataError, WorkspaceError) as exc:
            self.w.statusBar().showMessage(str(exc).splitlines()[0], 8000)
            return
        text = self.ui["shared_refreshed"].format(source_name(self.url)) if read else self.ui["shared_changed_unsaved"]
        self.w.statusBar().showMessage(text, 8000)

    def save(self, scenes_text: str | None) -> bool:
        """True once nothing is left in conflict (refused rows are said, and read back as they are)."""
        from .. import save_conflict  # looked up when asked: the tests answer in its place

        session = self.w.session
        try:
            report = session.save_shared(scenes_text)
            while report.conflicts:
                choice = save_conflict.ask_shared_resolution(self.w, report, columns_of, self.w.lang)
                if choice is None:  # the rows saved stay saved; the ones in conflict stay unsaved here
                    return False
                report = session.save_shared(conflicts=report.conflicts, choice=choice)
        except (DataError, WorkspaceError) as exc:
            QMessageBox.warning(self.w, self.ui["save_workspace"], self.ui["save_failed"].format(exc))
            return False
        if report.refused:
            save_conflict.refusal_box(self.w, report.refused, self.w.lang).exec()
        self.w.statusBar().showMessage(f"{source_name(self.url)}: {report.summary()}", 8000)
        return True

    def point_to_autosave(self) -> None:
        from ..session import autosave_path

        auto = autosave_path(self.url)
        if auto.is_file():
            QMessageBox.information(self.w, self.ui["recover_title"], self.ui["shared_autosave"].format(file=auto))

    def close(self) -> None:
        if self.listener is not None:
            self.notifier.setEnabled(False)
            self.listener.close()
            self.listener = None
