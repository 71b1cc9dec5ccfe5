"""Great-circle distances and the unit-vector view."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from redrider.geo.distance import (
    EARTH_RADIUS_M,
    arc_m_to_chord,
    chord_to_arc_m,
    haversine_m,
    haversine_m_array,
    to_unit_vectors,
    unit_vector,
    unit_vector_to_latlng,
)

lats = st.floats(min_value=-89.9, max_value=89.9)
lngs = st.floats(min_value=-180.0, max_value=180.0)


def test_one_degree_of_latitude_is_about_111_km():
    # when
    d = haversine_m(30.0, 104.0, 31.0, 104.0)
    # then: pi * R / 180
    assert d == pytest.approx(math.pi * EARTH_RADIUS_M / 180.0, rel=1e-12)


def test_quarter_of_the_equator_and_antipodes_have_the_expected_lengths():
    # when / then
    assert haversine_m(0.0, 0.0, 0.0, 90.0) == pytest.approx(math.pi / 2 * EARTH_RADIUS_M)
    assert haversine_m(0.0, 0.0, 0.0, 180.0) == pytest.approx(math.pi * EARTH_RADIUS_M)
    assert haversine_m(90.0, 0.0, -90.0, 0.0) == pytest.approx(math.pi * EARTH_RADIUS_M)


def test_chengdu_to_chongqing_is_about_270_km():
    # given: city centres (Tianfu Square, Jiefangbei)
    # when
    d = haversine_m(30.6574, 104.0658, 29.5572, 106.5770)
    # then
    assert 268_000 < d < 273_000


def test_distance_across_the_antimeridian_is_short():
    # when
    d = haversine_m(10.0, 179.9, 10.0, -179.9)
    # then
    assert d == pytest.approx(haversine_m(10.0, -0.1, 10.0, 0.1), rel=1e-9)
    assert d < 25_000


@settings(max_examples=100, deadline=None)
@given(lats, lngs, lats, lngs)
def test_vectorised_haversine_matches_scalar(lat1, lng1, lat2, lng2):
    # when
    vec = haversine_m_array([lat1], [lng1], lat2, lng2)
    # then
    assert vec[0] == pytest.approx(haversine_m(lat1, lng1, lat2, lng2), rel=1e-9, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(lats, lngs, lats, lngs)
def test_chord_between_unit_vectors_converts_to_the_haversine_distance(lat1, lng1, lat2, lng2):
    # given
    a = np.array(unit_vector(lat1, lng1))
    b = np.array(unit_vector(lat2, lng2))
    # when
    arc = float(chord_to_arc_m(np.linalg.norm(a - b)))
    # then
    assert arc == pytest.approx(haversine_m(lat1, lng1, lat2, lng2), rel=1e-7, abs=1e-3)


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=0.0, max_value=math.pi * EARTH_RADIUS_M * 0.999))
def test_arc_to_chord_and_back_is_the_identity(arc):
    # when
    back = float(chord_to_arc_m(arc_m_to_chord(arc)))
    # then
    assert back == pytest.approx(arc, rel=1e-9, abs=1e-6)


def test_arc_of_half_the_circumference_or_more_maps_to_the_diameter():
    # when / then
    assert arc_m_to_chord(math.pi * EARTH_RADIUS_M) == 2.0
    assert arc_m_to_chord(1e9) == 2.0
    assert arc_m_to_chord(0.0) == 0.0


@pytest.mark.parametrize("bad", [-1.0, math.nan])
def test_negative_or_nan_arc_is_rejected(bad):
    # when / then
    with pytest.raises(ValueError):
        arc_m_to_chord(bad)


def test_unit_vectors_have_unit_length_and_round_trip_to_lat_lng():
    # given
    rng = np.random.default_rng(3)
    lat = rng.uniform(-89, 89, 1000)
    lng = rng.uniform(-179, 179, 1000)
    # when
    xyz = to_unit_vectors(lat, lng)
    lat2, lng2 = unit_vector_to_latlng(xyz)
    # then
    assert xyz.shape == (1000, 3)
    assert np.allclose(np.linalg.norm(xyz, axis=1), 1.0, atol=1e-15)
    assert np.allclose(lat2, lat, atol=1e-10)
    assert np.allclose(lng2, lng, atol=1e-10)
    assert np.allclose(xyz[17], unit_vector(lat[17], lng[17]), atol=1e-16)
