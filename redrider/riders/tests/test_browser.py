"""The flows people use, in a real browser: a county officer imports a list; a rider registers."""

import re

import pytest
from playwright.sync_api import expect

from conftest import browser_login
from redrider.core.gateways import get_gateway
from redrider.riders.models import Rider
from redrider.riders.tests.factories import new_id_number, new_phone
from redrider.riders.tests.files import row, xlsx_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_county_officer_checks_then_imports_a_list(page, county_officer, tmp_path):
    # given a list of three Jinjiang riders
    path = tmp_path / "美团名单.xlsx"
    path.write_bytes(
        xlsx_bytes([row(id_number=new_id_number(), phone=new_phone()) for _ in range(3)])
    )
    browser_login(page, county_officer.username)
    # when the officer opens the census and uploads the list
    page.click("text=骑手底数")
    page.click("text=名单导入")
    page.set_input_files("input[type=file]", str(path))
    page.click("text=上传并校验")
    # then the check passes and nothing is written yet
    assert page.locator("[data-testid=job-status]").inner_text() == "校验通过"
    assert Rider.objects.count() == 0
    # when the import is confirmed
    page.click("[data-testid=commit]")
    # then all three riders are in the registry, masked
    assert page.locator("[data-testid=job-status]").inner_text() == "已导入"
    page.click("text=骑手名单")
    table = page.locator("[data-testid=riders]").inner_text()
    assert table.count("锦江区") == 3 and "***" in table


def test_a_rider_registers_on_the_phone_with_an_sms_code(phone_page):
    # given
    outbox = get_gateway().outbox
    outbox.clear()
    page = phone_page
    page.goto("/riders/h5/register/")
    # when the rider asks for a code and fills in the form
    page.fill("#phone", "13966667777")
    page.click("#send-code")
    expect(page.locator("#code-msg")).to_have_text(re.compile(".+"))
    page.fill("input[name=code]", outbox[-1].params["code"])
    page.fill("input[name=name]", "周骑手")
    page.fill("input[name=id_number]", new_id_number())
    page.get_by_test_id("rp-prefecture").select_option(label="成都市")
    page.get_by_test_id("rp-county").select_option(label="锦江区")
    page.check("input[name=platforms][value=meituan]")
    page.get_by_test_id("kind").select_option(label="专送")
    page.fill("input[name=password]", "long-enough-1")
    page.check("input[name=consent]")
    page.click("button[type=submit]")
    # then the rider lands on their masked profile
    profile = page.locator("[data-testid=profile]").inner_text()
    assert "139****7777" in profile and "美团" in profile
    assert Rider.objects.get().user is not None
