"""QApplication setup, and the two ways to run the window: interactively, or once for a screenshot."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QStandardPaths, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ..analysis.planner import PlannerError
from ..briefing.scenes import Scene, scene_jobs
from ..data.filtering import Filter
from ..data.load import DEFAULT_DATA, Dataset, load_dataset, save_workspace
from .exports import Export
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


def default_workspace() -> Path:
    """Where the user's working data lives between sessions (a GeoPackage)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)) / "workspace.gpkg"


def ensure_workspace(path: Path) -> Path:
    """The workspace at path, created from the shipped data the first time."""
    if not path.exists():
        save_workspace(load_dataset(DEFAULT_DATA), path)
    return path


def run(data: Path | None, lang: str | None, initial: Filter | None) -> int:
    """Open the window on a data folder or workspace; by default the user's own workspace,
    created from the shipped data on first run, with any newer autosave offered back."""
    app = application()
    path = data or ensure_workspace(default_workspace())
    window = MainWindow(load_dataset(path), lang=lang, initial=initial)
    window.recover_autosave()
    window.show()
    return app.exec()


def screenshot(ds: Dataset, out: Path, width: int, height: int, lang: str, initial: Filter,
               scene: int | None = None, theme: str = "standard", timeout_s: float = 60,
               plan: tuple[int, tuple[str, ...]] | None = None) -> int:
    """Render the whole window offscreen after the map has drawn, save it, and return an exit code.

    scene: 1-based; the window is shown as in presentation mode, on that scene.
    plan: (k, agencies): the planner open with its recommendation of k new posts on the map.
    """
    application()
    loop = QEventLoop()  # not app.exec(): quitting the application would also close its windows
    window = MainWindow(ds, lang=lang, initial=initial, remember=False)
    window.theme = theme
    if scene is not None and not 1 <= scene <= len(window.scenes):
        print(f"mapapp: there is no scene {scene}; the briefing has {len(window.scenes)}", file=sys.stderr)
        _dispose(window)
        return 2
    window.resize(width, height)
    if scene is not None:
        window.map.ready.connect(lambda _c: window.presenter.start(scene - 1, full_screen=False))
    window.show()
    result = {"code": 1, "error": f"the map page did not finish loading within {timeout_s:.0f} s"}

    def done(saved: bool) -> None:
        result.update(code=0 if saved else 1, error=None if saved else f"could not write {out}")
        loop.quit()

    def failed(message: str) -> None:
        result.update(code=1, error=message)
        loop.quit()

    window.map.load_failed.connect(failed)
    if plan is not None:
        window.show_planner()
        window.planner.recommended.connect(lambda: window.grab_when_drawn(out, done))
        try:
            window.planner.show_recommendation_for(*plan)
        except PlannerError as exc:
            print(f"mapapp: {exc}", file=sys.stderr)
            _dispose(window)
            return 2
    else:
        window.grab_when_drawn(out, done)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    _dispose(window)
    if result["code"]:
        print(f"mapapp: screenshot failed: {result['error']}", file=sys.stderr)
    else:
        print(f"wrote {out} ({width}x{height})")
    return result["code"]


def _dispose(window) -> None:
    window.presenter.stop()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the page goes before its profile


def export(ds: Dataset, scenes: list[Scene], fmt: str, out: Path, lang: str, size: tuple[int, int], theme: str) -> int:
    """Render the scenes offscreen and write a PDF handout or PowerPoint deck; return an exit code."""
    application()
    loop = QEventLoop()  # not app.exec(): quitting the application would also close its windows
    job = Export(ds, scenes, scene_jobs(scenes, lang), fmt, out, lang, size, theme)
    result = {"error": "did not finish"}

    def progress(done: int, n: int) -> None:
        if done < n:
            print(f"rendering scene {done + 1}/{n}: {scenes[done].text('title', lang)}", file=sys.stderr)

    def done(error) -> None:
        result["error"] = error
        loop.quit()

    job.renderer.progress.connect(progress)
    job.done.connect(done)
    job.start()
    loop.exec()
    job.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if result["error"]:
        print(f"mapapp: export failed: {result['error']}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({len(scenes)} scenes)")
    return 0
