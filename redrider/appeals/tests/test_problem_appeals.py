"""A problem raised during a liaison visit becomes an appeal; its status then follows it (stored
by the appeals app after each step of the case commits)."""

from __future__ import annotations

import datetime as dt

import pytest

from redrider.appeals.models import Appeal
from redrider.appeals.services import (
    appeal_transition,
    problem_raise_appeal,
    problems_follow_appeals,
)
from redrider.core.models import AuditEvent
from redrider.orgs.models import GuidanceStation, Office
from redrider.riders.models import Problem, Visit
from redrider.riders.tests.factories import make_company

pytestmark = pytest.mark.django_db


def problem_at(code: str, *, lat=30.6575, lng=104.0815, **company) -> Problem:
    site = make_company(code, kind="delivery_site", lat=lat, lng=lng, **company)
    visit = Visit.objects.create(
        region_code=code, company=site, on=dt.date(2026, 1, 5), topics="走访"
    )
    return Problem.objects.create(
        region_code=code,
        visit=visit,
        company=site,
        category="parking",
        description="站点门口没有停车位",
    )


@pytest.fixture
def office(db):
    office = Office.objects.create(region_code="510104", name="锦江所", lat=30.6575, lng=104.0815)
    GuidanceStation.objects.create(office=office, region_code="510104", name="锦江指导站")
    return office


def test_raising_a_problem_files_an_appeal_at_the_site_and_links_it(api, county_officer, office):
    # given an open problem at a delivery site in Jinjiang
    problem = problem_at("510104")
    # when the county officer raises it as an appeal, choosing the category
    answer = api(county_officer).post(
        f"/api/v1/riders/problems/{problem.pk}/appeal", {"category": "rest"}
    )
    # then an appeal at the site's point, filed by the officer, with the problem's text
    assert answer.status_code == 201
    appeal = Appeal.objects.get()
    body = answer.json()
    assert body["appeal_id"] == appeal.pk and body["status"] == "in_progress"
    assert appeal.category == "rest" and appeal.rider == county_officer
    assert (appeal.lat, appeal.lng, appeal.region_code) == (30.6575, 104.0815, "510104")
    assert "站点门口没有停车位" in appeal.description and appeal.assigned_office == office
    assert AuditEvent.objects.filter(action="problem.appeal", actor=county_officer).exists()
    assert AuditEvent.objects.filter(action="appeal.create", detail__problem=problem.pk).exists()


def test_the_problem_is_solved_when_the_appeal_is_resolved_and_reopens_with_it(
    api, county_officer, office, django_capture_on_commit_callbacks
):
    # given a problem raised as an appeal
    problem = problem_at("510104")
    me = api(county_officer)
    me.post(f"/api/v1/riders/problems/{problem.pk}/appeal", {})
    appeal = Appeal.objects.get()
    # when the appeal is accepted, then resolved, each step committing
    for action in ("accept", "resolve"):
        with django_capture_on_commit_callbacks(execute=True):
            appeal = appeal_transition(
                actor=county_officer, appeal=appeal, action=action, note="已协调物业划线"
            )
    # then the problem is stored as solved that day, and the liaison counts count it
    problem.refresh_from_db()
    assert problem.status == "solved" and problem.solved_on is not None
    assert me.get(f"/api/v1/riders/problems/{problem.pk}").json()["status"] == "solved"
    counts = me.get("/api/v1/riders/liaison/counts", by="county").json()
    row = next(r for r in counts["items"] if r["region_code"] == "510104")
    assert row["solved"] == 1
    # and the daily repair finds nothing to do
    assert problems_follow_appeals() == 0
    # when the filing officer says it is still not solved
    with django_capture_on_commit_callbacks(execute=True):
        appeal_transition(actor=county_officer, appeal=appeal, action="reopen", note="又被占用")
    # then the problem is in progress again
    assert me.get(f"/api/v1/riders/problems/{problem.pk}").json()["status"] == "in_progress"


