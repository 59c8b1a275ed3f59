"""What-if plans: today's posts with some removed, moved or added, evaluated at once and compared.

A Plan is a small immutable edit of today's posts, so the panel can keep two of them
(A and B) side by side and every change is a new value, never a mutation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .coverage import Site
from .planner import Evaluation, Problem


@dataclass(frozen=True)
class Plan:
    removed: frozenset[str] = frozenset()  # ids of today's posts taken away
    moved: tuple[tuple[str, float, float, str | None], ...] = ()  # (post id, lat, lon, country)
    added: tuple[Site, ...] = ()  # new posts, candidates or points the user placed

    def sites(self, problem: Problem) -> list[Site]:
        moved = {pid: (lat, lon, country) for pid, lat, lon, country in self.moved}
        out = []
        for post in problem.existing:
            if post.id in self.removed:
                continue
            if post.id in moved:
                lat, lon, country = moved[post.id]
                post = replace(post, lat=lat, lon=lon, country=country, kind="moved", place=None)
            out.append(post)
        return out + list(self.added)

    def add(self, site: Site) -> Plan:
        if any(s.id == site.id for s in self.added):
            return self
        return replace(self, added=(*self.added, site))

    def remove(self, site_id: str) -> Plan:
        if any(s.id == site_id for s in self.added):
            return replace(self, added=tuple(s for s in self.added if s.id != site_id))
        return replace(self, removed=self.removed | {site_id}, moved=tuple(m for m in self.moved if m[0] != site_id))

    def move(self, site_id: str, lat: float, lon: float, country: str | None) -> Plan:
        """Today's post stands elsewhere; a new post is simply placed elsewhere."""
        added = next((s for s in self.added if s.id == site_id), None)
        if added is not None:
            moved = replace(added, lat=lat, lon=lon, country=country, place=None, kind="custom")
            return replace(self, added=tuple(moved if s.id == site_id else s for s in self.added))
        rest = tuple(m for m in self.moved if m[0] != site_id)
        return replace(self, moved=(*rest, (site_id, lat, lon, country)))

    def status(self, site_id: str) -> str:
        """'post', 'moved', 'new' or 'removed': how the site differs from today."""
        if site_id in self.removed:
            return "removed"
        if any(m[0] == site_id for m in self.moved):
            return "moved"
        if any(s.id == site_id for s in self.added):
            return "new"
        return "post"


@dataclass(frozen=True)
class SiteOutcome:
    site: Site
    status: str
    covers: frozenset[str]
    only_here: float  # need that no other site of the plan covers: what removing it would lose


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    evaluation: Evaluation
    sites: tuple[SiteOutcome, ...]
    removed: tuple[Site, ...]


def outcome(problem: Problem, plan: Plan) -> Outcome:
    sites = plan.sites(problem)
    ev = problem.evaluate(sites)
    rows = []
    for site in sites:
        covers = problem.site_covers(site)
        alone = {pid for pid in covers if ev.covered_by[pid] == (site.id,)}
        rows.append(SiteOutcome(site, plan.status(site.id), covers, problem.covered_need(alone)))
    removed = tuple(s for s in problem.existing if s.id in plan.removed)
    return Outcome(plan, ev, tuple(rows), removed)


def compare(problem: Problem, covered_a: frozenset[str], covered_b: frozenset[str]) -> list[tuple[str, bool, bool, float]]:
    """Each demand point with need: (id, covered in A, covered in B, need), differences first."""
    rows = [
        (p.id, p.id in covered_a, p.id in covered_b, problem.need[p.id])
        for p in problem.points
        if problem.need[p.id] > 0
    ]
    return sorted(rows, key=lambda r: (r[1] == r[2], -r[3], r[0]))
