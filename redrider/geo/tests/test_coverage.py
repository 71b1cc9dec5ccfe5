"""Coverage, spacing and uncovered cells against brute force."""

import h3
import numpy as np
import pytest

from redrider.geo.coverage import (
    Points,
    WeightedPoints,
    coverage,
    spacing,
    travel_radius_m,
    uncovered_cells,
    weighted_quantile,
)
from redrider.geo.distance import haversine_m_array


def _instance(seed: int, n_demand: int = 2000, n_fac: int = 40):
    rng = np.random.default_rng(seed)
    demand = WeightedPoints(
        30.6 + rng.normal(0, 0.05, n_demand),
        104.05 + rng.normal(0, 0.05, n_demand),
        rng.gamma(2.0, 1.0, n_demand),
    )
    fac = Points(30.6 + rng.normal(0, 0.05, n_fac), 104.05 + rng.normal(0, 0.05, n_fac))
    return demand, fac


def _brute_nearest(demand: WeightedPoints, fac: Points) -> np.ndarray:
    d = haversine_m_array(demand.lat[:, None], demand.lng[:, None], fac.lat, fac.lng)
    return d.min(axis=1)


def test_five_minutes_at_16_kmh_with_detour_1_3_is_about_1026_m():
    # when / then
    assert travel_radius_m(5) == pytest.approx(1025.64, abs=0.01)
    assert travel_radius_m(10, speed_kmh=20, detour=1.0) == pytest.approx(3333.33, abs=0.01)


@pytest.mark.parametrize(("minutes", "speed", "detour"), [(-1, 16, 1.3), (5, 0, 1.3), (5, 16, 0)])
def test_travel_radius_rejects_nonsense(minutes, speed, detour):
    # when / then
    with pytest.raises(ValueError):
        travel_radius_m(minutes, speed_kmh=speed, detour=detour)


@pytest.mark.parametrize("seed", range(4))
def test_coverage_matches_brute_force(seed):
    # given
    demand, fac = _instance(seed)
    nearest = _brute_nearest(demand, fac)
    # when
    result = coverage(demand, fac, 1000.0)
    # then
    assert np.allclose(result.nearest_m, nearest, atol=1e-6)
    assert np.array_equal(result.covered_mask, nearest <= 1000.0)
    expected = demand.weight[nearest <= 1000.0].sum() / demand.weight.sum()
    assert result.covered_share == pytest.approx(expected, rel=1e-12)
    assert result.demand_total == pytest.approx(demand.weight.sum())


def test_unweighted_statistics_are_numpys_inverted_cdf_quantiles():
    # given
    demand, fac = _instance(5)
    nearest = _brute_nearest(demand, fac)
    # when
    result = coverage(demand, fac, 1000.0, weighted=False)
    # then
    assert result.median_m == pytest.approx(np.quantile(nearest, 0.5, method="inverted_cdf"))
    assert result.p90_m == pytest.approx(np.quantile(nearest, 0.9, method="inverted_cdf"))


def test_weighted_median_follows_the_weight_not_the_count():
    # given: one heavy point next to a station, three light ones far away
    demand = WeightedPoints([30.0, 30.1, 30.2, 30.3], [104.0] * 4, [10.0, 1.0, 1.0, 1.0])
    fac = Points([30.0], [104.0])
    # when
    weighted = coverage(demand, fac, 500.0)
    plain = coverage(demand, fac, 500.0, weighted=False)
    # then
    assert weighted.median_m == pytest.approx(0.0, abs=1e-6)
    assert plain.median_m > 10_000
    assert weighted.covered_share == pytest.approx(10 / 13)


