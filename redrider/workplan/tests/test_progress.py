"""Reporting progress: in scope only, 0–100 only, every report dated, parents roll up."""

from __future__ import annotations

import datetime as dt

import pytest

from redrider.core.models import AuditEvent
from redrider.workplan import services
from redrider.workplan.models import Task, TaskReport

from .factories import at_shanghai, measure, split_parent, task

pytestmark = pytest.mark.django_db


def report(api, user, t, **body):
    return api(user).post(f"/api/v1/workplan/tasks/{t.pk}/progress", body)


def test_a_county_officer_reports_progress_on_their_county_task(clock, api, county_officer):
    # given a Jinjiang task
    clock(at_shanghai(2026, 6, 15, 9, 30))
    t = task("510104", progress=20)
    # when the Jinjiang officer reports 60 %
    response = report(api, county_officer, t, progress=60, note="已完成站点摸排")
    # then the task moves, with a dated report and an audit row
    assert response.status_code == 200, response.content
    assert (response.json()["progress"], response.json()["status"]) == (60, "in_progress")
    (row,) = TaskReport.objects.filter(task=t)
    assert (row.progress_before, row.progress, row.reported_by) == (20, 60, county_officer)
    assert row.at == at_shanghai(2026, 6, 15, 9, 30)
    assert AuditEvent.objects.filter(action="workplan.task_progress", object_id=str(t.pk)).exists()


def test_reporting_100_marks_the_task_done_today(clock, api, county_officer):
    clock(at_shanghai(2026, 6, 15))
    t = task("510104", progress=80)
    body = report(api, county_officer, t, progress=100).json()
    t.refresh_from_db()
    assert (body["status"], t.done_on) == ("done", dt.date(2026, 6, 15))


def test_a_county_officer_cannot_update_another_countys_task(api, county_officer):
    # given a Wuhou task
    theirs = task("510107", progress=10)
    # when the Jinjiang officer reports on it or opens it
    response = report(api, county_officer, theirs, progress=90)
    # then it does not exist for them, and nothing changed
    assert response.status_code == 404
    assert api(county_officer).get(f"/api/v1/workplan/tasks/{theirs.pk}").status_code == 404
    theirs.refresh_from_db()
    assert theirs.progress == 10
    assert not TaskReport.objects.exists()


@pytest.mark.parametrize("bad", [-1, 101, 150, 50.5, "abc", None, True])
def test_progress_outside_0_to_100_is_refused_and_nothing_is_written(bad, api, county_officer):
    # given a task at 30 %
    t = task("510104", progress=30)
    # when someone reports an impossible figure
    response = report(api, county_officer, t, progress=bad)
    # then 422 with a clear message, and nothing changed
    assert response.status_code == 422, response.content
    assert response.json()["detail"]
    t.refresh_from_db()
    assert (t.progress, t.status) == (30, "in_progress")
    assert not TaskReport.objects.exists()
    assert not AuditEvent.objects.filter(action="workplan.task_progress").exists()


def test_done_needs_100_and_planned_needs_0(api, county_officer):
    t = task("510104", progress=30)
    assert report(api, county_officer, t, progress=80, status="done").status_code == 422
    assert report(api, county_officer, t, progress=10, status="planned").status_code == 422
    t.refresh_from_db()
    assert t.progress == 30


def test_a_station_host_and_a_rider_cannot_report(api, station_host, rider):
    t = task("510104", progress=30)
    assert report(api, station_host, t, progress=50).status_code == 403
    assert report(api, rider, t, progress=50).status_code == 403
    t.refresh_from_db()
    assert t.progress == 30


def test_an_instructor_reports_only_on_a_task_they_own(api, instructor):
    # given two Jinjiang tasks, one owned by the instructor
    mine = task("510104", owner=instructor)
    other = task("510104")
    # then they may report on theirs only (the other is visible, so 403, not 404)
    assert report(api, instructor, mine, progress=50).status_code == 200
    assert report(api, instructor, other, progress=50).status_code == 403


def test_a_parents_progress_is_the_weighted_roll_up_of_its_children(
    api, province_admin, county_officer, other_county_officer
):
    # given a province task split among two counties with weights 3 and 1
    m = measure()
    parent = split_parent(m)
    a = task("510104", of=m, parent=parent, weight=3)
    b = task("510107", of=m, parent=parent, weight=1)
    # when the counties report 50 % and 90 %
    report(api, county_officer, a, progress=50)
    report(api, other_county_officer, b, progress=90)
    # then the parent is (50×3 + 90×1) / 4 = 60
    parent.refresh_from_db()
    assert parent.progress == (50 * 3 + 90 * 1) // 4 == 60
    assert parent.status == "in_progress"
    # and it says so in its history
    assert parent.reports.filter(source="rollup").first().progress == 60


