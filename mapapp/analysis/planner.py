"""Where k new posts cover the most need: the maximal covering location problem, solved exactly.

Today's posts cover some demand points; each candidate city would cover others. We choose
at most k candidates that maximise the need they newly cover. The default solver is an
integer programme (PuLP with its bundled CBC); an exhaustive search gives the same answer
for small sizes and checks the first in the tests.

Among equally good plans the answer is the one with the fewest posts, then the one whose
posts rank highest on their own, so the same data always gives the same recommendation;
the other optimal plans are reported as ties.
"""

from __future__ import annotations

import itertools
import math
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import pulp

from ..data.load import Dataset
from ..data.schema import AGENCIES
from .coverage import Points, Rule, Site, covered_by
from .hosts import Channel, Hosts, hosts_file, load_hosts
from .need import HOME, DemandPoint, Weights, demand_points
from .options import DEFAULT_RADIUS_KM, METHODS, PlannerError

MAX_TIES = 10
SWAPS = 3
EXHAUSTIVE_LIMIT = 200_000  # plans; beyond this the ILP is the only sensible method
CANDIDATE_KINDS = ("capital", "port")


@dataclass(frozen=True, eq=False)
class Problem:
    points: tuple[DemandPoint, ...]
    weights: Weights
    rule: Rule
    existing: tuple[Site, ...]
    candidates: tuple[Site, ...]  # best on its own first
    agencies: tuple[str, ...] = AGENCIES
    hosts: Hosts = Hosts()
    need: dict[str, float] = field(init=False)  # what posts could answer: a channel's share is taken off
    answered: dict[str, tuple[Channel, float]] = field(init=False)  # point id -> the channel and the need it answers
    sites: dict[str, Site] = field(init=False)  # existing and candidate sites by id
    covers: dict[str, frozenset[str]] = field(init=False)
    _points: Points = field(init=False, repr=False)

    def __post_init__(self):
        reached = {p.id: self.hosts.answered(p.country, self.agencies) for p in self.points}
        object.__setattr__(self, "answered", {p.id: (reached[p.id][0], reached[p.id][1] * p.score(self.weights))
                                              for p in self.points if reached[p.id]})
        object.__setattr__(self, "need", {p.id: p.score(self.weights) * (1 - (reached[p.id] or (None, 0.0))[1])
                                          for p in self.points})
        object.__setattr__(self, "sites", {s.id: s for s in (*self.existing, *self.candidates)})
        object.__setattr__(self, "_points", Points.of(self.points))
        by_spot: dict[tuple, frozenset[str]] = {}  # many posts share a city: one computation per spot
        covers = {}
        for i, s in self.sites.items():
            spot = (s.lat, s.lon, s.country, s.place, s.agency)
            if spot not in by_spot:
                by_spot[spot] = covered_by(s, self._points, self.rule)
            covers[i] = by_spot[spot]
        object.__setattr__(self, "covers", covers)

    @classmethod
    def of(cls, points, weights, rule, existing, candidates, agencies=AGENCIES, hosts: Hosts = Hosts()) -> Problem:
        """Candidates are put in rank order: most need newly covered on its own, then id. None stands
        where the hosts say a post cannot."""
        candidates = [c for c in candidates if hosts.rule(c.country, agencies) is None]
        draft = cls(tuple(points), weights, rule, tuple(existing), tuple(candidates), tuple(agencies), hosts)
        base = draft.covered_ids(draft.existing)
        gain = {c.id: draft.covered_need(draft.covers[c.id] - base) for c in draft.candidates}
        object.__setattr__(draft, "candidates", tuple(sorted(draft.candidates, key=lambda c: (-gain[c.id], c.id))))
        return draft  # the id-keyed tables stay valid; only the order changed

    @property
    def total(self) -> float:
        return math.fsum(self.need.values())

    def covered_need(self, ids) -> float:
        return math.fsum(self.need[i] for i in sorted(ids))

    def site_covers(self, site: Site) -> frozenset[str]:
        """Known sites from the table; a moved or clicked one computed afresh."""
        if self.sites.get(site.id) == site:
            return self.covers[site.id]
        return covered_by(site, self._points, self.rule)

    def covered_ids(self, sites: Sequence[Site]) -> frozenset[str]:
        """The points any of the sites covers; posts sharing a spot share one set, so this stays fast."""
        distinct = {}
        for site in sites:
            cover = self.site_covers(site)
            distinct[id(cover)] = cover
        return frozenset().union(*distinct.values())

    def evaluate(self, sites: Sequence[Site]) -> Evaluation:
        """What a set of posts covers; any sites, so a moved or clicked post counts at once."""
        by_point: dict[str, list[str]] = {p.id: [] for p in self.points}
        for site in sites:
            for pid in self.site_covers(site):
                by_point[pid].append(site.id)
        ids = frozenset(pid for pid, who in by_point.items() if who)
        return Evaluation(self.total, self.covered_need(ids), ids, {k: tuple(v) for k, v in by_point.items()})


