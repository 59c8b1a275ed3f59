"""A recommendation as a reader gets it: text lines with reasons, CSV rows, or a JSON document.

The JSON document carries the inputs too (need per demand point with its records, the
candidates, the coverage sets), so anyone can recompute the answer by hand or in a solver.
"""

from __future__ import annotations

from ..data.load import Dataset
from ..data.names import label
from ..data.spreadsheet import csv_dicts
from ..strings import STRINGS
from .coverage import Site
from .need import PARTS
from .planner import Problem, Recommendation
from .whatif import Outcome

PLAN_COLUMNS = ("status", "id", "name_zh", "name_en", "agency", "country", "lat", "lon", "need", "only_here", "covers")
CSV_COLUMNS = (
    "rank", "id", "name_zh", "name_en", "country", "lat", "lon", "gain", "covered_after", "share_after",
    "newly_covered", "loss_if_removed", "alternatives",
)

def _name(thing, lang: str) -> str:
    return thing.name_zh if lang == "zh" else thing.name_en


def reasons(problem: Problem, point_id: str, lang: str) -> str:
    """'166.7 (Seized (kg) 1,516.8, Cases 1, Routes 1)': a point's need and the parts behind it."""
    point = next(p for p in problem.points if p.id == point_id)
    parts = [f"{label('need_parts', part, lang)} {point.quantity(part):,.4g}" for part in PARTS if point.quantity(part)]
    t = STRINGS[lang]
    return f"{problem.need[point_id]:,.1f}" + t["parenthesised"].format(text=t["list_sep"].join(parts))


def text_lines(ds: Dataset, problem: Problem, rec: Recommendation, lang: str = "zh") -> list[str]:
    t = STRINGS[lang]
    names = {p.id: _name(p, lang) for p in problem.points}
    agencies = t["list_sep"].join(label("agencies_short", a, lang) for a in problem.agencies)
    lines = [
        t["report_head"].format(agencies=agencies, radius=problem.rule.radius_km, host=t["report_host"] if problem.rule.host_country else ""),
        t["report_total"].format(total=rec.total, before=rec.before, share=rec.before / rec.total if rec.total else 0),
        t["report_method"].format(solver=rec.solver, seconds=rec.seconds),
    ]
    if not rec.steps:
        lines.append(t["report_none"])
    else:
        lines.append(t["report_recommend"].format(n=len(rec.steps), after=rec.after, share=rec.after / rec.total))
        for rank, step in enumerate(rec.steps, 1):
            country = ds.country_name(step.site.country, lang) if step.site.country else "—"
            lines.append(t["report_step"].format(rank=rank, name=_name(step.site, lang), country=country, gain=step.gain))
            lines.append(t["report_newly"].format(points=t["list_sep"].join(f"{names[p]} {reasons(problem, p, lang)}" for p in step.newly)))
            if step.swaps:
                lines.append(t["report_swaps"].format(swaps=t["list_sep"].join(f"{_name(s, lang)} → {v:,.1f}" for s, v in step.swaps)))
    if rec.unused and rec.steps:
        lines.append(t["report_unused"].format(n=rec.unused))
    if rec.ties:
        lines.append(t["report_ties"].format(plans=t["list_sep"].join(t["report_plus"].join(_name(s, lang) for s in plan) for plan in rec.ties)))
        if rec.ties_truncated:
            lines.append(t["report_truncated"])
    after = problem.covered_ids([*problem.existing, *(s.site for s in rec.steps)])
    left = [p.id for p in problem.points if p.id not in after and problem.need[p.id] > 0]
    if left:
        lines.append(t["report_uncovered"].format(points=t["list_sep"].join(f"{names[p]} {problem.need[p]:,.1f}" for p in left)))
    return lines + host_lines(ds, problem, lang)


def host_lines(ds: Dataset, problem: Problem, lang: str = "zh") -> list[str]:
    """Where no post can stand among the countries with need, why, and the channel that answers there."""
    t, lines = STRINGS[lang], []
    for country in sorted({p.country for p in problem.points}):
        ruled = problem.hosts.rule(country, problem.agencies)
        if ruled is None:
            continue
        lines.append(t["report_no_post"].format(country=ds.country_name(country, lang), reason=_reason(ruled, lang),
                                                source=ruled.source))
        here = [p for p in problem.points if p.country == country and p.id in problem.answered]
        if here:
            channel = problem.answered[here[0].id][0]
            lines.append(t["report_channel"].format(
                channel=_name(channel, lang), answered=sum(problem.answered[p.id][1] for p in here),
                points=t["list_sep"].join(_name(p, lang) for p in here), share=channel.effectiveness,
                basis=channel.effectiveness_source))
    return lines + ([t["report_after_channels"]] if problem.answered else [])


def _reason(host, lang: str) -> str:
    return host.reason_zh if lang == "zh" else host.reason_en


def hosts_document(problem: Problem) -> dict:
    """The hosts and channels the plan used, and what each channel answered."""
    answered: dict[str, float] = {}
    for channel, need in problem.answered.values():
        answered[channel.id] = answered.get(channel.id, 0.0) + need
    return {
        "file": problem.hosts.file,
        "hosts": [{"country": h.country, "agency": h.agency, "status": h.status, "channel": h.channel,
                   "reason_zh": h.reason_zh, "reason_en": h.reason_en, "source": h.source} for h in problem.hosts.hosts],
        "channels": [{"id": c.id, "name_zh": c.name_zh, "name_en": c.name_en, "countries": sorted(c.countries),
                      "agencies": sorted(c.agencies), "effectiveness": c.effectiveness,
                      "effectiveness_source": c.effectiveness_source, "source": c.source, "need_answered": answered.get(c.id, 0.0)}
                     for c in problem.hosts.channels],
    }


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
            **hosts_document(problem),
            "demand_points": [
                {
                    "id": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "country": p.country, "lat": p.lat,
                    "lon": p.lon, "location_basis": p.location_basis, "score": p.score(problem.weights),
                    "answered": ({"channel": problem.answered[p.id][0].id, "need": problem.answered[p.id][1]}
                                 if p.id in problem.answered else None),
                    "need": problem.need[p.id],  # the score less what a channel answers: what posts can cover
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
