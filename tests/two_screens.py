"""Run by test_presenter_view.py in its own process: Qt's offscreen platform with two screens (a
laptop, primary, and a projector) must be set before the application starts. Presents the shipped
briefing and prints what it finds as JSON."""

import json
import sys
import time

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest

from mapapp.data.filtering import Filter
from mapapp.data.load import load_dataset
from mapapp.ui.app import application
from mapapp.ui.main_window import MainWindow


def wait(condition, timeout=20.0):
    end = time.monotonic() + timeout
    while not condition() and time.monotonic() < end:
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
    return condition()


def page(win, code):
    box = []
    win.map.page().runJavaScript(code, 0, box.append)
    wait(lambda: box)
    return box[0]


def where(widget):
    return {"screen": widget.screen().name(), "full_screen": widget.isFullScreen(), "geometry": widget.geometry().getRect()}


app = application()
win = MainWindow(load_dataset(), lang="zh", initial=Filter(), remember=False)
win.show()
wait(lambda: win.map.is_ready)
out = {"screens": [s.name() for s in app.screens()], "primary": app.primaryScreen().name()}
win.presenter.start(0)
view = win.presenter.view
wait(lambda: win.isFullScreen() and view is not None and view.isFullScreen())
out["audience"], out["presenter"] = where(win), where(view)
QTest.keyClick(view.notes, Qt.Key.Key_PageDown)  # from the presenter view, its notes having the focus
second = win.scenes[1]
wait(lambda: page(win, "document.documentElement.getAttribute('data-scene')") == second.id)
out["after_page_down"] = {"page": page(win, "document.documentElement.getAttribute('data-scene')"),
                          "counter": view.counter.text(), "notes": view.notes.toPlainText() == second.notes_zh}
before = view.elapsed.text()
wait(lambda: view.elapsed.text() != before, timeout=3)
out["timer"] = {"before": before, "after": view.elapsed.text(), "spent_on_first": win.presenter.clock.spent_on(win.scenes[0].id)}
QTest.keyClick(win.map.focusProxy() or win, Qt.Key.Key_S)  # swap, from the audience's screen
wait(lambda: win.screen().name() == out["presenter"]["screen"])
out["swapped"] = {"audience": win.screen().name(), "presenter": view.screen().name()}
QTest.keyClick(view, Qt.Key.Key_Escape)
wait(lambda: not win.presenter.active)
out["after_escape"] = {"view": win.presenter.view is None, "full_screen": win.isFullScreen()}
print(json.dumps(out, ensure_ascii=False), flush=True)
win.close()
win.deleteLater()
QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the pages go before their profile
wait(lambda: False, timeout=0.5)  # the previews' hidden view is deleted later still
QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
sys.exit(0)
