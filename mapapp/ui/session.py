"""The open workspace: its dataset, where it saves, what is unsaved, undo and autosave.

Every change (an import, a cell edit, a row added or removed) is a whole-table snapshot
pushed on a QUndoStack, so undo can never leave the data half-changed; each snapshot is
checked by the same rules as a data folder before it becomes the dataset. A save writes the
difference between the data as last read or saved (`base`) and the data now, in place; when
others' saves are in the file by then, the data is read again and the history starts anew
(an undo past that point would take their rows out).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..data.database import is_database, where
from ..data.issues import Issue, WorkspaceError
from ..data.load import Dataset, as_tables, check_source, check_tables, load_dataset, save_workspace
from ..data.workspace import SUFFIX, is_workspace
from ..data.workspace_changes import save_as

AUTOSAVE_MS = 60_000
log = logging.getLogger(__name__)


def autosave_path(path: Path | str) -> Path:
    """work.gpkg -> work.autosave.gpkg, beside it (a GeoPackage too, so it opens like one); a shared
    workspace's in the app's data folder, named by its server and database (never its password)."""
    if is_database(path):
        name = hashlib.sha256(where(str(path)).encode()).hexdigest()[:16]
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "shared"
        return folder / f"{name}.autosave{SUFFIX}"
    return path.with_name(f"{path.stem}.autosave{SUFFIX}")


def _drop_autosave(path: Path | None) -> None:
    """The autosave beside a workspace is no longer needed; on a read-only disk it stays (and harms nothing)."""
    if path is not None:
        try:
            autosave_path(path).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove the autosave beside %s: %s", path, exc)


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
        self.base = ds  # as last read from or saved to the file: what a save compares with
        self.path: Path | str | None = _saved_at(ds)
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
        self.ds = self.base = ds
        self.path = _saved_at(ds)

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

    def save(self, path: Path | str | None = None, scenes_text: str | None = None, resolve: str | None = None):
        """Write what changed since the base into the workspace (in place; into a copy for another
        path). SaveConflict: rows changed underneath, nothing written; resolve="mine"/"theirs" decides.
        A shared workspace: save_shared."""
        if is_database(path or self.path):
            return self.save_shared(scenes_text)
        target = Path(path or self.path)
        scenes = scenes_text if scenes_text is not None else self.ds.scenes_text
        report = save_as(self.path, target, self.base, self.ds.tables, scenes, resolve)
        if self.path != target:
            _drop_autosave(self.path)
        self.path = target
        _drop_autosave(target)
        if report.others or report.kept_theirs:  # the file holds rows this window has not seen
            self._read_again(target)
        else:
            self.ds.scenes_text, self.ds.source, self.ds.revision = scenes, target, report.revision
            self.base = self.ds
        self.undo.setClean()
        return report

    def save_shared(self, scenes_text: str | None = None, conflicts=None, choice: str | None = None):
        """The shared workspace's save (data/database/save.py), or with conflicts and a choice (mine,
        theirs, merge) their resolution. The rows saved are read back with everyone else's, the
        unsaved work kept where rows are left in conflict; the report lists conflicts and refusals."""
        from ..data.database.save import resolve, save_changes

        url = str(self.path)
        if conflicts:
            report = resolve(url, self.base, conflicts, choice)
        else:
            report = save_changes(url, self.base, self.ds.tables, scenes_text)
        if report.conflicts:
            return report  # nothing of the unsaved work is dropped: the user settles them, then saves again
        _drop_autosave(self.path)
        self._read_again(url)
        return report

    def refresh(self) -> bool:
        """Others' changes to a shared workspace read in, where there is no unsaved work to keep."""
        if self.dirty or not is_database(self.path):
            return False
        self._read_again(str(self.path))
        return True

    def _read_again(self, source: Path | str) -> None:
        """The data as the source holds it now (others' rows too), its history started anew, shown."""
        self.reset(load_dataset(source))
        self.dataset_changed.emit(self.ds)

    def autosave(self) -> Path | None:
        """Unsaved work beside the workspace, for recovery after a crash (None where it cannot be written)."""
        if not self.dirty or self.path is None:
            return None
        try:
            if is_database(self.path):  # with the rows it is based on, so a check-in finds others' changes
                from ..data.database.checkout import write_offline

                return write_offline(autosave_path(self.path), self.ds.tables, self.base, str(self.path), self.ds.scenes_text)
            return save_workspace(self.ds, autosave_path(self.path))
        except WorkspaceError as exc:  # a read-only or full disk: the work is still in memory, and saving says why
            log.warning("autosave beside %s failed: %s", self.path, exc)
            return None

    def discard_autosave(self) -> None:
        _drop_autosave(self.path)


def _saved_at(ds: Dataset) -> Path | str | None:
    """Where a save goes: the workspace file or the shared workspace read; None for a data folder."""
    return ds.source if is_workspace(ds.source) or is_database(ds.source) else None


def recoverable(path: Path | str) -> Dataset | None:
    """The data of an autosave newer than the workspace (to be saved as the workspace), if it reads as valid."""
    if is_database(path):  # it records what it was based on: checked in as a trip's file is (ui/controllers/workspace.py)
        return None
    auto = autosave_path(path)
    if not auto.is_file() or (path.is_file() and auto.stat().st_mtime <= path.stat().st_mtime):
        return None
    ds, _ = check_source(auto)
    if ds is not None:
        ds.source = path
    return ds
