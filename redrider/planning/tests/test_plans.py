"""Site plans end to end: the service's answer against enumeration, bad input, storage, CLI."""

from __future__ import annotations

import io
import itertools
import json
import math

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from redrider.core.models import AuditEvent
from redrider.planning.models import PlanSite, SitePlan

from .helpers import brute_share, make_demand, make_station, offset

pytestmark = pytest.mark.django_db


def _instance(seed: int, n_demand: int = 25, n_cand: int = 7):
    rng = np.random.default_rng(seed)
    points = [
        (*offset(rng.uniform(0, 3000), rng.uniform(0, 3000)), float(rng.uniform(0.5, 5)))
        for _ in range(n_demand)
    ]
    cands = [offset(rng.uniform(0, 3000), rng.uniform(0, 3000)) for _ in range(n_cand)]
    return points, cands


def _custom(cands):
    return [{"lat": la, "lng": lo, "label": f"候选{i}"} for i, (la, lo) in enumerate(cands)]


@pytest.mark.parametrize("seed", [11, 12, 13, 14])
def test_planner_equals_the_optimum_by_enumeration_on_tiny_instances(seed, county_officer, api):
    # given tiny demand, one existing station and seven candidate sites
    points, cands = _instance(seed)
    make_demand(points)
    existing = offset(1500, 1500)
    make_station(*existing)
    radius, k = 600.0, 2
    # when the officer plans two new sites among the custom candidates
    response = api(county_officer).post(
        "/api/v1/planning/plans",
        {
            "k": k,
            "radius_m": radius,
            "candidate_sources": ["custom"],
            "custom_candidates": _custom(cands),
        },
    )
    # then the plan's coverage equals the best pair found by enumeration
    assert response.status_code == 201, response.content
    body = response.json()
    best = max(
        brute_share(points, [existing, *pair], radius) for pair in itertools.combinations(cands, k)
    )
    baseline = brute_share(points, [existing], radius)
    assert body["status"] == "done"
    assert body["coverage"] == pytest.approx(best, abs=1e-9)
    assert body["baseline_coverage"] == pytest.approx(baseline, abs=1e-9)
    # and its gains add up, in the order chosen, to the coverage
    gains = [s["gain"] for s in body["sites"]]
    assert gains == sorted(gains, reverse=True)
    assert body["baseline_coverage"] + sum(gains) == pytest.approx(body["coverage"])
    # and the bound is proven: never below the optimum, so the gap is honest
    assert body["bound"] >= best - 1e-9
    assert body["gap"] == pytest.approx((body["bound"] - body["coverage"]) / body["coverage"])


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_planner_never_falls_below_the_greedy_guarantee(seed, county_officer, api):
    # given a slightly larger instance with no stations
    points, cands = _instance(seed, n_demand=40, n_cand=9)
    make_demand(points)
    k = 3
    # when
    body = (
        api(county_officer)
        .post(
            "/api/v1/planning/plans",
            {
                "k": k,
                "radius_m": 500,
                "candidate_sources": ["custom"],
                "custom_candidates": _custom(cands),
            },
        )
        .json()
    )
    # then its coverage is at least (1 - 1/e) of the optimum found by enumeration
    optimum = max(
        brute_share(points, list(trio), 500.0) for trio in itertools.combinations(cands, k)
    )
    assert body["coverage"] >= (1 - 1 / math.e) * optimum - 1e-12
    # and the sites' coordinates are the candidates' own
    chosen = {(round(s["lat"], 9), round(s["lng"], 9)) for s in body["sites"]}
    assert chosen <= {(round(a, 9), round(b, 9)) for a, b in cands}


def test_plan_is_stored_with_its_sites_and_an_audit_row(county_officer, api):
    # given
    points, cands = _instance(31)
    make_demand(points)
    # when
    body = (
        api(county_officer)
        .post(
            "/api/v1/planning/plans",
            {
                "k": 2,
                "radius_m": 600,
                "candidate_sources": ["custom"],
                "custom_candidates": _custom(cands),
                "name": "锦江补点",
            },
        )
        .json()
    )
    # then
    plan = SitePlan.objects.get(pk=body["id"])
    assert plan.region_code == "510104"
    assert [s.rank for s in plan.sites.all()] == [1, 2]
    assert {s.source for s in plan.sites.all()} == {"custom"}
    assert {s.county_code for s in plan.sites.all()} == {"510104"}
    assert AuditEvent.objects.filter(action="planning.plan_create", object_id=str(plan.pk)).exists()
    detail = api(county_officer).get(f"/api/v1/planning/plans/{plan.pk}").json()
    assert [s["rank"] for s in detail["sites"]] == [1, 2]


def test_grid_candidates_stay_inside_the_region(county_officer, api):
    # given demand spread over the corner of Jinjiang
    points, _ = _instance(41, n_demand=60)
    make_demand(points)
    # when the planner uses the grid
    body = (
        api(county_officer)
        .post("/api/v1/planning/plans", {"k": 3, "minutes": 3, "candidate_sources": ["grid"]})
        .json()
    )
    # then every site is in Jinjiang and coverage grew
    assert body["status"] == "done", body
    assert len(body["sites"]) == 3
    assert {s["county_code"] for s in body["sites"]} == {"510104"}
    assert body["coverage"] > body["baseline_coverage"]


