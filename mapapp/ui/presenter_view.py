"""The presenter view: what the officer sees on the laptop while the room sees the map.

The current scene and the next as pictures, the speaker notes in large type, the scene list to
jump to (with each scene's planned and spent time), the elapsed time and the clock. The scenes'
pictures are rendered once, in a hidden view, when the presentation starts (SceneRenderer). The
keys work here as on the audience's screen: the presenter filters this window's key presses too.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QListWidget, QListWidgetItem, QPlainTextEdit, QVBoxLayout, QWidget

from ..strings import STRINGS
from .scene_clock import SceneClock, clock_text

PREVIEW_SIZE = (1280, 720)  # CSS px the scenes' pictures are rendered at: the room's view, not a zoomed-in one
PREVIEW_ZOOM = 0.5  # device px per CSS px: 640x360 pictures


def _label(points: float, bold: bool = False) -> QLabel:
    label = QLabel()
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    label.setFont(font)
    return label


class PresenterView(QWidget):
    def __init__(self, window, clock: SceneClock):
        super().__init__()
        self.window, self.clock = window, clock
        self.setObjectName("presenter-view")
        self.pictures: dict[int, QPixmap] = {}
        self.index = 0
        ui = STRINGS[window.lang]
        self.setWindowTitle(ui["presenter_view"])
        self.elapsed, self.time_now, self.counter = _label(22, True), _label(22), _label(22, True)
        self.current, self.next = QLabel(), QLabel()
        for picture in (self.current, self.next):
            picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
            picture.setMinimumSize(160, 90)
            picture.setStyleSheet("background: #222; color: #ddd;")
        self.next_title, self.scene_time = _label(13), _label(15)
        self.notes = QPlainTextEdit(readOnly=True)
        font = QFont()
        font.setPointSize(20)
        self.notes.setFont(font)
        self.scene_list = QListWidget()
        self.scene_list.setFont(QFont(self.scene_list.font().family(), 13))
        self.scene_list.itemActivated.connect(lambda item: window.presenter.show(self.scene_list.row(item)))
        self.scene_list.itemClicked.connect(lambda item: window.presenter.show(self.scene_list.row(item)))
        bar = QGridLayout()
        bar.addWidget(self.elapsed, 0, 0)
        bar.addWidget(self.counter, 0, 1, Qt.AlignmentFlag.AlignCenter)
        bar.addWidget(self.time_now, 0, 2, Qt.AlignmentFlag.AlignRight)
        side = QVBoxLayout()
        side.addWidget(_label(13, True))
        side.itemAt(0).widget().setText(ui["next_scene"])
        side.addWidget(self.next, 2)
        side.addWidget(self.next_title)
        side.addWidget(self.scene_list, 3)
        grid = QGridLayout(self)
        grid.addLayout(bar, 0, 0, 1, 2)
        grid.addWidget(self.current, 1, 0)
        grid.addWidget(self.scene_time, 2, 0)
        grid.addWidget(self.notes, 3, 0)
        grid.addLayout(side, 1, 1, 3, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        grid.setRowStretch(1, 3)
        grid.setRowStretch(3, 2)
        self.ticker = QTimer(self, interval=1000)
        self.ticker.timeout.connect(self.tick)
        self.ticker.start()
        self._fill_list()
        self.tick()

    def _fill_list(self) -> None:
        self.scene_list.clear()
        for i, scene in enumerate(self.window.scenes):
            self.scene_list.addItem(QListWidgetItem(f"{i + 1}. {scene.text('title', self.window.lang)}"))

    def set_pictures(self, images: list[bytes]) -> None:
        for i, data in enumerate(images):
            picture = QPixmap()
            picture.loadFromData(data, "PNG")
            self.pictures[i] = picture
        self.show_scene(self.index)

    def show_scene(self, index: int) -> None:
        self.index = index
        scenes, ui = self.window.scenes, STRINGS[self.window.lang]
        scene = scenes[index]
        self.notes.setPlainText(scene.text("notes", self.window.lang))
        self.counter.setText(f"{index + 1} / {len(scenes)}")
        self.scene_list.setCurrentRow(index)
        self._picture(self.current, index)
        if index + 1 < len(scenes):
            self._picture(self.next, index + 1)
            self.next_title.setText(scenes[index + 1].text("title", self.window.lang))
        else:
            self.next.clear()
            self.next.setText(ui["last_scene"])
            self.next_title.setText("")
        self.tick()

    def _picture(self, label: QLabel, index: int) -> None:
        picture = self.pictures.get(index)
        if picture is None or picture.isNull():
            label.setText(STRINGS[self.window.lang]["previews_pending"])
            return
        label.setPixmap(picture.scaled(label.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if self.window.scenes:
            self.show_scene(self.index)

    def tick(self) -> None:
        """Once a second: the elapsed time, the clock, and each scene's planned and spent time."""
        ui, clock = STRINGS[self.window.lang], self.clock
        prefix = f"{ui['rehearsing']}　" if clock.rehearsing else ""
        self.elapsed.setText(f"{prefix}{ui['elapsed']} {clock_text(clock.elapsed())}")
        self.time_now.setText(f"{ui['clock']} {time.strftime('%H:%M')}")
        if self.window.scenes:
            scene = self.window.scenes[self.index]
            self.scene_time.setText(f"{scene.text('title', self.window.lang)}　{self._times(scene.id)}")
            for i, s in enumerate(self.window.scenes):
                self.scene_list.item(i).setText(f"{i + 1}. {s.text('title', self.window.lang)}　{self._times(s.id)}")

    def _times(self, scene_id: str) -> str:
        ui, clock = STRINGS[self.window.lang], self.clock
        spent = clock_text(clock.spent_on(scene_id))
        if scene_id in clock.planned:
            return ui["time_planned_spent"].format(planned=clock_text(clock.planned[scene_id]), spent=spent)
        return ui["time_spent"].format(spent=spent)
