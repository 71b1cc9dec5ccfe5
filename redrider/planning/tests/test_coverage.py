"""Coverage of a region through the API, against brute force on constructed instances."""

from __future__ import annotations

import numpy as np
import pytest

from redrider.planning import analysis

from .helpers import (
    brute_nearest,
    brute_share,
    make_demand,
    make_station,
    offset,
    weighted_lower_quantile,
)

pytestmark = pytest.mark.django_db


def _random_instance(seed: int, n_demand: int = 60, n_stations: int = 5):
    rng = np.random.default_rng(seed)
    points = []
    for _ in range(n_demand):
        la, lo = offset(rng.uniform(0, 1500), rng.uniform(0, 1500))
        points.append((la, lo, float(rng.uniform(0.5, 4.0))))
    stations = [offset(rng.uniform(0, 1500), rng.uniform(0, 1500)) for _ in range(n_stations)]
    return points, stations


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_covered_share_and_distances_match_brute_force(seed, county_officer, api):
    # given random demand and stations in Jinjiang
    points, stations = _random_instance(seed)
    make_demand(points)
    for la, lo in stations:
        make_station(la, lo)
    # when the officer asks for the 400 m circle
    body = api(county_officer).get("/api/v1/planning/coverage", radius_m=400).json()
    # then the share, median and p90 equal the brute-force figures
    assert body["covered_share"] == pytest.approx(brute_share(points, stations, 400.0), abs=1e-9)
    nearest = brute_nearest(points, stations)
    weights = np.asarray([p[2] for p in points])
    assert body["median_m"] == pytest.approx(
        weighted_lower_quantile(nearest, weights, 0.5), abs=0.2
    )
    assert body["p90_m"] == pytest.approx(weighted_lower_quantile(nearest, weights, 0.9), abs=0.2)
    assert body["station_count"] == len(stations)
    assert body["demand_points"] == len(points)


def test_spacing_reports_the_nearest_neighbour_distances_between_the_regions_stations(
    county_officer, api
):
    # given three stations on a line 300 m and 700 m apart
    make_demand([(*offset(0, 0), 1.0)])
    a, b, c = offset(0, 0), offset(0, 300), offset(0, 1000)
    for la, lo in (a, b, c):
        make_station(la, lo)
    # when
    body = api(county_officer).get("/api/v1/planning/coverage", radius_m=500).json()
    # then nearest neighbours are 300, 300, 700 m
    spacing = body["spacing"]
    assert spacing["n"] == 3
    assert spacing["min_m"] == pytest.approx(300, abs=1)
    assert spacing["median_m"] == pytest.approx(300, abs=1)
    assert spacing["p90_m"] == pytest.approx(700, abs=1)


def test_minutes_promise_uses_speed_and_detour(county_officer, api):
    # given demand 900 m from a station: inside 5 min at 16 km/h / 1.3 (1,026 m), outside at 1.6
    make_demand([(*offset(900, 0), 1.0)])
    make_station(*offset(0, 0))
    me = api(county_officer)
    # when
    default = me.get("/api/v1/planning/coverage", minutes=5).json()
    winding = me.get("/api/v1/planning/coverage", minutes=5, detour=1.6).json()
    # then
    assert default["radius_m"] == pytest.approx(5 / 60 * 16_000 / 1.3)
    assert default["covered_share"] == 1.0
    assert winding["covered_share"] == 0.0


def test_open_at_excludes_stations_closed_at_that_time(county_officer, api):
    # given demand A next to a morning-only station and demand B next to a 24/7 one
    a, b = offset(0, 0), offset(0, 3000)
    make_demand([(*a, 1.0), (*b, 3.0)])
    make_station(*a, hours="Mo-Su 08:00-12:00")
    make_station(*b, hours="24/7")
    me = api(county_officer)
    # when
    morning = me.get("/api/v1/planning/coverage", radius_m=200, open_at="10:00").json()
    afternoon = me.get("/api/v1/planning/coverage", radius_m=200, open_at="14:00").json()
    # then at 14:00 only B's station counts
    assert morning["covered_share"] == 1.0
    assert afternoon["covered_share"] == pytest.approx(0.75)
    assert afternoon["station_count"] == 1
    assert afternoon["stations_closed_at_open_at"] == 1


