"""Bottom dock: yearly results per agency as bar charts that follow the filter, and the detention table."""

from __future__ import annotations

import math

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
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
MAX_STEPS = 3  # gridlines above zero: more crowd the short dock and Qt elides their labels to "..."
CHART_MIN = (280, 260)  # px: below this a chart's axis labels no longer fit (the laptop test measures it)


def axis_step(top: float, whole: bool) -> float:
    """A round step that reaches top in at most MAX_STEPS; whole numbers for counts."""
    if top <= 0:
        return 1.0
    raw = top / MAX_STEPS
    magnitude = 10 ** math.floor(math.log10(raw))
    factors = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(f * magnitude for f in factors if f * magnitude >= raw - 1e-12)
    return max(step, 1.0) if whole else step


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
        self._draw_charts()
        self._fill_table()

    def chart_data(self) -> tuple[list[int], dict[str, dict[str, list[float]]]]:
        """(shown years, measure -> agency -> value per shown year): what the charts draw, for the tests too."""
        res = self.ds.results
        years = sorted(set(res["year_roc"].astype(int)))
        if self.filter.years is not None:
            years = [y for y in years if y in self.filter.years]
        agencies = [a for a in schema.AGENCIES if a in self.filter.agencies]
        sums = res.assign(year_roc=res["year_roc"].astype(int)).groupby(["agency", "year_roc"])[[m for m, _ in MEASURES]].sum()
        out = {}
        for measure, _ in MEASURES:
            values = sums[measure].to_dict()
            out[measure] = {a: [float(values.get((a, y), 0.0)) for y in years] for a in agencies}
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
        for measure, title_key in MEASURES:
            chart = QChart()
            chart.setTitle(STRINGS[self.lang][title_key] + (f"<br><small>{notes}</small>" if notes else ""))
            chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
            series = QBarSeries()
            top = 0.0
            for agency, values in data[measure].items():
                bar = QBarSet(names.label("agencies_short", agency, self.lang))
                bar.append(values)
                bar.setColor(QColor(AGENCY_COLOURS[agency]))
                series.append(bar)
                top = max([top, *values])
            chart.addSeries(series)
            axis_x = QBarCategoryAxis()
            axis_x.append([label for label, _ in labels])
            axis_y = QValueAxis()
            step = axis_step(top, whole=measure != "tonnes")
            axis_y.setRange(0, step * max(math.ceil(top / step - 1e-9), 1))
            axis_y.setTickType(QValueAxis.TickType.TicksDynamic)
            axis_y.setTickAnchor(0)
            axis_y.setTickInterval(step)
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
