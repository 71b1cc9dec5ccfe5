"""Creating tasks: inside the creator's region and the plan's, never due before the plan starts."""

from __future__ import annotations

import datetime as dt

import pytest

from redrider.core.models import AuditEvent
from redrider.orgs.tests.scoping_cases import guidance_station
from redrider.stations.tests.scoping_cases import station as make_station
from redrider.workplan.models import Milestone, Task, TaskReport
from redrider.workplan.tasks import workplan_indicators_daily

from .factories import measure, plan, task

pytestmark = pytest.mark.django_db


def body(m, **extra):
    return {
        "measure_id": m.pk,
        "region": "510104",
        "title": "建成 3 个暖心驿站",
        "owner_org": "锦江区市场监管局",
        "due_date": "2026-09-30",
        **extra,
    }


def meets_all_four(station) -> None:
    day = dt.date(2026, 3, 1)
    station.signage_on = station.rules_on = station.staffing_on = station.ledger_on = day
    station.save()


def nothing_written():
    return not (
        Task.objects.exists()
        or TaskReport.objects.exists()
        or Milestone.objects.exists()
        or AuditEvent.objects.filter(action="workplan.task_create").exists()
    )


def test_a_county_officer_creates_a_task_for_their_county_under_the_province_measure(
    api, county_officer
):
    # given the province's measure
    m = measure("510000")
    # when the Jinjiang officer adds a task with a milestone, owned by themselves
    response = api(county_officer).post(
        "/api/v1/workplan/tasks",
        body(
            m, owner_id=county_officer.pk, milestones=[{"title": "选址", "due_date": "2026-07-15"}]
        ),
    )
    # then it exists at 0 %, planned, with its creation in the history and the audit log
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["region_code"], created["progress"], created["status"]) == (
        "510104",
        0,
        "planned",
    )
    assert created["owner"] == "锦江区市场监管局" and created["owner_id"] == county_officer.pk
    t = Task.objects.get(pk=created["id"])
    assert t.milestones.count() == 1 and t.reports.get().source == "created"
    assert AuditEvent.objects.filter(action="workplan.task_create", object_id=str(t.pk)).exists()


def test_a_due_date_before_the_plan_starts_is_refused(api, county_officer):
    m = measure("510000", of=None)
    response = api(county_officer).post("/api/v1/workplan/tasks", body(m, due_date="2025-12-31"))
    assert response.status_code == 422
    assert response.json()["code"] == "due_before_plan"
    assert "实施方案" in response.json()["detail"]
    assert nothing_written()


def test_a_milestone_before_the_plan_starts_is_refused(api, county_officer):
    m = measure("510000")
    response = api(county_officer).post(
        "/api/v1/workplan/tasks",
        body(m, milestones=[{"title": "选址", "due_date": "2025-06-01"}]),
    )
    assert response.status_code == 422
    assert nothing_written()


@pytest.mark.parametrize("region", ["510107", "510100", "510000", "510703"])
def test_a_task_for_a_region_outside_the_creators_scope_is_refused(region, api, county_officer):
    # given the province's measure and a Jinjiang officer
    m = measure("510000")
    # when they assign a task to Wuhou, Chengdu, the province or Fucheng
    response = api(county_officer).post("/api/v1/workplan/tasks", body(m, region=region))
    # then 403 with a clear message and nothing written
    assert response.status_code == 403, response.content
    assert response.json()["detail"]
    assert nothing_written()


@pytest.mark.parametrize("region", ["999999", "51010", "abcdef", "510199"])
def test_an_unknown_region_is_refused(region, api, province_admin):
    m = measure("510000")
    response = api(province_admin).post("/api/v1/workplan/tasks", body(m, region=region))
    assert response.status_code == 422
    assert nothing_written()


def test_a_task_outside_the_plans_region_is_refused(api, province_admin):
    # given Deyang's own plan
    deyang = measure("510600", of=plan("510600"))
    # when the province assigns one of its measures to a Chengdu county
    response = api(province_admin).post("/api/v1/workplan/tasks", body(deyang))
    # then it is refused: Deyang's plan does not apply in Jinjiang
    assert response.status_code == 422
    assert response.json()["code"] == "region_outside_plan"
    assert nothing_written()


def test_an_instructor_may_not_create_tasks(api, instructor):
    m = measure("510000")
    assert api(instructor).post("/api/v1/workplan/tasks", body(m)).status_code == 403
    assert nothing_written()


