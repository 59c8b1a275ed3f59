"""Officers, not only posts: where added officers answer the most need within a budget, exactly.

The model, stated in every report as an assumption of the planner (not a figure from the source):
the t-th officer within reach of a demand point answers OFFICER_SHARES[t] of its need (the first
60%, a second 30%, a third the last 10%); a post today counts one officer, as the number is unknown for
every post (none is invented; one is the least a post has, and the report says "unknown"). An
option adds officers to a post today, or opens a new post at a candidate (its first officer opens
it). Each officer costs the cost per year of its city or country (costs.csv; 1 each, equal, where
no file is given). The plan maximises the need answered within the budget: an integer programme
(PuLP/CBC); a brute force over every allocation checks it on small cases in the tests.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from pathlib import Path

import pulp

from ..data.issues import DataError, Issue
from ..data.schema import COSTS
from ..data.tables import read_table_file
from .coverage import Site
from .options import PlannerError
from .planner import Problem, _cbc

OFFICER_SHARES = (0.6, 0.3, 0.1)  # of a point's need, by the officer's rank among those reaching it: all three answer all of it
MAX_ADDED = 3  # officers one plan may add at one site


@dataclass(frozen=True)
class Costs:
    """Cost per officer per year by place id or country; `unit` for everything when no file is given."""

    by_key: dict[str, float]
    currency: str = ""
    file: str = ""
    unit: float = 1.0

    def of(self, site: Site) -> float:
        if not self.by_key:
            return self.unit
        for key in (site.place, site.country, "*"):
            if key in self.by_key:
                return self.by_key[key]
        raise PlannerError(f"{self.file}: no cost for {site.name_en} ({site.place or site.country}); add a row for it or '*'")


def load_costs(path: Path) -> Costs:
    table, issues = read_table_file(Path(path), COSTS)
    if table is None or any(i.severity == "error" for i in issues):
        raise DataError(issues)
    currencies = set(table.frame["currency"])
    if len(currencies) > 1:
        raise DataError([Issue(Path(path).name, table.lines[0], "currency", f"one currency only, not {sorted(currencies)}")])
    return Costs({k: float(v) for k, v in zip(table.frame["key"], table.frame["cost_per_officer_year"])},
                 currencies.pop() if currencies else "", str(path))


@dataclass(frozen=True)
class Allocation:
    site: Site
    officers: int
    cost: float
    opens: bool  # a new post
    gain: float  # need it answers beyond the rest of the plan (its marginal value in the plan)


@dataclass(frozen=True)
class BudgetPlan:
    budget: float
    spent: float
    answered: float  # need answered by today's posts and the plan (the tiers of OFFICER_SHARES)
    today: float  # need answered by today's posts alone
    allocations: tuple[Allocation, ...]

    @property
    def gain(self) -> float:
        return self.answered - self.today


class Model:
    """The problem as tiers: each point's need, today's officers reaching it, the sites reaching it."""

    def __init__(self, problem: Problem, costs: Costs = Costs({})):
        self.problem = problem
        self.sites = [*problem.existing, *problem.candidates]
        self.cost = {s.id: costs.of(s) for s in self.sites}
        self.points = [p.id for p in problem.points if problem.need[p.id] > 0]
        self.base = {pid: sum(pid in problem.covers[s.id] for s in problem.existing) for pid in self.points}
        self.reach = {s.id: [pid for pid in self.points if pid in problem.covers[s.id]] for s in self.sites}
        self.useful = [s for s in self.sites if self.reach[s.id] and any(self.base[p] < len(OFFICER_SHARES) for p in self.reach[s.id])]

    def answered(self, added: dict[str, int]) -> float:
        need, total = self.problem.need, []
        for pid in self.points:
            n = self.base[pid] + sum(added.get(s.id, 0) for s in self.sites if pid in self.problem.covers[s.id])
            total.append(need[pid] * math.fsum(OFFICER_SHARES[:n]))
        return math.fsum(total)

    def spent(self, added: dict[str, int]) -> float:
        return math.fsum(self.cost[i] * n for i, n in added.items())


def solve(model: Model, budget: float) -> BudgetPlan:
    """The allocation answering the most need within the budget; among equals the cheapest, then the
    one adding officers to posts of today before opening new ones (fewer moves)."""
    if not budget >= 0:
        raise PlannerError(f"the budget must be 0 or more, not {budget!r}")
    added = _ilp(model, budget) if model.useful else {}
    return _plan(model, budget, added)


def _ilp(model: Model, budget: float) -> dict[str, int]:
    tiers = len(OFFICER_SHARES)
    lp = pulp.LpProblem("officers", pulp.LpMaximize)
    x = {s.id: lp.add_variable(f"x{i}", 0, MAX_ADDED, cat=pulp.LpInteger) for i, s in enumerate(model.useful)}
    y = {(j, t): lp.add_variable(f"y{j}_{t}", 0, 1) for j, pid in enumerate(model.points) for t in range(model.base[pid], tiers)}
    need = model.problem.need
    value = pulp.lpSum(need[model.points[j]] * OFFICER_SHARES[t] * v for (j, t), v in y.items())
    cost = pulp.lpSum(model.cost[i] * v for i, v in x.items())
    lp += value
    for j, pid in enumerate(model.points):
        if any((j, t) in y for t in range(tiers)):
            reaching = [x[s.id] for s in model.useful if pid in model.reach[s.id]]
            lp += pulp.lpSum(y[j, t] for t in range(model.base[pid], tiers)) <= pulp.lpSum(reaching)
    lp += cost <= budget + 1e-9
    if lp.solve(_cbc()) != pulp.LpStatusOptimal:
        raise PlannerError("the officers model has no optimal solution")
    # Among the plans answering as much: the cheapest, then the one with fewest officers at new posts
    # (a second solve with the first's value held), so equal plans never depend on the solver's path.
    best = pulp.value(value)
    lp += value >= best - 1e-7 * max(1.0, best)
    new = pulp.lpSum(x[s.id] for s in model.useful if s.kind != "post")
    lp.setObjective(-(len(model.useful) * MAX_ADDED + 1) * cost - new)
    if lp.solve(_cbc()) != pulp.LpStatusOptimal:
        raise PlannerError("the officers model has no optimal solution")
    return {i: round(v.value()) for i, v in x.items() if round(v.value()) > 0}


def brute_force(model: Model, budget: float) -> float:
    """The most need any allocation within the budget answers, trying them all (small cases only)."""
    best = model.answered({})
    for counts in itertools.product(range(MAX_ADDED + 1), repeat=len(model.useful)):
        added = {s.id: n for s, n in zip(model.useful, counts) if n}
        if model.spent(added) <= budget + 1e-9:
            best = max(best, model.answered(added))
    return best


def _plan(model: Model, budget: float, added: dict[str, int]) -> BudgetPlan:
    total = model.answered(added)
    allocations = tuple(sorted(
        (Allocation(s, added[s.id], model.cost[s.id] * added[s.id], s.kind != "post",
                    total - model.answered({k: v for k, v in added.items() if k != s.id}))
         for s in model.sites if s.id in added),
        key=lambda a: (-a.gain, a.site.id)))
    return BudgetPlan(budget, model.spent(added), total, model.answered({}), allocations)


def frontier(model: Model, step: float | None = None) -> list[BudgetPlan]:
    """Need answered against budget, each point an exact optimum, from 0 until more buys nothing:
    the unlimited optimum (every useful site at MAX_ADDED) is reached."""
    step = step or min((model.cost[s.id] for s in model.useful), default=1.0)
    ceiling = solve(model, math.fsum(model.cost[s.id] * MAX_ADDED for s in model.useful)).answered
    points, budget = [solve(model, 0.0)], 0.0
    while points[-1].answered < ceiling - 1e-9 * max(1.0, ceiling):
        budget += step
        points.append(solve(model, budget))
    return points
