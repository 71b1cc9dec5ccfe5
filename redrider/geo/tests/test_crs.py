"""Coordinate systems against published reference values of the standard algorithms."""

import math

import numpy as np
import pytest
from fast_geocn import coord as geocn_coord
from hypothesis import given, settings
from hypothesis import strategies as st

from redrider.geo import crs
from redrider.geo.distance import haversine_m

# wandergis/coordtransform, test/app.js: every function applied to (lng 116.404, lat 39.915).
COORDTRANSFORM_INPUT = (39.915, 116.404)
COORDTRANSFORM_WGS84_TO_GCJ02 = (39.91640428150164, 116.41024449916938)
COORDTRANSFORM_GCJ02_TO_BD09 = (39.92133699351021, 116.41036949371029)
COORDTRANSFORM_BD09_TO_GCJ02 = (39.90865673957631, 116.39762729119315)
# Its gcj02towgs84 is the one-step approximation 2 * g - f(g).
COORDTRANSFORM_GCJ02_TO_WGS84_ONE_STEP = (39.91359571849836, 116.39775550083061)

# googollee/eviltransform test suites (go/transform_test.go, python/test.py):
# (wgs lat, wgs lng, gcj lat, gcj lng), asserted there to 6 decimal places.
EVILTRANSFORM_CASES = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]

china_lat = st.floats(min_value=18.0, max_value=53.0)
china_lng = st.floats(min_value=74.0, max_value=134.0)


def test_wgs84_to_gcj02_reproduces_coordtransform_reference_value():
    # given
    lat, lng = COORDTRANSFORM_INPUT
    # when
    got = crs.wgs84_to_gcj02(lat, lng)
    # then
    assert got == pytest.approx(COORDTRANSFORM_WGS84_TO_GCJ02, abs=1e-12)


def test_gcj02_to_bd09_reproduces_coordtransform_reference_value():
    # given
    lat, lng = COORDTRANSFORM_INPUT
    # when
    got = crs.gcj02_to_bd09(lat, lng)
    # then
    assert got == pytest.approx(COORDTRANSFORM_GCJ02_TO_BD09, abs=1e-12)


def test_published_bd09_closed_form_reproduces_coordtransform_reference_value():
    # given
    lat, lng = COORDTRANSFORM_INPUT
    # when
    got = crs.bd09_to_gcj02_published(lat, lng)
    # then
    assert got == pytest.approx(COORDTRANSFORM_BD09_TO_GCJ02, abs=1e-12)


def test_refined_bd09_to_gcj02_stays_within_a_quarter_metre_of_the_closed_form_and_inverts_exactly():
    # given
    lat, lng = COORDTRANSFORM_INPUT
    # when
    got = crs.bd09_to_gcj02(lat, lng)
    # then
    assert haversine_m(*got, *COORDTRANSFORM_BD09_TO_GCJ02) < 0.25
    back = crs.gcj02_to_bd09(*got)
    assert abs(back[0] - lat) < 1e-9 and abs(back[1] - lng) < 1e-9


@pytest.mark.parametrize(("wlat", "wlng", "glat", "glng"), EVILTRANSFORM_CASES)
def test_wgs84_to_gcj02_matches_eviltransform_test_cases(wlat, wlng, glat, glng):
    # when
    got = crs.wgs84_to_gcj02(wlat, wlng)
    # then
    assert got == pytest.approx((glat, glng), abs=1e-9)


@pytest.mark.parametrize(("wlat", "wlng", "glat", "glng"), EVILTRANSFORM_CASES)
def test_gcj02_to_wgs84_recovers_eviltransform_wgs_point_to_a_millimetre(wlat, wlng, glat, glng):
    # when
    got = crs.gcj02_to_wgs84(glat, glng)
    # then: eviltransform's own "exact" inverse only promises 0.5 m.
    assert haversine_m(*got, wlat, wlng) < 1e-3


def test_iterative_inverse_differs_from_the_one_step_approximation_by_centimetres_not_metres():
    # given
    lat, lng = COORDTRANSFORM_INPUT
    # when
    exact = crs.gcj02_to_wgs84(lat, lng)
    # then: the one-step value is close but not exact; ours maps forward onto the input.
    gap_m = haversine_m(*exact, *COORDTRANSFORM_GCJ02_TO_WGS84_ONE_STEP)
    assert 0.01 < gap_m < 5.0
    forward = crs.wgs84_to_gcj02(*exact)
    assert abs(forward[0] - lat) < 1e-9 and abs(forward[1] - lng) < 1e-9


