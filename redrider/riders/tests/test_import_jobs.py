"""Import jobs through the page, the API and the command: dry run, report, commit, refusals."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from redrider.riders.models import ImportJob, Rider
from redrider.riders.tests.factories import new_id_number, new_phone
from redrider.riders.tests.files import row, xlsx_bytes

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name="list.xlsx", commit=False):
    body = {"file": SimpleUploadedFile(name, data)}
    if commit:
        body["commit"] = "1"
    return client.post("/riders/imports/", body, follow=True)


def test_a_dry_run_on_the_page_then_commit_imports_the_list(client, county_officer):
    # given
    client.force_login(county_officer)
    data = xlsx_bytes([row(id_number=new_id_number(), phone=new_phone()) for _ in range(3)])
    # when the list is uploaded for checking
    checked = upload(client, data)
    job = ImportJob.objects.get()
    # then it is valid and nothing is written yet
    assert job.status == "valid" and job.summary["would_create"] == 3
    assert "确认导入" in checked.content.decode() and Rider.objects.count() == 0
    # when it is committed
    client.post(f"/riders/imports/{job.pk}/")
    # then every row is written, and the stored file is gone
    job.refresh_from_db()
    assert job.status == "done" and Rider.objects.count() == 3 and not job.file


def test_bad_rows_are_listed_on_the_page_and_in_a_downloadable_report(client, county_officer):
    # given
    client.force_login(county_officer)
    data = xlsx_bytes(
        [
            row(id_number=new_id_number(), phone="123"),
            row(id_number=new_id_number(), phone=new_phone(), county="510107"),
        ]
    )
    # when
    page = upload(client, data, commit=True).content.decode()
    job = ImportJob.objects.get()
    report = client.get(f"/riders/imports/{job.pk}/errors.xlsx")
    # then nothing is written and both rows are reported
    assert job.status == "invalid" and Rider.objects.count() == 0
    assert "手机号无效" in page and "不在您的管辖范围内" in page
    rows = list(load_workbook(io.BytesIO(report.content)).active.iter_rows(values_only=True))
    assert [(r[0], r[2]) for r in rows[1:]] == [(2, "bad_phone"), (3, "unknown_county")]


def test_the_template_download_is_a_workbook_with_the_template_header(client, county_officer):
    # given
    client.force_login(county_officer)
    # when
    response = client.get("/riders/imports/template.xlsx")
    # then it can be filled in and imported as is
    header = next(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[:3] == ("姓名*", "身份证号*", "手机号*")


@pytest.mark.parametrize(
    "data, name, status",
    [
        (b"%PDF-1.7\x00\x00 binary", "list.pdf", 422),
        (b"PK\x03\x04 not really a zip", "list.xlsx", 422),
        (b"", "empty.csv", 422),
    ],
)
def test_files_that_are_not_lists_answer_4xx_on_the_api_and_write_nothing(
    client, api, county_officer, data, name, status
):
    # when
    me = api(county_officer)
    response = client.post(
        "/api/v1/riders/imports", {"file": SimpleUploadedFile(name, data)}, **me.headers
    )
    # then
    assert response.status_code == status, response.content
    assert ImportJob.objects.count() == 0 and Rider.objects.count() == 0


def test_an_upload_over_the_size_limit_answers_413(client, api, county_officer, settings):
    # given
    settings.MAX_IMPORT_BYTES = 2048
    data = xlsx_bytes([row(id_number=new_id_number(), phone=new_phone()) for _ in range(200)])
    # when
    response = client.post(
        "/api/v1/riders/imports",
        {"file": SimpleUploadedFile("big.xlsx", data)},
        **api(county_officer).headers,
    )
    # then
    assert response.status_code == 413 and ImportJob.objects.count() == 0


def test_a_header_that_does_not_match_the_template_fails_the_job_with_a_clear_message(
    client, api, county_officer
):
    # when
    data = xlsx_bytes([["张三", "x"]], header=["姓名", "电话"])
    response = client.post(
        "/api/v1/riders/imports",
        {"file": SimpleUploadedFile("x.xlsx", data)},
        **api(county_officer).headers,
    )
    # then
    body = response.json()
    assert (
        body["status"] == "failed"
        and "表头与模板不符" in body["message"]
        and "身份证号" in body["message"]
    )


def test_large_files_run_as_a_background_task_with_progress(
    client, api, county_officer, monkeypatch, django_capture_on_commit_callbacks
):
    # given a file above the inline limit (tests use the immediate task backend)
    from redrider.riders.services import imports

    monkeypatch.setattr(imports, "INLINE_BYTES", 100)
    data = xlsx_bytes([row(id_number=new_id_number(), phone=new_phone()) for _ in range(5)])
    me = api(county_officer)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/riders/imports",
            {"file": SimpleUploadedFile("x.xlsx", data), "dry_run": "false"},
            **me.headers,
        )
    # then the job was queued, then processed by the task
    assert created.json()["status"] == "pending"
    job = me.get(f"/api/v1/riders/imports/{created.json()['id']}").json()
    assert job["status"] == "done" and job["percent"] == 100 and job["processed"] == 5
    assert Rider.objects.count() == 5


def test_the_command_imports_with_a_progress_bar_and_refuses_bad_files(tmp_path):
    # given
    good = tmp_path / "good.xlsx"
    good.write_bytes(
        xlsx_bytes([row(id_number=new_id_number(), phone=new_phone()) for _ in range(4)])
    )
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes([row(id_number=new_id_number(), phone="1")]))
    out = io.StringIO()
    # when a dry run, then the import
    call_command("import_riders", str(good), "--dry-run", stdout=out)
    assert Rider.objects.count() == 0
    call_command("import_riders", str(good), stdout=out)
    # then
    assert Rider.objects.count() == 4
    text = out.getvalue()
    assert "validating" in text and "100%" in text and "imported" in text
    # and a bad file exits with status 1, listing the row
    with pytest.raises(SystemExit) as exited:
        call_command("import_riders", str(bad), stdout=(bad_out := io.StringIO()))
    assert exited.value.code == 1 and "第2行" in bad_out.getvalue() and Rider.objects.count() == 4


def test_a_rider_cannot_import(client, api, rider):
    # when
    response = client.post(
        "/api/v1/riders/imports",
        {"file": SimpleUploadedFile("x.csv", b"a,b")},
        **api(rider).headers,
    )
    # then
    assert response.status_code == 403
