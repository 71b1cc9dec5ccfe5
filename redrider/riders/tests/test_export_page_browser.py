"""The background export page follows the worker: the bar moves, then the page shows the end."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from conftest import browser_login
from redrider.riders.models import ExportJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_progress_bar_follows_the_worker_and_the_link_appears_when_done(page, county_officer):
    # given an export the worker has started
    job = ExportJob.objects.create(
        region_code="510104",
        created_by=county_officer,
        focus="510104",
        status="running",
        total=4,
        processed=1,
    )
    browser_login(page, county_officer.username)
    page.goto(f"/riders/exports/{job.pk}/")
    assert page.locator("#export-progress").get_attribute("value") == "25"
    # when the worker gets further
    ExportJob.objects.filter(pk=job.pk).update(processed=3)
    # then the bar moves without a reload
    expect(page.locator("#export-progress")).to_have_js_property("value", 75)
    assert page.locator("#export-count").inner_text() == "3 / 4"
    # when the worker finishes with the file
    job.refresh_from_db()
    job.file.save("riders.xlsx", ContentFile(b"PK-test"), save=False)
    job.status, job.processed = "done", 4
    job.save()
    # then the page shows the download link
    page.wait_for_selector("[data-testid=export-download]", state="visible")
    assert page.locator("#export-progress").get_attribute("value") == "100"
