"""Presentation mode: the window full screen, one scene at a time, driven by the keys a clicker sends.

Keys (as in PowerPoint): PageDown, Right, Down, Space, Enter step on; PageUp, Left, Up, Backspace
step back; Home and End go to the first and last scene; a number then Enter jumps to that scene;
B or . blanks the screen; F shows the filter panel to answer a question (the next step restores
the scene); Esc leaves.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

NEXT_KEYS = {Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_N}
PREVIOUS_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace, Qt.Key.Key_P}
BLANK_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}
ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}


class BlankScreen(QWidget):
    """Black over the whole window, as a projector's 'mute' would be."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("blank-screen")
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), Qt.GlobalColor.black)
        self.setPalette(palette)
        self.hide()

    def cover(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()


class Presenter(QObject):
    """Steps the window through its scenes; owns no scene data, only the position in them."""

    scene_changed = Signal(int)  # index now shown
    active_changed = Signal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.index = 0
        self.active = False
        self.typed = ""  # digits typed before Enter
        self.blank = BlankScreen(window)
        self._saved: dict = {}

    # ---------- entering and leaving ----------

    def start(self, index: int = 0, full_screen: bool = True) -> bool:
        scenes = self.window.scenes
        if not scenes:
            return False
        self.index = max(0, min(index, len(scenes) - 1))
        if not self.active:
            w = self.window
            self._saved = {
                "docks": {name: dock.isVisible() for name, dock in w.docks.items()},
                "bars": [bar for bar in (w.menuBar(), w.statusBar(), *w.toolbars()) if bar.isVisible()],
                "state": w.windowState(),
                "theme": w.theme,
            }
            for dock in w.docks.values():
                dock.hide()
            for bar in self._saved["bars"]:
                bar.hide()
            w.state.theme = "projector"
            if full_screen:
                w.showFullScreen()
            self.active = True
            self._watch(True)
            self.active_changed.emit(True)
        self.show(self.index)
        return True

    def stop(self) -> None:
        if not self.active:
            return
        self._watch(False)
        self.active = False
        self.typed = ""
        self.blank.hide()
        w = self.window
        w.setWindowState(self._saved["state"])
        for bar in self._saved["bars"]:
            bar.show()
        for name, dock in w.docks.items():
            dock.setVisible(self._saved["docks"][name])
        w.state.theme = self._saved["theme"]
        w.state.scene = None
        self.active_changed.emit(False)

    # ---------- moving ----------

    def show(self, index: int) -> None:
        self.index = max(0, min(index, len(self.window.scenes) - 1))
        self.blank.hide()
        self.window.state.show_scene(self.index)
        self.scene_changed.emit(self.index)

    def step(self, delta: int) -> None:
        target = self.index + delta
        if 0 <= target < len(self.window.scenes):
            self.show(target)
        else:
            self.show(self.index)  # at either end, a step still restores the scene after a question

    def jump(self, number: int) -> bool:
        """Go to scene `number` (1-based, as on the counter)."""
        if 1 <= number <= len(self.window.scenes):
            self.show(number - 1)
            return True
        return False

    def toggle_blank(self) -> None:
        if self.blank.isVisible():
            self.blank.hide()
        else:
            self.blank.cover()

    # ---------- keys ----------

    def handle_key(self, key: int, modifiers=Qt.KeyboardModifier.NoModifier) -> bool:
        """Act on one key press; True if it was a presenter key."""
        if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
            self.typed = (self.typed + chr(key))[-3:]
            return True
        if key in ENTER_KEYS:
            typed, self.typed = self.typed, ""
            if not typed or not self.jump(int(typed)):
                self.step(1)
            return True
        self.typed = ""
        if key == Qt.Key.Key_Escape:
            if self.blank.isVisible():
                self.blank.hide()
            else:
                self.stop()
        elif key in NEXT_KEYS:
            self.step(1)
        elif key in PREVIOUS_KEYS:
            self.step(-1)
        elif key == Qt.Key.Key_Home:
            self.show(0)
        elif key == Qt.Key.Key_End:
            self.show(len(self.window.scenes) - 1)
        elif key in BLANK_KEYS:
            self.toggle_blank()
        elif key == Qt.Key.Key_F:
            dock = self.window.docks["filters"]
            dock.setVisible(not dock.isVisible())
        else:
            return False
        return True

    def _watch(self, on: bool) -> None:
        """Keys reach the window, or the web view's render widget when the map has focus."""
        targets = [self.window, self.window.map, self.window.map.focusProxy()]
        for target in {id(t): t for t in targets if t is not None}.values():
            if on:
                target.installEventFilter(self)
            else:
                target.removeEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if self.active and event.type() == QEvent.Type.KeyPress:
            return self.handle_key(event.key(), event.modifiers())
        return False
