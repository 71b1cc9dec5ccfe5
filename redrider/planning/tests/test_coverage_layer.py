"""The staff station map's coverage layer: service circles and uncovered hotspots."""

import pytest

from conftest import browser_login
from redrider.planning.tests.helpers import make_demand, make_station, offset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_station_map_draws_coverage_circles_and_gap_hotspots(page, county_officer):
    # given one station and demand both near it and 3 km away from it
    make_station(*offset(0, 0))
    make_demand([(*offset(100, 100), 1.0), (*offset(3000, 3000), 3.0)])
    browser_login(page, county_officer.username)
    page.goto("/stations/console/")
    # when the officer turns the coverage layer on at 500 m
    page.fill("#coverage-radius", "500")
    page.check("#coverage-toggle")
    # then one service circle, at least one hotspot, and a quarter of the demand covered
    page.wait_for_selector("path.coverage-hotspot")
    assert page.locator("path.coverage-circle").count() == 1
    assert "25.0%" in page.locator("[data-testid=coverage-summary]").inner_text()
