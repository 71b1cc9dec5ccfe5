import pytest

from conftest import browser_login
from redrider.orgs.tests.scoping_cases import guidance_station

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_county_officer_logs_in_and_sees_their_guidance_stations(page, county_officer):
    # given one guidance station in the officer's county and one in another county
    guidance_station("510104")
    guidance_station("510107")
    # when
    browser_login(page, county_officer.username)
    page.click("text=组织体系")
    # then
    table = page.locator("[data-testid=guidance-stations]")
    assert "510104指导站" in table.inner_text()
    assert "510107指导站" not in table.inner_text()
    assert page.locator("[data-testid=who]").inner_text().startswith(county_officer.username)
