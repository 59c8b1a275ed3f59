"""QApplication setup, and running the window interactively (ui/offscreen.py runs it once, for a
picture). It opens in two steps (ui/start_loader.py): the map first, the data after.

Everything here is on the way to the first map: only what that needs is imported at the top.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ..data.schema import DEFAULT_DATA
from ..strings import STRINGS
from .dock_layout import fit_to_screen
from .start_loader import open_window

if TYPE_CHECKING:
    from ..data.filtering import Filter

CJK_FONTS = ("Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei", "PingFang TC")


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("mapapp")
        QCoreApplication.setApplicationName("mapapp")
        app = QApplication(sys.argv[:1])
        families = set(QFontDatabase.families())
        for family in CJK_FONTS:
            if family in families:
                app.setFont(QFont(family, 10))
                break
    return app


def default_workspace() -> Path:
    """Where the user's working data lives between sessions (a GeoPackage)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "workspace.gpkg"


def ensure_workspace(path: Path) -> Path:
    """The workspace at path, created from the shipped data the first time."""
    if not path.exists():
        from ..data.load import load_dataset, save_workspace

        try:
            save_workspace(load_dataset(DEFAULT_DATA), path, replace=False)
        except FileExistsError:  # a second window started at the same moment made it: use that one
            pass
    return path


def run(data: Path | None, lang: str | None, initial: Filter | None) -> int:
    """Open the window on a data folder or workspace; by default the user's own workspace,
    created from the shipped data on first run, with any newer autosave offered back."""
    app = application()
    path = data or ensure_workspace(default_workspace())
    window, loader = open_window(path, lang, initial)
    if not (window.settings and window.settings.value("geometry")):
        fit_to_screen(window)

    def failed(message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        print(f"mapapp: {message}", file=sys.stderr)
        ui = STRINGS[window.opening.lang]  # failed before the window had its state
        QMessageBox.critical(window, ui["open_workspace"], ui["open_failed"].format(message))
        app.exit(1)

    loader.failed.connect(failed)
    window.loaded.connect(lambda: window.workspace.recover_autosave())
    return app.exec()
