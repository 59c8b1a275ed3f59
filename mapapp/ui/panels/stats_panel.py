"""Bottom dock: yearly results per agency as bar charts that follow the filter (the figures, or each
year's change from the year before), and the detention table."""

from __future__ import annotations

import math

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHeaderView,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from ...data import names, schema
from ...data.filtering import Filter
from ...data.load import Dataset
from ...map.style import AGENCY_COLOURS
from ...strings import STRINGS

MEASURES = (("cases", "cases_n"), ("partner_countries", "partners_n"), ("tonnes", "tonnes"))
MAX_STEPS = 3  # gridlines over the axis: more crowd the short dock and Qt elides their labels to "..."
LABEL_PX = 24  # px the axis reaches above the tallest bar whose number is drawn over it (Qt Charts
# draws a number that would be clipped inside the bar, dark on dark: measured at 1920x1080)
CHART_MIN = (280, 260)  # px: below this a chart's axis labels no longer fit (the laptop test measures it)


def axis_range(lowest: float, top: float, whole: bool) -> tuple[float, float, float]:
    """(low, high, step): round steps from below the lowest bar (0 unless a change is negative) to
    above the highest, at most MAX_STEPS of them over the whole span."""
    lowest, top = min(lowest, 0.0), max(top, 0.0)
    step = axis_step(top - lowest, whole)
    while True:
        below, above = math.floor(lowest / step + 1e-9), math.ceil(top / step - 1e-9)  # both ends rounded out
        if above - below <= MAX_STEPS:
            break
        step = axis_step(step * MAX_STEPS * 1.001, whole)
    low, high = step * below, step * above
    return low, high if high > low else low + step, step


def room_for_labels(lowest: float, top: float, whole: bool, height: float) -> tuple[float, float, float]:
    """axis_range reaching LABEL_PX above the tallest bar at a plot `height` px tall. The room in
    units grows with the span it widens: settled in a few rounds."""
    reach = top
    for _ in range(4):
        low, high, step = axis_range(lowest, reach, whole)
        reach = top + LABEL_PX * (high - low) / max(height, LABEL_PX * 2)
    return axis_range(lowest, reach, whole)


def axis_step(top: float, whole: bool) -> float:
    """A round step that reaches top in at most MAX_STEPS; whole numbers for counts."""
    if top <= 0:
        return 1.0
    raw = top / MAX_STEPS
    magnitude = 10 ** math.floor(math.log10(raw))
    factors = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(f * magnitude for f in factors if f * magnitude >= raw - 1e-12)
    return max(step, 1.0) if whole else step


def _set_range(axis: QValueAxis, span: tuple[float, float, float]) -> None:
    low, high, step = span
    axis.setRange(low, high)
    axis.setTickInterval(step)


def _widen(axis: QValueAxis, span: tuple[float, float, float]) -> None:
    """Only ever wider: a new range relays the chart out (its labels' width), and a range that could
    also narrow again flipped between two at 1366x768, without end."""
    if span[1] - span[0] > axis.max() - axis.min():
        _set_range(axis, span)


