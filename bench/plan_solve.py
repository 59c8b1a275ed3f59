"""Planner solve time: the exact MCLP on the shipped data, and on a larger random problem.

Prints medians of `recommend` for each k, ILP (CBC) and exhaustive search side by side, so the
ratio shows where the exhaustive check stops being practical. Usage: python bench/plan_solve.py [N]
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from mapapp.analysis.coverage import Rule, Site
from mapapp.analysis.need import Contribution, DemandPoint, Weights
from mapapp.analysis.planner import PlannerError, Problem, build_problem, recommend
from mapapp.data.load import load_dataset


def synthetic(points: int, candidates: int, seed: int = 1) -> Problem:
    """Points and candidates scattered over East and South-East Asia, need 1-100."""
    rng = random.Random(seed)

    def where():
        return rng.uniform(-10, 45), rng.uniform(95, 145)

    pts = [
        DemandPoint(f"p{i}", f"p{i}", f"p{i}", "XXX", *where(), "stated", (Contribution("detained", rng.randint(1, 100), "synthetic"),))
        for i in range(points)
    ]
    cands = [Site(f"c{i}", f"c{i}", f"c{i}", None, *where(), "candidate") for i in range(candidates)]
    return Problem.of(pts, Weights(), Rule(500.0, False), (), cands)


def median_ms(problem: Problem, k: int, method: str, n: int) -> str:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        try:
            recommend(problem, k, method)
        except PlannerError:
            return "too many plans"
        samples.append((time.perf_counter() - start) * 1000)
    return f"{statistics.median(samples):.0f} ms"


def main(n: int = 5) -> None:
    shipped = build_problem(load_dataset(), ["NPA"])
    cases = [("shipped data, NPA", shipped), ("synthetic 300 points x 60 candidates", synthetic(300, 60))]
    for name, problem in cases:
        print(f"{name}: {len(problem.points)} demand points, {len(problem.candidates)} candidates")
        for k in (1, 2, 3, 5):
            print(f"  k={k}: ilp {median_ms(problem, k, 'ilp', n)}, exhaustive {median_ms(problem, k, 'exhaustive', n)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
