"""check-legibility: every briefing scene shown as the audience sees it (presentation mode, projector
theme, the window at the given size), and the labels and symbols that overlap in each."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from ..map.legibility import Overlap, overlaps
from ..strings import STRINGS
from ..to_page import GetDrawn
from .app import application
from .offscreen import dispose
from .start_loader import open_window

SETTLE_MS = 400  # after the page is laid out at the scene: the country shapes and labels follow the zoom


def drawn_names(ds, lang: str):
    """(kind, key) -> what the audience reads for it: the details' title (data/present.py), built once."""
    from ..data.present import page_details

    titles = page_details(ds, lang)

    def name(kind: str, key: str) -> str:
        if kind == "group":  # a group symbol is keyed by its members' ids
            return STRINGS[lang]["list_sep"].join(name(member_kind(k), k) for k in key.split(","))
        entry = titles.get("country" if kind in ("label", "detentions") else kind, {}).get(key)
        return entry[0] if entry else key

    def member_kind(key: str) -> str:
        return next((k for k in ("posts", "customs", "cases") if key in titles.get(k, {})), "posts")

    return name


def check_scenes(source: Path, width: int, height: int, lang: str, only: int | None = None,
                 timeout_s: float = 300) -> list[dict] | str:
    """Per scene (all, or scene number `only`): its number, id, title and overlaps (each side's kind, key
    and name, and the overlap in px); or the reason the scenes could not be shown."""
    application()
    loop = QEventLoop()
    window, loader = open_window(source, lang, None, remember=False, map_first=False)
    window.resize(width, height)
    report: list[dict] = []
    failure: list[str] = []
    name = None  # set once the data is in (loaded)

    def side(kind_key: tuple[str, str]) -> dict:
        return {"kind": kind_key[0], "key": kind_key[1], "name": name(*kind_key)}

    def measured(index: int, drawn) -> None:
        scene = window.scenes[index]
        found: list[Overlap] = overlaps(drawn)
        report.append({"scene": index + 1, "id": scene.id, "title": scene.text("title", lang), "symbols": len(drawn),
                       "overlaps": [{"a": side(o.a), "b": side(o.b), "width": o.width, "height": o.height} for o in found]})
        show(index + 1)

    def show(index: int) -> None:
        if not 0 <= index < len(window.scenes) or (only is not None and index != only - 1):
            return loop.quit()
        window.state.scene = None  # into each scene the map jumps, as a presenter's first scene does
        window.presenter.start(index, full_screen=False)
        window.map.when_laid_out(lambda: QTimer.singleShot(
            SETTLE_MS, lambda: window.map.send(GetDrawn(), lambda drawn: measured(index, drawn))))

    def loaded() -> None:
        nonlocal name
        name = drawn_names(window.ds, lang)
        show(0 if only is None else only - 1)

    window.loaded.connect(loaded)
    loader.failed.connect(lambda message: (failure.append(message), loop.quit()))
    window.map.load_failed.connect(lambda message: (failure.append(message), loop.quit()))
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    loop.exec()
    scenes = len(window.scenes) if window.ds is not None else 0
    dispose(window)
    if failure:
        return failure[0]
    if only is not None and not 1 <= only <= scenes:
        return f"there is no scene {only}; the briefing has {scenes}"
    if len(report) < (1 if only is not None else scenes):
        return f"only {len(report)} of {scenes} scenes were shown within {timeout_s:.0f} s"
    return report


def report_text(report: list[dict], width: int, height: int) -> str:
    lines = []
    for scene in report:
        lines.append(f"scene {scene['scene']} {scene['title']} ({width}x{height}): "
                     f"{len(scene['overlaps'])} overlap(s) among {scene['symbols']} labels and symbols")
        for o in scene["overlaps"]:
            lines.append(f"  {o['a']['name']} ({o['a']['kind']}) × {o['b']['name']} ({o['b']['kind']}): "
                         f"{o['width']:g}×{o['height']:g} px")
    total = sum(len(s["overlaps"]) for s in report)
    lines.append(f"{total} overlap(s) in {len(report)} scene(s)")
    return "\n".join(lines)
