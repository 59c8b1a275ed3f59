"""The officers plan, its frontier and its robustness as a reader gets them: text lines and JSON."""

from __future__ import annotations

from ..data.load import Dataset
from ..strings import STRINGS
from .budget import MAX_ADDED, OFFICER_SHARES, BudgetPlan, Costs, Model
from .robustness import Robustness


def _name(site, lang: str) -> str:
    return site.name_zh if lang == "zh" else site.name_en


def budget_lines(ds: Dataset, plan: BudgetPlan, costs: Costs, lang: str = "zh") -> list[str]:
    """The plan: what it answers, then each allocation ranked by the need it adds."""
    t = STRINGS[lang]
    currency = f" {costs.currency}" if costs.currency else ""
    lines = [t["budget_head"].format(budget=plan.budget, currency=currency, spent=plan.spent, today=plan.today,
                                     answered=plan.answered, gain=plan.gain)]
    for rank, a in enumerate(plan.allocations, 1):
        country = ds.country_name(a.site.country, lang) if a.site.country else "—"
        key = "budget_open_post" if a.opens else "budget_add_post"
        lines.append(t[key].format(rank=rank, name=_name(a.site, lang), country=country, n=a.officers, cost=a.cost, gain=a.gain))
    if not plan.allocations:
        lines.append(t["budget_nothing"])
    return lines


def model_lines(costs: Costs, lang: str = "zh") -> list[str]:
    """What the officers model assumes: unknown officers today, the shares, the costs."""
    t = STRINGS[lang]
    return [t["budget_officers_unknown"], t["budget_model"].format(max_added=MAX_ADDED, costs=costs.file or t["budget_equal_costs"])]


def frontier_lines(points: list[BudgetPlan], lang: str = "zh") -> list[str]:
    t = STRINGS[lang]
    return [t["frontier_head"]] + [
        t["frontier_row"].format(budget=p.budget, answered=p.answered, gain=p.gain,
                                 sites=t["list_sep"].join(f"{_name(a.site, lang)}×{a.officers}" for a in p.allocations))
        for p in points
    ]


def robustness_lines(result: Robustness, lang: str = "zh") -> list[str]:
    t, n = STRINGS[lang], len(result.runs)
    lines = [t["robust_head"].format(n=n)]
    for site_id, count in result.ranked():
        dropped = result.dropped_by(site_id)
        if not dropped:
            verdict = t["robust_yes"]
        elif 2 * count > n:  # mostly chosen: name what drops it
            verdict = t["robust_depends"].format(labels=t["list_sep"].join(dropped))
        else:  # rarely chosen: name what brings it in
            verdict = t["robust_only"].format(labels=t["list_sep"].join(r.label for r in result.runs if site_id in r.chosen))
        name = result.names[site_id][0 if lang == "zh" else 1]
        lines.append(t["robust_row"].format(name=name, count=count, n=n, verdict=verdict))
    return lines


def _allocation(a) -> dict:
    return {"id": a.site.id, "name_zh": a.site.name_zh, "name_en": a.site.name_en, "country": a.site.country,
            "kind": a.site.kind, "officers": a.officers, "cost": a.cost, "opens_post": a.opens, "gain": a.gain}


def plan_document(plan: BudgetPlan) -> dict:
    return {"budget": plan.budget, "spent": plan.spent, "answered_today": plan.today, "answered": plan.answered,
            "gain": plan.gain, "allocations": [_allocation(a) for a in plan.allocations]}


def budget_inputs(model: Model, costs: Costs) -> dict:
    return {"officer_shares": list(OFFICER_SHARES), "max_added_per_site": MAX_ADDED,
            "officers_today": "unknown: 1 counted per post",
            "costs": {"file": costs.file or None, "currency": costs.currency or None, "by_site": model.cost,
                      "default": "equal, 1 per officer" if not costs.by_key else None}}


def robustness_document(result: Robustness) -> dict:
    return {"runs": [{"changed": r.label, "chosen": list(r.chosen)} for r in result.runs],
            "chosen": [{"id": i, "count": c, "of": len(result.runs), "dropped_with": result.dropped_by(i)} for i, c in result.ranked()]}
