"""Consent withdrawal on the rider's H5 profile, and deletion of stale import files."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from redrider.core.models import AuditEvent
from redrider.riders.models import ImportJob, Rider, Survey
from redrider.riders.tests.factories import make_rider, new_id_number

pytestmark = pytest.mark.django_db


def test_a_rider_withdraws_consent_on_the_profile_and_is_erased_but_still_counted(
    client, rider, county_officer
):
    # given the rider's census record, and an open survey in Jinjiang
    mine = make_rider("510104", name="王小明", id_number=new_id_number(), user=rider)
    make_rider("510104", name="李四", id_number=new_id_number())
    Survey.objects.create(region_code="510104", title="骑手需求调查", status="open")
    client.force_login(rider)
    assert "骑手需求调查" in client.get("/riders/h5/me/").content.decode()
    # when the rider withdraws consent on the profile page
    response = client.post("/riders/h5/me/", {"action": "withdraw"})
    # then the time is recorded and audited, the personal fields are gone, no survey is offered
    mine.refresh_from_db()
    assert response.status_code == 302 and mine.consent_withdrawn_at is not None
    assert (mine.name, mine.id_number, mine.phone) == ("", "", "")
    assert AuditEvent.objects.filter(action="rider.consent_withdraw", actor=rider).exists()
    assert "骑手需求调查" not in client.get("/riders/h5/me/").content.decode()
    # and the registry still counts the rider, but exports leave them out
    assert Rider.objects.filter(region_code="510104").count() == 2
    client.force_login(county_officer)
    rows = list(load_workbook(io.BytesIO(client.get("/riders/export.xlsx").content)).active.values)
    assert len(rows) == 2 and mine.pk not in {r[0] for r in rows[1:]}


def test_only_the_rider_withdraws_their_own_consent(api, rider, county_officer):
    # given
    mine = make_rider("510104", id_number=new_id_number(), user=rider)
    from redrider.core.errors import PermissionDenied
    from redrider.riders.services import rider_consent_withdraw

    # when an officer tries
    with pytest.raises(PermissionDenied):
        rider_consent_withdraw(actor=county_officer, rider=mine)
    # then nothing changed; the rider can through the API
    mine.refresh_from_db()
    assert mine.consent_withdrawn_at is None
    assert api(rider).post("/api/v1/riders/me/consent/withdraw", {}).status_code == 200
    mine.refresh_from_db()
    assert mine.consent_withdrawn_at is not None and mine.phone == ""


def test_dry_run_files_never_committed_are_deleted_after_24_hours(county_officer):
    # given a checked (valid) dry run from two days ago, a fresh one and a committed one
    def job(status, age_hours, dry_run=True):
        j = ImportJob(region_code="510104", filename="a.xlsx", status=status, dry_run=dry_run)
        j.file.save("a.bin", ContentFile(b"names and ID numbers"), save=False)
        j.save()
        ImportJob.objects.filter(pk=j.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=age_hours)
        )
        return j

    stale, fresh = job("valid", 48), job("invalid", 2)
    running = job("running", 48)
    # when the cleanup runs
    call_command("riders_cleanup")
    # then only the stale dry run's file is gone
    for j in (stale, fresh, running):
        j.refresh_from_db()
    assert not stale.file and fresh.file and running.file
