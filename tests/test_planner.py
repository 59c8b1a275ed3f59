"""The deployment planner: need scores, coverage, and the exact maximal-covering recommendation."""

import csv
import itertools
import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapapp.analysis.coverage import Rule, Site, covered_by, distances_km
from mapapp.analysis.need import PARTS, Contribution, DemandPoint, WeightError, Weights, demand_points
from mapapp.analysis.planner import MAX_TIES, PlannerError, Problem, build_problem, custom_site, recommend
from mapapp.cli import main

KM_PER_DEGREE = 111.32  # along the equator, where the hand-made cases sit


def point(pid, lon, need, lat=0.0, country="AAA"):
    return DemandPoint(pid, pid, pid, country, lat, lon, "stated", (Contribution("detained", need, "test"),))


def site(sid, lon, kind="candidate", lat=0.0, country=None, place=None, agency=None):
    return Site(sid, sid, sid, country, lat, lon, kind, agency, place)


def problem(points, candidates, existing=(), radius_km=600.0, host_country=False, lists=()):
    return Problem.of(points, Weights(), Rule(radius_km, host_country, tuple(lists)), existing, candidates)


def chosen(rec):
    return [s.site.id for s in rec.steps]


# ---------- hand-made cases with known optima ----------


def test_the_optimum_beats_the_greedy_choice():
    # Points on the equator 10 degrees apart; a 600 km radius reaches 5.4 degrees either way.
    points = [point("a", 0, 5), point("b", 10, 6), point("c", 20, 6), point("d", 30, 5)]
    cands = [site("left", 5), site("mid", 15), site("right", 25)]
    p = problem(points, cands)
    assert [c.id for c in p.candidates] == ["mid", "left", "right"]  # ranked by what each covers alone
    one = recommend(p, 1)
    assert chosen(one) == ["mid"] and one.after == 12
    two = recommend(p, 2)  # greedy would take mid then left (17); the optimum is left + right (22)
    assert chosen(two) == ["left", "right"]
    assert two.after == 22 and two.before == 0 and two.total == 22
    assert [s.gain for s in two.steps] == [11, 11]
    assert [s.newly for s in two.steps] == [("a", "b"), ("c", "d")]
    assert two.steps[0].loss_if_removed == 11
    assert two.steps[0].swaps[0][0].id == "mid" and two.steps[0].swaps[0][1] == 17
    assert two.ties == () and two.unused == 0
    for method in ("ilp", "exhaustive"):
        assert chosen(recommend(p, 2, method)) == ["left", "right"]


def test_ties_are_reported_and_the_same_plan_always_wins():
    points = [point("a", 0, 10), point("b", 40, 3)]
    cands = [site("x2", 1), site("x1", -1), site("y", 40)]  # x1 and x2 cover exactly the same point
    p = problem(points, cands)
    rec = recommend(p, 1)
    assert chosen(rec) == ["x1"]  # equal on their own: the id decides
    assert [[s.id for s in plan] for plan in rec.ties] == [["x2"]]
    rec2 = recommend(p, 2)
    assert chosen(rec2) == ["x1", "y"] and rec2.after == 13
    assert [[s.id for s in plan] for plan in rec2.ties] == [["x2", "y"]]


def test_more_posts_than_useful_candidates_adds_only_those_that_help():
    points = [point("a", 0, 4), point("b", 20, 2)]
    cands = [site("p", 0), site("q", 20), site("far", 90), site("p2", 0.5)]
    rec = recommend(problem(points, cands), 10)
    assert chosen(rec) == ["p", "q"] and rec.after == 6
    assert rec.unused == 8
    assert {plan[0].id for plan in rec.ties} == {"p2"}  # p2 + q is as good; far never appears


def test_need_already_covered_by_todays_posts_counts_for_nothing():
    points = [point("a", 0, 50), point("b", 20, 7)]
    existing = [site("post", 0, kind="post")]
    rec = recommend(problem(points, [site("near-a", 1), site("near-b", 21)], existing), 1)
    assert rec.before == 50 and chosen(rec) == ["near-b"] and rec.after == 57


