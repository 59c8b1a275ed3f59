"""The officers model under a budget: known optima, ties, a budget that buys nothing, the frontier,
and the shipped hosts refusing a post where none can stand."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapapp.analysis.budget import MAX_ADDED, OFFICER_SHARES, Costs, Model, brute_force, frontier, solve
from mapapp.analysis.hosts import load_hosts
from mapapp.data.issues import DataError
from tests.test_planner import point, problem, site


def test_an_officer_added_to_a_post_of_today_beats_a_new_post():
    # A big need already reached by one post; a small need nobody reaches. The second officer at the
    # post answers 30% of 100 = 30, a new post 60% of 20 = 12.
    p = problem([point("big", 0, 100), point("small", 20, 20)], [site("new", 20)], [site("post", 0, kind="post")])
    plan = solve(Model(p), 1)
    assert [(a.site.id, a.officers, a.opens) for a in plan.allocations] == [("post", 1, False)]
    assert plan.gain == pytest.approx(30) and plan.today == pytest.approx(60)
    # Two officers: one each is best (30 + 12), not both at the post (30 + 10).
    plan = solve(Model(p), 2)
    assert sorted((a.site.id, a.officers) for a in plan.allocations) == [("new", 1), ("post", 1)]
    assert plan.gain == pytest.approx(42)


def test_costs_decide_and_a_budget_that_buys_nothing_buys_nothing():
    p = problem([point("big", 0, 100), point("small", 20, 20)], [site("new", 20, place="wellington")],
                [site("post", 0, kind="post", place="tokyo")])
    costs = Costs({"tokyo": 5.0, "wellington": 1.0}, "TWD", "costs.csv")
    plan = solve(Model(p, costs), 1)  # Tokyo's officer is out of reach at 1: the new post it is
    assert [(a.site.id, a.cost) for a in plan.allocations] == [("new", 1.0)] and plan.spent == 1.0
    nothing = solve(Model(p, costs), 0.5)
    assert nothing.allocations == () and nothing.gain == 0 and nothing.answered == pytest.approx(60)


def test_ties_go_to_the_cheaper_plan_then_to_posts_of_today():
    # Two points of equal need, each reached by one site: a post of today or a new post. Either officer
    # answers 30 (the post's second) or... make them exactly equal: a new post's first officer on 50.
    p = problem([point("a", 0, 100), point("b", 20, 50)], [site("new", 20)], [site("post", 0, kind="post")])
    plan = solve(Model(p), 1)  # 30 at the post, 30 at the new post: today's post wins the tie
    assert [a.site.id for a in plan.allocations] == ["post"]


def test_the_frontier_runs_from_nothing_to_the_point_where_more_buys_nothing():
    p = problem([point("a", 0, 100), point("b", 20, 20)], [site("new", 20)], [site("post", 0, kind="post")])
    points = frontier(Model(p))
    assert points[0].budget == 0 and points[0].gain == 0
    # Everything answered at the end: each point's need in full (shares add up to 1).
    assert points[-1].answered == pytest.approx(120) and math.fsum(OFFICER_SHARES) == pytest.approx(1)
    assert points[-2].answered < points[-1].answered  # it stops at the first budget reaching the top


@st.composite
def small_models(draw):
    lons = st.integers(0, 30)
    points = [point(f"p{i}", draw(lons), draw(st.integers(0, 30))) for i in range(draw(st.integers(1, 5)))]
    cands = [site(f"c{i}", draw(lons), place=f"c{i}") for i in range(draw(st.integers(0, 2)))]
    existing = [site(f"e{i}", draw(lons), kind="post", place=f"e{i}") for i in range(draw(st.integers(0, 2)))]
    costs = Costs({s.place: float(draw(st.integers(1, 3))) for s in (*cands, *existing)})
    return Model(problem(points, cands, existing, radius_km=draw(st.sampled_from([300.0, 900.0]))), costs)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_models())
def test_the_frontier_never_decreases_and_each_point_is_the_brute_force_optimum(model):
    assert len(model.useful) <= 4 and MAX_ADDED == 3  # 4^4 allocations at most: brute force stays small
    points = frontier(model)
    for before, after in zip(points, points[1:]):
        assert after.answered >= before.answered - 1e-9
    for plan in points:
        assert plan.spent <= plan.budget + 1e-9
        assert plan.answered == pytest.approx(brute_force(model, plan.budget), abs=1e-6)


def test_a_hosts_file_with_a_bad_cell_is_refused_naming_file_row_and_column(tmp_path, dataset):
    (tmp_path / "hosts.csv").write_text("country,agency,status,channel,reason_zh,reason_en,source\n"
                                        "CHN,,maybe,,理由,reason,test\nXXX,,no_post,,理由,reason,test\n", encoding="utf-8")
    (tmp_path / "channels.csv").write_text("id,name_zh,name_en,countries,agencies,effectiveness,effectiveness_source,source\n",
                                           encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_hosts(tmp_path / "hosts.csv", set(dataset.basemap["iso3"]))
    assert "hosts.csv:2:status" in str(err.value) and "'maybe'" in str(err.value)
