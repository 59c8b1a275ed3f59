"""Presentation mode: the window full screen, one scene at a time, driven by the keys a clicker sends.

Keys (as in PowerPoint): PageDown, Right, Down, Space, Enter step on; PageUp, Left, Up, Backspace
step back; Home and End go to the first and last scene; a number then Enter jumps to that scene;
B or . blanks the screen; F shows the filter panel to answer a question (the next step restores
the scene); Esc leaves. Marking up: Ctrl+P pen, Ctrl+I highlighter, Ctrl+L spotlight, Ctrl+A the
pointer again; E erases the marks, K keeps them for the scene (shown again and exported with it).

With a second screen the map goes full screen on the external one (the audience's) and the presenter
view (presenter_view.py) on the laptop's; S swaps them. With one screen it is as it always was.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from ..to_page import GetMarks, SetMarks, SetMarkTool
from .scene_clock import SceneClock

NEXT_KEYS = {Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_N}
PREVIOUS_KEYS = {Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace, Qt.Key.Key_P}
BLANK_KEYS = {Qt.Key.Key_B, Qt.Key.Key_Period}
ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}
MARK_KEYS = {Qt.Key.Key_P: "pen", Qt.Key.Key_I: "highlighter", Qt.Key.Key_L: "spotlight", Qt.Key.Key_A: None}  # with Ctrl


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
        self.clock = SceneClock(window.settings)
        self.view = None  # the presenter view, while presenting with it
        self.kept: dict[str, list] = {}  # scene id -> the marks kept for it

    # ---------- entering and leaving ----------

    def start(self, index: int = 0, full_screen: bool = True, rehearse: bool = False,
              presenter_view: bool | None = None) -> bool:
        """presenter_view: None = when there is a second screen for it."""
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
                "geometry": w.saveGeometry(),
                "theme": w.theme,
            }
            for dock in w.docks.values():
                dock.hide()
            for bar in self._saved["bars"]:
                bar.hide()
            w.state.theme = "projector"
            screens = self._screens()
            if presenter_view or (presenter_view is None and full_screen and screens):
                self._open_view()
            if full_screen:
                self._place(screens)
            self.active = True
            self.clock.start(scenes[self.index].id, rehearse)
            self._watch(True)
            self.active_changed.emit(True)
        self.show(self.index)
        return True

    # ---------- screens and the presenter view ----------

    @staticmethod
    def _screens():
        """(audience, laptop) when there are two screens: the external one is the audience's."""
        laptop = QGuiApplication.primaryScreen()
        others = [s for s in QGuiApplication.screens() if s is not laptop]
        return (others[0], laptop) if others else None

    def _place(self, screens) -> None:
        w = self.window
        if screens is None or self.view is None:
            w.showFullScreen()
            return
        audience, laptop = screens
        for widget, screen in ((w, audience), (self.view, laptop)):
            widget.showNormal()
            widget.setScreen(screen)
            widget.setGeometry(screen.geometry())  # on the screen before full screen: some platforms keep the old size
            widget.showFullScreen()

    def swap_screens(self) -> None:
        if self.active and self.view is not None and self.view.screen() is not self.window.screen():
            audience, laptop = self.window.screen(), self.view.screen()
            self._place((laptop, audience))

    def _open_view(self) -> None:
        from ..briefing.scenes import scene_jobs
        from .presenter_view import PREVIEW_SIZE, PREVIEW_ZOOM, PresenterView
        from .scene_renderer import SceneRenderer

        w = self.window
        self.view = PresenterView(w, self.clock)
        self.view.show()
        jobs = [{**job, "title": "", "caption": "", "counter": ""} for job in scene_jobs(w.scenes, w.lang)]
        self.previews = SceneRenderer(w.ds, jobs, w.lang, PREVIEW_SIZE, "projector", parent=self, zoom=PREVIEW_ZOOM)
        self.previews.finished.connect(lambda images: self.view is not None and self.view.set_pictures(images))
        self.previews.start()

    def _close_view(self) -> None:
        if self.view is not None:
            self.previews.abort()
            self.previews.deleteLater()  # one renderer per presentation, not one more each time
            self.view.removeEventFilter(self)
            self.view.close()
            self.view.deleteLater()
            self.view = None

    def stop(self) -> None:
        if not self.active:
            return
        self._watch(False)
        self.active = False
        self.typed = ""
        self.blank.hide()
        self.clock.stop()
        self._close_view()
        self.window.map.send(SetMarkTool(None))
        w = self.window
        w.setWindowState(self._saved["state"])
        w.restoreGeometry(self._saved["geometry"])
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
        if self.active:
            self.clock.enter(self.window.scenes[self.index].id)
        if self.view is not None:
            self.view.show_scene(self.index)
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
        if modifiers & Qt.KeyboardModifier.ControlModifier and key in MARK_KEYS:
            self.window.map.send(SetMarkTool(MARK_KEYS[key]))
            return True
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
        elif key == Qt.Key.Key_E:
            self.window.map.send(SetMarks([]))
        elif key == Qt.Key.Key_K:
            self.keep_marks()
        elif key == Qt.Key.Key_S:
            self.swap_screens()
        else:
            return False
        return True

    def keep_marks(self, done=None) -> None:
        """Keep the marks on the map for the scene shown: drawn again when it is, and exported with it."""
        scene_id = self.window.scenes[self.index].id

        def kept(marks: list) -> None:
            self.kept[scene_id] = marks
            if not marks:
                del self.kept[scene_id]
            if done:
                done(marks)

        self.window.map.send(GetMarks(), kept)

    def _watch(self, on: bool) -> None:
        """Keys reach the window, the web view's render widget when the map has focus, or the presenter view."""
        targets = [self.window, self.window.map, self.window.map.focusProxy()]
        if self.view is not None:  # the view and what in it may have the focus (its notes, its list)
            targets += [self.view, *self.view.findChildren(QWidget)]
        for target in {id(t): t for t in targets if t is not None}.values():
            if on:
                target.installEventFilter(self)
            else:
                target.removeEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if not self.active:
            return False
        if event.type() == QEvent.Type.ShortcutOverride and event.modifiers() & Qt.KeyboardModifier.ControlModifier \
                and event.key() in MARK_KEYS:  # PowerPoint's keys win over the window's Ctrl+I and Ctrl+L while presenting
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress:
            return self.handle_key(event.key(), event.modifiers())
        return False