def test_no_posts_asked_or_nothing_to_gain():
    points = [point("a", 0, 5)]
    assert chosen(recommend(problem(points, [site("p", 0)]), 0)) == []
    rec = recommend(problem(points, [site("p", 0)], [site("post", 0, kind="post")]), 3)
    assert rec.steps == () and rec.after == rec.before == 5
    with pytest.raises(PlannerError, match="0 or more"):
        recommend(problem(points, [site("p", 0)]), -1)
    with pytest.raises(PlannerError, match="unknown method"):
        recommend(problem(points, [site("p", 0)]), 1, "greedy")


def test_coverage_by_radius_host_country_and_explicit_list():
    points = [point("near", 0, 1, country="AAA"), point("far", 60, 1, country="AAA"), point("other", 3, 1, country="BBB")]
    s = site("s", 0, country="AAA", place="city")
    assert covered_by(s, points, Rule(600, False)) == {"near", "other"}
    assert covered_by(s, points, Rule(600, True)) == {"near", "far", "other"}
    # A list replaces the radius for posts at that place; the host country stays covered.
    listed = Rule(600, True, (("city", None, "CCC"),))
    assert covered_by(s, points, listed) == {"near", "far"}
    assert covered_by(s, points, Rule(600, True, (("city", None, "BBB"),))) == {"near", "far", "other"}
    assert covered_by(s, points, Rule(600, True, (("city", "NPA", "BBB"),))) == {"near", "far", "other"}
    npa_only = Rule(600, False, (("city", "NPA", "BBB"),))
    assert covered_by(Site("m", "m", "m", "AAA", 0, 0, "post", "MJIB", "city"), points, npa_only) == {"near", "other"}


def test_distances_are_geodesic():
    # Taipei to Tokyo is about 2,100 km on the WGS84 ellipsoid.
    taipei = Site("t", "t", "t", "TWN", 25.0531, 121.5264, "post")
    tokyo = point("tokyo", 139.6917, 1, lat=35.6895)
    assert distances_km(taipei, [tokyo])[0] == pytest.approx(2100, abs=30)
    one_degree = distances_km(site("o", 0), [point("e", 1, 1)])[0]
    assert one_degree == pytest.approx(KM_PER_DEGREE, abs=0.1)


# ---------- properties on random problems ----------


@st.composite
def problems(draw):
    n_points = draw(st.integers(1, 7))
    n_cands = draw(st.integers(1, 6))
    lons = st.integers(0, 40)
    points = [point(f"p{i}", draw(lons), draw(st.integers(0, 20))) for i in range(n_points)]
    cands = [site(f"c{i}", draw(lons)) for i in range(n_cands)]
    existing = [site(f"e{i}", draw(lons), kind="post") for i in range(draw(st.integers(0, 2)))]
    return problem(points, cands, existing, radius_km=draw(st.sampled_from([300.0, 700.0, 1500.0])))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 4))
def test_covered_need_never_decreases_as_k_grows(p, k):
    assert recommend(p, k + 1).after >= recommend(p, k).after - 1e-9


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(1, 4))
def test_the_ilp_agrees_with_exhaustive_search(p, k):
    ilp, full = recommend(p, k, "ilp"), recommend(p, k, "exhaustive")
    assert ilp.after == pytest.approx(full.after)
    assert chosen(ilp) == chosen(full)
    assert sorted(tuple(s.id for s in t) for t in ilp.ties) == sorted(tuple(s.id for s in t) for t in full.ties)
    # And it is the optimum: no plan of k candidates covers more.
    best = max(
        p.evaluate([*p.existing, *plan]).covered
        for r in range(min(k, len(p.candidates)) + 1)
        for plan in itertools.combinations(p.candidates, r)
    )
    assert ilp.after == pytest.approx(best)
    assert math.fsum(s.gain for s in ilp.steps) == pytest.approx(ilp.after - ilp.before)
    assert len(ilp.ties) <= MAX_TIES


