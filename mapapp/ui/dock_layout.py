"""Where the panels go: around the map on a desktop screen; on a laptop the map takes the
whole height and the statistics, planner and tables are tabs beside the details.

The charts open in front on a laptop; a selection brings the details forward.
At 1366x768 a dock under the map took 40% of the height: the map was small and the charts'
axes were squeezed to "...". The arrangement follows the window's height (it is redone when
the window crosses LAPTOP_HEIGHT), so a projector laptop and a desktop both open well.
"""

from __future__ import annotations

from PySide6 import QtCore  # QtCore.Qt only inside functions: making it costs 15 ms, before the map if at import

LAPTOP_HEIGHT = 800  # px of window height at or below which the window is laid out for a laptop
DEFAULT_SIZE = (1600, 960)
SIDE = ("details", "scenes")
UNDER = ("stats", "planner", "tables")


def first_area(name: str) -> QtCore.Qt.DockWidgetArea:
    """Where a dock is added, before arrange() puts it for the window's height."""
    areas = QtCore.Qt.DockWidgetArea
    return areas.LeftDockWidgetArea if name == "filters" else areas.RightDockWidgetArea if name in SIDE else areas.BottomDockWidgetArea


def is_laptop(window) -> bool:
    return window.height() <= LAPTOP_HEIGHT


def fit_to_screen(window) -> None:
    """A first start (no remembered size): the default size, but never larger than the screen."""
    room = window.screen().availableGeometry()
    window.resize(min(DEFAULT_SIZE[0], room.width()), min(DEFAULT_SIZE[1], room.height()))


def arrange(window) -> None:
    """Put the docks for the window's current height; remembers which arrangement it made."""
    docks, laptop = window.docks, is_laptop(window)
    window.laptop_layout = laptop
    for name in UNDER:
        window.addDockWidget(first_area("details" if laptop else name), docks[name])
    window.tabifyDockWidget(docks["details"], docks["scenes"])
    if laptop:
        for name in UNDER:
            window.tabifyDockWidget(docks["details"], docks[name])
    else:
        window.tabifyDockWidget(docks["stats"], docks["planner"])
        window.tabifyDockWidget(docks["planner"], docks["tables"])
        docks["stats"].raise_()
    # The laptop opens on the charts, beside the map; raised once the tab bars are rebuilt.
    front = docks["stats" if laptop else "details"]
    QtCore.QTimer.singleShot(0, front, front.raise_)  # dropped if the window is closed first
    orientation = QtCore.Qt.Orientation
    window.resizeDocks([docks["filters"], docks["details"]], [220, 360] if laptop else [250, 330], orientation.Horizontal)
    if not laptop:
        window.resizeDocks([docks["stats"]], [330], orientation.Vertical)


def follow_height(window) -> None:
    """Re-arrange when a resize crosses LAPTOP_HEIGHT (called from the window's resizeEvent)."""
    if getattr(window, "docks", None) and getattr(window, "laptop_layout", None) is not None and is_laptop(window) != window.laptop_layout:
        arrange(window)


def show_details(window, selection) -> None:
    """On a laptop the details share a tab with the charts: a selection brings them forward."""
    if selection is not None and getattr(window, "laptop_layout", False):
        window.docks["details"].raise_()
