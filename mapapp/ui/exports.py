"""Exports of what is on screen or of every scene: PNG, PDF handout, PowerPoint deck.

An Export renders its scenes in a hidden view (SceneRenderer), then hands the pictures to the
writer for the format; the file appears whole or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..briefing.paper import RENDER_SCALE, PaperLayout, layout
from ..data.atomic import write_bytes_atomic
from .scene_renderer import SceneRenderer

if TYPE_CHECKING:
    from ..briefing.scenes import Scene
    from ..data.load import Dataset

EXPORT_SIZES = ((1920, 1080), (1280, 720), (3840, 2160))
FORMATS = ("png", "pdf", "pptx")


class Export(QObject):
    done = Signal(object)  # None on success, else the reason it failed

    def __init__(self, ds: Dataset, scenes: list[Scene], jobs: list[dict], fmt: str, path: Path, lang: str,
                 size: tuple[int, int], theme: str, parent=None, paper: PaperLayout | None = None):
        """jobs: page 'scene' commands; for pdf and pptx, one per scene in `scenes`, in order.
        paper: the handout's page (pdf); its map frame, not `size`, sets the pictures' size."""
        super().__init__(parent)
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
        self.scenes, self.fmt, self.path, self.lang = scenes, fmt, Path(path), lang
        self.paper = (paper or layout()) if fmt == "pdf" else None
        if fmt != "png":  # the page or slide sets title and caption as text: keep them off the picture
            jobs = [{**job, "title": "", "caption": "", "counter": ""} for job in jobs]
        if self.paper is not None:  # the map at its printed size, RENDER_SCALE device pixels per CSS pixel
            size, zoom = self.paper.map_css_size, RENDER_SCALE
        else:
            zoom = 1
        self.renderer = SceneRenderer(ds, jobs, lang, size, theme, parent=self, zoom=zoom)
        self.renderer.finished.connect(self._write)
        self.renderer.failed.connect(self.done.emit)

    def start(self) -> None:
        self.renderer.start()

    def cancel(self) -> None:
        self.renderer.cancel()

    def _write(self, images: list[bytes]) -> None:
        try:
            if self.fmt == "png":
                write_bytes_atomic(self.path, images[0])
            else:
                from ..briefing.deck import write_deck  # python-pptx: only when a deck is written
                from ..briefing.handout import write_handout
                from ..briefing.slides import Slide

                slides = [Slide.of(scene, self.lang, png) for scene, png in zip(self.scenes, images)]
                if self.fmt == "pdf":
                    write_handout(self.path, slides, self.lang, self.paper)
                else:
                    write_deck(self.path, slides, self.lang)
        except OSError as exc:
            self.done.emit(f"{self.path}: {exc}")
            return
        self.done.emit(None)
