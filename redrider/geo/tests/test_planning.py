"""MCLP solvers against exhaustive enumeration on tiny instances."""

import itertools
import math

import numpy as np
import pytest

from redrider.geo.coverage import Points, WeightedPoints, coverage
from redrider.geo.distance import haversine_m_array
from redrider.geo.planning import (
    build_problem,
    exhaustive,
    fewest_sites,
    greedy,
    greedy_swap,
    grid_candidates,
    solve_milp,
    synthetic_demand,
)


def _tiny(seed: int, n_cand: int = 8, n_demand: int = 30):
    rng = np.random.default_rng(seed)
    demand = WeightedPoints(
        30.0 + rng.uniform(0, 0.03, n_demand),
        104.0 + rng.uniform(0, 0.03, n_demand),
        rng.uniform(0.1, 5.0, n_demand),
    )
    cand = Points(30.0 + rng.uniform(0, 0.03, n_cand), 104.0 + rng.uniform(0, 0.03, n_cand))
    return demand, cand


def _true_share(demand: WeightedPoints, sites: Points, radius: float) -> float:
    """Coverage share by brute force over every (demand, site) pair."""
    if len(sites) == 0:
        return 0.0
    d = haversine_m_array(demand.lat[:, None], demand.lng[:, None], sites.lat, sites.lng)
    return float(demand.weight[(d <= radius).any(axis=1)].sum() / demand.weight.sum())


def _enumerated_optimum(demand, cand, radius, k, existing=None) -> float:
    best = 0.0
    for combo in itertools.combinations(range(len(cand)), min(k, len(cand))):
        lat = list(cand.lat[list(combo)])
        lng = list(cand.lng[list(combo)])
        if existing is not None:
            lat += list(existing.lat)
            lng += list(existing.lng)
        best = max(best, _true_share(demand, Points(lat, lng), radius))
    return best


def test_problem_matrix_matches_brute_force_distances():
    # given
    demand, cand = _tiny(0, n_cand=12, n_demand=60)
    # when
    problem = build_problem(demand, cand, 900.0)
    # then: every candidate set covers, by the matrix, what brute force says it covers
    for combo in [(0,), (3, 7), (1, 2, 11), tuple(range(12))]:
        sites = Points(cand.lat[list(combo)], cand.lng[list(combo)])
        assert problem.share(problem.gained_weight(combo)) == pytest.approx(
            _true_share(demand, sites, 900.0), abs=1e-12
        )


def test_identical_demand_columns_are_merged_without_changing_weights():
    # given: every demand point duplicated
    demand, cand = _tiny(1)
    doubled = WeightedPoints(
        np.concatenate([demand.lat, demand.lat]),
        np.concatenate([demand.lng, demand.lng]),
        np.concatenate([demand.weight, demand.weight]),
    )
    # when
    single = build_problem(demand, cand, 800.0)
    double = build_problem(doubled, cand, 800.0)
    # then
    assert double.weight.shape[0] <= single.weight.shape[0]
    assert double.weight.sum() == pytest.approx(2 * single.weight.sum())


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("k", [1, 2, 3])
def test_greedy_swap_and_milp_reach_the_enumerated_optimum(seed, k):
    # given
    demand, cand = _tiny(seed)
    radius = 700.0
    optimum = _enumerated_optimum(demand, cand, radius, k)
    problem = build_problem(demand, cand, radius)
    # when
    swap = greedy_swap(problem, k)
    exact = solve_milp(problem, k, time_limit_s=20)
    oracle = exhaustive(problem, k)
    # then
    assert oracle.coverage == pytest.approx(optimum, abs=1e-9)
    assert exact.coverage == pytest.approx(optimum, abs=1e-9)
    assert exact.optimal is True
    assert exact.bound == pytest.approx(optimum, abs=1e-6)
    assert swap.coverage == pytest.approx(optimum, abs=1e-9)
    for plan in (swap, exact):
        sites = Points([s.lat for s in plan.sites], [s.lng for s in plan.sites])
        assert _true_share(demand, sites, radius) == pytest.approx(plan.coverage, abs=1e-9)
        assert sum(s.gain_share for s in plan.sites) == pytest.approx(plan.coverage, abs=1e-9)


