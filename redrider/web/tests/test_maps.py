"""The console maps' tiles: Amap's GCJ-02 tiles get WGS-84 layers shifted onto them."""

import pytest

from conftest import browser_login
from redrider.geo.crs import wgs84_to_gcj02

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_amap_tiles_shift_wgs84_points_exactly_like_the_server(page, county_officer, settings):
    # given the console configured for Amap tiles
    settings.MAP_TILES = "amap"
    browser_login(page, county_officer.username)
    page.goto("/stations/console/")
    # when the shared map module converts points of Chengdu and Lhasa
    got = page.evaluate("""() => [[30.6570, 104.0810], [29.65, 91.1]].map(
        ([la, ln]) => [redriderMaps.wgs84ToGcj02(la, ln), redriderMaps.gcj02ToWgs84(...redriderMaps.wgs84ToGcj02(la, ln))])""")
    crs = page.evaluate("() => document.body.dataset.mapTiles")
    # then they agree with the server's reference implementation, and invert back
    for (lat, lng), (gcj, back) in zip([(30.6570, 104.0810), (29.65, 91.1)], got, strict=True):
        expected = wgs84_to_gcj02(lat, lng)
        assert abs(gcj[0] - expected[0]) < 1e-9 and abs(gcj[1] - expected[1]) < 1e-9
        assert abs(back[0] - lat) < 1e-7 and abs(back[1] - lng) < 1e-7
    assert crs == "amap"
