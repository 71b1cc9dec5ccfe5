"""Planning writes are asked of the policy: only officers of the region load demand and plan."""

from __future__ import annotations

import io

import pytest

from redrider.accounts.policy import can
from redrider.core.models import AuditEvent
from redrider.planning.models import DemandSet, SitePlan

from .helpers import make_demand, offset

pytestmark = pytest.mark.django_db

NOT_PLANNERS = ["instructor", "station_host", "auditor", "rider"]


def _plan(code: str = "510104") -> SitePlan:
    return SitePlan.objects.create(region_code=code, radius_m=500, k=1, candidate_sources=["grid"])


@pytest.mark.parametrize("persona", NOT_PLANNERS)
def test_only_officers_may_delete_a_plan_of_their_county(persona, request, api):
    # given a plan of Jinjiang and someone of Jinjiang who is not an officer
    plan = _plan()
    user = request.getfixturevalue(persona)
    # when they delete it
    response = api(user).delete(f"/api/v1/planning/plans/{plan.pk}")
    # then it is refused and the plan stays, with no audit row of a deletion
    assert response.status_code in (403, 404), response.content
    assert SitePlan.objects.filter(pk=plan.pk).exists()
    assert not AuditEvent.objects.filter(action="planning.plan_delete").exists()


@pytest.mark.parametrize("persona", NOT_PLANNERS)
def test_only_officers_may_switch_a_demand_set(persona, request, api):
    # given an active demand set of Jinjiang
    demand_set = make_demand([(*offset(0, 0), 1.0)])
    user = request.getfixturevalue(persona)
    # when someone who is not an officer switches it off
    response = api(user).patch(f"/api/v1/planning/demand-sets/{demand_set.pk}", {"active": False})
    # then it is refused and the set is still active
    assert response.status_code in (403, 404), response.content
    demand_set.refresh_from_db()
    assert demand_set.active is True


def test_an_instructor_who_can_see_a_plan_is_told_403_not_404(instructor, api):
    # given a plan of their own county (they may read it)
    plan = _plan()
    # when they delete it / then 403: the plan exists for them, the action is not theirs
    assert api(instructor).delete(f"/api/v1/planning/plans/{plan.pk}").status_code == 403


@pytest.mark.parametrize("persona", ["instructor", "station_host"])
def test_hosts_and_instructors_load_no_demand(persona, request, api):
    # given
    user = request.getfixturevalue(persona)
    csv = b"lat,lng,weight\n30.58,104.10,1\n"
    me = api(user)
    # when they try each way of loading demand
    synthetic = me.post("/api/v1/planning/demand-sets/synthetic", {"points": 10})
    platform = me.post("/api/v1/planning/demand-sets/platform", {})
    upload = me.client.post(
        "/api/v1/planning/demand-sets/upload",
        {"file": io.BytesIO(csv), "name": "x"},
        **me.headers,
    )
    # then each is refused and nothing is written
    assert [synthetic.status_code, platform.status_code, upload.status_code] == [403, 403, 403]
    assert not DemandSet.objects.exists()


def test_the_county_officer_may_still_delete_and_switch(county_officer, api):
    # given a plan and a demand set of their county
    plan = _plan()
    demand_set = make_demand([(*offset(0, 0), 1.0)])
    me = api(county_officer)
    # when / then
    assert (
        me.patch(f"/api/v1/planning/demand-sets/{demand_set.pk}", {"active": False}).json()[
            "active"
        ]
        is False
    )
    assert me.delete(f"/api/v1/planning/plans/{plan.pk}").status_code == 204
    assert not SitePlan.objects.filter(pk=plan.pk).exists()


def test_the_policy_answers_per_role_and_region(county_officer, other_county_officer, instructor):
    # given a plan of Jinjiang
    plan = SitePlan(region_code="510104")
    # then only the Jinjiang officer may delete it
    assert can(county_officer, "planning.plan_delete", plan)
    assert not can(other_county_officer, "planning.plan_delete", plan)
    assert not can(instructor, "planning.plan_delete", plan)


def test_the_planning_page_offers_the_run_button_to_officers_only(
    client, county_officer, instructor
):
    # given / when
    client.force_login(county_officer)
    officer_page = client.get("/planning/").content.decode()
    client.force_login(instructor)
    instructor_page = client.get("/planning/").content.decode()
    # then
    assert 'id="run-plan"' in officer_page
    assert 'id="run-plan"' not in instructor_page
