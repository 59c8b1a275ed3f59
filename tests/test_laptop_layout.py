"""At 1366x768 the map takes the window's height and the charts stay readable at any dock size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

pytestmark = pytest.mark.usefixtures("qtbot")


def _area(win, name):
    return win.dockWidgetArea(win.docks[name])


def test_a_laptop_window_gives_the_map_the_height_and_keeps_the_statistics_as_a_tab(qtbot, window):
    assert _area(window, "stats") == Qt.DockWidgetArea.BottomDockWidgetArea  # a desktop: under the map
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.laptop_layout, timeout=5_000)
    for name in ("stats", "planner", "tables", "scenes"):
        assert _area(window, name) == Qt.DockWidgetArea.RightDockWidgetArea
        assert window.docks["details"] in window.tabifiedDockWidgets(window.docks[name])
    qtbot.waitUntil(lambda: not window.docks["stats"].visibleRegion().isEmpty(), timeout=5_000)  # the charts in front
    assert window.map.height() > 0.8 * window.centralWidget().parentWidget().height()
    window.state.selection = ("country", "TWN")  # a selection brings the details forward
    qtbot.waitUntil(lambda: not window.docks["details"].visibleRegion().isEmpty(), timeout=5_000)
    window.resize(1600, 960)  # back on a large screen: under the map again
    qtbot.waitUntil(lambda: _area(window, "stats") == Qt.DockWidgetArea.BottomDockWidgetArea, timeout=5_000)


@pytest.mark.parametrize("size", [(330, 260), (360, 700), (1300, 200), (1900, 330)])
def test_the_charts_keep_room_for_every_axis_label_at_any_dock_size(qtbot, dataset, size):
    """QtCharts elides a label to "..." where it does not fit: the plot must hold each category's label
    across its width and each value label down its height; a small dock scrolls instead."""
    from mapapp.ui.panels.stats_panel import StatsPanel

    panel = StatsPanel(dataset)
    qtbot.addWidget(panel)
    panel.resize(*size)
    panel.show()
    qtbot.waitExposed(panel)
    for view in panel.views.values():
        chart = view.chart()
        axis_x = chart.axes(Qt.Orientation.Horizontal)[0]
        axis_y = chart.axes(Qt.Orientation.Vertical)[0]
        qtbot.waitUntil(lambda: chart.plotArea().width() > 0, timeout=5_000)
        plot = chart.plotArea()
        x_metrics, y_metrics = QFontMetrics(axis_x.labelsFont()), QFontMetrics(axis_y.labelsFont())
        widest = max(x_metrics.horizontalAdvance(label) for label in axis_x.categories())
        assert widest <= plot.width() / len(axis_x.categories()), (size, axis_x.categories())
        ticks = round((axis_y.max() - axis_y.min()) / axis_y.tickInterval()) + 1
        assert ticks * y_metrics.height() <= plot.height() + y_metrics.height(), (size, ticks, plot.height())
        assert all("..." not in label and "…" not in label for label in axis_x.categories())