# ---------- need from the shipped data ----------


def test_need_of_a_country_explains_itself(dataset):
    points = {p.id: p for p in demand_points(dataset)}
    jakarta = points["jakarta"]
    w = Weights()
    # 110 detained, 8 life, 21 death (detention table); the 1,037.5918 kg CGA case; one route.
    assert {part: jakarta.quantity(part) for part in PARTS} == pytest.approx(
        {"detained": 110, "life": 8, "death": 21, "seizure_kg": 1037.5918, "cases": 1, "routes": 1}
    )
    assert jakarta.score(w) == pytest.approx(110 + 8 * 5 + 21 * 10 + 103.75918 + 10 + 5)
    assert sum(jakarta.points(w).values()) == pytest.approx(jakarta.score(w))
    assert jakarta.location_basis == "capital_assumed"
    assert "taipei" not in points and "keelung" not in points  # need is counted abroad
    # A home seizure counts where its route came from: the Keelung container case at Xiamen.
    assert points["xiamen"].quantity("seizure_kg") == 710 and points["xiamen"].location_basis == "assumed"
    # The mail case had two foreign ends (Beijing, Wellington): each gets half.
    assert points["wellington"].quantity("cases") == 0.5 == points["beijing"].quantity("cases")
    roles = {c.role for c in points["wellington"].contributions if c.part == "routes"}
    assert roles == {"destination"}


def test_need_is_conserved(dataset):
    points = demand_points(dataset)
    assert math.fsum(p.quantity("cases") for p in points) == pytest.approx(len(dataset.cases))
    assert math.fsum(p.quantity("seizure_kg") for p in points) == pytest.approx(dataset.cases["quantity_kg"].sum())
    assert math.fsum(p.quantity("death") for p in points) == dataset.detentions["death"].sum()


def test_weights_from_text():
    assert Weights.from_text("death=20, cases=0").as_dict()["death"] == 20
    assert Weights.from_text("").as_dict() == Weights().as_dict()
    with pytest.raises(WeightError, match="PART=NUMBER"):
        Weights.from_text("murder=3")
    with pytest.raises(WeightError, match="non-negative"):
        Weights.from_text("life=-1")


def test_a_clicked_point_gets_its_country_from_the_basemap(dataset):
    s = custom_site(dataset, 10.82, 106.63, 1)  # Ho Chi Minh City
    assert s.country == "VNM" and s.kind == "custom" and "越南" in s.name_zh
    assert custom_site(dataset, 0, -140, 2).country is None
    with pytest.raises(PlannerError):
        custom_site(dataset, 95, 0, 3)


# ---------- the command line ----------


