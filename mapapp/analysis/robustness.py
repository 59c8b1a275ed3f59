"""How sure a recommendation is: solve again under other weights and radii and count how often each
place is chosen.

Each need weight is taken at half and at one and a half times its value, one at a time, and the
travel radius at 500, 750, 1,500 and 2,000 km; a choice made in every run is robust, one dropped
in some depends on the assumptions that drop it, which the report names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from .need import PARTS, Weights
from .planner import Problem

WEIGHT_FACTORS = (0.5, 1.5)
RADII_KM = (500.0, 750.0, 1500.0, 2000.0)


@dataclass(frozen=True)
class Run:
    label: str  # what was changed, e.g. "death x0.5" or "radius 1500 km"
    chosen: tuple[str, ...]  # site ids, each with its officers where the plan adds them


@dataclass(frozen=True)
class Robustness:
    runs: tuple[Run, ...]  # the first is the recommendation as asked
    names: dict[str, tuple[str, str]]  # site id -> (name_zh, name_en)

    def count(self, site_id: str) -> int:
        return sum(site_id in r.chosen for r in self.runs)

    def dropped_by(self, site_id: str) -> list[str]:
        return [r.label for r in self.runs if site_id not in r.chosen]

    def ranked(self) -> list[tuple[str, int]]:
        """Every place chosen in any run, the most often chosen first."""
        ids = {i for r in self.runs for i in r.chosen}
        return sorted(((i, self.count(i)) for i in ids), key=lambda ic: (-ic[1], ic[0]))


def robustness(build: Callable[[Weights, float], Problem], weights: Weights, radius_km: float,
               choose: Callable[[Problem], list]) -> Robustness:
    """build(weights, radius) -> the problem; choose(problem) -> the chosen sites."""
    runs, names = [], {}
    variants = [("as asked", weights, radius_km)]
    variants += [(f"{part} x{f:g}", replace(weights, **{part: getattr(weights, part) * f}), radius_km)
                 for part in PARTS for f in WEIGHT_FACTORS]
    variants += [(f"radius {r:,.0f} km", weights, r) for r in RADII_KM if r != radius_km]
    for label, w, r in variants:
        sites = choose(build(w, r))
        names.update({s.id: (s.name_zh, s.name_en) for s in sites})
        runs.append(Run(label, tuple(sorted(s.id for s in sites))))
    return Robustness(tuple(runs), names)
