"""The planner's glue to the window: its gap map is on the map while its dock is open (and in front),
its picks come from clicks on the map, its messages go to the status bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from ..main_window import MainWindow


class PlannerController(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.w = window
        planner = window.planner
        planner.overlay_changed.connect(self._show_plan)
        planner.message.connect(lambda text: window.statusBar().showMessage(text, 8000))
        planner.export_png_requested.connect(window.exporter.png)
        window.docks["planner"].visibilityChanged.connect(self._planner_shown)
        window.map.map_clicked.connect(planner.map_clicked)

    def _planner_shown(self, visible: bool) -> None:
        """Opening the planner computes its plan (the gap map goes on the map); closing it clears the
        map and any pick."""
        if visible:
            self.w.planner.refresh()
        else:
            self.w.planner.set_pick(None)
            self.w.state.plan_overlay = None

    def _show_plan(self, overlay: dict) -> None:
        # A dock behind another tab is "visible" to Qt but not to the user: its region on screen is empty.
        dock = self.w.docks["planner"]
        if dock.isVisible() and not dock.visibleRegion().isEmpty():
            self.w.state.plan_overlay = overlay
