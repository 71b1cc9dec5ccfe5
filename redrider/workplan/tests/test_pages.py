"""Console pages: the board, reporting from the task page, meetings and institutions."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redrider.workplan.models import Evidence, MeetingDecision, Task

from .factories import PDF, at_shanghai, institution, measure, meeting, task

pytestmark = pytest.mark.django_db


def test_the_board_shows_the_matrix_and_the_nav_entry(clock, client, county_officer):
    clock(at_shanghai(2026, 6, 15))
    m = measure(number=4)
    late = task("510104", of=m, due=dt.date(2026, 6, 1), progress=40, title="推动站点建立党组织")
    client.force_login(county_officer)
    html = client.get("/workplan/").content.decode()
    assert 'data-testid="matrix"' in html
    assert 'data-testid="cell-4-510104" data-state="late"' in html
    assert f'href="/workplan/tasks/{late.pk}/"' in html
    assert ">十项举措</a>" in html  # the console navigation
    assert "<script>" not in html  # page script lives in static modules


def test_a_county_officer_reports_from_the_task_page_with_a_photo_of_the_ledger(
    clock, client, county_officer
):
    t = task("510104", progress=20)
    client.force_login(county_officer)
    upload = SimpleUploadedFile("台账.pdf", PDF, content_type="application/pdf")
    response = client.post(
        f"/workplan/tasks/{t.pk}/report",
        {"progress": "70", "note": "完成 7 个站点", "file": upload},
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.progress == 70
    assert Evidence.objects.get(task=t).file_name == "台账.pdf"
    page = client.get(f"/workplan/tasks/{t.pk}/").content.decode()
    assert "完成 7 个站点" in page and "20% → 70%" in page


def test_a_bad_figure_on_the_task_page_shows_the_reason_and_changes_nothing(client, county_officer):
    t = task("510104", progress=20)
    client.force_login(county_officer)
    response = client.post(f"/workplan/tasks/{t.pk}/report", {"progress": "120"})
    assert response.status_code == 422
    assert "0–100" in response.content.decode()
    t.refresh_from_db()
    assert t.progress == 20


def test_another_countys_task_page_is_not_found(client, county_officer):
    theirs = task("510107")
    client.force_login(county_officer)
    assert client.get(f"/workplan/tasks/{theirs.pk}/").status_code == 404
    assert client.post(f"/workplan/tasks/{theirs.pk}/report", {"progress": "50"}).status_code == 404


@pytest.mark.parametrize("persona", ["station_host", "auditor"])
def test_hosts_and_auditors_do_not_see_the_work_plan(persona, request, client):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get("/workplan/").status_code == 403


def test_a_decision_from_the_meeting_page_creates_a_task_per_region(client, prefecture_officer):
    m = measure(number=11)
    held = meeting("510100", kind="area_promotion")
    client.force_login(prefecture_officer)
    response = client.post(
        f"/workplan/meetings/{held.pk}/decisions",
        {
            "text": "开展驿站“回头看”",
            "measure": m.pk,
            "regions": ["510104", "510107"],
            "due_date": "2026-08-31",
        },
    )
    assert response.status_code == 302
    decision = MeetingDecision.objects.get(meeting=held)
    owners = sorted(Task.objects.filter(decision=decision).values_list("owner_org", flat=True))
    assert owners == ["武侯区市场监管局", "锦江区市场监管局"]


def test_a_county_officer_reads_the_provinces_meeting_without_the_decision_form(
    client, county_officer
):
    # given the province bureau's party-group meeting, which is visible from every county
    held = meeting("510000")
    client.force_login(county_officer)
    # when a Jinjiang officer opens it, then it is shown (it was a 500), without the form
    response = client.get(f"/workplan/meetings/{held.pk}/")
    assert response.status_code == 200
    assert held.title in response.content.decode()
    assert f'action="/workplan/meetings/{held.pk}/decisions"' not in response.content.decode()


def test_the_institutions_page_lists_chengdus_items_for_jinjiang(client, county_officer):
    item = institution("510100")
    client.force_login(county_officer)
    html = client.get("/workplan/institutions/").content.decode()
    assert item.title in html
    # Chengdu's institution is in force in Jinjiang but only Chengdu moves it
    assert not re.search(rf'action="/workplan/institutions/{item.pk}/transition"', html)
