"""PointIndex against the brute-force reference, including filters, radii and ties."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redrider.geo.crs import InvalidPoint
from redrider.geo.index import Neighbour, PointIndex, brute_force_nearest


def _random_points(seed: int, n: int, *, spread: float = 0.5):
    rng = np.random.default_rng(seed)
    lat = 30.6 + rng.normal(0, spread, n)
    lng = 104.0 + rng.normal(0, spread, n)
    ids = rng.permutation(np.arange(1000, 1000 + 3 * n, 3))[:n]
    return ids, lat, lng, rng


def _assert_same(got: list[Neighbour], want: list[Neighbour]) -> None:
    assert [n.id for n in got] == [n.id for n in want]
    assert np.allclose([n.distance_m for n in got], [n.distance_m for n in want], atol=1e-6)


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("k", [1, 5, 40])
def test_nearest_matches_brute_force_on_random_points(seed, k):
    # given
    ids, lat, lng, rng = _random_points(seed, 3000)
    index = PointIndex(ids, lat, lng)
    for qlat, qlng in zip(rng.uniform(29.5, 31.5, 20), rng.uniform(103, 105, 20), strict=True):
        # when
        got = index.nearest(qlat, qlng, k)
        # then
        _assert_same(got, brute_force_nearest(ids, lat, lng, qlat, qlng, k))
        assert len(got) == k


@pytest.mark.parametrize("selectivity", [0.5, 0.05, 0.001])
def test_nearest_with_a_filter_is_exact_and_only_returns_allowed_points(selectivity):
    # given
    ids, lat, lng, rng = _random_points(11, 5000)
    allowed = rng.random(5000) < selectivity
    index = PointIndex(ids, lat, lng)
    for qlat, qlng in zip(rng.uniform(30, 31, 15), rng.uniform(103.5, 104.5, 15), strict=True):
        # when
        got = index.nearest(qlat, qlng, 5, mask_fn=allowed.__getitem__)
        # then
        _assert_same(got, brute_force_nearest(ids, lat, lng, qlat, qlng, 5, mask=allowed))
        allowed_ids = set(ids[allowed].tolist())
        assert all(n.id in allowed_ids for n in got)


def test_nearest_within_a_radius_returns_only_points_inside_it():
    # given
    ids, lat, lng, rng = _random_points(5, 4000, spread=0.2)
    index = PointIndex(ids, lat, lng)
    allowed = rng.random(4000) < 0.3
    for radius in [0.0, 300.0, 2_000.0, 10_000.0]:
        # when
        got = index.nearest(30.6, 104.0, 10, radius_m=radius)
        filtered = index.nearest(30.6, 104.0, 10, radius_m=radius, mask_fn=allowed.__getitem__)
        # then
        _assert_same(got, brute_force_nearest(ids, lat, lng, 30.6, 104.0, 10, radius_m=radius))
        _assert_same(
            filtered,
            brute_force_nearest(ids, lat, lng, 30.6, 104.0, 10, radius_m=radius, mask=allowed),
        )
        assert all(n.distance_m <= radius + 1e-6 for n in got)


def test_equal_distances_are_ordered_by_id_even_across_the_kth_place():
    # given: 30 stations stacked on one spot (a mall), ids shuffled, plus one nearer and one farther
    rng = np.random.default_rng(2)
    stacked_ids = rng.permutation(np.arange(100, 130))
    ids = np.concatenate([[7], stacked_ids, [3]])
    lat = np.concatenate([[30.6001], np.full(30, 30.601), [30.62]])
    lng = np.full(32, 104.0)
    index = PointIndex(ids, lat, lng)
    # when
    got = index.nearest(30.6, 104.0, 5)
    # then: the nearer one, then the four smallest ids of the stack
    assert [n.id for n in got] == [7, 100, 101, 102, 103]
    assert got[1].distance_m == got[4].distance_m
    _assert_same(got, brute_force_nearest(ids, lat, lng, 30.6, 104.0, 5))


def test_ties_at_the_boundary_are_resolved_by_id_with_a_filter():
    # given: 8 spots at growing distance, 16 stations stacked on each, ids shuffled; odd ids open
    rng = np.random.default_rng(9)
    lat = 30.0 + 0.001 * (1 + np.arange(128) // 16)
    lng = np.full(128, 104.0)
    ids = rng.permutation(128).astype(np.int64)
    allowed = ids % 2 == 1
    index = PointIndex(ids, lat, lng)
    # when: 11 asked, so the answer stops inside the second stack
    got = index.nearest(30.0, 104.0, 11, mask_fn=allowed.__getitem__)
    # then
    _assert_same(got, brute_force_nearest(ids, lat, lng, 30.0, 104.0, 11, mask=allowed))
    first = sorted(int(i) for i in ids[:16] if i % 2 == 1)
    second = sorted(int(i) for i in ids[16:32] if i % 2 == 1)
    assert [n.id for n in got] == (first + second)[:11]
    assert all(n.id % 2 == 1 for n in got)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=1, max_value=80),
    st.integers(min_value=0, max_value=2**32 - 1),
    st.booleans(),
    st.one_of(st.none(), st.floats(min_value=0.0, max_value=30_000.0)),
)
def test_nearest_matches_brute_force_with_duplicates_filters_and_radius(
    n, k, seed, use_mask, radius
):
    # given: points snapped to a coarse grid so that co-located points (exact ties) are common;
    # the query sits off every symmetry axis so that distinct spots have distinct distances
    rng = np.random.default_rng(seed)
    lat = np.round(30.0 + rng.uniform(0, 0.1, n), 2)
    lng = np.round(104.0 + rng.uniform(0, 0.1, n), 2)
    ids = rng.permutation(n).astype(np.int64)
    mask = rng.random(n) < 0.5 if use_mask else None
    index = PointIndex(ids, lat, lng)
    qlat, qlng = 30.05371, 104.04128
    # when
    got = index.nearest(
        qlat, qlng, k, radius_m=radius, mask_fn=None if mask is None else mask.__getitem__
    )
    # then
    _assert_same(got, brute_force_nearest(ids, lat, lng, qlat, qlng, k, radius_m=radius, mask=mask))


def test_k_larger_than_the_index_returns_every_point_in_order():
    # given
    ids, lat, lng, _ = _random_points(8, 12)
    index = PointIndex(ids, lat, lng)
    # when
    got = index.nearest(30.6, 104.0, 100)
    # then
    assert len(got) == 12
    _assert_same(got, brute_force_nearest(ids, lat, lng, 30.6, 104.0, 100))


def test_an_empty_index_answers_every_query_with_nothing():
    # given
    index = PointIndex(np.empty(0, dtype=np.int64), [], [])
    # when / then
    assert len(index) == 0
    assert index.nearest(30.0, 104.0, 5) == []
    assert index.radius_query(30.0, 104.0, 1000.0) == []
    dist, pos = index.nearest_distance_m([30.0, 31.0], [104.0, 104.0])
    assert np.all(np.isinf(dist)) and np.all(pos == -1)


def test_radius_query_matches_brute_force_and_includes_the_circle_edge():
    # given
    ids, lat, lng, rng = _random_points(21, 3000, spread=0.1)
    index = PointIndex(ids, lat, lng)
    allowed = rng.random(3000) < 0.5
    # when
    got = index.radius_query(30.6, 104.0, 1_500.0)
    filtered = index.radius_query(30.6, 104.0, 1_500.0, mask_fn=allowed.__getitem__)
    # then
    _assert_same(got, brute_force_nearest(ids, lat, lng, 30.6, 104.0, 3000, radius_m=1_500.0))
    _assert_same(
        filtered,
        brute_force_nearest(ids, lat, lng, 30.6, 104.0, 3000, radius_m=1_500.0, mask=allowed),
    )
    # and a radius equal to a point's exact distance keeps that point
    edge = index.radius_query(30.6, 104.0, got[-1].distance_m)
    assert edge[-1].id == got[-1].id


def test_bulk_nearest_distance_matches_single_queries():
    # given
    ids, lat, lng, rng = _random_points(4, 2000)
    index = PointIndex(ids, lat, lng)
    qlat = rng.uniform(30, 31, 200)
    qlng = rng.uniform(103.5, 104.5, 200)
    # when
    dist, pos = index.nearest_distance_m(qlat, qlng)
    # then
    for i in range(0, 200, 9):
        best = index.nearest(qlat[i], qlng[i], 1)[0]
        assert dist[i] == pytest.approx(best.distance_m, abs=1e-6)
        assert index.ids[pos[i]] == best.id


def test_points_across_the_antimeridian_are_found_as_neighbours():
    # given: Fiji-ish points on both sides of 180 degrees
    index = PointIndex([1, 2, 3], [-17.0, -17.0, -17.0], [179.99, -179.99, 170.0])
    # when
    got = index.nearest(-17.0, -179.999, 2)
    # then
    assert [n.id for n in got] == [2, 1]


@pytest.mark.parametrize(
    ("lat", "lng", "k", "radius", "error"),
    [
        (math.nan, 104.0, 1, None, InvalidPoint),
        (30.0, 200.0, 1, None, InvalidPoint),
        (30.0, 104.0, 0, None, ValueError),
        (30.0, 104.0, 1, -5.0, ValueError),
    ],
)
def test_bad_queries_are_rejected(lat, lng, k, radius, error):
    # given
    index = PointIndex([1], [30.0], [104.0])
    # when / then
    with pytest.raises(error):
        index.nearest(lat, lng, k, radius_m=radius)


def test_building_from_invalid_points_or_mismatched_arrays_fails():
    # when / then
    with pytest.raises(InvalidPoint):
        PointIndex([1, 2], [30.0, math.inf], [104.0, 104.0])
    with pytest.raises(ValueError):
        PointIndex([1, 2], [30.0], [104.0, 104.0])


def test_a_mask_function_of_the_wrong_shape_is_an_error():
    # given
    index = PointIndex([1, 2, 3], [30.0, 30.1, 30.2], [104.0, 104.0, 104.0])
    # when / then
    with pytest.raises(ValueError):
        index.nearest(30.0, 104.0, 1, mask_fn=lambda pos: np.ones(1, dtype=bool))
