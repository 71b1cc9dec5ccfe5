"""Hotspot grouping on constructed cases: inside and outside the radius, another category."""

from __future__ import annotations

import math

import pytest

from redrider.appeals.hotspots import CasePoint, hotspots_group
from redrider.appeals.tests.factories import make_appeal

GATE = (30.6570, 104.0810)
M_PER_DEG_LAT = 111_195.0


def north(metres: float, east: float = 0.0) -> tuple[float, float]:
    lat = GATE[0] + metres / M_PER_DEG_LAT
    lng = GATE[1] + east / (M_PER_DEG_LAT * math.cos(math.radians(GATE[0])))
    return lat, lng


def test_cases_within_the_radius_group_and_others_stay_apart():
    # given five gate cases within 150 m of the gate, one 400 m away, and a parking case at the gate
    inside = [
        CasePoint(i, "enter_compound", *north(d, e), weight=1)
        for i, (d, e) in enumerate([(0, 0), (60, 0), (0, 90), (-100, 0), (140, 0)], start=1)
    ]
    outside = CasePoint(10, "enter_compound", *north(400))
    other = CasePoint(20, "parking", *GATE)
    # when
    spots = hotspots_group([*inside, outside, other], lambda c: 150.0)
    # then
    by_centre = {s.centre_id: s for s in spots}
    assert by_centre[1].case_ids == [1, 2, 3, 4, 5]
    assert by_centre[1].category == "enter_compound"
    assert by_centre[10].case_ids == [10]
    assert by_centre[20].case_ids == [20] and by_centre[20].category == "parking"
    assert len(spots) == 3


def test_a_case_just_outside_the_radius_of_the_centre_is_not_drawn_in():
    # given a dense centre, one case 149 m north of it and one 155 m south
    centre = [CasePoint(i, "rest", *north(0, i / 10)) for i in range(1, 6)]
    near = CasePoint(8, "rest", *north(149))
    far = CasePoint(9, "rest", *north(-155))
    # when
    spots = hotspots_group([*centre, near, far], lambda c: 150.0, min_size=2)
    # then
    assert len(spots) == 1
    assert 8 in spots[0].case_ids
    assert 9 not in spots[0].case_ids


def test_the_radius_is_per_category():
    # given two cases 250 m apart, once as gate cases (150 m) and once as charging (300 m)
    radii = {"enter_compound": 150.0, "charging": 300.0}
    cases = [
        CasePoint(1, "enter_compound", *north(0)),
        CasePoint(2, "enter_compound", *north(250)),
        CasePoint(3, "charging", *north(0)),
        CasePoint(4, "charging", *north(250)),
    ]
    # when
    spots = hotspots_group(cases, radii.__getitem__, min_size=2)
    # then
    assert [(s.category, s.case_ids) for s in spots] == [("charging", [3, 4])]


def test_weight_counts_me_too_supporters_and_orders_the_answer():
    # given a small hotspot with many supporters and a bigger one with none
    cases = [
        CasePoint(1, "meals", *north(0), weight=9),
        CasePoint(2, "meals", *north(10), weight=1),
        CasePoint(3, "parking", *north(0)),
        CasePoint(4, "parking", *north(5)),
        CasePoint(5, "parking", *north(15)),
    ]
    # when
    spots = hotspots_group(cases, lambda c: 100.0)
    # then
    assert [(s.category, s.weight, s.size) for s in spots] == [("meals", 10, 2), ("parking", 3, 3)]


@pytest.mark.django_db
def test_staff_see_hotspots_of_their_region_only(county_officer, api):
    # given three open gate cases at one Jinjiang gate, a closed one there, and three in Wuhou
    for d in (0, 30, 60):
        make_appeal(lat=north(d)[0], lng=north(d)[1])
    make_appeal(status="confirmed", lat=GATE[0], lng=GATE[1])
    for d in (0, 30, 60):
        make_appeal(region_code="510107", lat=30.64 + d / M_PER_DEG_LAT, lng=104.04)
    # when
    body = api(county_officer).get("/api/v1/appeals/hotspots").json()
    # then
    assert body["count"] == 1
    assert body["items"][0]["size"] == 3
    assert body["items"][0]["radius_m"] == 150
