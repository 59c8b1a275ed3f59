"""The Scenes panel's commands: capture the view as a new scene, and save the scenes with the data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from ...data.issues import DataError
from ...data.schema import SCENES_FILE
from ...strings import STRINGS
from ...to_page import GetDrawn

if TYPE_CHECKING:
    from ...briefing.scenes import Scene
    from ...data.load import Dataset
    from ...to_page import View
    from ..main_window import MainWindow


def read_scenes(ds: Dataset) -> tuple[list[Scene], str | None]:
    """The scenes stored with the data, or none and why not."""
    from ...briefing.scenes import dataset_scenes

    try:
        return dataset_scenes(ds), None
    except DataError as exc:
        return [], str(exc)


class SceneEditing(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.w = window

    def capture(self) -> None:
        """A new scene from the view as it is; the panel warns if labels or symbols overlap in it."""
        from ...briefing.scenes import Scene, new_scene_id

        w = self.w

        def add(view: View) -> None:
            n = len(w.scenes) + 1
            w.scene_panel.add(Scene(
                id=new_scene_id(w.scenes),
                title_zh=STRINGS["zh"]["new_scene"].format(n),
                title_en=STRINGS["en"]["new_scene"].format(n),
                bounds=(tuple(view.bounds[0]), tuple(view.bounds[1])),
                filter=w.filter,
                source="mapapp: " + ("擷取畫面" if w.lang == "zh" else "captured view"),
            ))
            w.map.send(GetDrawn(), warn)

        def warn(drawn) -> None:
            from ...map.legibility import overlaps
            from ..legibility_check import drawn_names

            found = overlaps(drawn)
            name = drawn_names(w.ds, w.lang) if found else None  # builds every feature's details: only if needed
            w.scene_panel.show_overlaps([f"{name(*o.a)} × {name(*o.b)}" for o in found])

        w.current_view(add)

    def save(self) -> bool:
        """Into the workspace with everything else, or into scenes.json beside a data folder."""
        from ...briefing.scenes import save_scenes
        from ...data.workspace import is_workspace

        w = self.w
        if is_workspace(w.ds.source):
            return w.workspace.save_to(w.session.path or w.ds.source)
        try:
            path = save_scenes(w.ds.source / SCENES_FILE, w.scenes)
        except OSError as exc:
            QMessageBox.warning(w, STRINGS[w.lang]["scene_save"], str(exc))
            return False
        w.scene_panel.mark_saved()
        w.statusBar().showMessage(STRINGS[w.lang]["scenes_saved"].format(path), 5000)
        return True
