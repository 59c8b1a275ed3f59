"""The deployment planner: settings, the plan being tried, its need table, reasons and an A/B compare.

All arithmetic lives in mapapp.analysis; this panel keeps the current Plan value, asks the
analysis layer what it covers after every change, and hands the page a gap map to draw.
The exact solver runs on the thread pool so the window never freezes on a large problem.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...analysis import report
from ...analysis.need import PARTS, Weights
from ...analysis.options import DEFAULT_RADIUS_KM
from ...analysis.planner import PlannerError, Problem, Recommendation, build_problem, custom_site, recommend
from ...analysis.whatif import Outcome, Plan, compare, outcome
from ...data.atomic import write_bytes_atomic
from ...data.load import Dataset
from ...data.names import label
from ...map.planner_layer import plan_overlay
from ..strings import UI

AGENCY_CHOICES = (("NPA", "MJIB", "CGA", "CUSTOMS"), ("NPA",), ("MJIB",))


class _Number(QTableWidgetItem):
    """A table cell that shows formatted text and sorts by its value."""

    def __init__(self, value: float, text: str | None = None):
        super().__init__(text if text is not None else f"{value:,.1f}")
        self.setData(Qt.ItemDataRole.UserRole, value)
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other):  # noqa: D105 (Qt sorting)
        return self.data(Qt.ItemDataRole.UserRole) < other.data(Qt.ItemDataRole.UserRole)


class _Solver(QObject):
    """Carries a finished solve from the worker thread back to the panel's thread."""

    finished = Signal(object, object)  # Problem, Recommendation or the exception raised


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class PlannerPanel(QWidget):
    overlay_changed = Signal(dict)  # the gap map for the page
    pick_changed = Signal(object)  # None, "add" or "move": what the next map click does
    export_png_requested = Signal()
    recommended = Signal()  # a recommendation arrived and is now the plan
    message = Signal(str)  # for the status bar

    def __init__(self, ds: Dataset, parent=None):
        super().__init__(parent)
        self.ds = ds
        self.lang = "zh"
        self.plan = Plan()
        self.saved: dict[str, Plan | None] = {"A": None, "B": None}
        self.recommendation: Recommendation | None = None
        self._solved_problem: Problem | None = None  # what the recommendation was solved for
        self.stale = False
        self.busy = False
        self.extra = []  # points the user placed: candidates for the next recommendation too
        self.pick: str | None = None
        self._fit_next = False
        self._solver = _Solver(self)
        self._solver.finished.connect(self._solved)
        self._built: Problem | None = None  # built when first needed: most sessions never open the planner
        self.current: Outcome | None = None  # the plan evaluated, while the planner is shown
        self._build()
        self.retranslate("zh")

    # ---------- building ----------

    def _build(self) -> None:
        self.agency = QComboBox()
        self.radius = QSpinBox()
        self.radius.setRange(0, 20000)
        self.radius.setSingleStep(100)
        self.radius.setValue(int(DEFAULT_RADIUS_KM))
        self.host = QCheckBox()
        self.host.setChecked(True)
        self.k = QSpinBox()
        self.k.setRange(1, 20)
        self.k.setValue(2)
        self.weight = {}
        self.weights_box = QGroupBox()
        grid = QGridLayout(self.weights_box)
        self.weight_labels = {}
        for i, part in enumerate(PARTS):
            spin = QDoubleSpinBox()
            spin.setRange(0, 1000)
            spin.setDecimals(2)
            spin.setSingleStep(0.5 if part != "seizure_kg" else 0.05)
            spin.setValue(Weights().as_dict()[part])
            spin.setObjectName(f"weight-{part}")
            self.weight[part] = spin
            self.weight_labels[part] = QLabel()
            grid.addWidget(self.weight_labels[part], i // 2, (i % 2) * 2)
            grid.addWidget(spin, i // 2, (i % 2) * 2 + 1)
        self.reset_weights = QPushButton()
        grid.addWidget(self.reset_weights, 3, 0, 1, 4)
        self.recommend_button = QPushButton()
        self.recommend_button.setObjectName("plan-recommend")
        self.recommend_button.setDefault(True)
        self.form = QFormLayout()
        settings = QVBoxLayout()
        settings.addLayout(self.form)
        self.form_labels = [QLabel() for _ in range(3)]
        self.form.addRow(self.form_labels[0], self.agency)
        self.form.addRow(self.form_labels[1], self.radius)
        self.form.addRow("", self.host)
        self.form.addRow(self.form_labels[2], self.k)
        settings.addWidget(self.weights_box)
        settings.addWidget(self.recommend_button)
        settings.addStretch(1)

        self.summary = QLabel()
        self.summary.setObjectName("plan-summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: 600;")
        self.sites = _table(5)
        self.sites.setObjectName("plan-sites")
        self.candidate = QComboBox()
        self.add_button = QPushButton()
        self.pick_add = QPushButton(checkable=True)
        self.pick_move = QPushButton(checkable=True)
        self.remove_button = QPushButton()
        self.reset_button = QPushButton()
        row1 = QHBoxLayout()
        row1.addWidget(self.candidate, 1)
        row1.addWidget(self.add_button)
        row2 = QHBoxLayout()
        for b in (self.pick_add, self.pick_move, self.remove_button, self.reset_button):
            row2.addWidget(b)
        middle = QVBoxLayout()
        middle.addWidget(self.summary)
        middle.addWidget(self.sites, 1)
        middle.addLayout(row1)
        middle.addLayout(row2)

        self.tabs = QTabWidget()
        self.why = QPlainTextEdit(readOnly=True)
        self.why.setObjectName("plan-why")
        self.need = _table(4 + len(PARTS))  # place, country, score, the parts, covered by
        self.need.setObjectName("plan-need")
        self.need.setSortingEnabled(True)
        self.need.horizontalHeader().setSortIndicator(2, Qt.SortOrder.DescendingOrder)
        cmp_page = QWidget()
        cmp_layout = QVBoxLayout(cmp_page)
        self.save_a, self.save_b = QPushButton(), QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_a)
        buttons.addWidget(self.save_b)
        cmp_layout.addLayout(buttons)
        self.comparison = _table(3)
        self.comparison.setObjectName("plan-compare")
        cmp_layout.addWidget(self.comparison)
        self.tabs.addTab(self.why, "")
        self.tabs.addTab(self.need, "")
        self.tabs.addTab(cmp_page, "")
        self.export_csv = QPushButton()
        self.export_png = QPushButton()
        exports = QHBoxLayout()
        exports.addStretch(1)
        exports.addWidget(self.export_csv)
        exports.addWidget(self.export_png)
        right = QVBoxLayout()
        right.addWidget(self.tabs, 1)
        right.addLayout(exports)

        layout = QHBoxLayout(self)
        layout.addLayout(settings, 0)
        layout.addLayout(middle, 2)
        layout.addLayout(right, 3)

        for widget in (self.agency, self.host):
            (widget.currentIndexChanged if isinstance(widget, QComboBox) else widget.toggled).connect(self._settings_changed)
        self.radius.valueChanged.connect(self._settings_changed)
        for spin in self.weight.values():
            spin.valueChanged.connect(self._settings_changed)
        self.reset_weights.clicked.connect(self._reset_weights)
        self.recommend_button.clicked.connect(self.start_recommendation)
        self.add_button.clicked.connect(self._add_candidate)
        self.pick_add.toggled.connect(lambda on: self.set_pick("add" if on else None))
        self.pick_move.toggled.connect(lambda on: self.set_pick("move" if on else None))
        self.remove_button.clicked.connect(self._remove_selected)
        self.reset_button.clicked.connect(lambda: self.set_plan(Plan()))
        self.save_a.clicked.connect(lambda: self._keep("A"))
        self.save_b.clicked.connect(lambda: self._keep("B"))
        self.export_csv.clicked.connect(self._export_csv)
        self.export_png.clicked.connect(self.export_png_requested)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        ui = UI[lang]
        current = self.agency.currentIndex()
        self.agency.blockSignals(True)
        self.agency.clear()
        for choice in AGENCY_CHOICES:
            text = ui["plan_all_agencies"] if len(choice) > 1 else label("agencies_short", choice[0], lang)
            self.agency.addItem(text, choice)
        self.agency.setCurrentIndex(max(current, 0))
        self.agency.blockSignals(False)
        for lbl, key in zip(self.form_labels, ("plan_agency", "plan_radius", "plan_k")):
            lbl.setText(ui[key])
        self.radius.setSuffix(" km" if lang == "en" else " 公里")
        self.radius.setToolTip(ui["plan_radius_tip"])
        self.host.setText(ui["plan_host"])
        self.host.setToolTip(ui["plan_host_tip"])
        self.weights_box.setTitle(ui["plan_weights"])
        self.weights_box.setToolTip(ui["plan_weights_tip"])
        for part, lbl in self.weight_labels.items():
            lbl.setText(label("need_parts", part, lang))
        self.reset_weights.setText(ui["plan_reset_weights"])
        self.recommend_button.setText(ui["plan_recommend"])
        self.recommend_button.setToolTip(ui["plan_recommend_tip"])
        for button, key in (
            (self.add_button, "plan_add"), (self.pick_add, "plan_pick_add"), (self.pick_move, "plan_pick_move"),
            (self.remove_button, "plan_remove"), (self.reset_button, "plan_reset"), (self.save_a, "plan_save_a"),
            (self.save_b, "plan_save_b"), (self.export_csv, "plan_export_csv"), (self.export_png, "plan_export_png"),
        ):
            button.setText(ui[key])
            button.setToolTip(ui.get(f"{key}_tip", ""))
        self.candidate.setToolTip(ui["plan_candidate"])
        for i, key in enumerate(("plan_tab_why", "plan_tab_need", "plan_tab_compare")):
            self.tabs.setTabText(i, ui[key])
        self.sites.setHorizontalHeaderLabels([ui[k] for k in ("plan_status", "plan_name", "plan_agency_col", "plan_covers", "plan_only_here")])
        self.need.setHorizontalHeaderLabels(
            [ui["plan_need_place"], ui["country"], ui["plan_need_score"]] + [label("need_parts", p, lang) for p in PARTS]
            + [ui["plan_need_by"]]
        )
        self.refresh()

    # ---------- the problem and the plan ----------

    def set_dataset(self, ds: Dataset) -> None:
        """New data: today's posts and the need change, so the plan starts again from today."""
        self.ds = ds
        self.extra = []
        self.plan = Plan()
        self.recommendation = None
        self._settings_changed()

    def weights(self) -> Weights:
        return Weights(**{part: spin.value() for part, spin in self.weight.items()})

    @property
    def problem(self) -> Problem:
        if self._built is None:
            self._built = self._problem()
        return self._built

    def _problem(self) -> Problem:
        return build_problem(self.ds, self.agency.currentData() or AGENCY_CHOICES[0], self.radius.value(),
                             self.weights(), self.host.isChecked(), tuple(self.extra))

    def _settings_changed(self, *_args) -> None:
        self._built = None
        self.stale = self.recommendation is not None
        self.refresh()

    def _reset_weights(self) -> None:
        defaults = Weights().as_dict()
        for part, spin in self.weight.items():
            spin.blockSignals(True)
            spin.setValue(defaults[part])
            spin.blockSignals(False)
        self._settings_changed()

    def set_plan(self, plan: Plan) -> None:
        self.plan = plan
        self.refresh()

    def refresh(self) -> None:
        """Evaluate the plan and show it everywhere: summary, tables, comparison, the map (while shown)."""
        if not self.isVisible():
            return  # the window refreshes the planner when its dock is opened
        self.current = outcome(self.problem, self.plan)
        ui = UI[self.lang]
        ev = self.current.evaluation
        before = self.problem.covered_need(self.problem.covered_ids(self.problem.existing))
        gaps = sum(1 for p in self.problem.points if self.problem.need[p.id] > 0 and p.id not in ev.covered_ids)
        self.summary.setText(ui["plan_summary"].format(covered=ev.covered, total=ev.total, share=ev.share, before=before,
                                                       before_share=before / ev.total if ev.total else 0.0, gaps=gaps))
        self._fill_sites()
        self._fill_need()
        self._fill_candidates()
        self._fill_why()
        self._fill_compare()
        self.overlay_changed.emit({**self.overlay(), "fit": self._fit_next})
        self._fit_next = False

    def overlay(self) -> dict:
        return plan_overlay(self.problem, outcome(self.problem, self.plan))

    def _name(self, thing) -> str:
        return thing.name_zh if self.lang == "zh" else thing.name_en

    def _fill_sites(self) -> None:
        ui = UI[self.lang]
        rows = list(self.current.sites) + [None] * len(self.current.removed)
        self.sites.setRowCount(len(rows))
        for r, s in enumerate(self.current.sites):
            agency = label("agencies_short", s.site.agency, self.lang) if s.site.agency else "—"
            cells = [_cell(ui[f"plan_status_{s.status}"]), _cell(self._name(s.site)), _cell(agency),
                     _Number(len(s.covers), str(len(s.covers))), _Number(s.only_here)]
            for c, item in enumerate(cells):
                item.setData(Qt.ItemDataRole.UserRole + 1, s.site.id)
                self.sites.setItem(r, c, item)
        for r, site in enumerate(self.current.removed, len(self.current.sites)):
            for c, text in enumerate((ui["plan_status_removed"], self._name(site), label("agencies_short", site.agency, self.lang), "", "")):
                item = _cell(text)
                item.setData(Qt.ItemDataRole.UserRole + 1, site.id)
                item.setForeground(Qt.GlobalColor.gray)
                self.sites.setItem(r, c, item)

    def _fill_need(self) -> None:
        ev = self.current.evaluation
        points = [p for p in self.problem.points if self.problem.need[p.id] > 0]
        names = {s.site.id: self._name(s.site) for s in self.current.sites}
        self.need.setSortingEnabled(False)
        self.need.setRowCount(len(points))
        for r, p in enumerate(points):
            cells = [_cell(self._name(p)), _cell(self.ds.country_name(p.country, self.lang)), _Number(self.problem.need[p.id])]
            cells += [_Number(p.quantity(part), f"{p.quantity(part):,.4g}" if p.quantity(part) else "") for part in PARTS]
            cells.append(_cell("、".join(names.get(i, i) for i in ev.covered_by[p.id]) if ev.covered_by[p.id] else "✗"))
            for c, item in enumerate(cells):
                if not ev.covered_by[p.id]:
                    item.setBackground(Qt.GlobalColor.yellow)
                self.need.setItem(r, c, item)
        self.need.setSortingEnabled(True)  # re-sorts by the column the user chose (need, at first)

    def _fill_candidates(self) -> None:
        in_plan = {s.site.id for s in self.current.sites}
        self.candidate.blockSignals(True)
        chosen = self.candidate.currentData()
        self.candidate.clear()
        for c in self.problem.candidates:
            if c.id not in in_plan:
                country = self.ds.country_name(c.country, self.lang) if c.country else ""
                self.candidate.addItem(f"{self._name(c)}（{country}）" if self.lang == "zh" else f"{self._name(c)} ({country})", c.id)
        index = self.candidate.findData(chosen)
        self.candidate.setCurrentIndex(max(index, 0))
        self.candidate.blockSignals(False)
        self.add_button.setEnabled(self.candidate.count() > 0)

    def _fill_why(self) -> None:
        ui = UI[self.lang]
        if self.recommendation is None:
            self.why.setPlainText(ui["plan_why_empty"])
            return
        lines = report.text_lines(self.ds, self._solved_problem, self.recommendation, self.lang)
        if self.stale:
            lines[0] += ui["plan_stale"]
        self.why.setPlainText("\n".join(lines))

    def _fill_compare(self) -> None:
        ui = UI[self.lang]
        plans = {k: v for k, v in self.saved.items() if v is not None}
        a = self.saved["A"] or self.plan
        b = self.saved["B"] or self.plan
        self.comparison.setHorizontalHeaderLabels(["", ui["plan_a"] + ("" if "A" in plans else " *"),
                                                   ui["plan_b"] + ("" if "B" in plans else " *")])
        sa, sb = a.sites(self.problem), b.sites(self.problem)
        ca, cb = self.problem.covered_ids(sa), self.problem.covered_ids(sb)
        na, nb, total = self.problem.covered_need(ca), self.problem.covered_need(cb), self.problem.total or 1.0
        metrics = [
            (ui["plan_cmp_posts"], str(len(sa)), str(len(sb))),
            (ui["plan_cmp_covered"], f"{na:,.1f}", f"{nb:,.1f}"),
            (ui["plan_cmp_share"], f"{na / total:.1%}", f"{nb / total:.1%}"),
        ]
        rows = compare(self.problem, ca, cb)
        metrics.append((ui["plan_cmp_gaps"], str(sum(1 for r in rows if not r[1])), str(sum(1 for r in rows if not r[2]))))
        names = {p.id: self._name(p) for p in self.problem.points}
        self.comparison.setRowCount(len(metrics) + len(rows))
        for r, (name, va, vb) in enumerate(metrics):
            for c, text in enumerate((name, va, vb)):
                item = _cell(text)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.comparison.setItem(r, c, item)
        for r, (pid, in_a, in_b, need) in enumerate(rows, len(metrics)):
            cells = [_cell(f"{names[pid]} {need:,.1f}"), _cell(ui["plan_cmp_yes" if in_a else "plan_cmp_no"]),
                     _cell(ui["plan_cmp_yes" if in_b else "plan_cmp_no"])]
            for c, item in enumerate(cells):
                if in_a != in_b:
                    item.setBackground(Qt.GlobalColor.yellow)
                self.comparison.setItem(r, c, item)

    # ---------- what-if edits ----------

    def _add_candidate(self) -> None:
        site = self.problem.sites.get(self.candidate.currentData())
        if site is not None:
            self.set_plan(self.plan.add(site))

    def selected_site(self) -> str | None:
        items = self.sites.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole + 1) if items else None

    def _remove_selected(self) -> None:
        site_id = self.selected_site()
        if site_id is not None and self.plan.status(site_id) != "removed":
            self.set_plan(self.plan.remove(site_id))

    def set_pick(self, mode: str | None) -> None:
        """Arm the map: the next click adds a post or moves the selected one."""
        ui = UI[self.lang]
        if mode == "move" and self.selected_site() is None:
            self.message.emit(ui["plan_select_first"])
            mode = None
        self.pick = mode
        for button, m in ((self.pick_add, "add"), (self.pick_move, "move")):
            button.blockSignals(True)
            button.setChecked(mode == m)
            button.blockSignals(False)
        if mode == "add":
            self.message.emit(ui["plan_pick_hint_add"])
        elif mode == "move":
            self.message.emit(ui["plan_pick_hint_move"].format(self.sites.selectedItems()[1].text()))
        self.pick_changed.emit(mode)

    def map_clicked(self, mode: str, lat: float, lon: float) -> None:
        if mode != self.pick:
            return
        if mode == "add":
            agency = self.agency.currentData()
            site = custom_site(self.ds, lat, lon, len(self.extra) + 1, agency[0] if len(agency) == 1 else None)
            self.extra.append(site)
            self._built = None
            self.plan = self.plan.add(site)
        elif mode == "move" and self.selected_site() is not None:
            self.plan = self.plan.move(self.selected_site(), lat, lon, self.ds.country_at(lat, lon))
        self.set_pick(None)
        self.refresh()

    def _keep(self, which: str) -> None:
        self.saved[which] = self.plan
        self._fill_compare()
        self.tabs.setCurrentIndex(2)

    # ---------- recommendation ----------

    def show_recommendation_for(self, k: int, agencies: tuple[str, ...]) -> None:
        """Set the post count and agencies, then solve (the screenshot command and tests)."""
        index = next((i for i, choice in enumerate(AGENCY_CHOICES) if set(choice) == set(agencies)), None)
        if index is None:
            raise PlannerError(f"the planner offers all agencies, NPA or MJIB, not {','.join(agencies)}")
        self.agency.setCurrentIndex(index)
        self.k.setValue(k)
        self.start_recommendation()

    def start_recommendation(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.recommend_button.setEnabled(False)
        self.recommend_button.setText(UI[self.lang]["plan_solving"])
        problem, k, signal = self.problem, self.k.value(), self._solver.finished

        def work():
            try:
                result = recommend(problem, k)
            except (PlannerError, OSError) as exc:  # OSError: the CBC binary could not run
                result = exc
            signal.emit(problem, result)

        QThreadPool.globalInstance().start(work)

    def _solved(self, problem: Problem, result) -> None:
        self.busy = False
        self.recommend_button.setEnabled(True)
        self.recommend_button.setText(UI[self.lang]["plan_recommend"])
        if isinstance(result, Exception):
            self.message.emit(UI[self.lang]["plan_failed"].format(result))
            return
        self.recommendation = result
        self._solved_problem = problem
        self.stale = problem is not self.problem
        self.tabs.setCurrentIndex(0)
        self._fit_next = True  # frame the recommendation once; later what-if edits keep the view
        self.set_plan(Plan(added=tuple(step.site for step in result.steps)))
        self.recommended.emit()

    # ---------- export ----------

    def plan_csv(self) -> str:
        return report.plan_csv(self.problem, outcome(self.problem, self.plan))

    def _export_csv(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, UI[self.lang]["plan_export_csv"], "plan.csv", "CSV (*.csv)")
        if path:
            write_bytes_atomic(path, self.plan_csv().encode("utf-8-sig"))  # the BOM lets Excel read the Chinese
            self.message.emit(UI[self.lang]["exported"].format(path))
