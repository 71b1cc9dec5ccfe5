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
    assert "锦江区" in page.locator("table").inner_text()