@pytest.mark.parametrize("seed", range(40))
def test_plain_greedy_never_falls_below_1_minus_1_over_e_of_the_optimum(seed):
    # given
    demand, cand = _tiny(100 + seed, n_cand=10, n_demand=40)
    k = 1 + seed % 4
    problem = build_problem(demand, cand, 600.0)
    # when
    plan = greedy(problem, k)
    optimum = exhaustive(problem, k).coverage
    # then
    assert plan.coverage >= (1 - 1 / math.e) * optimum - 1e-12
    assert plan.coverage <= optimum + 1e-12
    gains = [s.gain_share for s in plan.sites]
    assert gains == sorted(gains, reverse=True)


def test_existing_facilities_count_as_baseline_and_reduce_gains():
    # given
    demand, cand = _tiny(3, n_cand=8, n_demand=40)
    existing = Points([cand.lat[0]], [cand.lng[0]])
    radius = 800.0
    # when
    without = build_problem(demand, cand, radius)
    with_existing = build_problem(demand, cand, radius, existing=existing)
    plan = solve_milp(with_existing, 2)
    # then
    assert with_existing.baseline_share == pytest.approx(
        _true_share(demand, existing, radius), abs=1e-12
    )
    assert with_existing.baseline_share > 0
    gains_without = np.asarray(without.matrix @ without.weight).ravel()
    gains_with = np.asarray(with_existing.matrix @ with_existing.weight).ravel()
    assert np.all(gains_with <= gains_without + 1e-12)
    assert gains_with[0] == pytest.approx(0.0)
    assert plan.baseline_coverage == with_existing.baseline_share
    assert plan.coverage == pytest.approx(
        _enumerated_optimum(demand, cand, radius, 2, existing=existing), abs=1e-9
    )
    assert 0 not in plan.chosen


def test_fewest_sites_reaches_the_target_and_stops_there():
    # given
    demand = synthetic_demand([(30.6, 104.0, 2.0), (30.7, 104.2, 1.0)], 3000, seed=5)
    cand = grid_candidates(demand, 1000.0)
    problem = build_problem(demand, cand, 1000.0)
    # when
    plan = fewest_sites(problem, 0.6)
    # then
    assert plan.target_reached is True
    assert plan.coverage >= 0.6
    sites = Points([s.lat for s in plan.sites], [s.lng for s in plan.sites])
    assert coverage(demand, sites, 1000.0).covered_share == pytest.approx(plan.coverage)
    one_fewer = greedy(problem, plan.k - 1)
    assert one_fewer.coverage < 0.6


def test_fewest_sites_reports_an_unreachable_target():
    # given
    demand, cand = _tiny(2)
    problem = build_problem(demand, cand, 200.0)
    reachable = greedy(problem, len(cand)).coverage
    # when
    plan = fewest_sites(problem, 1.0)
    # then
    assert reachable < 1.0
    assert plan.target_reached is False
    assert plan.coverage == pytest.approx(reachable)


def test_fewest_sites_needs_none_when_existing_facilities_already_suffice():
    # given
    demand, cand = _tiny(4)
    existing = Points(demand.lat, demand.lng)
    problem = build_problem(demand, cand, 100.0, existing=existing)
    # when
    plan = fewest_sites(problem, 0.95)
    # then
    assert plan.sites == []
    assert plan.target_reached is True
    assert plan.coverage == pytest.approx(1.0)


