"""Demonstration sites: naming against the checklist, re-review (回头看) with pass / rectify /
revoke, and a history that keeps every state."""

from __future__ import annotations

import pytest

from redrider.honours.models import DemoSite, SiteAssessment, SiteStatusChange

from .factories import make_party_org, make_site

pytestmark = pytest.mark.django_db

FULL = {
    "organisation": 18,
    "venue": 13,
    "rules": 13,
    "activities": 18,
    "service": 13,
    "development": 13,
}
POOR = {"organisation": 8, "venue": 6, "rules": 5, "activities": 8, "service": 6, "development": 6}


def assess(api, user, site, kind, scores, **extra):
    return api(user).post(
        f"/api/v1/honours/sites/{site.pk}/assessments",
        {"kind": kind, "year": 2025, "scores": scores, "evidence": "现场查看", **extra},
    )


def test_an_officer_puts_a_party_organisation_forward_and_names_it(county_officer, api):
    # given a rider party organisation in Jinjiang
    org = make_party_org("510104")
    me = api(county_officer)
    # when it is put forward and assessed at 88
    created = me.post("/api/v1/honours/sites", {"kind": "party_organisation", "link_id": org.pk})
    assert created.status_code == 201, created.content
    site = DemoSite.objects.get()
    response = assess(api, county_officer, site, "naming", FULL)
    # then it is named in that year's round, with its next re-review scheduled
    assert response.status_code == 201, response.content
    assert response.json()["total"] == 88 and response.json()["result"] == "named"
    site.refresh_from_db()
    assert (site.status, site.named_year) == ("named", 2025) and site.next_review_due


def test_a_re_review_can_revoke_a_site_and_its_history_shows_both_states(county_officer, api):
    # given a named site
    site = make_site("510104")
    assert assess(api, county_officer, site, "naming", FULL).status_code == 201
    # when the 回头看 scores it 39
    response = assess(api, county_officer, site, "review", POOR, note="阵地挪作他用")
    # then the name is revoked, and the history holds candidate → named → revoked
    assert response.status_code == 201, response.content
    assert response.json()["result"] == "revoke"
    detail = api(county_officer).get(f"/api/v1/honours/sites/{site.pk}").json()
    assert detail["status"] == "revoked" and detail["last_review_result"] == "revoke"
    states = [(h["from_status"], h["to_status"]) for h in detail["history"]]
    assert states == [("candidate", "named"), ("named", "revoked")]
    assert [a["result"] for a in detail["assessments"]] == ["revoke", "named"]


def test_a_re_review_in_the_middle_band_asks_for_rectification(county_officer, api):
    site = make_site("510104", status="named", named_year=2023)
    middle = {**FULL, "activities": 5, "service": 5}  # 70
    response = assess(api, county_officer, site, "review", middle)
    assert response.json()["result"] == "rectify"
    site.refresh_from_db()
    assert site.status == "rectifying"


def test_a_revoked_site_cannot_be_re_reviewed_and_nothing_is_written(county_officer, api):
    site = make_site("510104", status="revoked", named_year=2021)
    response = assess(api, county_officer, site, "review", FULL)
    assert response.status_code == 409 and response.json()["code"] == "assessment_not_allowed"
    assert not SiteAssessment.objects.exists() and not SiteStatusChange.objects.exists()


@pytest.mark.parametrize(
    "scores, code",
    [
        ({**FULL, "venue": 16}, "checklist_out_of_range"),
        ({k: v for k, v in FULL.items() if k != "rules"}, "checklist_items"),
    ],
)
def test_checklist_scores_outside_their_maximum_are_refused(county_officer, api, scores, code):
    site = make_site("510104")
    response = assess(api, county_officer, site, "naming", scores)
    assert response.status_code == 422 and response.json()["code"] == code
    site.refresh_from_db()
    assert site.status == "candidate" and not SiteAssessment.objects.exists()


def test_a_result_against_the_score_needs_a_note(county_officer, api):
    site = make_site("510104", status="named", named_year=2023)
    response = assess(api, county_officer, site, "review", FULL, result="revoke")
    assert response.status_code == 422
    ok = assess(api, county_officer, site, "review", FULL, result="revoke", note="发现严重违纪")
    assert ok.status_code == 201


def test_sites_of_another_county_are_not_found(other_county_officer, api):
    site = make_site("510104")
    assert assess(api, other_county_officer, site, "naming", FULL).status_code == 404


def test_sites_due_for_re_review_are_listed_by_the_schedule(county_officer, api):
    import datetime as dt

    from django.utils import timezone

    due = make_site("510104", status="named", named_year=2023)
    later = make_site("510104", status="named", named_year=2025)
    DemoSite.objects.filter(pk=due.pk).update(next_review_due=timezone.localdate())
    DemoSite.objects.filter(pk=later.pk).update(
        next_review_due=timezone.localdate() + dt.timedelta(days=30)
    )
    listed = api(county_officer).get("/api/v1/honours/sites", status="due").json()
    assert [s["id"] for s in listed["items"]] == [due.pk]
