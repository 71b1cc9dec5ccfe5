"""Liaison: committee members linked to companies, visits with problems, counts by region."""

from __future__ import annotations

import pytest

from redrider.core.models import AuditEvent
from redrider.riders.models import Problem
from redrider.riders.tests.factories import make_company

pytestmark = pytest.mark.django_db


def test_a_visit_with_problems_is_recorded_and_problems_are_tracked_to_solved(api, county_officer):
    # given a Jinjiang company linked to the officer
    company = make_company("510104")
    me = api(county_officer)
    assert (
        me.post(
            f"/api/v1/riders/companies/{company.pk}/liaison", {"user_id": county_officer.pk}
        ).status_code
        == 200
    )
    # when a visit is logged with two problems
    visit = me.post(
        "/api/v1/riders/visits",
        {
            "company_id": company.pk,
            "on": "2026-03-01",
            "topics": "了解骑手权益保障",
            "problems": [
                {"category": "parking", "description": "商圈没有停车点"},
                {"category": "go_upstairs", "description": "写字楼不让乘电梯"},
            ],
        },
    )
    # then
    assert visit.status_code == 201 and len(visit.json()["problems"]) == 2
    problem = visit.json()["problems"][0]
    # when one is solved without a resolution, then with one
    path = f"/api/v1/riders/problems/{problem['id']}/transitions"
    assert me.post(path, {"status": "solved"}).status_code == 422
    solved = me.post(path, {"status": "solved", "resolution": "已划设临时停车位"})
    # then
    assert solved.json()["status"] == "solved" and solved.json()["solved_on"]
    assert me.post(path, {"status": "in_progress"}).status_code == 409
    assert AuditEvent.objects.filter(action="problem.status").count() == 1
    # and the counts per region add up
    counts = me.get("/api/v1/riders/liaison/counts", by="county").json()["items"]
    assert counts == [
        {
            "region_code": "510104",
            "name": "锦江区",
            "companies": 1,
            "linked": 1,
            "visits": 1,
            "problems": 2,
            "solved": 1,
        }
    ]


def test_a_liaison_must_cover_the_companys_region(api, county_officer, other_county_officer):
    # given
    company = make_company("510104")
    # when a Wuhou officer is proposed for a Jinjiang company
    response = api(county_officer).post(
        f"/api/v1/riders/companies/{company.pk}/liaison", {"user_id": other_county_officer.pk}
    )
    # then
    assert response.status_code == 422


def test_a_visit_in_the_future_or_without_topics_is_refused(api, county_officer):
    # given
    company = make_company("510104")
    me = api(county_officer)
    # then
    assert (
        me.post(
            "/api/v1/riders/visits", {"company_id": company.pk, "on": "2999-01-01", "topics": "x"}
        ).status_code
        == 422
    )
    assert (
        me.post(
            "/api/v1/riders/visits", {"company_id": company.pk, "on": "2026-01-01", "topics": ""}
        ).status_code
        == 422
    )
    assert not Problem.objects.exists()


def test_another_countys_company_cannot_be_visited(api, county_officer):
    # given
    company = make_company("510107")
    # then
    response = api(county_officer).post(
        "/api/v1/riders/visits", {"company_id": company.pk, "on": "2026-01-01", "topics": "走访"}
    )
    assert response.status_code == 404


def test_the_company_page_records_a_visit(client, county_officer):
    # given
    company = make_company("510104")
    client.force_login(county_officer)
    # when
    client.post(
        f"/riders/companies/{company.pk}/",
        {
            "action": "visit",
            "on": "2026-02-02",
            "topics": "座谈",
            "problem_category": ["rest", "parking"],
            "problem_description": ["缺少休息点", ""],
        },
    )
    # then
    page = client.get(f"/riders/companies/{company.pk}/").content.decode()
    assert "座谈" in page and "缺少休息点" in page
    assert client.get("/riders/liaison/").status_code == 200


def test_companies_are_created_with_a_point_in_any_crs(api, county_officer):
    # when a site is registered with GCJ-02 coordinates
    response = api(county_officer).post(
        "/api/v1/riders/companies",
        {
            "name": "春熙路站",
            "kind": "delivery_site",
            "region_code": "510104",
            "platform": "meituan",
            "lat": 30.6550,
            "lng": 104.0830,
            "crs": "gcj02",
        },
    )
    # then it is stored in WGS-84 (a few hundred metres away)
    body = response.json()
    assert response.status_code == 201 and body["platform"] == "meituan"
    assert abs(body["lat"] - 30.6550) < 0.01 and body["lng"] < 104.0830
