"""The window's exports of what is on screen: offline HTML, a PNG at a chosen size, the briefing as PDF or deck."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QProgressDialog

from ...strings import STRINGS
from ...to_page import View
from ..exports import EXPORT_SIZES, Export

if TYPE_CHECKING:
    from ..main_window import MainWindow


class ExportsController(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.w = window
        self.job: Export | None = None  # the export running, if any

    def html(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.w, STRINGS[self.w.lang]["export_html"], "map.html", "HTML (*.html)")
        if path:
            self.w.current_view(lambda view: self._write_html(path, view))

    def _write_html(self, path: str, view: View) -> None:
        """What is on screen now: the filter and the view (bounds) open as they are."""
        from ...map.build import render_page, write_page  # folium only when exporting

        w = self.w
        write_page(path, render_page(w.ds, w.filter, w.lang, view={"bounds": view.bounds}))
        w.statusBar().showMessage(STRINGS[w.lang]["exported"].format(path), 5000)

    def png(self) -> None:
        w, ui = self.w, STRINGS[self.w.lang]
        sizes = [ui["export_size_current"]] + [f"{width} × {height}" for width, height in EXPORT_SIZES]
        choice, ok = QInputDialog.getItem(w, ui["export_png"], ui["export_size"], sizes, 1, False)
        if not ok:
            return
        size = (w.map.width(), w.map.height()) if choice == sizes[0] else EXPORT_SIZES[sizes.index(choice) - 1]
        path, _ = QFileDialog.getSaveFileName(w, ui["export_png"], "map.png", "PNG (*.png)")
        if path:
            w.current_view(lambda view: self.run("png", Path(path), [self.view_job(view)], size))

    def view_job(self, view: View) -> dict:
        """The screen as it is now, as a scene without caption (or with the shown scene's)."""
        from ...briefing.scenes import view_job  # the data stack: loaded by the time the screen is exported

        w = self.w
        plan = {"plan": w.planner.overlay()} if w.docks["planner"].isVisible() else {}
        if w.current_scene is not None:
            job = w.scene_command(w.current_scene, animate=False)
            return {**job, "filter": w.filter.to_json(), "bounds": view.bounds, **plan}
        return view_job("view", w.filter, view.bounds, plan.get("plan"))

    def scenes(self, fmt: str) -> None:
        from ...briefing.paper import ORIENTATIONS, PAPERS, layout
        from ...briefing.scenes import scene_jobs

        w, ui = self.w, STRINGS[self.w.lang]
        paper = None
        if fmt == "pdf":  # the handout is laid out for a paper: A4 landscape first
            papers = [(p, o) for p in PAPERS for o in ORIENTATIONS]
            names = [ui[f"paper_{o}"].format(p) for p, o in papers]
            choice, ok = QInputDialog.getItem(w, ui["export_pdf"], ui["export_paper"], names, 0, False)
            if not ok:
                return
            paper = layout(*papers[names.index(choice)])
        path, _ = QFileDialog.getSaveFileName(w, ui[f"export_{fmt}"], f"briefing.{fmt}", f"{fmt.upper()} (*.{fmt})")
        if path:
            jobs = [{**job, "marks": w.presenter.kept.get(scene.id, [])} for scene, job in zip(w.scenes, scene_jobs(w.scenes, w.lang))]
            self.run(fmt, Path(path), jobs, EXPORT_SIZES[0], paper)

    def run(self, fmt: str, path: Path, jobs: list[dict], size: tuple[int, int], paper=None) -> None:
        w, ui = self.w, STRINGS[self.w.lang]
        dialog = QProgressDialog(ui["exporting"], ui["cancel"], 0, len(jobs), w)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        self.job = Export(w.ds, w.scenes, jobs, fmt, path, w.lang, size, w.theme, w, paper=paper)
        self.job.renderer.progress.connect(lambda done, _n: dialog.setValue(done))
        dialog.canceled.connect(self.job.cancel)

        def finished(error: str | None) -> None:
            dialog.reset()
            message = ui["export_failed"].format(error) if error else ui["exported"].format(path)
            w.statusBar().showMessage(message, 10000)

        self.job.done.connect(finished)
        self.job.start()