def test_tiananmen_offset_is_the_familiar_few_hundred_metres_to_the_east():
    # given: WGS-84 Tiananmen
    lat, lng = 39.908692, 116.397477
    # when
    glat, glng = crs.wgs84_to_gcj02(lat, lng)
    # then: GCJ-02 (39.91009, 116.40372), about 550 m away, mostly eastward
    assert (glat, glng) == pytest.approx((39.910095, 116.403721), abs=2e-6)
    assert 500 < haversine_m(lat, lng, glat, glng) < 600


@pytest.mark.parametrize(("lat", "lng"), [(48.8566, 2.3522), (1.29, 103.85 - 40), (-33.9, 151.2)])
def test_points_outside_china_are_not_shifted_by_gcj02(lat, lng):
    # when
    got = crs.from_wgs84(lat, lng, "gcj02")
    back = crs.to_wgs84(lat, lng, "gcj02")
    # then
    assert got == (lat, lng)
    assert back == (lat, lng)


@settings(max_examples=200, deadline=None)
@given(china_lat, china_lng)
def test_our_gcj02_forward_transform_agrees_with_fast_geocn(lat, lng):
    # given: fast_geocn is a second opinion for GCJ-02 only. Its BD-09 step uses pi where the
    # published algorithm uses x_pi = pi * 3000 / 180, so it is off by up to ~1 m there; ours
    # matches coordtransform's published BD-09 values above.
    # when
    ours = crs.wgs84_to_gcj02(lat, lng)
    theirs_lng, theirs_lat = geocn_coord.wgs84_to_gcj02(lng, lat)
    # then
    assert ours == pytest.approx((theirs_lat, theirs_lng), abs=1e-12)


@settings(max_examples=200, deadline=None)
@given(china_lat, china_lng, st.sampled_from(["wgs84", "gcj02", "bd09"]))
def test_round_trip_through_any_crs_returns_to_the_same_point(lat, lng, name):
    # when
    there = crs.from_wgs84(lat, lng, name)
    back = crs.to_wgs84(*there, name)
    # then
    assert abs(back[0] - lat) < 1e-7 and abs(back[1] - lng) < 1e-7


@settings(max_examples=100, deadline=None)
@given(china_lat, china_lng)
def test_gcj02_inverse_maps_forward_onto_its_input(lat, lng):
    # when
    wgs = crs.gcj02_to_wgs84(lat, lng)
    # then
    fwd = crs.wgs84_to_gcj02(*wgs)
    assert abs(fwd[0] - lat) < 1e-9 and abs(fwd[1] - lng) < 1e-9


def test_array_versions_agree_with_scalar_versions():
    # given
    rng = np.random.default_rng(7)
    lat = rng.uniform(-60, 60, 500)
    lng = rng.uniform(-179, 179, 500)
    lat[:250] = rng.uniform(18, 53, 250)
    lng[:250] = rng.uniform(74, 134, 250)
    for name in ("wgs84", "gcj02", "bd09"):
        # when
        fwd = crs.from_wgs84_array(lat, lng, name)
        back = crs.to_wgs84_array(lat, lng, name)
        # then
        for i in range(0, 500, 7):
            assert (fwd[0][i], fwd[1][i]) == pytest.approx(
                crs.from_wgs84(lat[i], lng[i], name), abs=1e-11
            )
            assert (back[0][i], back[1][i]) == pytest.approx(
                crs.to_wgs84(lat[i], lng[i], name), abs=1e-9
            )


def test_unknown_crs_is_rejected_with_a_value_error_subclass():
    # when / then
    with pytest.raises(crs.UnknownCRS):
        crs.to_wgs84(30.0, 104.0, "epsg3857")
    with pytest.raises(ValueError):
        crs.from_wgs84_array([30.0], [104.0], "WGS84")


@pytest.mark.parametrize(
    ("lat", "lng"),
    [
        (math.nan, 104.0),
        (30.0, math.inf),
        (90.0001, 0.0),
        (-91.0, 0.0),
        (0.0, 180.5),
        (0.0, -181.0),
        ("abc", 1.0),
    ],
)
def test_invalid_points_are_rejected(lat, lng):
    # when / then
    with pytest.raises(crs.InvalidPoint):
        crs.validate_point(lat, lng)
    with pytest.raises(ValueError):
        crs.to_wgs84(lat, lng, "wgs84")


def test_extreme_but_valid_points_pass_validation():
    # when / then: no exception
    for lat, lng in [(90.0, 180.0), (-90.0, -180.0), (0.0, 0.0)]:
        crs.validate_point(lat, lng)
        assert crs.to_wgs84(lat, lng, "wgs84") == (lat, lng)


def test_array_validation_names_the_first_bad_point():
    # when / then
    with pytest.raises(crs.InvalidPoint, match="#2"):
        crs.to_wgs84_array([30.0, 31.0, math.nan], [104.0, 104.0, 104.0], "gcj02")