def test_a_roll_up_reaches_100_only_when_every_child_is_done(
    api, county_officer, other_county_officer
):
    # given a heavy finished child and a light unfinished one
    m = measure()
    parent = split_parent(m)
    a = task("510104", of=m, parent=parent, weight=999)
    b = task("510107", of=m, parent=parent, weight=1)
    report(api, county_officer, a, progress=100)
    report(api, other_county_officer, b, progress=99)
    parent.refresh_from_db()
    # then 99.999… is still below 100: not done
    assert (parent.progress, parent.status) == (99, "in_progress")
    report(api, other_county_officer, b, progress=100)
    parent.refresh_from_db()
    assert (parent.progress, parent.status) == (100, "done")


def test_roll_up_climbs_every_level(api, county_officer):
    # given province → Chengdu → {Jinjiang ×2, Wuhou ×1}, and the province task also split
    # to Mianyang (weight 1) at 40 %
    m = measure()
    province = split_parent(m, "510000")
    chengdu = split_parent(m, "510100")
    chengdu.parent = province
    chengdu.weight = 3
    chengdu.save()
    task("510700", of=m, parent=province, progress=40)
    jinjiang = task("510104", of=m, parent=chengdu, weight=2)
    task("510107", of=m, parent=chengdu, weight=1, progress=30)
    # when Jinjiang reports 60 %
    report(api, county_officer, jinjiang, progress=60)
    # then Chengdu = (60×2 + 30) / 3 = 50 and the province = (50×3 + 40) / 4 = 47
    chengdu.refresh_from_db()
    province.refresh_from_db()
    assert chengdu.progress == (60 * 2 + 30 * 1) // 3 == 50
    assert province.progress == (50 * 3 + 40 * 1) // 4 == 47


def test_a_split_task_refuses_manual_progress(api, province_admin):
    m = measure()
    parent = split_parent(m)
    task("510104", of=m, parent=parent)
    response = report(api, province_admin, parent, progress=80)
    assert response.status_code == 409
    assert response.json()["code"] == "progress_not_manual"


def test_splitting_a_task_creates_children_and_rolls_them_up(api, province_admin):
    # given an unsplit province task at 30 %
    m = measure()
    t = task("510000", of=m, due=dt.date(2026, 9, 30), progress=30)
    # when the province splits it between Chengdu (weight 3) and Mianyang
    response = api(province_admin).post(
        f"/api/v1/workplan/tasks/{t.pk}/split",
        {
            "parts": [
                {"region": "510100", "owner_org": "成都市市场监管局", "weight": 3},
                {"region": "510700", "owner_org": "绵阳市市场监管局"},
            ]
        },
    )
    # then two children exist, due with their parent, and the parent follows them (0 % now)
    assert response.status_code == 201, response.content
    children = Task.objects.filter(parent=t).order_by("region_code")
    assert [c.region_code for c in children] == ["510100", "510700"]
    assert {c.due_date for c in children} == {dt.date(2026, 9, 30)}
    t.refresh_from_db()
    assert (t.progress_source, t.progress) == ("children", 0)
    # and a later report below moves it
    services.task_report_progress(actor=province_admin, task_id=children[0].pk, progress=80)
    t.refresh_from_db()
    assert t.progress == 80 * 3 // 4


@pytest.mark.parametrize(
    "region, code",
    [("510000", "split_region_not_below"), ("510107", "split_region_not_below")],
)
def test_a_split_only_goes_down_and_is_all_or_nothing(region, code, api, prefecture_officer):
    # given a Chengdu task; one part is good (Jinjiang), the other is not below Chengdu's own
    m = measure()
    t = task("510100", of=m)
    bad = "510000" if region == "510000" else "510700"
    response = api(prefecture_officer).post(
        f"/api/v1/workplan/tasks/{t.pk}/split",
        {"parts": [{"region": "510104", "owner_org": "锦江区"}, {"region": bad, "owner_org": "x"}]},
    )
    # then the split is refused whole
    assert response.status_code in (403, 422)
    assert not Task.objects.filter(parent=t).exists()
    t.refresh_from_db()
    assert t.progress_source == "manual"
