"""A recommendation as a reader gets it: text lines with reasons, CSV rows, or a JSON document.

The JSON document carries the inputs too (need per demand point with its records, the
candidates, the coverage sets), so anyone can recompute the answer by hand or in a solver.
"""

from __future__ import annotations

from ..data.load import Dataset
from ..data.names import label
from ..data.spreadsheet import csv_dicts
from .coverage import Site
from .need import PARTS
from .planner import Problem, Recommendation
from .whatif import Outcome

PLAN_COLUMNS = ("status", "id", "name_zh", "name_en", "agency", "country", "lat", "lon", "need", "only_here", "covers")
CSV_COLUMNS = (
    "rank", "id", "name_zh", "name_en", "country", "lat", "lon", "gain", "covered_after", "share_after",
    "newly_covered", "loss_if_removed", "alternatives",
)

TEXT = {
    "zh": {
        "head": "部署規劃：{agencies}；涵蓋半徑 {radius:,.0f} 公里{host}",
        "host": "（駐在國全境視為涵蓋）",
        "total": "需求總分 {total:,.1f}；現有駐點涵蓋 {before:,.1f}（{share:.1%}）",
        "method": "求解：{solver}，為最佳解（{seconds:.2f} 秒）",
        "none": "新增駐點無法再涵蓋更多需求。",
        "recommend": "建議新增 {n} 處駐點，涵蓋需求增至 {after:,.1f}（{share:.1%}）：",
        "step": "{rank}. {name}（{country}） +{gain:,.1f}",
        "newly": "   新涵蓋：{points}",
        "swaps": "   可替代：{swaps}",
        "unused": "其餘 {n} 處新駐點不會再增加涵蓋的需求。",
        "ties": "同樣最佳的方案：{plans}",
        "truncated": "（同樣最佳的方案不只這些）",
        "uncovered": "仍未涵蓋：{points}",
        "sep": "、",
        "plus": "＋",
    },
    "en": {
        "head": "Deployment plan: {agencies}; radius {radius:,.0f} km{host}",
        "host": " (a post covers its whole host country)",
        "total": "Total need {total:,.1f}; today's posts cover {before:,.1f} ({share:.1%})",
        "method": "Solved by {solver}: optimal ({seconds:.2f} s)",
        "none": "No new post would cover more need.",
        "recommend": "Add {n} post(s); need covered rises to {after:,.1f} ({share:.1%}):",
        "step": "{rank}. {name} ({country}) +{gain:,.1f}",
        "newly": "   newly covers: {points}",
        "swaps": "   could be replaced by: {swaps}",
        "unused": "The other {n} new post(s) would cover no more need.",
        "ties": "Equally good plans: {plans}",
        "truncated": "(there are more equally good plans)",
        "uncovered": "Still uncovered: {points}",
        "sep": ", ",
        "plus": " + ",
    },
}


def _name(thing, lang: str) -> str:
    return thing.name_zh if lang == "zh" else thing.name_en


def reasons(problem: Problem, point_id: str, lang: str) -> str:
    """'166.7 (Seized (kg) 1,516.8, Cases 1, Routes 1)': a point's need and the parts behind it."""
    point = next(p for p in problem.points if p.id == point_id)
    parts = [f"{label('need_parts', part, lang)} {point.quantity(part):,.4g}" for part in PARTS if point.quantity(part)]
    sep = TEXT[lang]["sep"]
    return f"{problem.need[point_id]:,.1f}（{sep.join(parts)}）" if lang == "zh" else f"{problem.need[point_id]:,.1f} ({sep.join(parts)})"


def text_lines(ds: Dataset, problem: Problem, rec: Recommendation, lang: str = "zh") -> list[str]:
    t = TEXT[lang]
    names = {p.id: _name(p, lang) for p in problem.points}
    agencies = t["sep"].join(label("agencies_short", a, lang) for a in problem.agencies)
    lines = [
        t["head"].format(agencies=agencies, radius=problem.rule.radius_km, host=t["host"] if problem.rule.host_country else ""),
        t["total"].format(total=rec.total, before=rec.before, share=rec.before / rec.total if rec.total else 0),
        t["method"].format(solver=rec.solver, seconds=rec.seconds),
    ]
    if not rec.steps:
        lines.append(t["none"])
    else:
        lines.append(t["recommend"].format(n=len(rec.steps), after=rec.after, share=rec.after / rec.total))
        for rank, step in enumerate(rec.steps, 1):
            country = ds.country_name(step.site.country, lang) if step.site.country else "—"
            lines.append(t["step"].format(rank=rank, name=_name(step.site, lang), country=country, gain=step.gain))
            lines.append(t["newly"].format(points=t["sep"].join(f"{names[p]} {reasons(problem, p, lang)}" for p in step.newly)))
            if step.swaps:
                lines.append(t["swaps"].format(swaps=t["sep"].join(f"{_name(s, lang)} → {v:,.1f}" for s, v in step.swaps)))
    if rec.unused and rec.steps:
        lines.append(t["unused"].format(n=rec.unused))
    if rec.ties:
        lines.append(t["ties"].format(plans=t["sep"].join(t["plus"].join(_name(s, lang) for s in plan) for plan in rec.ties)))
        if rec.ties_truncated:
            lines.append(t["truncated"])
    after = problem.covered_ids([*problem.existing, *(s.site for s in rec.steps)])
    left = [p.id for p in problem.points if p.id not in after and problem.need[p.id] > 0]
    if left:
        lines.append(t["uncovered"].format(points=t["sep"].join(f"{names[p]} {problem.need[p]:,.1f}" for p in left)))
    return lines


