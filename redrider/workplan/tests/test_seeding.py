"""The demo work plan: the province's 11 measures, Chengdu's 18 institutions in 3 categories."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from redrider.core.demo import SeedContext
from redrider.workplan import indicators, seeding
from redrider.workplan.models import Meeting, Plan, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def sichuan(province_admin):
    """The work plan's own seed at Sichuan scale (the other apps' data is not needed here)."""
    ctx = SeedContext(scale="sichuan", seed=7, password="x", out=io.StringIO())
    ctx.accounts["demo-province"] = province_admin
    seeding.seed(ctx)
    return ctx


def test_after_a_sichuan_seed_the_province_has_11_measures(sichuan, api, province_admin):
    body = api(province_admin).get("/api/v1/workplan/measures", region="510000").json()
    assert body["count"] == 11
    assert [m["number"] for m in body["items"]] == list(range(1, 12))
    assert indicators.indicators(user=province_admin, region_code="510000")["measures"] == 11


def test_after_a_sichuan_seed_chengdu_has_18_institutions_in_3_categories(
    sichuan, api, province_admin
):
    me = api(province_admin)
    items = me.get("/api/v1/workplan/institutions", region="510100", limit=100).json()
    categories = me.get("/api/v1/workplan/institution-categories", region="510100").json()
    assert items["count"] == 18
    assert categories["count"] == 3
    assert sorted(c["institutions_total"] for c in categories["items"]) == [6, 6, 6]
    assert {i["status"] for i in items["items"]} == {"planned", "drafted", "issued"}
    figures = indicators.indicators(user=province_admin, region_code="510000")
    assert (figures["institutions"], figures["institution_categories"]) == (18, 3)


def test_the_province_bureau_met_8_times_in_2023_and_held_a_video_and_area_meetings(
    sichuan, province_admin
):
    party = Meeting.objects.filter(region_code="510000", kind="party_group")
    assert party.count() == 8
    assert {m.held_on.year for m in party} == {2023}
    assert Meeting.objects.filter(kind="video_conference").count() == 1
    assert Meeting.objects.filter(kind="area_promotion").count() == 4
    assert indicators.indicators(user=province_admin, region_code="510000")["meetings"] == 8
    # and the area meetings' decisions created tasks
    assert Task.objects.filter(decision__meeting__kind="area_promotion").count() == 21


def test_jinjiang_has_late_done_and_due_soon_work_on_the_board(sichuan, api, county_officer):
    body = api(county_officer).get("/api/v1/workplan/tasks", limit=100).json()
    today = dt.date.today()
    assert body["count"] >= 5
    assert any(t["overdue"] for t in body["items"])
    assert any(t["status"] == "done" for t in body["items"])
    assert any(t["due_soon"] for t in body["items"])
    assert all(t["region_code"] == "510104" for t in body["items"])
    assert all(
        dt.date.fromisoformat(t["due_date"]) > today - dt.timedelta(days=200) for t in body["items"]
    )


def test_deyangs_station_plan_is_its_own_and_the_tasks_roll_up(sichuan, province_admin):
    deyang = Plan.objects.get(region_code="510600")
    assert "德阳" in deyang.title and deyang.measures.count() == 3
    for parent in Task.objects.filter(progress_source="children"):
        rows = list(parent.children.values_list("progress", "weight"))
        assert parent.progress == sum(p * w for p, w in rows) // sum(w for _p, w in rows)
        assert (parent.status == "done") == (parent.progress == 100)
