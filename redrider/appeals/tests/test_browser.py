"""The whole loop in real browsers: a rider files with a photo on the phone, an officer accepts
and resolves it in the console, the rider confirms it."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from conftest import RIDER_PHONE, browser_login
from redrider.appeals.models import Appeal, AppealPhoto
from redrider.appeals.tests.conftest import jpeg_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rider_files_with_a_photo_officer_resolves_and_rider_confirms(
    phone_page, page, rider, county_officer, jinjiang_office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    # given the rider on the phone (located on Chunxi Road, Jinjiang)
    browser_login(phone_page, RIDER_PHONE)
    phone_page.goto("/appeals/rider/")
    phone_page.get_by_test_id("pin-words").filter(has_text="锦江区").wait_for()
    # when they pick a category, write a line, attach a photo with GPS EXIF and submit
    phone_page.click("label.chip >> text=进小区难")
    phone_page.fill("input[name=description]", "东门保安不让电动车进")
    phone_page.set_input_files(
        "input[name=photo]",
        files=[{"name": "gate.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes(gps=True)}],
    )
    phone_page.click("[data-testid=submit-appeal]")
    phone_page.wait_for_url(re.compile(r"/appeals/rider/\d+/$"))
    # then the case exists, routed to Jinjiang's office, with the photo stripped of EXIF
    appeal = Appeal.objects.get()
    assert phone_page.inner_text("[data-testid=case-status]") == "已提交"
    assert (appeal.region_code, appeal.assigned_office_id) == ("510104", jinjiang_office.pk)
    with AppealPhoto.objects.get(appeal=appeal).image.open("rb") as f:
        assert len(Image.open(io.BytesIO(f.read())).getexif()) == 0

    # when the county officer accepts and resolves it in the console
    browser_login(page, county_officer.username)
    page.goto("/appeals/console/")
    page.click(f"[data-testid=appeal-queue] >> text=#{appeal.pk}")
    page.click("[data-testid=action-accept]")
    page.wait_for_selector("[data-testid=case-status] >> text=已受理")
    page.fill("[data-testid=note-resolve]", "已与物业协商开放东门骑手通道")
    page.click("[data-testid=action-resolve]")
    page.wait_for_selector("[data-testid=case-status] >> text=已解决")

    # and the rider confirms with 4 stars on the phone
    phone_page.reload()
    phone_page.click("label.chip >> text=4 ★")
    phone_page.click("[data-testid=confirm]")
    phone_page.wait_for_selector("[data-testid=case-status] >> text=已确认")
    # then
    appeal.refresh_from_db()
    assert appeal.status == "confirmed"
    assert appeal.satisfaction == 4
    assert "已与物业协商开放东门骑手通道" in phone_page.inner_text("[data-testid=timeline]")


def test_rider_joins_a_case_nearby_and_then_reads_only_its_public_part(phone_page, rider):
    # given another rider's gate case about 55 m from the phone's position on Chunxi Road
    from redrider.appeals.models import AppealSupporter
    from redrider.appeals.tests.factories import make_appeal

    case = make_appeal(lat=30.6575, lng=104.0810)
    case.description = "东门保安王师傅不让进"
    case.save(update_fields=["description"])
    browser_login(phone_page, RIDER_PHONE)
    phone_page.goto("/appeals/rider/")
    phone_page.wait_for_selector("[data-testid=pin-words] >> text=锦江区")
    # when they pick the category and press "me too" on the case the page offers
    phone_page.click("label.chip >> text=进小区难")
    phone_page.click("[data-testid=me-too]")
    phone_page.wait_for_selector("[data-testid=me-too] >> text=已附议")
    # then they joined (the page sent where they are), and the case page shows the public part
    assert AppealSupporter.objects.filter(appeal=case, rider=rider).exists()
    phone_page.goto(f"/appeals/rider/{case.pk}/")
    assert phone_page.is_visible("[data-testid=joined-note]")
    assert "王师傅" not in phone_page.content()