def test_a_step_whose_listener_never_ran_is_repaired_by_the_daily_run(county_officer, office):
    # given a problem raised as an appeal, resolved in a transaction whose events were lost
    problem = problem_at("510104")
    problem_raise_appeal(actor=county_officer, problem=problem, category="parking")
    appeal = Appeal.objects.get()
    for action in ("accept", "resolve"):
        appeal = appeal_transition(actor=county_officer, appeal=appeal, action=action, note="好了")
    problem.refresh_from_db()
    assert problem.status == "in_progress"
    # when the daily run repairs, twice
    first, second = problems_follow_appeals(), problems_follow_appeals()
    # then the problem is solved once
    problem.refresh_from_db()
    assert (first, second) == (1, 0) and problem.status == "solved"
    assert AuditEvent.objects.filter(action="problem.status", detail__via="appeal").count() == 1


def test_converting_twice_answers_409_and_files_one_appeal(api, county_officer, office):
    # given a problem already raised
    problem = problem_at("510104")
    me = api(county_officer)
    me.post(f"/api/v1/riders/problems/{problem.pk}/appeal", {})
    # when raised again, or moved by hand
    again = me.post(f"/api/v1/riders/problems/{problem.pk}/appeal", {})
    moved = me.post(
        f"/api/v1/riders/problems/{problem.pk}/transitions", {"status": "solved", "resolution": "x"}
    )
    # then 409 both times and still one appeal
    assert again.status_code == 409 and moved.status_code == 409
    assert Appeal.objects.count() == 1


def test_another_countys_problem_answers_404_and_files_nothing(
    api, client, other_county_officer, office
):
    # given a Jinjiang problem
    problem = problem_at("510104")
    # when Wuhou's officer tries the API and the console
    answer = api(other_county_officer).post(f"/api/v1/riders/problems/{problem.pk}/appeal", {})
    client.force_login(other_county_officer)
    page = client.post(f"/appeals/problems/{problem.pk}/appeal", {"category": "parking"})
    # then 404 and no appeal
    assert answer.status_code == 404 and page.status_code == 404
    assert not Appeal.objects.exists()


def test_bad_category_or_a_company_without_a_place_answers_422(api, county_officer, office):
    # given a problem at a firm without a point, and one with a point
    nowhere = problem_at("510104", lat=None, lng=None)
    somewhere = problem_at("510104")
    me = api(county_officer)
    # when
    no_place = me.post(f"/api/v1/riders/problems/{nowhere.pk}/appeal", {})
    bad = me.post(f"/api/v1/riders/problems/{somewhere.pk}/appeal", {"category": "flying"})
    # then nothing filed
    assert (no_place.status_code, bad.status_code) == (422, 422)
    assert not Appeal.objects.exists() and not Problem.objects.exclude(appeal_id=None).exists()


def test_the_console_raises_a_problem_from_the_liaison_page(client, county_officer, office):
    # given
    problem = problem_at("510104")
    client.force_login(county_officer)
    assert b"raise-appeal" in client.get("/riders/liaison/").content
    # when
    response = client.post(
        f"/appeals/problems/{problem.pk}/appeal",
        {"category": "parking", "next": "https://evil.example/"},
    )
    # then linked, and the redirect stays on the site
    problem.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == "/riders/liaison/"
    assert problem.appeal_id == Appeal.objects.get().pk
    assert b"problem-appeal" in client.get("/riders/liaison/").content


def test_the_problems_api_filters_by_the_status_the_appeal_gave(
    api, county_officer, office, django_capture_on_commit_callbacks
):
    # given one problem raised as an appeal and then resolved, and one plain open problem
    raised = problem_at("510104")
    plain = problem_at("510104", name="另一站点")
    problem_raise_appeal(actor=county_officer, problem=raised, category="parking")
    appeal = Appeal.objects.get()
    for action in ("accept", "resolve"):
        with django_capture_on_commit_callbacks(execute=True):
            appeal = appeal_transition(
                actor=county_officer, appeal=appeal, action=action, note="好了"
            )
    # when
    solved = api(county_officer).get("/api/v1/riders/problems", status="solved")
    open_ = api(county_officer).get("/api/v1/riders/problems", status="open")
    # then
    assert solved.status_code == 200
    items = solved.json()["items"]
    assert [i["id"] for i in items] == [raised.pk] and items[0]["status"] == "solved"
    assert [i["id"] for i in open_.json()["items"]] == [plain.pk]
