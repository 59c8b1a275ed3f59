"""The planner's frontier tab: need answered against officers added (equal costs), every point an
exact optimum (analysis/budget.py), the plan at the chosen budget, and the decision memo button.

Worked out when the tab is shown for a problem not yet drawn: 10-20 small integer programmes.
"""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...analysis.budget import Costs, Model, frontier
from ...analysis.budget_report import budget_lines, model_lines
from ...strings import STRINGS


class FrontierPage(QWidget):
    message = Signal(str)

    def __init__(self, panel):
        super().__init__()
        self.panel = panel
        self.points = None
        self._drawn_for = None
        self.budget = QSpinBox(minimum=0, maximum=100, value=3)
        self.budget_label = QLabel()
        self.chart = QChartView()
        self.chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart.setMinimumSize(320, 220)
        self.plan_text = QPlainTextEdit(readOnly=True)
        self.plan_text.setMaximumHeight(120)
        self.memo_button = QPushButton()
        row = QHBoxLayout()
        row.addWidget(self.budget_label)
        row.addWidget(self.budget)
        row.addStretch(1)
        row.addWidget(self.memo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.plan_text)
        self.budget.valueChanged.connect(lambda _v: self._show_plan())
        self.memo_button.clicked.connect(self.write_memo)

    def retranslate(self, lang: str) -> None:
        ui = STRINGS[lang]
        self.budget_label.setText(ui["plan_budget"])
        self.memo_button.setText(ui["plan_memo"])
        self.memo_button.setToolTip(ui["plan_memo_tip"])
        self._drawn_for = None
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        """The frontier of the panel's problem, worked out once per problem."""
        problem = self.panel.problem
        if self._drawn_for is problem:
            return
        self._drawn_for = problem
        self.points = frontier(Model(problem))
        self.budget.setMaximum(max(int(self.points[-1].budget), 1))
        self._draw()
        self._show_plan()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.refresh()

    def _draw(self) -> None:
        ui = STRINGS[self.panel.lang]
        chart = QChart()
        chart.setTitle(ui["plan_frontier_title"])
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().hide()
        line, dots = QLineSeries(), QScatterSeries()
        dots.setMarkerSize(7)
        for p in self.points:
            line.append(p.budget, p.answered)
            dots.append(p.budget, p.answered)
        line.setColor(QColor("#1f4e9c"))
        dots.setColor(QColor("#1f4e9c"))
        chart.addSeries(line)
        chart.addSeries(dots)
        x, y = QValueAxis(), QValueAxis()
        x.setTitleText(ui["plan_frontier_x"])
        y.setTitleText(ui["plan_frontier_y"])
        x.setLabelFormat("%d")
        y.setLabelFormat("%.0f")
        x.setRange(0, self.points[-1].budget)
        low, high = self.points[0].answered, self.points[-1].answered
        y.setRange(low - 0.05 * (high - low or 1), high + 0.05 * (high - low or 1))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for series in (line, dots):
            series.attachAxis(x)
            series.attachAxis(y)
        old = self.chart.chart()
        self.chart.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _show_plan(self) -> None:
        if not self.points:
            return
        plan = self.points[min(self.budget.value(), len(self.points) - 1)]
        lines = budget_lines(self.panel.ds, plan, Costs({}), self.panel.lang) + model_lines(Costs({}), self.panel.lang)
        self.plan_text.setPlainText("\n".join(lines))

    def write_memo(self) -> None:
        from ...analysis.plan_run import Question, answer
        from ..offscreen import write_memo

        ui, c = STRINGS[self.panel.lang], self.panel.state.plan_choice
        path, _ = QFileDialog.getSaveFileName(self, ui["plan_memo"], "memo.pdf", "PDF (*.pdf)")
        if not path:
            return
        question = Question(c.agencies, None, float(self.budget.value()), c.radius_km, c.weights or self.panel.problem.weights,
                            c.host_country, frontier=True, robustness=True)
        code = write_memo(self.panel.ds, answer(self.panel.ds, question), path, self.panel.lang)
        self.message.emit((ui["plan_memo_failed"] if code else ui["plan_memo_written"]).format(path))
