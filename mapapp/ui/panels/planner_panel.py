"""The deployment planner: settings, the plan being tried, its need table, reasons and an A/B compare.

All arithmetic lives in mapapp.analysis. The settings, the plan being tried, plans A/B and the
pick mode live in the app state; this panel shows them, asks the analysis layer what the plan
covers after every change, and hands the page a gap map to draw.
The exact solver runs on the thread pool so the window never freezes on a large problem.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...analysis import report
from ...analysis.need import PARTS, Weights
from ...analysis.planner import PlannerError, Problem, Recommendation, build_problem, custom_site, recommend
from ...analysis.whatif import Outcome, Plan, outcome
from ...data.atomic import write_bytes_atomic
from ...data.load import Dataset
from ...data.names import label
from ...map.planner_layer import plan_overlay
from ...state import AppState, PlanChoice
from ...strings import STRINGS
from ..binding import follow
from .planner_frontier import FrontierPage
from .planner_settings import AGENCY_CHOICES, PlannerSettings
from .planner_tables import cell_table, fill_compare, fill_need, fill_sites


class _Solver(QObject):
    """Carries a finished solve from the worker thread back to the panel's thread."""

    finished = Signal(object, object)  # Problem, Recommendation or the exception raised


class PlannerPanel(QWidget):
    overlay_changed = Signal(dict)  # the gap map for the page
    export_png_requested = Signal()
    recommended = Signal()  # a recommendation arrived and is now the plan
    message = Signal(str)  # for the status bar

    def __init__(self, ds: Dataset, state: AppState, parent=None):
        """The choice (settings), the what-if plan, plans A/B and the pick mode live in the state."""
        super().__init__(parent)
        self.ds = ds
        self.state = state
        self.lang = "zh"
        self.recommendation: Recommendation | None = None
        self._solved_problem: Problem | None = None  # what the recommendation was solved for
        self.stale = False
        self.busy = False
        self.extra = []  # points the user placed: candidates for the next recommendation too
        self._fit_next = False
        self._solver = _Solver(self)
        self._solver.finished.connect(self._solved)
        self._built: Problem | None = None  # built when first needed: most sessions never open the planner
        self.current: Outcome | None = None  # the plan evaluated, while the planner is shown
        self._build()
        self.retranslate("zh")
        self.settings.bind(state)
        follow(state.events.plan_choice, self._choice_changed, self)
        follow(state.events.plan, lambda *_: self.refresh(), self)
        follow(state.events.kept, lambda *_: self._fill_compare(), self)
        follow(state.events.pick, self._show_pick, self)

    @property
    def plan(self) -> Plan:
        return self.state.plan or Plan()

    @property
    def saved(self) -> dict[str, Plan | None]:
        return dict(zip("AB", self.state.kept))

    @property
    def pick(self) -> str | None:
        return self.state.pick

    # ---------- building ----------

    def _build(self) -> None:
        self.settings = PlannerSettings()
        self.recommend_button = self.settings.recommend_button
        self.summary = QLabel()
        self.summary.setObjectName("plan-summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: 600;")
        self.sites = cell_table(5)
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
        self.need = cell_table(4 + len(PARTS))  # place, country, score, the parts, covered by
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
        self.comparison = cell_table(3)
        self.comparison.setObjectName("plan-compare")
        cmp_layout.addWidget(self.comparison)
        self.tabs.addTab(self.why, "")
        self.tabs.addTab(self.need, "")
        self.tabs.addTab(cmp_page, "")
        self.frontier = FrontierPage(self)
        self.tabs.addTab(self.frontier, "")
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
        layout.addWidget(self.settings, 0)
        layout.addLayout(middle, 2)
        layout.addLayout(right, 3)

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
        self.frontier.message.connect(self.message)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        ui = STRINGS[lang]
        self.settings.retranslate(lang)
        for button, key in (
            (self.add_button, "plan_add"), (self.pick_add, "plan_pick_add"), (self.pick_move, "plan_pick_move"),
            (self.remove_button, "plan_remove"), (self.reset_button, "plan_reset"), (self.save_a, "plan_save_a"),
            (self.save_b, "plan_save_b"), (self.export_csv, "plan_export_csv"), (self.export_png, "plan_export_png"),
        ):
            button.setText(ui[key])
            button.setToolTip(ui.get(f"{key}_tip", ""))
        self.candidate.setToolTip(ui["plan_candidate"])
        for i, key in enumerate(("plan_tab_why", "plan_tab_need", "plan_tab_compare", "plan_tab_frontier")):
            self.tabs.setTabText(i, ui[key])
        self.frontier.retranslate(lang)
        self.sites.setHorizontalHeaderLabels([ui[k] for k in ("plan_status", "plan_name", "plan_agency_col", "plan_covers", "plan_only_here_col")])
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
        self.recommendation = None
        self._built = None
        if self.state.plan is None:
            self.refresh()
        else:
            self.state.plan = None  # refreshes

    @property
    def problem(self) -> Problem:
        if self._built is None:
            self._built = self._problem()
        return self._built

    def _problem(self) -> Problem:
        c = self.state.plan_choice
        return build_problem(self.ds, c.agencies, c.radius_km, c.weights or Weights(), c.host_country, tuple(self.extra))

    def _choice_changed(self, new: PlanChoice, old: PlanChoice) -> None:
        """A new number of posts only changes the next recommendation; anything else, the problem."""
        if replace(new, k=0) != replace(old, k=0):
            self._built = None
            self.stale = self.recommendation is not None
            self.refresh()

    def set_plan(self, plan: Plan) -> None:
        self.state.plan = None if plan == Plan() else plan

    def refresh(self) -> None:
        """Evaluate the plan and show it everywhere: summary, tables, comparison, the map (while shown)."""
        if not self.isVisible():
            return  # the window refreshes the planner when its dock is opened
        self.current = outcome(self.problem, self.plan)
        ui = STRINGS[self.lang]
        ev = self.current.evaluation
        before = self.problem.covered_need(self.problem.covered_ids(self.problem.existing))
        gaps = sum(1 for p in self.problem.points if self.problem.need[p.id] > 0 and p.id not in ev.covered_ids)
        self.summary.setText(ui["plan_summary"].format(covered=ev.covered, total=ev.total, share=ev.share, before=before,
                                                       before_share=before / ev.total if ev.total else 0.0, gaps=gaps))
        name = self._name
        fill_sites(self.sites, self.current, self.lang, name)
        fill_need(self.need, self.problem, self.current, lambda iso3: self.ds.country_name(iso3, self.lang), name)
        self._fill_candidates()
        self._fill_why()
        self._fill_compare()
        if self.frontier.isVisible():
            self.frontier.refresh()
        self.overlay_changed.emit({**self.overlay(), "fit": self._fit_next})
        self._fit_next = False

    def overlay(self) -> dict:
        return plan_overlay(self.problem, outcome(self.problem, self.plan))

    def _name(self, thing) -> str:
        return thing.name_zh if self.lang == "zh" else thing.name_en

    def _fill_candidates(self) -> None:
        in_plan = {s.site.id for s in self.current.sites}
        self.candidate.blockSignals(True)
        chosen = self.candidate.currentData()
        self.candidate.clear()
        for c in self.problem.candidates:
            if c.id not in in_plan:
                country = self.ds.country_name(c.country, self.lang) if c.country else ""
                self.candidate.addItem(self._name(c) + STRINGS[self.lang]["parenthesised"].format(text=country), c.id)
        index = self.candidate.findData(chosen)
        self.candidate.setCurrentIndex(max(index, 0))
        self.candidate.blockSignals(False)
        self.add_button.setEnabled(self.candidate.count() > 0)

    def _fill_why(self) -> None:
        ui = STRINGS[self.lang]
        if self.recommendation is None:
            self.why.setPlainText(ui["plan_why_empty"])
            return
        lines = report.text_lines(self.ds, self._solved_problem, self.recommendation, self.lang)
        if self.stale:
            lines[0] += ui["plan_stale"]
        self.why.setPlainText("\n".join(lines))

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
        if mode == "move" and self.selected_site() is None:
            self.message.emit(STRINGS[self.lang]["plan_select_first"])
            self._show_pick(None)  # the button the user pressed springs back
            mode = None
        self.state.pick = mode

    def _show_pick(self, mode: str | None) -> None:
        ui = STRINGS[self.lang]
        for button, m in ((self.pick_add, "add"), (self.pick_move, "move")):
            button.blockSignals(True)
            button.setChecked(mode == m)
            button.blockSignals(False)
        if mode == "add":
            self.message.emit(ui["plan_pick_hint_add"])
        elif mode == "move":
            self.message.emit(ui["plan_pick_hint_move"].format(self.sites.selectedItems()[1].text()))

    def map_clicked(self, mode: str, lat: float, lon: float) -> None:
        if mode != self.pick:
            return
        self.set_pick(None)
        if mode == "add":
            agency = self.state.plan_choice.agencies
            try:  # where no post can stand (hosts.csv) the click says why instead
                site = custom_site(self.ds, lat, lon, len(self.extra) + 1, agency[0] if len(agency) == 1 else None,
                                   self.problem.hosts)
            except PlannerError as exc:
                self.message.emit(str(exc))
                return
            self.extra.append(site)
            self._built = None
            self.set_plan(self.plan.add(site))
        elif mode == "move" and self.selected_site() is not None:
            self.set_plan(self.plan.move(self.selected_site(), lat, lon, self.ds.country_at(lat, lon)))

    def _keep(self, which: str) -> None:
        kept = dict(self.saved, **{which: self.plan})
        self.state.kept = (kept["A"], kept["B"])
        self.tabs.setCurrentIndex(2)

    def _fill_compare(self) -> None:
        if self.isVisible():
            fill_compare(self.comparison, self.problem, self.saved, self.plan, self.lang, self._name)

    # ---------- recommendation ----------

    def show_recommendation_for(self, k: int, agencies: tuple[str, ...]) -> None:
        """Set the post count and agencies, then solve (the screenshot command and tests)."""
        if not any(set(choice) == set(agencies) for choice in AGENCY_CHOICES):
            raise PlannerError(f"the planner offers all agencies, NPA or MJIB, not {','.join(agencies)}")
        self.state.plan_choice = replace(self.state.plan_choice, agencies=tuple(agencies), k=k)
        self.start_recommendation()

    def start_recommendation(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.recommend_button.setEnabled(False)
        self.recommend_button.setText(STRINGS[self.lang]["plan_solving"])
        problem, k, signal = self.problem, self.state.plan_choice.k, self._solver.finished

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
        self.recommend_button.setText(STRINGS[self.lang]["plan_recommend"])
        if isinstance(result, Exception):
            self.message.emit(STRINGS[self.lang]["plan_failed"].format(result))
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
        path, _ = QFileDialog.getSaveFileName(self, STRINGS[self.lang]["plan_export_csv"], "plan.csv", "CSV (*.csv)")
        if path:
            write_bytes_atomic(path, self.plan_csv().encode("utf-8-sig"))  # the BOM lets Excel read the Chinese
            self.message.emit(STRINGS[self.lang]["exported"].format(path))