def test_weighted_quantile_edge_cases():
    # when / then
    assert weighted_quantile([3.0, 1.0, 2.0], [1, 1, 1], 0.5) == 2.0
    assert weighted_quantile([1.0, 2.0], [1, 1], 0.5) == 1.0
    assert weighted_quantile([0.1] * 10, [0.1] * 10, 0.5) == 0.1
    assert weighted_quantile([5.0, 1.0], [0.0, 1.0], 1.0) == 1.0
    assert np.isnan(weighted_quantile([], [], 0.5))
    with pytest.raises(ValueError):
        weighted_quantile([1.0], [1.0], 1.5)


def test_coverage_without_facilities_covers_nothing():
    # given
    demand, _ = _instance(1, n_demand=50)
    # when
    result = coverage(demand, Points([], []), 1000.0)
    # then
    assert result.covered_share == 0.0
    assert np.all(np.isinf(result.nearest_m))
    assert result.median_m == np.inf


def test_coverage_accepts_a_prebuilt_index_with_the_same_answer():
    # given
    demand, fac = _instance(2)
    # when
    a = coverage(demand, fac, 800.0)
    b = coverage(demand, fac.index(), 800.0)
    # then
    assert a.covered_share == b.covered_share
    assert np.array_equal(a.nearest_m, b.nearest_m)


def test_spacing_matches_brute_force_nearest_neighbour_distances():
    # given
    _, fac = _instance(3, n_fac=300)
    d = haversine_m_array(fac.lat[:, None], fac.lng[:, None], fac.lat, fac.lng)
    np.fill_diagonal(d, np.inf)
    nn = d.min(axis=1)
    # when
    stats = spacing(fac)
    # then
    assert stats is not None
    assert stats.n == 300
    assert stats.min_m == pytest.approx(nn.min(), abs=1e-6)
    assert stats.mean_m == pytest.approx(nn.mean(), rel=1e-9)
    assert stats.median_m == pytest.approx(np.quantile(nn, 0.5, method="inverted_cdf"), abs=1e-6)
    assert stats.p90_m == pytest.approx(np.quantile(nn, 0.9, method="inverted_cdf"), abs=1e-6)


def test_spacing_needs_two_facilities_and_counts_co_located_ones_as_zero():
    # when / then
    assert spacing(Points([30.0], [104.0])) is None
    stats = spacing(Points([30.0, 30.0, 30.1], [104.0, 104.0, 104.0]))
    assert stats is not None and stats.min_m == 0.0


def test_uncovered_cells_sum_uncovered_weight_per_h3_cell_heaviest_first():
    # given
    demand, fac = _instance(4)
    result = coverage(demand, fac, 600.0)
    # when
    cells = uncovered_cells(demand, result.covered_mask, 8)
    # then
    expected: dict[str, float] = {}
    for la, lo, w, cov in zip(
        demand.lat, demand.lng, demand.weight, result.covered_mask, strict=True
    ):
        if not cov:
            cell = h3.latlng_to_cell(float(la), float(lo), 8)
            expected[cell] = expected.get(cell, 0.0) + float(w)
    assert {c.cell: c.weight for c in cells} == pytest.approx(expected)
    weights = [c.weight for c in cells]
    assert weights == sorted(weights, reverse=True)
    top = cells[0]
    assert (top.lat, top.lng) == pytest.approx(h3.cell_to_latlng(top.cell))
    assert sum(weights) == pytest.approx(demand.weight[~result.covered_mask].sum())


def test_uncovered_cells_is_empty_when_everything_is_covered():
    # given
    demand = WeightedPoints([30.0, 30.0001], [104.0, 104.0])
    # when / then
    assert uncovered_cells(demand, np.array([True, True]), 9) == []
    with pytest.raises(ValueError):
        uncovered_cells(demand, np.array([True]), 9)
    with pytest.raises(ValueError):
        uncovered_cells(demand, np.array([True, False]), 16)


def test_negative_weights_and_radii_are_rejected():
    # when / then
    with pytest.raises(ValueError):
        WeightedPoints([30.0], [104.0], [-1.0])
    with pytest.raises(ValueError):
        coverage(WeightedPoints([30.0], [104.0]), Points([30.0], [104.0]), -1.0)
