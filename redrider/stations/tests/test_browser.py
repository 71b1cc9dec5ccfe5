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


def test_a_host_writes_hours_with_the_week_editor_and_overlaps_are_refused(page, station_host):
    # given a host's station open round the clock
    own = make_station(lat=30.657, lng=104.081, name="主人驿站", opening_hours="24/7")
    own.hosts.add(station_host)
    browser_login(page, station_host.username)
    page.goto(f"/stations/console/{own.pk}/")
    # when the host turns "24 h" off and adds a second range that overlaps the first
    page.locator("[name=hours_all_day]").uncheck()
    row = page.get_by_test_id("hours-row").first
    row.get_by_role("button", name="＋ 加一个时段").click()
    second = row.locator(".hours-range").nth(1)
    second.locator(".from").fill("20:00")
    second.locator(".to").fill("22:00")
    page.get_by_test_id("edit-form").locator("button.primary").click()
    # then the overlap is said next to the editor and nothing is saved
    assert "重叠" in page.get_by_test_id("hours-error").inner_text()
    own.refresh_from_db()
    assert own.opening_hours == "24/7"
    # when the second range is moved past the first and the host saves
    second.locator(".from").fill("21:30")
    second.locator(".to").fill("23:00")
    assert "每天 09:00–21:00、21:30–23:00" in page.get_by_test_id("hours-preview").inner_text()
    page.get_by_test_id("edit-form").locator("button.primary").click()
    page.wait_for_load_state("networkidle")
    # then the station stores the syntax and the page says it in words
    own.refresh_from_db()
    assert own.opening_hours == "Mo-Su 09:00-21:00,21:30-23:00"
    assert "每天 09:00–21:00、21:30–23:00" in page.get_by_test_id("hours-words").inner_text()


def test_a_station_correction_needs_the_rider_to_say_what_is_wrong(phone_page, rider):
    from redrider.stations.models import Correction

    # given the station tab with one station
    make_station(lat=30.6575, lng=104.0815, name="纠错驿站")
    browser_login(phone_page, "13800000001")
    phone_page.goto("/stations/")
    item = phone_page.locator(".station-item").first
    item.locator("summary").click()
    # when the rider taps 纠错 without choosing anything
    form = item.locator(".report-form")
    assert form.locator("select[name=kind]").input_value() == ""
    form.get_by_role("button", name="纠错").click()
    # then the form asks, next to itself, and nothing is filed
    assert "请先选择" in form.locator(".form-result").inner_text()
    assert Correction.objects.count() == 0
    # when the rider says the hours are wrong and gives them in words (days and times)
    form.locator("select[name=kind]").select_option("wrong_hours")
    form.locator("select[name=hours_days]").select_option("Mo-Fr")
    form.locator("[name=hours_from]").fill("08:00")
    form.locator("[name=hours_to]").fill("20:00")
    form.get_by_role("button", name="纠错").click()
    # then the correction is filed with the hours in the station's syntax
    form.locator(".form-result.ok").wait_for()
    assert Correction.objects.get().proposed_opening_hours == "Mo-Fr 08:00-20:00"
