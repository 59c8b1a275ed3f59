"""Opening the window in two steps, so that the map shows before the data stack is in memory.

MainWindow(source=...) loads the page this data source made last time, if its bytes are
unchanged, having imported little more than Qt and the map view: every module imported
before the load delays the map as much. Once that page has drawn, a thread imports pandas,
geopandas, the window's state, controllers and panels (~0.6 s here); then the data is read
and attached on the main thread.

The imports wait for the page because on two cores they slow Chromium's page load more
than they gain (measured: map drawn 0.93 s waiting, 1.21 s not; panels in 0.3 s later).
Only the imports run on the thread: reading the data creates pyproj objects that must
stay on the thread that uses them (a worker thread that did so crashed the app once).
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..data.issues import DataError
from .main_window import MainWindow

PAGE_WAIT_MS = 5000  # go on without the start page if it has not drawn by then


def import_data_stack() -> None:
    """Everything attach() needs beyond what the map needed: pandas, geopandas, the state, the page's
    commands, the panels and controllers. Safe on a thread."""
    from .. import state, to_page  # noqa: F401
    from ..briefing import scenes  # noqa: F401
    from ..data import edits, importing, load, related, workspace  # noqa: F401
    from ..map import geometry  # noqa: F401
    from . import actions, binding, import_dialog, presenter, session  # noqa: F401
    from .controllers import exports, planner, scene_editing, search  # noqa: F401
    from .controllers import workspace as workspace_controller  # noqa: F401
    from .panels import details_panel, filter_panel, planner_panel, scenes_panel, stats_panel, table_editor  # noqa: F401


class StartLoader(QObject):
    imported = Signal(str)  # from the import thread: "" or what went wrong
    failed = Signal(str)  # the data could not be opened: the window has no data

    def __init__(self, window: MainWindow, source: Path):
        super().__init__(window)
        self.window, self.source = window, source
        self._imports = "waiting"  # then "running", then "done"
        self._import_error = ""
        self.imported.connect(self._on_imported)

    def start(self, map_first: bool = True) -> None:
        """map_first=False: import at once, for a caller that waits for the whole window anyway."""
        if not map_first or self.window.page_path is None or self.window.map.is_ready:
            self._start_imports()
            return
        self.window.map.ready.connect(self._start_imports)
        self.window.map.load_failed.connect(self._start_imports)
        self._wait = QTimer(self, singleShot=True, interval=PAGE_WAIT_MS)
        self._wait.timeout.connect(self._start_imports)
        self._wait.start()

    def _start_imports(self, *_args) -> None:
        if self._imports == "waiting":
            self._imports = "running"
            threading.Thread(target=self._import, name="mapapp-imports", daemon=True).start()

    def _import(self) -> None:
        try:
            import_data_stack()
            error = ""
        except Exception as exc:  # noqa: BLE001 (reported on the main thread)
            error = f"{type(exc).__name__}: {exc}"
        try:
            self.imported.emit(error)
        except RuntimeError:  # the window was closed and deleted meanwhile: nobody is waiting
            pass

    def _on_imported(self, error: str) -> None:
        self._imports = "done"
        if not self.window.isVisible():  # closed while opening
            return
        if error:
            self.failed.emit(error)
            return
        from ..data.load import load_dataset

        try:
            ds = load_dataset(self.source)
        except (DataError, OSError) as exc:
            self.failed.emit(f"{self.source} has errors (run check-data):\n{exc}")
            return
        self.window.attach(ds)


def open_window(source: Path, lang: str | None = None, initial=None, remember: bool = True,
                map_first: bool = True, theme: str | None = None) -> tuple[MainWindow, StartLoader]:
    """The window for a data folder or workspace, shown and filling in; see the module docstring."""
    window = MainWindow(lang=lang, initial=initial, remember=remember, source=source, theme=theme)
    loader = StartLoader(window, source)
    window.show()
    loader.start(map_first)
    return window, loader
