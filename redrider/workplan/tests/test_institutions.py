"""Institutions (制度): planned → drafted → issued; issuing needs the document."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redrider.core.models import AuditEvent
from redrider.workplan.models import Institution

from .factories import PDF, at_shanghai, institution

pytestmark = pytest.mark.django_db

ISSUE = {"issuing_body": "锦江区市场监督管理局", "issued_on": "2026-06-01"}


def step(client, user, item, status, document=None, **fields):
    client.force_login(user)
    data = {"status": status, **fields}
    if document is not None:
        data["document"] = document
    return client.post(f"/api/v1/workplan/institutions/{item.pk}/transitions", data)


def pdf(name="制度.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_planned_to_issued_without_a_document_is_refused_and_nothing_changes(
    client, county_officer
):
    # given a planned institution
    item = institution("510104")
    # when it is issued at once without its document
    response = step(client, county_officer, item, "issued", **ISSUE)
    # then 422, and it is still planned with nothing recorded
    assert response.status_code == 422
    assert response.json()["code"] == "document_required"
    item.refresh_from_db()
    assert (item.status, item.issuing_body, item.issued_on) == ("planned", "", None)
    assert not AuditEvent.objects.filter(action="workplan.institution_transition").exists()


def test_planned_to_issued_with_the_document_in_one_step(client, clock, county_officer):
    clock(at_shanghai(2026, 6, 15))
    item = institution("510104")
    response = step(
        client, county_officer, item, "issued", pdf(), document_number="锦市监〔2026〕3号", **ISSUE
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["document_name"]) == ("issued", "制度.pdf")
    assert body["document_url"] and body["next_statuses"] == []
    # and the document downloads for the region
    assert b"".join(client.get(body["document_url"]).streaming_content) == PDF


def test_planned_drafted_issued_then_final(client, clock, county_officer):
    clock(at_shanghai(2026, 6, 15))
    item = institution("510104")
    assert step(client, county_officer, item, "drafted").json()["status"] == "drafted"
    assert step(client, county_officer, item, "issued", pdf(), **ISSUE).status_code == 200
    # issued is final
    again = step(client, county_officer, item, "drafted")
    assert again.status_code == 409
    item.refresh_from_db()
    assert item.status == "issued"


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"issued_on": "2026-06-01"}, "issuing_body_required"),
        ({"issuing_body": "锦江区市场监督管理局"}, "issued_on_required"),
        ({"issuing_body": "锦江区", "issued_on": "2026-07-01"}, "issued_in_future"),
    ],
)
def test_issuing_needs_body_and_a_past_date(fields, code, client, clock, county_officer):
    clock(at_shanghai(2026, 6, 15))
    item = institution("510104")
    response = step(client, county_officer, item, "issued", pdf(), **fields)
    assert response.status_code == 422
    assert response.json()["code"] == code
    item.refresh_from_db()
    assert item.status == "planned" and not item.document


def test_a_document_that_is_not_what_it_claims_is_refused(client, county_officer):
    item = institution("510104")
    fake = pdf("制度.pdf", b"MZ\x90\x00 not a pdf")
    response = step(client, county_officer, item, "issued", fake, **ISSUE)
    assert response.status_code == 422
    item.refresh_from_db()
    assert item.status == "planned"


def test_another_countys_institution_answers_404(client, county_officer):
    item = institution("510107")
    assert step(client, county_officer, item, "drafted").status_code == 404
    assert Institution.objects.get(pk=item.pk).status == "planned"


def test_the_database_refuses_an_issued_row_without_a_document():
    from django.db import IntegrityError, transaction

    item = institution("510104")
    item.status = "issued"
    item.issuing_body = "x"
    with pytest.raises(IntegrityError), transaction.atomic():
        item.save()
