"""Running the window, or a page, offscreen once: a screenshot, the scenes' PDF or PowerPoint, a
planning memo. Each waits in a local event loop and returns an exit code for the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QTimer

from ..analysis.options import PlannerError
from ..data.filtering import Filter
from .app import application
from .exports import Export
from .start_loader import open_window

if TYPE_CHECKING:
    from ..briefing.scenes import Scene
    from ..data.load import Dataset


def screenshot(source: Path, out: Path, width: int, height: int, lang: str, initial: Filter,
               scene: int | None = None, theme: str = "standard", timeout_s: float = 60,
               plan: tuple[int, tuple[str, ...], bool] | None = None, select: tuple[str, ...] | None = None,
               presenter_view: bool = False, change: tuple[str, ...] | None = None) -> int:
    """Open the window on source offscreen, save it once the map has drawn, and return an exit code.

    scene: 1-based; the window is shown as in presentation mode, on that scene.
    plan: (k, agencies, frontier): the planner open with its recommendation of k new posts on the map
    (its frontier tab in front if frontier).
    select: (kind, id): that feature or country selected, its popup and details shown.
    """
    application()
    loop = QEventLoop()  # not app.exec(): quitting the application would also close its windows
    window, loader = open_window(source, lang, initial, remember=False, map_first=False, theme=theme)  # the PNG needs it all
    window.resize(width, height)
    result = {"code": 1, "error": f"the map page did not finish loading within {timeout_s:.0f} s"}

    def finish(code: int, error: str | None) -> None:
        result.update(code=code, error=error)
        loop.quit()

    def done(saved: bool) -> None:
        finish(0 if saved else 1, None if saved else f"could not write {out}")

    def loaded() -> None:
        if scene is not None and not 1 <= scene <= len(window.scenes):
            return finish(2, f"there is no scene {scene}; the briefing has {len(window.scenes)}")
        if change is not None:  # the change between two snapshots (controllers/change.py)
            from .controllers.change import show_change

            try:
                show_change(window, *change)
            except (TypeError, ValueError) as exc:
                return finish(2, f"--change takes OLD:NEW as-of dates: {exc}")
            return grab_when_drawn(window, out, done, settle_ms=1000)
        if presenter_view:  # the laptop's screen while presenting, its scene pictures rendered
            window.presenter.start((scene or 1) - 1, full_screen=False, presenter_view=True)
            view = window.presenter.view
            view.resize(width, height)
            window.presenter.previews.finished.connect(lambda _images: QTimer.singleShot(
                300, lambda: done(view.grab().save(str(out)))))
            window.presenter.previews.failed.connect(lambda message: finish(1, message))
            return
        if scene is not None:
            window.presenter.start(scene - 1, full_screen=False)
        if select is not None:
            from ..data import present  # the data stack is in by now (attach)

            if len(select) != 2 or select[0] not in present.KINDS or present.details(window.ds, *select, window.lang) is None:
                return finish(2, f"nothing to select as {':'.join(select)}: give {'|'.join(present.KINDS)}:ID")
            # Selected once the window has its size (a resize re-frames the first view), shot after the flight.
            return grab_when_drawn(window, out, done, settle_ms=1500, before=lambda: window.select(*select))
        if plan is None:
            return grab_when_drawn(window, out, done)
        window.show_dock("planner")

        def recommended() -> None:
            if plan[2]:  # the frontier tab in front (a recommendation brings its reasons forward)
                window.planner.tabs.setCurrentWidget(window.planner.frontier)
            grab_when_drawn(window, out, done)

        window.planner.recommended.connect(recommended)
        try:
            window.planner.show_recommendation_for(*plan[:2])
        except PlannerError as exc:
            finish(2, str(exc))

    window.loaded.connect(loaded)
    loader.failed.connect(lambda message: finish(1, message))
    window.map.load_failed.connect(lambda message: finish(1, message))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    dispose(window)
    if result["code"]:
        print(f"mapapp: screenshot failed: {result['error']}", file=sys.stderr)
    else:
        print(f"wrote {out} ({width}x{height})")
    return result["code"]


def grab_when_drawn(window, out: Path, on_done, settle_ms: int = 600, before=None) -> None:
    """Save the whole window once the page has drawn at its size (plus a moment for the last paint);
    before: called once the page is laid out, settle_ms before the picture."""

    def laid_out():
        if before is not None:
            before()
        QTimer.singleShot(settle_ms, lambda: on_done(window.grab().save(str(out))))

    def shoot(_counts=None):
        window.map.when_laid_out(laid_out)

    if window.map.is_ready:
        shoot()
    else:
        window.map.ready.connect(shoot)


def dispose(window) -> None:
    if window.ds is not None:  # attached: it has a presenter
        window.presenter.stop()
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the page goes before its profile


def run_offscreen(job, *ends) -> None:
    """Start an offscreen job (an Export or a SceneRenderer), wait in a local loop until one of `ends`
    fires, then delete it: its page goes before its profile."""
    loop = QEventLoop()  # not app.exec(): quitting the application would also close its windows
    for end in ends:
        end.connect(loop.quit)
    job.start()
    loop.exec()
    job.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def export(ds: Dataset, scenes: list[Scene], fmt: str, out: Path, lang: str, size: tuple[int, int], theme: str,
           paper=None) -> int:
    """Render the scenes offscreen and write a PDF handout (on `paper`, a briefing.paper layout) or a
    PowerPoint deck; return an exit code."""
    from ..briefing.scenes import scene_jobs

    application()
    job = Export(ds, scenes, scene_jobs(scenes, lang), fmt, out, lang, size, theme, paper=paper)
    result = {"error": "did not finish"}

    def progress(done: int, n: int) -> None:
        if done < n:
            print(f"rendering scene {done + 1}/{n}: {scenes[done].text('title', lang)}", file=sys.stderr)

    job.renderer.progress.connect(progress)
    job.done.connect(lambda error: result.update(error=error))
    run_offscreen(job, job.done)
    if result["error"]:
        print(f"mapapp: export failed: {result['error']}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({len(scenes)} scenes)")
    return 0


def write_memo(ds: Dataset, answer, out: Path, lang: str) -> int:
    """The decision memo for a planning answer: its plan rendered on the map offscreen, then the PDF;
    returns an exit code."""
    from ..analysis.whatif import Plan, outcome
    from ..briefing.memo import write_memo as write_pdf
    from ..briefing.scenes import view_job
    from ..map.planner_layer import plan_overlay
    from .scene_renderer import SceneRenderer

    application()
    opened = tuple(s for s in answer.chosen() if s.kind != "post")
    overlay = plan_overlay(answer.problem, outcome(answer.problem, Plan(added=opened)))
    job = view_job("memo", Filter(agencies=frozenset(answer.problem.agencies)), None, overlay)
    renderer = SceneRenderer(ds, [job], lang, (1600, 760))
    result = {"error": "did not finish"}
    renderer.finished.connect(lambda images: result.update(error=None, png=images[0]))
    renderer.failed.connect(lambda message: result.update(error=message))
    run_offscreen(renderer, renderer.finished, renderer.failed)
    if result["error"]:
        print(f"mapapp: memo failed: {result['error']}", file=sys.stderr)
        return 1
    try:
        write_pdf(out, ds, answer, result["png"], lang)
    except OSError as exc:
        print(f"mapapp: memo failed: {out}: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return 0
