"""Registry exports: the streaming workbook reads back right; big selections run in the
background with progress and a download only the right people can fetch; files expire."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from redrider.core.models import AuditEvent
from redrider.riders.models import ExportJob
from redrider.riders.services import exports
from redrider.riders.tests.factories import make_company, make_rider, new_id_number

pytestmark = pytest.mark.django_db


def rows_of(data: bytes) -> list[tuple]:
    wb = load_workbook(io.BytesIO(data))
    return [tuple(r) for r in wb.active.iter_rows(values_only=True)]


@pytest.fixture
def registry():
    company = make_company("510104", name='=HYPERLINK("http://x")')
    riders = [
        make_rider(
            "510104",
            name="王小明",
            id_number=new_id_number(),
            phone="13912345678",
            company=company,
            joined_on=dt.date(2024, 3, 1),
        ),
        make_rider("510104", name="李四", id_number=new_id_number()),
    ]
    make_rider("510107", name="赵六", id_number=new_id_number())  # another county
    return riders


def test_the_masked_export_reads_back_with_the_right_rows_and_masking(
    client, county_officer, registry
):
    # given a county officer of Jinjiang
    client.force_login(county_officer)
    # when
    response = client.get("/riders/export.xlsx")
    # then one row per rider of the county, masked, the company name neutralised
    rows = rows_of(response.content)
    assert rows[0][:4] == ("编号", "姓名", "身份证号", "手机号")
    body = {r[0]: r for r in rows[1:]}
    assert set(body) == {r.pk for r in registry}
    first = body[registry[0].pk]
    assert first[1] == "王*明" and first[2] == registry[0].masked_id_number
    assert first[3] == registry[0].masked_phone and "13912345678" not in str(rows)
    assert first[9].startswith("'=") and first[12] == dt.datetime(2024, 3, 1)


def test_big_selections_run_in_the_background_and_the_creator_downloads_the_file(
    client, api, province_admin, monkeypatch, registry, django_capture_on_commit_callbacks
):
    # given an inline limit below the selection (tests use the immediate task backend)
    monkeypatch.setattr(exports, "INLINE_ROWS", 1)
    client.force_login(province_admin)
    # when the province admin asks for the full export
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/riders/export.xlsx", {"unmasked": "1", "reason": "年度核查"})
    # then the answer is the export's page, and the job ran to the end
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/riders/exports/{job.pk}/"
    status = api(province_admin).get(f"/api/v1/riders/exports/{job.pk}").json()
    assert status["status"] == "done" and status["percent"] == 100 and status["total"] == 3
    assert status["download_url"] == f"/riders/exports/{job.pk}/download"
    page = client.get(f"/riders/exports/{job.pk}/")
    assert page.status_code == 200 and b"export-download" in page.content
    # and the file sits under a random directory, and reads back unmasked
    assert job.file.name.startswith("exports/") and len(job.file.name.split("/")[1]) >= 32
    data = b"".join(client.get(status["download_url"]).streaming_content)
    rows = rows_of(data)
    assert len(rows) == 4 and registry[0].id_number in {r[2] for r in rows}
    assert AuditEvent.objects.filter(
        action="rider.export_unmasked", result="ok", detail__rows=3
    ).exists()
    assert AuditEvent.objects.filter(action="rider.export_download", result="ok").count() == 1


def test_another_countys_officer_cannot_see_or_download_the_export(
    client,
    api,
    county_officer,
    other_county_officer,
    monkeypatch,
    registry,
    django_capture_on_commit_callbacks,
):
    # given a finished background export of Jinjiang
    monkeypatch.setattr(exports, "INLINE_ROWS", 1)
    with django_capture_on_commit_callbacks(execute=True):
        created = api(county_officer).post("/api/v1/riders/exports", {})
    job_id = created.json()["id"]
    assert created.status_code == 202
    assert api(county_officer).get(f"/api/v1/riders/exports/{job_id}").json()["status"] == "done"
    # when Wuhou's officer tries the page, the download and the API
    client.force_login(other_county_officer)
    page = client.get(f"/riders/exports/{job_id}/")
    download = client.get(f"/riders/exports/{job_id}/download")
    file = api(other_county_officer).get(f"/api/v1/riders/exports/{job_id}/file")
    # then 404 everywhere
    assert (page.status_code, download.status_code, file.status_code) == (404, 404, 404)


def test_same_scope_staff_need_the_same_permission_to_download_a_full_export(
    api,
    province_admin,
    django_user_model,
    monkeypatch,
    registry,
    django_capture_on_commit_callbacks,
):
    # given a full export by the province admin, and a province colleague without PII rights
    monkeypatch.setattr(exports, "INLINE_ROWS", 1)
    with django_capture_on_commit_callbacks(execute=True):
        created = api(province_admin).post(
            "/api/v1/riders/exports", {"unmasked": True, "reason": "年度核查"}
        )
    colleague = django_user_model.objects.create_user(
        username="colleague", role="province_admin", scope_code="510000", can_view_pii=False
    )
    # when the colleague downloads
    refused = api(colleague).get(f"/api/v1/riders/exports/{created.json()['id']}/file")
    # then 403, audited as denied
    assert refused.status_code == 403
    assert AuditEvent.objects.filter(
        action="rider.export_download", result="denied", actor=colleague
    ).exists()


def test_a_full_background_export_without_the_permission_queues_nothing(
    api, county_officer, monkeypatch, registry
):
    # given
    monkeypatch.setattr(exports, "INLINE_ROWS", 1)
    # when
    refused = api(county_officer).post(
        "/api/v1/riders/exports", {"unmasked": True, "reason": "年度核查"}
    )
    # then
    assert refused.status_code == 403 and not ExportJob.objects.exists()


def test_export_files_are_deleted_after_24_hours_by_the_cleanup_command(
    api, county_officer, monkeypatch, registry, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    # given a finished export
    monkeypatch.setattr(exports, "INLINE_ROWS", 1)
    with django_capture_on_commit_callbacks(execute=True):
        api(county_officer).post("/api/v1/riders/exports", {})
    job = ExportJob.objects.get()
    path = job.file.path
    # when the cleanup runs before and after the 24 hours
    call_command("riders_cleanup")
    kept = job.file.storage.exists(job.file.name)
    ExportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    call_command("riders_cleanup")
    # then the file is gone and the job says so; the download answers 409
    job.refresh_from_db()
    assert kept and not job.file and job.status == "expired"
    import os

    assert not os.path.exists(path)
    assert api(county_officer).get(f"/api/v1/riders/exports/{job.pk}/file").status_code == 409


@pytest.fixture
def finished_full_export(api, province_admin, monkeypatch, registry, settings, tmp_path):
    """A full (unmasked) background export of the province, written to a fresh MEDIA_ROOT."""
    from django.test import TestCase

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(exports, "INLINE_ROWS", 1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        created = api(province_admin).post(
            "/api/v1/riders/exports", {"unmasked": True, "reason": "年度核查"}
        )
    return ExportJob.objects.get(pk=created.json()["id"])


def test_a_full_export_file_is_readable_by_its_owner_only(finished_full_export):
    # when the worker has written the unmasked file
    import os
    import stat

    mode = stat.S_IMODE(os.stat(finished_full_export.file.path).st_mode)
    # then neither the group nor others may read it
    assert mode == 0o600


@pytest.mark.parametrize(
    "server, header, expected",
    [
        ("nginx", "X-Accel-Redirect", lambda job: f"/internal-media/{job.file.name}"),
        ("sendfile", "X-Sendfile", lambda job: job.file.path),
    ],
)
def test_behind_a_proxy_the_download_hands_the_file_over_after_the_check(
    api, province_admin, county_officer, finished_full_export, settings, server, header, expected
):
    # given a proxy that sends private files itself
    settings.PRIVATE_FILES_SERVER = server
    settings.PRIVATE_FILES_INTERNAL_URL = "/internal-media/"
    job = finished_full_export
    # when the creator downloads, and a county officer who may not see the job tries
    allowed = api(province_admin).get(f"/api/v1/riders/exports/{job.pk}/file")
    refused = api(county_officer).get(f"/api/v1/riders/exports/{job.pk}/file")
    # then the creator's answer names the stored file for the proxy, with no body and no caching
    assert allowed.status_code == 200 and allowed[header] == expected(job)
    assert allowed.content == b"" and "no-store" in allowed["Cache-Control"]
    assert "attachment" in allowed["Content-Disposition"]
    # and the other gets a plain 404 with no file named
    assert refused.status_code == 404 and not refused.has_header(header)
