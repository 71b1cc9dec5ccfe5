"""The rider's flows in a real browser (Playwright on the system Chromium)."""

import pytest

from conftest import browser_login
from redrider.stations.models import Checkin
from redrider.stations.tests.factories import make_station

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_rider_page_at_a_chengdu_location_lists_the_nearest_stations_with_map_markers(
    phone_page, rider
):
    # given stations at increasing distance from the phone's location (30.6570, 104.0810)
    near = make_station(lat=30.6575, lng=104.0815, name="最近的驿站")
    middle = make_station(lat=30.6650, lng=104.0900, name="稍远的驿站")
    far = make_station(lat=30.7000, lng=104.1500, name="更远的驿站")
    make_station(lat=30.6572, lng=104.0812, name="已撤销的驿站", status="retired")
    # when
    browser_login(phone_page, "13800000001")
    phone_page.goto("/stations/")
    phone_page.wait_for_selector("[data-testid=station-list] .station-item")
    # then the list is in distance order and the map has one marker per station
    names = phone_page.locator(".station-item .name").all_inner_texts()
    assert [n.split(". ", 1)[1] for n in names] == [near.name, middle.name, far.name]
    assert phone_page.locator("#station-map .station-marker").count() == 3
    assert phone_page.locator("#station-map .here-marker").count() == 1
    amap = phone_page.locator(".station-item").first.locator("a", has_text="高德")
    assert amap.get_attribute("href").startswith("https://uri.amap.com/marker?position=")


def test_a_checkin_through_the_qr_url_counts_once_and_a_replay_does_not(phone_page, rider):
    # given
    station = make_station(lat=30.6575, lng=104.0815, name="扫码驿站")
    browser_login(phone_page, "13800000001")
    # when the rider opens the QR URL and taps check-in
    phone_page.goto(f"/stations/c/{station.code}/")
    assert phone_page.locator("[data-testid=today-count]").inner_text() == "0"
    phone_page.click("#checkin-button")
    phone_page.wait_for_selector("#checkin-result[data-state=done]")
    # then the count went up by one
    assert phone_page.locator("[data-testid=today-count]").inner_text() == "1"
    # when the same request is replayed with the same Idempotency-Key
    replay = phone_page.evaluate("""async () => {
        const key = document.getElementById('checkin-app').dataset.idempotencyKey;
        const id = document.getElementById('checkin-app').dataset.station;
        const r = await window.redrider.api('/api/v1/stations/' + id + '/checkins',
            {method: 'POST', body: '{}', headers: {'Idempotency-Key': key}});
        return r;
    }""")
    # then it answers the first answer and counts nothing more
    assert replay["counted"] is True and replay["today"] == 1
    phone_page.reload()
    assert phone_page.locator("[data-testid=today-count]").inner_text() == "1"
    assert Checkin.objects.filter(station=station).count() == 1
