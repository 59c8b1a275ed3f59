"""One planning question, answered whole: posts (K new ones) or officers (within a budget), with the
frontier and the robustness when asked, as text lines and as one JSON document carrying every input.

The command line and the decision memo both ask through here, so they cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..data.load import Dataset
from ..data.schema import AGENCIES
from . import budget_report, report
from .budget import BudgetPlan, Costs, Model, frontier, load_costs, solve
from .need import Weights
from .options import DEFAULT_RADIUS_KM, PlannerError
from .planner import Problem, Recommendation, build_problem, dataset_hosts, recommend
from .robustness import Robustness, robustness


@dataclass(frozen=True)
class Question:
    agencies: tuple[str, ...] = AGENCIES
    new_posts: int | None = None  # K new posts, or
    budget: float | None = None  # officers within a budget
    radius_km: float = DEFAULT_RADIUS_KM
    weights: Weights = Weights()
    host_country: bool = True
    method: str = "ilp"
    costs: Path | None = None
    hosts: Path | None = None
    frontier: bool = False
    robustness: bool = False


@dataclass(frozen=True)
class Answer:
    question: Question
    problem: Problem
    costs: Costs
    recommendation: Recommendation | None
    plan: BudgetPlan | None
    frontier: list[BudgetPlan] | None
    robustness: Robustness | None

    def chosen(self) -> list:
        if self.plan is not None:
            return [a.site for a in self.plan.allocations]
        return [s.site for s in self.recommendation.steps] if self.recommendation else []


def answer(ds: Dataset, q: Question) -> Answer:
    if (q.new_posts is None) == (q.budget is None):
        raise PlannerError("ask for --new-posts K or --budget B (one of them)")
    hosts = dataset_hosts(ds, q.hosts)
    costs = load_costs(q.costs) if q.costs else Costs({})

    def build(weights: Weights, radius_km: float) -> Problem:
        return build_problem(ds, q.agencies, radius_km, weights, q.host_country, hosts=hosts)

    def choose(problem: Problem) -> list:
        if q.budget is not None:
            return [a.site for a in solve(Model(problem, costs), q.budget).allocations]
        return [s.site for s in recommend(problem, q.new_posts, q.method).steps]

    problem = build(q.weights, q.radius_km)
    model = Model(problem, costs)
    rec = recommend(problem, q.new_posts, q.method) if q.new_posts is not None else None
    plan = solve(model, q.budget) if q.budget is not None else None
    return Answer(q, problem, costs, rec, plan, frontier(model) if q.frontier else None,
                  robustness(build, q.weights, q.radius_km, choose) if q.robustness else None)


def text_lines(ds: Dataset, a: Answer, lang: str = "zh") -> list[str]:
    lines = report.text_lines(ds, a.problem, a.recommendation, lang) if a.recommendation else \
        report.text_lines(ds, a.problem, recommend(a.problem, 0), lang)[:2] + report.host_lines(ds, a.problem, lang)
    if a.plan is not None:
        lines += budget_report.budget_lines(ds, a.plan, a.costs, lang) + budget_report.model_lines(a.costs, lang)
    if a.frontier is not None:
        lines += budget_report.frontier_lines(a.frontier, lang)
    if a.robustness is not None:
        lines += budget_report.robustness_lines(a.robustness, lang)
    return lines


def document(a: Answer, data: str) -> dict:
    rec = a.recommendation or recommend(a.problem, 0)
    doc = report.document(a.problem, rec, data)
    doc["inputs"].update(budget_report.budget_inputs(Model(a.problem, a.costs), a.costs), new_posts=a.question.new_posts,
                         budget=a.question.budget, method=a.question.method)
    if a.plan is not None:
        doc["officers_plan"] = budget_report.plan_document(a.plan)
    if a.frontier is not None:
        doc["frontier"] = [budget_report.plan_document(p) for p in a.frontier]
    if a.robustness is not None:
        doc["robustness"] = budget_report.robustness_document(a.robustness)
    return doc