def test_an_owner_from_another_region_is_refused(api, county_officer, other_county_officer):
    m = measure("510000")
    response = api(county_officer).post(
        "/api/v1/workplan/tasks", body(m, owner_id=other_county_officer.pk)
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_owner"
    assert nothing_written()


def test_a_task_can_follow_the_four_standards_indicator(api, county_officer):
    # given 20 Jinjiang guidance stations of which 18 meet the four standards (90 %)
    stations = [guidance_station("510104") for _ in range(20)]
    for s in stations[:18]:
        meets_all_four(s)
    m = measure("510000")
    # when a task follows "four standards ≥ 95 %"
    indicator = {"key": "guidance_stations_standard", "base_key": "guidance_stations", "target": 95}
    response = api(county_officer).post("/api/v1/workplan/tasks", body(m, indicator=indicator))
    # then its progress is 90 / 95 of the way, read from the platform's own figure
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["progress"] == int(90 / 95 * 100) == 94
    assert created["indicator"]["value"] == 90.0
    assert created["progress_source"] == "indicator"
    # and once a 19th station meets the standards, a re-read marks it done (95 %)
    meets_all_four(stations[18])
    synced = api(county_officer).post(f"/api/v1/workplan/tasks/{created['id']}/indicator-sync")
    assert (synced.json()["progress"], synced.json()["status"]) == (100, "done")
    # and manual reports are refused
    refused = api(county_officer).post(
        f"/api/v1/workplan/tasks/{created['id']}/progress", {"progress": 10}
    )
    assert refused.status_code == 409


def test_an_unknown_indicator_is_refused(api, county_officer):
    m = measure("510000")
    response = api(county_officer).post(
        "/api/v1/workplan/tasks", body(m, indicator={"key": "happiness", "target": 10})
    )
    assert response.status_code == 422
    assert nothing_written()


def test_tasks_list_answers_the_contract_fields(api, county_officer):
    t = task("510104")
    item = api(county_officer).get("/api/v1/workplan/tasks").json()["items"][0]
    for key in (
        "id",
        "measure_id",
        "title",
        "region_code",
        "owner",
        "due_date",
        "progress",
        "status",
        "overdue",
    ):
        assert key in item
    assert item["id"] == t.pk


def test_an_officer_moves_a_due_date_but_never_before_the_plan_starts(api, prefecture_officer):
    t = task("510104", due=dt.date(2026, 6, 30))
    me = api(prefecture_officer)
    moved = me.patch(f"/api/v1/workplan/tasks/{t.pk}", {"due_date": "2026-08-31"})
    assert moved.status_code == 200 and moved.json()["due_date"] == "2026-08-31"
    refused = me.patch(f"/api/v1/workplan/tasks/{t.pk}", {"due_date": "2025-08-31"})
    assert refused.status_code == 422
    t.refresh_from_db()
    assert t.due_date == dt.date(2026, 8, 31)


def test_evidence_links_only_to_records_the_officer_sees_in_the_tasks_region(api, county_officer):
    t = task("510104")
    mine, theirs = make_station("510104"), make_station("510107")
    me = api(county_officer)
    url = f"/api/v1/workplan/tasks/{t.pk}/evidence"
    linked = me.post(url, {"kind": "station", "object_id": mine.pk, "text": "新建驿站"})
    assert linked.status_code == 201, linked.content
    assert linked.json()["object_label"] == mine.name
    assert me.post(url, {"kind": "station", "object_id": theirs.pk}).status_code == 404
    assert me.post(url, {"kind": "text", "text": ""}).status_code == 422
    assert t.evidence.count() == 1


def test_the_daily_task_re_reads_every_indicator_task(api, county_officer):
    # given a Jinjiang task following "3 stations", with 1 station so far
    make_station("510104")
    m = measure("510000")
    created = (
        api(county_officer)
        .post("/api/v1/workplan/tasks", body(m, indicator={"key": "stations", "target": 3}))
        .json()
    )
    assert created["progress"] == 33
    # when two more stations open and the daily task runs
    make_station("510104")
    make_station("510104")
    result = workplan_indicators_daily.enqueue()
    # then the task is done, and its history says the indicator moved it
    t = Task.objects.get(pk=created["id"])
    assert (result.return_value, t.progress, t.status) == (1, 100, "done")
    latest = t.reports.first()
    assert (latest.source, latest.progress_before, latest.reported_by) == ("indicator", 33, None)
