"""Indicators per region, from `appeal_indicators` (the dashboard's entry point) and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from redrider.appeals.selectors import appeal_indicators
from redrider.appeals.tests.factories import make_appeal, make_tipoff
from redrider.core.errors import NotFound

pytestmark = pytest.mark.django_db

T0 = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))


def _solved(
    hours_to_accept: int, hours_to_resolve: int, status="confirmed", satisfaction=None, **extra
):
    return make_appeal(
        status=status,
        submitted_at=T0,
        accepted_at=T0 + dt.timedelta(hours=hours_to_accept),
        resolved_at=T0 + dt.timedelta(hours=hours_to_resolve),
        satisfaction=satisfaction,
        **extra,
    )


def test_indicators_count_by_category_and_status_with_medians_and_satisfaction(county_officer):
    # given three solved cases, one open, one rejected in Jinjiang, and one in Wuhou
    _solved(2, 24, satisfaction=5)
    _solved(4, 48, satisfaction=3, category="parking")
    _solved(10, 96, status="resolved")
    make_appeal(category="parking")
    make_appeal(status="rejected")
    make_appeal(region_code="510107", status="confirmed")
    make_tipoff(outcome="founded", status="closed")
    # when
    data = appeal_indicators(user=county_officer, region_code="510104")
    # then
    assert data["total"] == 5
    assert data["solved"] == 3
    assert data["open"] == 1
    assert data["by_status"]["confirmed"] == 2 and data["by_status"]["rejected"] == 1
    assert data["by_category"]["parking"] == 2 and data["by_category"]["enter_compound"] == 3
    assert data["median_hours_to_accept"] == 4.0
    assert data["median_hours_to_resolve"] == 48.0
    assert data["satisfaction_avg"] == 4.0 and data["satisfaction_count"] == 2
    assert data["tipoffs"] == 1 and data["tipoffs_founded"] == 1


def test_a_prefecture_sees_both_counties_and_a_county_cannot_ask_for_its_neighbour(
    prefecture_officer, county_officer
):
    # given
    make_appeal()
    make_appeal(region_code="510107")
    # then
    assert appeal_indicators(user=prefecture_officer, region_code="510100")["total"] == 2
    with pytest.raises(NotFound):
        appeal_indicators(user=county_officer, region_code="510107")


def test_the_indicators_api_answers_for_the_scope_and_refuses_riders(county_officer, rider, api):
    # given
    make_appeal()
    # then
    assert api(county_officer).get("/api/v1/appeals/indicators").json()["total"] == 1
    assert api(county_officer).get("/api/v1/appeals/indicators", region="510107").status_code == 404
    assert api(rider).get("/api/v1/appeals/indicators").status_code == 403
