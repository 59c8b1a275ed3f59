"""The planner's gap map as page data: demand points sized by need, coloured covered or not,
and the posts of a plan with their reach. The page draws it over the map (MapApp.showPlan)."""

from __future__ import annotations

from ..analysis.planner import Problem
from ..analysis.whatif import Outcome
from .geometry import display_lon


def plan_overlay(problem: Problem, out: Outcome) -> dict:
    ev = out.evaluation
    lists = {s.site.id for s in out.sites if problem.rule.listed(s.site) is not None}
    today = {s.site.id for s in out.sites if s.status == "post"}
    return {
        "points": [
            {
                "id": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "country": p.country,
                "lat": p.lat, "lon": display_lon(p.lon), "need": round(problem.need[p.id], 3),
                "covered": bool(ev.covered_by[p.id]), "by": list(ev.covered_by[p.id]),
                # covered only thanks to the plan's changes: what a recommendation adds
                "newly": bool(ev.covered_by[p.id]) and not today & set(ev.covered_by[p.id]),
            }
            for p in problem.points
            if problem.need[p.id] > 0
        ],
        "sites": [
            {
                "id": s.site.id, "name_zh": s.site.name_zh, "name_en": s.site.name_en, "agency": s.site.agency,
                "lat": s.site.lat, "lon": display_lon(s.site.lon), "status": s.status,
                # Where a coverage list applies, no circle: the post's reach is a list of countries.
                "radius_km": None if s.site.id in lists else problem.rule.radius_km,
                "only_here": round(s.only_here, 3),
                "new_rank": sum(1 for o in out.sites[: i + 1] if o.status == "new") if s.status == "new" else None,
            }
            for i, s in enumerate(out.sites)
        ],
        "removed": [
            {"id": s.id, "name_zh": s.name_zh, "name_en": s.name_en, "lat": s.lat, "lon": display_lon(s.lon)}
            for s in out.removed
        ],
        "total": round(ev.total, 3),
        "covered": round(ev.covered, 3),
    }