@dataclass(frozen=True)
class Evaluation:
    total: float
    covered: float
    covered_ids: frozenset[str]
    covered_by: dict[str, tuple[str, ...]]  # point id -> the sites covering it

    @property
    def share(self) -> float:
        return self.covered / self.total if self.total else 0.0


@dataclass(frozen=True)
class Step:
    """One recommended post: what it adds after the posts before it, and what could replace it."""

    site: Site
    gain: float
    newly: tuple[str, ...]  # demand points it covers that nothing before it did
    loss_if_removed: float  # need only this post covers within the plan
    swaps: tuple[tuple[Site, float], ...]  # best replacements and the total need covered with each


@dataclass(frozen=True)
class Recommendation:
    k: int
    method: str
    solver: str
    before: float  # need covered by today's posts
    after: float
    total: float
    steps: tuple[Step, ...]
    ties: tuple[tuple[Site, ...], ...]  # other plans that cover exactly as much
    ties_truncated: bool
    unused: int  # of the k posts, how many would add nothing
    seconds: float


# ---------- building the problem from a dataset ----------


def existing_sites(ds: Dataset, agencies: Sequence[str]) -> tuple[Site, ...]:
    posts = ds.posts[ds.posts["agency"].isin(list(agencies))]
    return tuple(
        Site(r.id, r.city_zh, r.city_en, r.country, float(r.lat), float(r.lon), "post", r.agency, r.place)
        for r in posts.itertuples()
    )


def candidate_sites(ds: Dataset, points: Sequence[DemandPoint], existing: Sequence[Site], agencies: Sequence[str]) -> tuple[Site, ...]:
    """Capitals and ports abroad in the countries with need, where the chosen agencies have no post yet."""
    countries = {p.country for p in points}
    taken = {s.place for s in existing}
    agency = agencies[0] if len(agencies) == 1 else None
    rows = ds.places[
        ds.places["kind"].isin(CANDIDATE_KINDS) & ds.places["country"].isin(countries) & (ds.places["country"] != HOME)
    ]
    return tuple(
        Site(f"cand-{r.id}", r.name_zh, r.name_en, r.country, float(r.lat), float(r.lon), "candidate", agency, r.id)
        for r in rows.itertuples()
        if r.id not in taken
    )


def custom_site(ds: Dataset, lat: float, lon: float, number: int, agency: str | None = None, hosts: Hosts | None = None) -> Site:
    """A candidate the user placed on the map; its country comes from the basemap. Refused where the
    hosts say a post cannot stand, with their reason."""
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise PlannerError(f"({lat}, {lon}) is not a point on the map")
    country = ds.country_at(lat, lon)
    ruled = hosts.rule(country, [agency] if agency else AGENCIES) if hosts else None
    if ruled is not None:
        raise PlannerError(f"no post can stand in {ds.country_name(country, 'en')}: {ruled.reason_en}")
    where_zh = ds.country_name(country, "zh") if country else "海上"
    where_en = ds.country_name(country, "en") if country else "at sea"
    return Site(f"custom-{number}", f"自訂點 {number}（{where_zh}）", f"Custom point {number} ({where_en})", country, lat, lon, "custom", agency)