def ranking(rec: Recommendation) -> list[dict]:
    """One entry per recommended post, in the order they add need: the ranking a planner exports."""
    rows, covered = [], rec.before
    for rank, step in enumerate(rec.steps, 1):
        covered += step.gain
        rows.append({
            "rank": rank,
            "id": step.site.id,
            "name_zh": step.site.name_zh,
            "name_en": step.site.name_en,
            "country": step.site.country,
            "lat": step.site.lat,
            "lon": step.site.lon,
            "gain": step.gain,
            "covered_after": covered,
            "share_after": covered / rec.total if rec.total else 0.0,
            "newly_covered": list(step.newly),
            "loss_if_removed": step.loss_if_removed,
            "alternatives": [{"id": s.id, "covered_after": v} for s, v in step.swaps],
        })
    return rows


def csv_rows(rec: Recommendation) -> list[dict]:
    """The ranking flattened for a spreadsheet: lists joined with ';', numbers rounded."""
    return [
        {
            **row,
            "country": row["country"] or "",
            **{k: round(row[k], 6) for k in ("gain", "covered_after", "share_after", "loss_if_removed")},
            "newly_covered": ";".join(row["newly_covered"]),
            "alternatives": ";".join(f"{a['id']}={a['covered_after']:.6g}" for a in row["alternatives"]),
        }
        for row in ranking(rec)
    ]


def _site(site: Site, covers) -> dict:
    return {
        "id": site.id, "kind": site.kind, "agency": site.agency, "place": site.place, "name_zh": site.name_zh,
        "name_en": site.name_en, "country": site.country, "lat": site.lat, "lon": site.lon, "covers": sorted(covers),
    }


def document(problem: Problem, rec: Recommendation, data: str) -> dict:
    base = problem.covered_ids(problem.existing)
    after = problem.covered_ids([*problem.existing, *(s.site for s in rec.steps)])
    return {
        "inputs": {
            "data": data,
            "agencies": list(problem.agencies),
            "radius_km": problem.rule.radius_km,
            "host_country_covered": problem.rule.host_country,
            "coverage_lists": [{"place": p, "agency": a, "country": c} for p, a, c in problem.rule.lists],
            "weights": problem.weights.as_dict(),
            "demand_points": [
                {
                    "id": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "country": p.country, "lat": p.lat,
                    "lon": p.lon, "location_basis": p.location_basis, "need": problem.need[p.id],
                    "parts": {part: {"quantity": p.quantity(part), "points": pts} for part, pts in p.points(problem.weights).items()},
                    "records": [{"part": c.part, "quantity": c.quantity, "ref": c.ref, "role": c.role} for c in p.contributions],
                }
                for p in problem.points
            ],
            "existing_posts": [_site(s, problem.covers[s.id]) for s in problem.existing],
            "candidates": [
                {**_site(s, problem.covers[s.id]), "gain_alone": problem.covered_need(problem.covers[s.id] - base)}
                for s in problem.candidates
            ],
        },
        "result": {
            "k": rec.k,
            "method": rec.method,
            "solver": rec.solver,
            "seconds": rec.seconds,
            "total_need": rec.total,
            "covered_before": rec.before,
            "covered_after": rec.after,
            "new_posts": ranking(rec),
            "ties": [[s.id for s in plan] for plan in rec.ties],
            "ties_truncated": rec.ties_truncated,
            "unused_posts": rec.unused,
            "uncovered_after": sorted(p.id for p in problem.points if p.id not in after and problem.need[p.id] > 0),
        },
    }


def plan_rows(problem: Problem, out: Outcome) -> list[dict]:
    """A what-if plan for a spreadsheet: its posts (today's, moved, new, removed), then the gaps left."""
    rows = []
    for s in out.sites:
        rows.append({
            "status": s.status, "id": s.site.id, "name_zh": s.site.name_zh, "name_en": s.site.name_en,
            "agency": s.site.agency or "", "country": s.site.country or "", "lat": s.site.lat, "lon": s.site.lon,
            "need": round(problem.covered_need(s.covers), 6), "only_here": round(s.only_here, 6), "covers": ";".join(sorted(s.covers)),
        })
    for s in out.removed:
        rows.append({"status": "removed", "id": s.id, "name_zh": s.name_zh, "name_en": s.name_en, "agency": s.agency or "",
                     "country": s.country or "", "lat": s.lat, "lon": s.lon, "need": "", "only_here": "", "covers": ""})
    for p in problem.points:
        if p.id not in out.evaluation.covered_ids and problem.need[p.id] > 0:
            rows.append({"status": "uncovered", "id": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "agency": "",
                         "country": p.country, "lat": p.lat, "lon": p.lon, "need": round(problem.need[p.id], 6),
                         "only_here": "", "covers": ""})
    return rows


def ranking_csv(rec: Recommendation) -> str:
    """The ranking as CSV for a spreadsheet; names from data cannot become formulas."""
    return csv_dicts(list(CSV_COLUMNS), csv_rows(rec))


def plan_csv(problem: Problem, out: Outcome) -> str:
    return csv_dicts(list(PLAN_COLUMNS), plan_rows(problem, out))
