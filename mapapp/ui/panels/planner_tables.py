"""The planner's tables as the user reads them: the plan's posts, the need per place, plan A against B.

Each fill function renders values the analysis layer computed; none computes anything itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ...analysis.need import PARTS
from ...analysis.planner import Problem
from ...analysis.whatif import Outcome, Plan, compare
from ...data.names import label
from ...strings import STRINGS

Name = Callable[[object], str]  # a site's or a place's name in the language shown


class Number(QTableWidgetItem):
    """A table cell that shows formatted text and sorts by its value."""

    def __init__(self, value: float, text: str | None = None):
        super().__init__(text if text is not None else f"{value:,.1f}")
        self.setData(Qt.ItemDataRole.UserRole, value)
        self.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other):  # noqa: D105 (Qt sorting)
        return self.data(Qt.ItemDataRole.UserRole) < other.data(Qt.ItemDataRole.UserRole)


def cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def cell_table(columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_sites(table: QTableWidget, out: Outcome, lang: str, name: Name) -> None:
    """The posts of the plan: today's, moved, new, and those removed (greyed)."""
    ui = STRINGS[lang]
    rows = list(out.sites) + [None] * len(out.removed)
    table.setRowCount(len(rows))
    for r, s in enumerate(out.sites):
        agency = label("agencies_short", s.site.agency, lang) if s.site.agency else "—"
        cells = [cell(ui[f"plan_status_{s.status}"]), cell(name(s.site)), cell(agency),
                 Number(len(s.covers), str(len(s.covers))), Number(s.only_here)]
        for c, item in enumerate(cells):
            item.setData(Qt.ItemDataRole.UserRole + 1, s.site.id)
            table.setItem(r, c, item)
    for r, site in enumerate(out.removed, len(out.sites)):
        for c, text in enumerate((ui["plan_status_removed"], name(site), label("agencies_short", site.agency, lang), "", "")):
            item = cell(text)
            item.setData(Qt.ItemDataRole.UserRole + 1, site.id)
            item.setForeground(Qt.GlobalColor.gray)
            table.setItem(r, c, item)


def fill_need(table: QTableWidget, problem: Problem, out: Outcome, country: Callable[[str], str], name: Name) -> None:
    """Every place with need, its parts and who covers it; gaps marked."""
    ev = out.evaluation
    points = [p for p in problem.points if problem.need[p.id] > 0]
    names = {s.site.id: name(s.site) for s in out.sites}
    table.setSortingEnabled(False)
    table.setRowCount(len(points))
    for r, p in enumerate(points):
        cells = [cell(name(p)), cell(country(p.country)), Number(problem.need[p.id])]
        cells += [Number(p.quantity(part), f"{p.quantity(part):,.4g}" if p.quantity(part) else "") for part in PARTS]
        cells.append(cell("、".join(names.get(i, i) for i in ev.covered_by[p.id]) if ev.covered_by[p.id] else "✗"))
        for c, item in enumerate(cells):
            if not ev.covered_by[p.id]:
                item.setBackground(Qt.GlobalColor.yellow)
            table.setItem(r, c, item)
    table.setSortingEnabled(True)  # re-sorts by the column the user chose (need, at first)


def fill_compare(table: QTableWidget, problem: Problem, saved: dict[str, Plan | None], plan: Plan, lang: str,
                 name: Name) -> None:
    """Plan A against plan B (the current plan stands in for one not kept yet, marked *)."""
    ui = STRINGS[lang]
    plans = {k: v for k, v in saved.items() if v is not None}
    a = saved["A"] or plan
    b = saved["B"] or plan
    table.setHorizontalHeaderLabels(["", ui["plan_a"] + ("" if "A" in plans else " *"),
                                     ui["plan_b"] + ("" if "B" in plans else " *")])
    sa, sb = a.sites(problem), b.sites(problem)
    ca, cb = problem.covered_ids(sa), problem.covered_ids(sb)
    na, nb, total = problem.covered_need(ca), problem.covered_need(cb), problem.total or 1.0
    metrics = [
        (ui["plan_cmp_posts"], str(len(sa)), str(len(sb))),
        (ui["plan_cmp_covered"], f"{na:,.1f}", f"{nb:,.1f}"),
        (ui["plan_cmp_share"], f"{na / total:.1%}", f"{nb / total:.1%}"),
    ]
    rows = compare(problem, ca, cb)
    metrics.append((ui["plan_cmp_gaps"], str(sum(1 for r in rows if not r[1])), str(sum(1 for r in rows if not r[2]))))
    names = {p.id: name(p) for p in problem.points}
    table.setRowCount(len(metrics) + len(rows))
    for r, (metric, va, vb) in enumerate(metrics):
        for c, text in enumerate((metric, va, vb)):
            item = cell(text)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            table.setItem(r, c, item)
    for r, (pid, in_a, in_b, need) in enumerate(rows, len(metrics)):
        cells = [cell(f"{names[pid]} {need:,.1f}"), cell(ui["plan_cmp_yes" if in_a else "plan_cmp_no"]),
                 cell(ui["plan_cmp_yes" if in_b else "plan_cmp_no"])]
        for c, item in enumerate(cells):
            if in_a != in_b:
                item.setBackground(Qt.GlobalColor.yellow)
            table.setItem(r, c, item)