def build_problem(
    ds: Dataset,
    agencies: Sequence[str] = AGENCIES,
    radius_km: float = DEFAULT_RADIUS_KM,
    weights: Weights | None = None,
    host_country: bool = True,
    extra: Sequence[Site] = (),
    hosts: Hosts | None = None,
) -> Problem:
    """hosts: where a post may stand and the channels (default: hosts.csv of the data, else the shipped one)."""
    agencies = tuple(a for a in AGENCIES if a in set(agencies))
    if not agencies:
        raise PlannerError("choose at least one agency")
    if not radius_km >= 0:
        raise PlannerError(f"the radius must be a non-negative number of km, not {radius_km!r}")
    points = demand_points(ds)
    existing = existing_sites(ds, agencies)
    candidates = candidate_sites(ds, points, existing, agencies) + tuple(extra)
    hosts = hosts if hosts is not None else dataset_hosts(ds)
    return Problem.of(points, weights or Weights(), Rule.for_dataset(ds, radius_km, host_country), existing, candidates,
                      agencies, hosts)


def dataset_hosts(ds: Dataset, path=None) -> Hosts:
    """The hosts and channels for this data (hosts.csv beside it, else the shipped one), or those at path."""
    return load_hosts(path or hosts_file(ds.source), set(ds.basemap["iso3"]))


# ---------- solving ----------


class _Masks:
    """Need still open after today's posts, as bit masks: fast and exact set arithmetic."""

    def __init__(self, problem: Problem):
        base = problem.covered_ids(problem.existing)
        self.open = [p.id for p in problem.points if p.id not in base and problem.need[p.id] > 0]
        bit = {pid: i for i, pid in enumerate(self.open)}
        self.need = [problem.need[pid] for pid in self.open]
        masks = [sum(1 << bit[pid] for pid in problem.covers[c.id] if pid in bit) for c in problem.candidates]
        self.useful = [i for i, m in enumerate(masks) if m]  # indices into problem.candidates, in rank order
        self.mask = {i: masks[i] for i in self.useful}
        self.tol = 1e-9 * max(1.0, sum(self.need))

    def value(self, plan) -> float:
        covered = 0
        for i in plan:
            covered |= self.mask[i]
        return math.fsum(n for j, n in enumerate(self.need) if covered >> j & 1)

    def prune(self, plan: Sequence[int]) -> tuple[int, ...]:
        """Drop posts that add nothing, the lowest ranked first, so every post left earns its place."""
        kept = sorted(plan)
        full = self.value(kept)
        for i in sorted(plan, reverse=True):
            rest = [j for j in kept if j != i]
            if self.value(rest) >= full - self.tol:
                kept = rest
        return tuple(kept)