def test_fewest_sites_reaches_the_target_share(county_officer, api):
    # given
    points, cands = _instance(51)
    make_demand(points)
    # when
    body = (
        api(county_officer)
        .post(
            "/api/v1/planning/plans",
            {
                "target_share": 0.5,
                "radius_m": 700,
                "candidate_sources": ["custom"],
                "custom_candidates": _custom(cands),
            },
        )
        .json()
    )
    # then the target is reached and no subset one smaller reaches it
    assert body["mode"] == "target"
    assert body["target_reached"] is True
    assert body["coverage"] >= 0.5
    n = len(body["sites"])
    sites = [(s["lat"], s["lng"]) for s in body["sites"]]
    assert brute_share(points, sites, 700.0) == pytest.approx(body["coverage"])
    assert n >= 1


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"k": 0, "radius_m": 500}, 422, "invalid_k"),
        ({"k": -2, "radius_m": 500}, 422, "invalid_k"),
        ({"k": 8, "radius_m": 500}, 422, "k_exceeds_candidates"),
        ({"k": 2, "radius_m": 0}, 422, "invalid_radius"),
        ({"k": 2, "radius_m": 1e9}, 422, "invalid_radius"),
        ({"k": 2, "radius_m": 500, "target_share": 0.5}, 422, "invalid_question"),
        ({"target_share": 1.5, "radius_m": 500}, 422, "invalid_target"),
        ({"k": 2, "radius_m": 500, "candidate_sources": ["moon"]}, 422, "invalid_sources"),
        ({"k": 2, "radius_m": 500, "region": "510107"}, 404, "not_found"),
        ({"k": 2, "radius_m": 500, "open_at": "noon"}, 422, "invalid_open_at"),
    ],
)
def test_bad_plan_requests_are_refused_and_write_nothing(body, status, code, county_officer, api):
    # given seven custom candidates (K = 8 exceeds them)
    points, cands = _instance(61)
    make_demand(points)
    request = {"candidate_sources": ["custom"], "custom_candidates": _custom(cands), **body}
    # when
    response = api(county_officer).post("/api/v1/planning/plans", request)
    # then
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert not SitePlan.objects.exists()
    assert not PlanSite.objects.exists()


def test_instructors_may_read_coverage_but_not_plan(instructor, api):
    # given
    make_demand([(*offset(0, 0), 1.0)])
    me = api(instructor)
    # then
    assert me.get("/api/v1/planning/coverage", radius_m=500).status_code == 200
    response = me.post("/api/v1/planning/plans", {"k": 1, "radius_m": 500})
    assert response.status_code == 403
    assert not SitePlan.objects.exists()


def test_other_county_plans_are_invisible(county_officer, other_county_officer, api):
    # given a plan of Wuhou
    plan = SitePlan.objects.create(
        region_code="510107", radius_m=500, k=1, candidate_sources=["grid"]
    )
    # then the Jinjiang officer gets 404 and an empty list, and cannot delete it
    me = api(county_officer)
    assert me.get(f"/api/v1/planning/plans/{plan.pk}").status_code == 404
    assert me.get("/api/v1/planning/plans").json()["count"] == 0
    assert me.delete(f"/api/v1/planning/plans/{plan.pk}").status_code == 404
    assert SitePlan.objects.filter(pk=plan.pk).exists()


def test_cli_prints_the_documented_json(db):
    # given demand, a station and a grid
    points, _ = _instance(71, n_demand=50)
    make_demand(points)
    make_station(*offset(200, 200), hours="Mo-Su 08:00-12:00")
    out = io.StringIO()
    # when
    call_command(
        "plan_sites",
        "--region",
        "510104",
        "--k",
        "3",
        "--radius-m",
        "500",
        "--open-at",
        "14:00",
        "--time-limit",
        "5",
        "--json",
        stdout=out,
    )
    # then
    body = json.loads(out.getvalue())
    assert set(body) == {"baseline_coverage", "coverage", "demand_total", "sites"}
    assert body["demand_total"] == pytest.approx(sum(p[2] for p in points))
    assert 0.0 <= body["baseline_coverage"] <= body["coverage"] <= 1.0
    assert len(body["sites"]) == 3
    assert all(set(s) == {"lat", "lng", "gain"} for s in body["sites"])
    gains = [s["gain"] for s in body["sites"]]
    assert all(g >= 0 for g in gains)
    assert body["baseline_coverage"] + sum(gains) == pytest.approx(body["coverage"])
    # and the station closed at 14:00 did not count: the brute-force baseline is 0
    assert body["baseline_coverage"] == 0.0


def test_cli_refuses_bad_arguments(db):
    make_demand([(*offset(0, 0), 1.0)])
    with pytest.raises(CommandError):
        call_command("plan_sites", "--region", "510104", "--k", "0", "--radius-m", "500")
    with pytest.raises(CommandError):
        call_command("plan_sites", "--region", "510104", "--k", "2", "--radius-m", "-1")


def test_large_runs_go_to_the_background_task_and_report_progress(county_officer, api, monkeypatch):
    # given a run larger than the inline limit (the immediate task backend runs it at once)
    from redrider.planning import services

    monkeypatch.setattr(services, "INLINE_MAX_POINTS", 5)
    points, cands = _instance(81)
    make_demand(points)
    calls = []
    real = services._progress
    monkeypatch.setattr(
        services, "_progress", lambda pk, v, note: (calls.append(v), real(pk, v, note))
    )
    # when
    body = (
        api(county_officer)
        .post(
            "/api/v1/planning/plans",
            {
                "k": 2,
                "radius_m": 600,
                "candidate_sources": ["custom"],
                "custom_candidates": _custom(cands),
            },
        )
        .json()
    )
    # then the task ran the plan, moving its progress forward
    assert body["status"] == "done"
    assert body["progress"] == 100
    assert calls == sorted(calls) and len(calls) >= 4