def test_plan_json_lets_anyone_check_the_answer(tmp_path, dataset):
    out = tmp_path / "plan.json"
    assert main(["plan", "--new-posts", "2", "--agency", "NPA", "--json", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    inputs, result = doc["inputs"], doc["result"]
    assert inputs["agencies"] == ["NPA"] and inputs["radius_km"] == 1000
    assert {s["id"] for s in inputs["existing_posts"]} == set(dataset.posts.loc[dataset.posts["agency"] == "NPA", "id"])
    need = {p["id"]: p["need"] for p in inputs["demand_points"]}
    for p in inputs["demand_points"]:
        assert math.fsum(part["points"] for part in p["parts"].values()) == pytest.approx(p["score"])
        answered = p["answered"]["need"] if p["answered"] else 0.0
        assert p["need"] == pytest.approx(p["score"] - answered)
    # No NPA post can stand in mainland China: the cross-strait channel answers half its need instead.
    assert all(c["country"] != "CHN" for c in inputs["candidates"])
    assert {p["id"] for p in inputs["demand_points"] if p["answered"]} == {"beijing", "dongguan", "fuzhou", "xiamen"}
    channel = next(c for c in inputs["channels"] if c["id"] == "cross_strait_crime")
    assert channel["effectiveness"] == 0.5 and channel["need_answered"] > 0 and "assumption" in channel["effectiveness_source"]
    # Recompute the optimum from the JSON alone, by brute force.
    base = set().union(*(s["covers"] for s in inputs["existing_posts"]))
    assert result["covered_before"] == pytest.approx(math.fsum(need[i] for i in base))

    def covered(plan):
        return math.fsum(need[i] for i in base.union(*(c["covers"] for c in plan)))

    best = max(covered(plan) for r in (0, 1, 2) for plan in itertools.combinations(inputs["candidates"], r))
    assert result["covered_after"] == pytest.approx(best)
    picked = [c for c in inputs["candidates"] if c["id"] in {n["id"] for n in result["new_posts"]}]
    assert covered(picked) == pytest.approx(best)
    assert result["method"] == "ilp" and "CBC" in result["solver"]


def test_plan_text_and_csv(capsys):
    assert main(["plan", "--new-posts", "2", "--agency", "NPA"]) == 0
    text = capsys.readouterr().out
    # No post in mainland China (hosts.csv): Beijing and Xiamen, the old answer, are not candidates; the
    # report says the cross-strait agreement answers there instead, and that a second post adds nothing.
    assert "建議新增 1 處駐點" in text and "威靈頓" in text and "其餘 1 處新駐點不會再增加涵蓋的需求" in text
    assert "1. 北京" not in text and "中國大陸：不能設立駐點" in text and "改由「海峽兩岸共同打擊犯罪及司法互助協議」回應" in text
    assert main(["plan", "--new-posts", "2", "--agency", "NPA", "--csv", "--lang", "en"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [r["id"] for r in rows] == ["cand-wellington"] and rows[0]["newly_covered"] == "wellington"


def test_plan_rejects_bad_arguments(capsys):
    assert main(["plan", "--new-posts", "1", "--weights", "death=x"]) == 2
    assert "'x' is not a number" in capsys.readouterr().err
    assert main(["plan", "--new-posts", "-1"]) == 2
    assert main(["plan", "--new-posts", "1", "--agency", "FBI"]) == 2
    assert main(["plan", "--new-posts", "1", "--radius-km", "-5"]) == 2


def test_coverage_lists_in_the_data_change_the_plan(data_copy):
    from mapapp.data.load import check_source, load_dataset

    (data_copy / "coverage_lists.csv").write_text(
        "place,agency,country,source\nhanoi,NPA,CHN,test: a Hanoi post accredited to the mainland\n", encoding="utf-8"
    )
    ds = load_dataset(data_copy)
    problem_ = build_problem(ds, ["NPA"])
    assert {"fuzhou", "xiamen", "beijing", "dongguan"} <= problem_.covers["npa-vnm"]
    assert "bangkok" not in problem_.covers["npa-vnm"]  # the list replaces the radius
    assert chosen(recommend(problem_, 1)) == ["cand-wellington"]
    (data_copy / "coverage_lists.csv").write_text("place,agency,country,source\natlantis,NPA,XXX,test\n", encoding="utf-8")
    _, issues = check_source(data_copy)
    errors = {(i.file, i.row, i.column) for i in issues if i.severity == "error"}
    assert errors == {("coverage_lists.csv", 2, "place"), ("coverage_lists.csv", 2, "country")}


@settings(max_examples=200, deadline=None)
@given(st.floats(-60, 60), st.floats(-179, 179), st.lists(st.tuples(st.floats(-80, 80), st.floats(-180, 180)), min_size=1, max_size=30),
       st.floats(1, 5000))
def test_the_spherical_precheck_never_changes_who_is_covered(lat, lon, spots, radius):
    from mapapp.analysis.coverage import Points, within_km

    site = Site("s", "s", "s", None, lat, lon, "candidate")
    points = [point(f"p{i}", x, 1, lat=y) for i, (y, x) in enumerate(spots)]
    exact = distances_km(site, points) <= radius
    assert list(within_km(site, Points.of(points), radius)) == list(exact)