def _cbc() -> pulp.LpSolver:
    """The CBC binary bundled with PuLP 3 (pinned below 4, which moves it to an extra)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return pulp.PULP_CBC_CMD(msg=False)


def _optimal_ilp(m: _Masks, k: int) -> tuple[list[tuple[int, ...]], bool]:
    """The minimal optimal plans (up to MAX_TIES + 1): solve, cut that plan and its supersets off, repeat."""
    model = pulp.LpProblem("mclp", pulp.LpMaximize)
    x = {i: model.add_variable(f"x{i}", cat=pulp.LpBinary) for i in m.useful}
    y = {j: model.add_variable(f"y{j}", 0, 1) for j in range(len(m.open)) if any(m.mask[i] >> j & 1 for i in m.useful)}
    model += pulp.lpSum(m.need[j] * y[j] for j in y)
    for j in y:
        model += y[j] <= pulp.lpSum(x[i] for i in m.useful if m.mask[i] >> j & 1)
    model += pulp.lpSum(x.values()) <= k
    plans: list[tuple[int, ...]] = []
    best = None
    while len(plans) <= MAX_TIES + 1:
        if model.solve(_cbc()) != pulp.LpStatusOptimal:
            break
        plan = m.prune([i for i in m.useful if x[i].value() > 0.5])
        value = m.value(plan)
        if best is None:
            best = value
        elif value < best - m.tol or not plan:
            return plans, False
        plans.append(plan)
        model += pulp.lpSum(x[i] for i in plan) <= len(plan) - 1
    return plans[: MAX_TIES + 1], len(plans) > MAX_TIES + 1


def _optimal_exhaustive(m: _Masks, k: int) -> tuple[list[tuple[int, ...]], bool]:
    sizes = range(1, min(k, len(m.useful)) + 1)
    count = sum(math.comb(len(m.useful), s) for s in sizes)
    if count > EXHAUSTIVE_LIMIT:
        raise PlannerError(f"exhaustive search would try {count:,} plans (limit {EXHAUSTIVE_LIMIT:,}); use the ILP")
    scored = [(m.value(plan), plan) for s in sizes for plan in itertools.combinations(m.useful, s)]
    if not scored:
        return [], False
    best = max(v for v, _ in scored)
    plans = sorted({m.prune(plan) for v, plan in scored if v >= best - m.tol}, key=_canonical)
    return plans[: MAX_TIES + 1], len(plans) > MAX_TIES + 1


def _canonical(plan: tuple[int, ...]) -> tuple:
    return (len(plan), sorted(plan))


def _steps(problem: Problem, m: _Masks, plan: tuple[int, ...], before: float) -> tuple[Step, ...]:
    """The plan's posts in the order a planner would add them: largest marginal gain first."""
    order: list[int] = []
    left = list(plan)
    while left:
        current = m.value(order)
        best = max(left, key=lambda i: (m.value([*order, i]) - current, -i))
        order.append(best)
        left.remove(best)
    full = m.value(plan)
    steps, covered = [], 0
    for i in order:
        newly = m.mask[i] & ~covered
        covered |= m.mask[i]
        rest = [j for j in plan if j != i]
        swaps = sorted(
            ((before + m.value([*rest, q]), q) for q in m.useful if q not in plan),
            key=lambda vq: (-vq[0], vq[1]),
        )[:SWAPS]
        steps.append(
            Step(
                site=problem.candidates[i],
                gain=math.fsum(n for j, n in enumerate(m.need) if newly >> j & 1),
                newly=tuple(pid for j, pid in enumerate(m.open) if newly >> j & 1),
                loss_if_removed=full - m.value(rest),
                swaps=tuple((problem.candidates[q], v) for v, q in swaps),
            )
        )
    return tuple(steps)


def recommend(problem: Problem, k: int, method: str = "ilp") -> Recommendation:
    """The best k new posts (fewer where more would add nothing), with gains, ties and swaps."""
    if method not in METHODS:
        raise PlannerError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
    if k < 0:
        raise PlannerError(f"the number of new posts must be 0 or more, not {k}")
    started = time.perf_counter()
    m = _Masks(problem)
    before = problem.covered_need(problem.covered_ids(problem.existing))
    plans, truncated = ([], False) if k == 0 or not m.useful else (_optimal_ilp if method == "ilp" else _optimal_exhaustive)(m, k)
    plans = sorted(plans, key=_canonical)
    chosen = plans[0] if plans else ()
    steps = _steps(problem, m, chosen, before)
    solver = f"PuLP {pulp.__version__} + CBC" if method == "ilp" else "exhaustive search"
    return Recommendation(
        k=k,
        method=method,
        solver=solver,
        before=before,
        after=before + m.value(chosen),
        total=problem.total,
        steps=steps,
        ties=tuple(tuple(problem.candidates[i] for i in plan) for plan in plans[1:MAX_TIES + 1]),
        ties_truncated=truncated,
        unused=k - len(steps),
        seconds=time.perf_counter() - started,
    )
