"""The open workspace: its dataset, where it saves, what is unsaved, undo and autosave.

Every change (an import, a cell edit, a row added or removed) is a whole-table snapshot
pushed on a QUndoStack, so undo can never leave the data half-changed; each snapshot is
checked by the same rules as a data folder before it becomes the dataset.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..data.issues import Issue
from ..data.load import Dataset, as_tables, check_source, check_tables, save_workspace
from ..data.workspace import SUFFIX, is_workspace

AUTOSAVE_MS = 60_000


def autosave_path(path: Path) -> Path:
    """work.gpkg -> work.autosave.gpkg, beside it (a GeoPackage too, so it opens like one)."""
    return path.with_name(f"{path.stem}.autosave{SUFFIX}")


class _Change(QUndoCommand):
    def __init__(self, session: Session, before: Dataset, after: Dataset, text: str):
        super().__init__(text)
        self.session, self.before, self.after = session, before, after

    def redo(self) -> None:
        self.session._show(self.after)

    def undo(self) -> None:
        self.session._show(self.before)


class Session(QObject):
    dataset_changed = Signal(object)  # Dataset
    dirty_changed = Signal(bool)

    def __init__(self, ds: Dataset, parent=None):
        super().__init__(parent)
        self.ds = ds
        self.path: Path | None = ds.source if is_workspace(ds.source) else None
        self.undo = QUndoStack(self)
        self.undo.cleanChanged.connect(self._clean_changed)  # a method: disconnected when the session goes
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()

    def _clean_changed(self, clean: bool) -> None:
        self.dirty_changed.emit(not clean)

    def reset(self, ds: Dataset) -> None:
        """Another workspace: its own history starts empty."""
        self.undo.clear()
        self.ds = ds
        self.path = ds.source if is_workspace(ds.source) else None

    @property
    def dirty(self) -> bool:
        return not self.undo.isClean()

    def _show(self, ds: Dataset) -> None:
        self.ds = ds
        self.dataset_changed.emit(ds)

    def apply(self, ds: Dataset, text: str) -> None:
        """A checked dataset becomes current, undoably."""
        self.undo.push(_Change(self, self.ds, ds, text))

    def change_tables(self, frames: dict[str, pd.DataFrame], text: str) -> list[Issue]:
        """Check edited tables; apply them if they hold, else return the errors and change nothing."""
        ds, issues = check_tables(self.ds.source, self.ds.raw_basemap, as_tables(frames), self.ds.scenes_text)
        if ds is None:
            return [i for i in issues if i.severity == "error"]
        self.apply(ds, text)
        return []

    def save(self, path: Path | None = None, scenes_text: str | None = None) -> Path:
        """Write the workspace atomically; the autosave beside it is no longer needed."""
        target = Path(path or self.path)
        if scenes_text is not None:
            self.ds.scenes_text = scenes_text
        save_workspace(self.ds, target)
        if self.path is not None and self.path != target:
            autosave_path(self.path).unlink(missing_ok=True)
        self.path = target
        self.ds.source = target
        autosave_path(target).unlink(missing_ok=True)
        self.undo.setClean()
        return target

    def autosave(self) -> Path | None:
        """Unsaved work beside the workspace, for recovery after a crash."""
        if not self.dirty or self.path is None:
            return None
        return save_workspace(self.ds, autosave_path(self.path))

    def discard_autosave(self) -> None:
        if self.path is not None:
            autosave_path(self.path).unlink(missing_ok=True)


def recoverable(path: Path) -> Dataset | None:
    """The data of an autosave newer than the workspace (to be saved as the workspace), if it reads as valid."""
    auto = autosave_path(path)
    if not auto.is_file() or (path.is_file() and auto.stat().st_mtime <= path.stat().st_mtime):
        return None
    ds, _ = check_source(auto)
    if ds is not None:
        ds.source = path
    return ds