class ChartGrid(QScrollArea):
    """The charts side by side where the dock is wide, one above another where it is narrow, and
    scrolling rather than shrinking below CHART_MIN: a squeezed QChart elides its axes to "..."."""

    def __init__(self):
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(QWidget())
        self.grid = QGridLayout(self.widget())
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.items: list[QWidget] = []
        self.columns = 0

    def add(self, widget: QWidget) -> None:
        self.items.append(widget)
        self._reflow()

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._reflow()

    def _reflow(self) -> None:
        columns = max(1, min(len(self.items), self.viewport().width() // (CHART_MIN[0] + 8)))
        if columns == self.columns:
            return
        self.columns = columns
        for i, widget in enumerate(self.items):
            self.grid.addWidget(widget, i // columns, i % columns)


class NumberItem(QTableWidgetItem):
    """Sorts by number, not by text."""

    def __init__(self, value: int):
        super().__init__()
        self.setData(Qt.ItemDataRole.DisplayRole, int(value))
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class StatsPanel(QTabWidget):
    def __init__(self, ds: Dataset, parent=None):
        super().__init__(parent)
        self.ds = ds
        self.lang = "zh"
        self.filter = Filter()
        self.charts = ChartGrid()
        self.views: dict[str, QChartView] = {}
        for measure, _ in MEASURES:
            view = QChartView()
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(*CHART_MIN)
            self.charts.add(view)
            self.views[measure] = view
        self.table = QTableWidget(0, 4)
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Each year against the year before, for "up or down since last year?"; beside the tabs, where
        # it takes none of the short dock's height from the charts.
        self.compare = QCheckBox()
        self.compare.toggled.connect(self._draw_charts)
        self.setCornerWidget(self.compare, Qt.Corner.TopRightCorner)
        self.addTab(self.charts, "")
        self.addTab(self.table, "")
        self.refresh()

    def set_language(self, lang: str) -> None:
        self.lang = lang
        self.refresh()

    def set_filter(self, f: Filter) -> None:
        self.filter = f
        self._draw_charts()

    def refresh(self) -> None:
        ui = STRINGS[self.lang]
        self.setTabText(0, ui["results"])
        self.setTabText(1, ui["detention_table"])
        self.setTabToolTip(0, ui["results"])
        self.setTabToolTip(1, ui["detention_table"])
        self.compare.setText(ui["compare_years"])
        self._draw_charts()
        self._fill_table()

    def chart_data(self) -> tuple[list[int], dict[str, dict[str, list[float]]]]:
        """(shown years, measure -> agency -> value per shown year): what the charts draw, for the tests too.

        Comparing, a year is shown where the year before it has figures, and its value is the change."""
        res = self.ds.results
        known = sorted(set(res["year_roc"].astype(int)))
        years = known if self.filter.years is None else [y for y in known if y in self.filter.years]
        comparing = self.compare.isChecked()
        if comparing:
            years = [y for y in years if y - 1 in known]
        agencies = [a for a in schema.AGENCIES if a in self.filter.agencies]
        sums = res.assign(year_roc=res["year_roc"].astype(int)).groupby(["agency", "year_roc"])[[m for m, _ in MEASURES]].sum()
        out = {}
        for measure, _ in MEASURES:
            values = sums[measure].to_dict()

            def value(a: str, y: int) -> float:
                now = float(values.get((a, y), 0.0))
                return round(now - float(values.get((a, y - 1), 0.0)), 6) if comparing else now

            out[measure] = {a: [value(a, y) for y in years] for a in agencies}
        return years, out

    def _year_label(self, year: int) -> tuple[str, str]:
        """The axis label, and a note for a part year: marked with * on the axis and explained under
        the chart's title (a label with the months, 107年（1-10月）, is elided in a narrow chart)."""
        months = self.ds.results[self.ds.results["year_roc"] == year]["months"].iloc[0]
        label = STRINGS[self.lang]["year_label"].format(year)
        if months == "1-12":
            return label, ""
        return label + "*", STRINGS[self.lang]["months_note"].format(year, months)

    def _draw_charts(self) -> None:
        years, data = self.chart_data()
        labels = [self._year_label(y) for y in years]
        notes = "　".join(note for _, note in labels if note)
        comparing = self.compare.isChecked()
        for measure, title_key in MEASURES:
            chart = QChart()
            title = STRINGS[self.lang][title_key] + (STRINGS[self.lang]["compare_title"] if comparing else "")
            chart.setTitle(title + (f"<br><small>{notes}</small>" if notes else ""))
            chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            series = QBarSeries()
            whole = measure != "tonnes"
            # A change in a count reads as its number (-7, 14) past the bar's end; tonnes' decimals overlap.
            series.setLabelsVisible(comparing and whole)
            series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
            lowest = top = 0.0
            for agency, values in data[measure].items():
                bar = QBarSet(names.label("agencies_short", agency, self.lang))
                bar.append(values)
                bar.setColor(QColor(AGENCY_COLOURS[agency]))
                bar.setLabelColor(QColor("#222222"))
                series.append(bar)
                lowest, top = min([lowest, *values]), max([top, *values])
            chart.addSeries(series)
            axis_x = QBarCategoryAxis()
            axis_x.append([label for label, _ in labels])
            axis_y = QValueAxis()
            axis_y.setTickType(QValueAxis.TickType.TicksDynamic)
            axis_y.setTickAnchor(0)
            _set_range(axis_y, axis_range(lowest, top, whole))
            if series.isLabelsVisible():  # widened once laid out, and as the chart gets shorter
                chart.plotAreaChanged.connect(lambda area, a=axis_y, lo=lowest, hi=top, w=whole:
                                              _widen(a, room_for_labels(lo, hi, w, area.height())))
            axis_y.setLabelFormat("%.1f" if measure == "tonnes" else "%d")
            chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
            old = self.views[measure].chart()
            self.views[measure].setChart(chart)
            if old is not None:
                old.deleteLater()

    def _fill_table(self) -> None:
        ui = STRINGS[self.lang]
        det = self.ds.detentions
        self.table.setSortingEnabled(False)
        self.table.setHorizontalHeaderLabels([ui["country"], ui["detained"], ui["life"], ui["death"]])
        self.table.setRowCount(len(det))
        for i, row in enumerate(det.itertuples()):
            name = QTableWidgetItem(row.name_zh if self.lang == "zh" else row.name_en)
            name.setData(Qt.ItemDataRole.UserRole, row.country)
            self.table.setItem(i, 0, name)
            for j, value in enumerate((row.detained, row.life, row.death), start=1):
                self.table.setItem(i, j, NumberItem(value))
        self.table.setSortingEnabled(True)