def test_stations_not_open_by_status_never_count(county_officer, api):
    # given demand next to a temporarily closed and a retired station
    a = offset(0, 0)
    make_demand([(*a, 1.0)])
    make_station(*a, status="temporarily_closed")
    make_station(*a, status="retired")
    # when
    body = api(county_officer).get("/api/v1/planning/coverage", radius_m=500).json()
    # then
    assert body["covered_share"] == 0.0
    assert body["median_m"] is None


def test_uncovered_hotspots_are_h3_cells_heaviest_first(county_officer, api):
    # given a heavy uncovered cluster, a light uncovered one, and a covered one
    heavy, light, covered = offset(0, 0), offset(3000, 3000), offset(1500, 0)
    make_demand([(*heavy, 5.0), (*heavy, 5.0), (*light, 2.0), (*covered, 7.0)])
    make_station(*covered)
    # when
    body = api(county_officer).get("/api/v1/planning/coverage", radius_m=300).json()
    # then two hotspots, heaviest first, with outlines to draw
    cells = body["hotspots"]
    assert [c["weight"] for c in cells] == [10.0, 2.0]
    assert cells[0]["share"] == pytest.approx(10 / 19)
    assert len(cells[0]["boundary"]) == 6


def test_inactive_demand_sets_do_not_count(county_officer, api):
    # given an active and an inactive set
    make_demand([(*offset(0, 0), 1.0)])
    make_demand([(*offset(5000, 0), 9.0)], active=False)
    make_station(*offset(0, 0))
    # when
    body = api(county_officer).get("/api/v1/planning/coverage", radius_m=300).json()
    # then only the active one is read
    assert body["demand_total"] == 1.0
    assert body["covered_share"] == 1.0


def test_county_officer_reads_only_demand_inside_their_county(county_officer, api):
    # given demand in Jinjiang and in Wuhou
    make_demand([(*offset(0, 0), 1.0)])
    make_demand([(30.64, 104.04, 50.0)], code="510107")
    # when
    body = api(county_officer).get("/api/v1/planning/coverage", radius_m=300).json()
    # then
    assert body["region_code"] == "510104"
    assert body["demand_total"] == 1.0


@pytest.mark.parametrize(
    "params, code",
    [
        ({"radius_m": 0}, "invalid_radius"),
        ({"radius_m": -5}, "invalid_radius"),
        ({"radius_m": 10_000_000}, "invalid_radius"),
        ({"minutes": 0}, "invalid_minutes"),
        ({"minutes": 5, "detour": 0.5}, "invalid_detour"),
        ({"radius_m": 500, "minutes": 5}, "ambiguous_promise"),
        ({"radius_m": 500, "open_at": "25:99"}, "invalid_open_at"),
    ],
)
def test_bad_promises_are_refused_with_422(params, code, county_officer, api):
    # when
    response = api(county_officer).get("/api/v1/planning/coverage", **params)
    # then
    assert response.status_code == 422, response.content
    assert response.json()["code"] == code


def test_a_region_outside_the_scope_answers_404(county_officer, api):
    # when the Jinjiang officer asks about Wuhou
    response = api(county_officer).get("/api/v1/planning/coverage", region="510107", radius_m=500)
    # then
    assert response.status_code == 404


def test_riders_cannot_read_coverage(rider, api):
    # when
    response = api(rider).get("/api/v1/planning/coverage", radius_m=500)
    # then
    assert response.status_code == 403


def test_travel_radius_default_is_the_documented_five_minute_circle():
    # when
    promise = analysis.promise_from()
    # then 5 min at 16 km/h with detour 1.3
    assert promise.radius_m == pytest.approx(1025.64, abs=0.01)
    assert (promise.minutes, promise.speed_kmh, promise.detour) == (5.0, 16.0, 1.3)
