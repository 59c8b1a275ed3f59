"""Renders scenes to pictures in a hidden map view of a chosen size, one after another.

The view is never shown on screen (WA_DontShowOnScreen), so exports at 1920x1080 work from a
laptop of any size while the presenter's own window stays as it is. Rendering must happen on the
GUI thread; it runs step by step from the event loop, reports progress, and can be cancelled
between scenes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, QTimer, Signal

from ..data.filtering import Filter
from ..to_page import SetPrint, SetTheme, ShowScene
from .map_view import MapView, write_app_page

if TYPE_CHECKING:
    from ..data.load import Dataset

SETTLE_MS = 500  # after the page has placed a scene, time for the last paint


class SceneRenderer(QObject):
    progress = Signal(int, int)  # scenes done, scenes in all
    finished = Signal(list)  # PNG bytes, one per job, in order
    failed = Signal(str)

    def __init__(self, ds: Dataset, jobs: list[dict], lang: str, size: tuple[int, int], theme: str = "standard",
                 timeout_s: float = 60, parent=None, zoom: float = 1):
        """jobs: page 'scene' commands (Scene.page_command, or the current view as one).
        size: the map's size in CSS pixels; zoom: device pixels per CSS pixel of the pictures."""
        super().__init__(parent)
        self.ds, self.jobs, self.lang, self.theme, self.zoom = ds, jobs, lang, theme, zoom
        self.images: list[bytes] = []
        self.cancelled = False
        self._done = False
        self.view = MapView()
        self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.view.resize(round(size[0] * zoom), round(size[1] * zoom))
        self.view.ready.connect(self._on_ready)
        self.view.load_failed.connect(self._fail)
        self._timeout = QTimer(self, singleShot=True, interval=int(timeout_s * 1000))
        self._timeout.timeout.connect(lambda: self._fail(f"the map page did not draw within {timeout_s:.0f} s"))

    def start(self) -> None:
        self.view.show()
        self.view.load_page(write_app_page(self.ds, Filter(), self.lang))
        self._timeout.start()

    def cancel(self) -> None:
        self.cancelled = True

    def abort(self) -> None:
        """Stop now (its owner is going away): the hidden view goes too, no picture is taken."""
        self._fail("cancelled")

    def _on_ready(self, _counts) -> None:
        self.view.setZoomFactor(self.zoom)
        self.view.send(SetTheme(self.theme))
        self.view.send(SetPrint(True))  # no zoom buttons on paper or a slide
        self._next()

    def _next(self) -> None:
        if self._done:
            return
        if self.cancelled:
            return self._fail("cancelled")
        i = len(self.images)
        self.progress.emit(i, len(self.jobs))
        if i == len(self.jobs):
            self._finish()
            self.finished.emit(self.images)
            return
        self._timeout.start()
        self.view.send(ShowScene({**self.jobs[i], "animate": False}), lambda _shown: QTimer.singleShot(SETTLE_MS, self._grab))

    def _grab(self) -> None:
        if self._done:
            return
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.view.grab().save(buffer, "PNG")
        self.images.append(bytes(data.data()))
        self._next()

    def _fail(self, message: str) -> None:
        if not self._done:
            self._finish()
            self.failed.emit(message)

    def _finish(self) -> None:
        self._done = True
        self._timeout.stop()
        self.view.hide()
        self.view.deleteLater()
