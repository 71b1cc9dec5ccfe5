"""Meetings: the record, its minutes, and decisions that create tasks in one step."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redrider.workplan.models import Meeting, MeetingDecision, Task

from .factories import PDF, measure, meeting

pytestmark = pytest.mark.django_db


def test_a_meeting_decision_creates_tasks_in_one_step(api, prefecture_officer):
    # given Chengdu's area promotion meeting and the province's station measure
    m = measure("510000", number=11)
    held = meeting("510100", kind="area_promotion")
    # when the decision is recorded with a task for Jinjiang and one for Wuhou
    response = api(prefecture_officer).post(
        f"/api/v1/workplan/meetings/{held.pk}/decisions",
        {
            "text": "各区开展暖心驿站标准化建设“回头看”",
            "measure_id": m.pk,
            "tasks": [
                {"region": "510104", "owner_org": "锦江区市场监管局", "due_date": "2026-08-31"},
                {"region": "510107", "owner_org": "武侯区市场监管局", "due_date": "2026-08-31"},
            ],
        },
    )
    # then the decision and both tasks exist, linked both ways
    assert response.status_code == 201, response.content
    created = response.json()
    assert sorted(t["region_code"] for t in created["tasks"]) == ["510104", "510107"]
    tasks = Task.objects.filter(decision_id=created["decision"]["id"])
    assert tasks.count() == 2
    assert {t.title for t in tasks} == {"各区开展暖心驿站标准化建设“回头看”"}
    detail = api(prefecture_officer).get(f"/api/v1/workplan/meetings/{held.pk}").json()
    assert detail["decisions"][0]["task_ids"] == sorted(t.pk for t in tasks)
    # and the county sees its task on the board, with the meeting it came from
    assert detail["level"] == "prefecture"


def test_a_decision_with_one_bad_task_writes_nothing(api, county_officer):
    # given a Jinjiang meeting
    m = measure("510000")
    held = meeting("510104")
    # when the decision includes a task for Wuhou (outside the officer's county)
    response = api(county_officer).post(
        f"/api/v1/workplan/meetings/{held.pk}/decisions",
        {
            "text": "落实驿站建设",
            "measure_id": m.pk,
            "tasks": [
                {"region": "510104", "owner_org": "锦江区", "due_date": "2026-08-31"},
                {"region": "510107", "owner_org": "武侯区", "due_date": "2026-08-31"},
            ],
        },
    )
    # then neither the decision nor any task is written
    assert response.status_code == 403
    assert not MeetingDecision.objects.exists()
    assert not Task.objects.exists()


def test_tasks_need_a_measure(api, county_officer):
    held = meeting("510104")
    response = api(county_officer).post(
        f"/api/v1/workplan/meetings/{held.pk}/decisions",
        {"text": "落实", "tasks": [{"region": "510104", "owner_org": "锦江区"}]},
    )
    assert response.status_code == 422
    assert not MeetingDecision.objects.exists()


def test_recording_a_meeting_with_attendees_and_decisions(api, prefecture_officer, county_officer):
    response = api(prefecture_officer).post(
        "/api/v1/workplan/meetings",
        {
            "region": "510100",
            "kind": "video_conference",
            "title": "全市外卖配送员党建工作视频会",
            "held_on": "2026-05-20",
            "attendee_orgs": ["锦江区市场监管局", "武侯区市场监管局"],
            "attendee_ids": [county_officer.pk],
            "decisions": ["挂图作战", "每月填报"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [d["number"] for d in body["decisions"]] == [1, 2]
    assert body["attendees"] == [{"id": county_officer.pk, "name": county_officer.display_name}]


def test_attendees_from_outside_the_region_are_refused(api, county_officer, other_county_officer):
    response = api(county_officer).post(
        "/api/v1/workplan/meetings",
        {
            "region": "510104",
            "kind": "party_group",
            "title": "党组会",
            "held_on": "2026-05-20",
            "attendee_ids": [other_county_officer.pk],
        },
    )
    assert response.status_code == 422
    assert not Meeting.objects.exists()


def test_minutes_are_filed_and_downloaded_only_within_scope(
    client, api, county_officer, other_county_officer
):
    # given a Jinjiang meeting
    held = meeting("510104")
    upload = SimpleUploadedFile("纪要.pdf", PDF, content_type="application/pdf")
    # when its minutes are uploaded
    response = api(county_officer).client.post(
        f"/api/v1/workplan/meetings/{held.pk}/minutes",
        {"file": upload},
        **api(county_officer).headers,
    )
    assert response.status_code == 200, response.content
    url = response.json()["minutes_url"]
    # then Jinjiang downloads them, Wuhou gets 404
    client.force_login(county_officer)
    assert client.get(url).status_code == 200
    client.force_login(other_county_officer)
    assert client.get(url).status_code == 404


def test_a_county_sees_the_province_meetings_but_not_a_neighbours(api, county_officer):
    province = meeting("510000", kind="video_conference")
    mine = meeting("510104")
    theirs = meeting("510107")
    ids = {m["id"] for m in api(county_officer).get("/api/v1/workplan/meetings").json()["items"]}
    assert ids == {province.pk, mine.pk}
    assert theirs.pk not in ids