def test_swap_search_escapes_the_classic_greedy_trap():
    # given: demand on a meridian at -2, 0, 2, 4 units of 0.01 degrees (weights 1, 2, 2, 1);
    # candidate "middle" at 1 reaches 0 and 2 (weight 4), "west" at -1 reaches -2 and 0 (3),
    # "east" at 3 reaches 2 and 4 (3). Greedy takes middle first and ends at 5 of 6.
    unit = 0.01
    demand = WeightedPoints(
        [30.0 - 2 * unit, 30.0, 30.0 + 2 * unit, 30.0 + 4 * unit], [104.0] * 4, [1.0, 2.0, 2.0, 1.0]
    )
    cand = Points([30.0 + unit, 30.0 - unit, 30.0 + 3 * unit], [104.0] * 3)
    problem = build_problem(demand, cand, 1223.0)
    # when
    plain = greedy(problem, 2)
    swapped = greedy_swap(problem, 2)
    # then
    assert plain.chosen[0] == 0
    assert plain.coverage == pytest.approx(5 / 6)
    assert swapped.coverage == pytest.approx(1.0)
    assert sorted(swapped.chosen) == [1, 2]


def test_synthetic_demand_is_deterministic_and_clustered_around_centres():
    # given
    centres = [(30.66, 104.06, 3.0), (29.56, 106.55, 1.0)]
    # when
    a = synthetic_demand(centres, 4000, seed=42, sigma_m=2000.0)
    b = synthetic_demand(centres, 4000, seed=42, sigma_m=2000.0)
    c = synthetic_demand(centres, 4000, seed=43, sigma_m=2000.0)
    # then
    assert np.array_equal(a.lat, b.lat) and np.array_equal(a.weight, b.weight)
    assert not np.array_equal(a.lat, c.lat)
    d0 = haversine_m_array(a.lat, a.lng, 30.66, 104.06)
    d1 = haversine_m_array(a.lat, a.lng, 29.56, 106.55)
    near = np.minimum(d0, d1)
    assert np.median(near) < 4000
    share_first = float(np.mean(d0 < d1))
    assert 0.70 < share_first < 0.80
    assert a.weight.mean() == pytest.approx(1.0, abs=0.05)


def test_grid_candidates_are_spaced_as_asked_and_follow_demand():
    # given
    box = (30.5, 103.9, 30.7, 104.1)
    demand = synthetic_demand([(30.6, 104.0, 1.0)], 500, seed=1, sigma_m=1000.0)
    # when
    full = grid_candidates(box, 1000.0)
    near = grid_candidates(demand, 1000.0)
    # then
    assert 400 < len(full) < 500  # ~22 rows x ~20 columns
    d = haversine_m_array(full.lat[0], full.lng[0], full.lat[1], full.lng[1])
    assert float(d) == pytest.approx(1000.0, rel=1e-3)
    assert 0 < len(near) < len(full)
    nearest = coverage(WeightedPoints(near.lat, near.lng), Points(demand.lat, demand.lng), 1e9)
    assert nearest.nearest_m.max() <= 1000.0 * 1.001


def test_solvers_handle_k_zero_and_empty_instances():
    # given
    demand, cand = _tiny(0)
    problem = build_problem(demand, cand, 500.0)
    empty = build_problem(WeightedPoints([], []), Points([], []), 500.0)
    # when / then
    for plan in (greedy(problem, 0), greedy_swap(problem, 0), solve_milp(problem, 0)):
        assert plan.sites == [] and plan.coverage == 0.0
    for plan in (greedy(empty, 3), greedy_swap(empty, 3), solve_milp(empty, 3)):
        assert plan.sites == [] and plan.coverage == 0.0
    with pytest.raises(ValueError):
        greedy(problem, -1)


def test_candidates_reaching_a_subset_of_anothers_demand_are_set_aside_for_the_milp():
    # given: candidate 1 reaches only part of what candidate 0 reaches, 2 duplicates 0, and 3
    # reaches a cluster of its own; 4 reaches nothing
    demand = WeightedPoints([30.0, 30.004, 30.1], [104.0, 104.0, 104.0])
    cand = Points([30.002, 30.0, 30.002, 30.1, 35.0], [104.0] * 5)
    problem = build_problem(demand, cand, 300.0)
    # when
    from redrider.geo.planning.exact import undominated_candidates

    kept = undominated_candidates(problem)
    plan = solve_milp(problem, 2)
    # then
    assert kept.tolist() == [0, 3]
    assert plan.coverage == pytest.approx(1.0)
    assert sorted(plan.chosen) == [0, 3]
