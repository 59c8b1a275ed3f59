"""QApplication setup, and the two ways to run the window: interactively, or once for a screenshot."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ..data.filtering import Filter
from ..data.load import Dataset
from .main_window import MainWindow

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


def run(ds: Dataset, lang: str | None, initial: Filter | None) -> int:
    app = application()
    window = MainWindow(ds, lang=lang, initial=initial)
    window.show()
    return app.exec()


def screenshot(ds: Dataset, out: Path, width: int, height: int, lang: str, initial: Filter, timeout_s: float = 60) -> int:
    """Render the whole window offscreen after the map has drawn, save it, and return an exit code."""
    app = application()
    window = MainWindow(ds, lang=lang, initial=initial, remember=False)
    window.resize(width, height)
    window.show()
    result = {"code": 1, "error": f"the map page did not finish loading within {timeout_s:.0f} s"}

    def done(saved: bool) -> None:
        result.update(code=0 if saved else 1, error=None if saved else f"could not write {out}")
        app.quit()

    def failed(message: str) -> None:
        result.update(code=1, error=message)
        app.quit()

    window.map.load_failed.connect(failed)
    window.grab_when_drawn(out, done)
    QTimer.singleShot(int(timeout_s * 1000), app.quit)
    app.exec()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the page goes before its profile
    if result["code"]:
        print(f"mapapp: screenshot failed: {result['error']}", file=sys.stderr)
    else:
        print(f"wrote {out} ({width}x{height})")
    return result["code"]
