import pytest

from conftest import browser_login
from redrider.orgs.tests.scoping_cases import guidance_station

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_prefecture_officer_sees_figures_children_chart_and_trend(page, prefecture_officer):
    # given guidance stations in two Chengdu counties
    guidance_station("510104")
    guidance_station("510107")
    browser_login(page, prefecture_officer.username)
    # when
    page.goto("/dashboard/")
    # then the headline figure, a bar per county and the trend selector are drawn
    assert page.locator('[data-key="guidance_stations"] b').inner_text() == "2"
    page.wait_for_selector("#trend-key option:nth-child(4)", state="attached")
    assert page.locator("#chart canvas").count() == 1
    assert page.locator("#trend canvas").count() == 1
    # (the running month is marked as "so far", not drawn as a collapse)
    assert page.locator("#trend").get_attribute("data-partial") == "true"
    assert "锦江区" in page.locator("table").inner_text()


def test_drilling_down_moves_the_region_menu_and_a_breadcrumb_leads_back(page, prefecture_officer):
    # given a prefecture officer on the indicators of Chengdu
    guidance_station("510104")
    browser_login(page, prefecture_officer.username)
    page.goto("/dashboard/")
    # when they drill down to 锦江区
    page.locator("table a", has_text="锦江区").click()
    # then the page, the region menu and the breadcrumb all say 锦江区
    page.locator("h1", has_text="锦江区").wait_for()
    assert page.locator("#region-focus option:checked").inner_text().strip() == "锦江区"
    crumbs = page.get_by_test_id("breadcrumb").inner_text()
    assert "成都市" in crumbs and "锦江区" in crumbs
    # when they follow the breadcrumb up
    page.get_by_test_id("breadcrumb").get_by_role("button", name="成都市").click()
    # then they are back on Chengdu
    page.locator("h1", has_text="成都市").wait_for()
    assert page.locator("#region-focus option:checked").inner_text().strip() == "成都市"
