"""A rider's phone in a real browser: narrow screens, no GPS, big photos, a weak signal, no tiles.

Each test seeds the small demo (the demo rider works in 锦江区 and has points) and drives the
system Chromium. Pages must never be wider than the phone, never show a developer's code (a
region code, OpenStreetMap syntax, a ledger source key, an ISO timestamp), and every test fails
on a Content-Security-Policy violation or a page answering 5xx (conftest.PageWatch).

On a busy machine scripts run late and animations lag: the tests wait for states the pages
announce (`#pin-map[data-state=ready]` once a tap places the pin, `#region-picker[data-state=
ready]` once a prefecture pick narrows the counties, the pin said in words) and never for time.
`RIDER_SLOW_CPU=6` runs every page six times slower (the DevTools CPU throttle) to check that.
"""

from __future__ import annotations

import io
import json
import os
import re
import time

import pytest
from django.core.management import call_command
from PIL import Image

from conftest import PageWatch
from redrider.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-demo-1234"
WIDTHS = [320, 390]
LANGUAGES = ["zh-hans", "en", "bo"]
BYTE_BUDGET = 150 * 1024
# RIDER_SLOW_CPU=6 runs every page 6× slower (DevTools CPU throttle) to shake out races.
SLOW_CPU = float(os.environ.get("RIDER_SLOW_CPU", "1"))

RAW_CODES = {
    "a region code": re.compile(r"(?<![\d*])\d{6}(?![\d*])"),
    "OpenStreetMap syntax": re.compile(
        r"\b(?:Mo|Tu|We|Th|Fr|Sa|Su)(?:[-,](?:Mo|Tu|We|Th|Fr|Sa|Su))*\s+\d\d:\d\d|24/7|\bPH (?:off|closed)\b"
    ),
    "a ledger source key": re.compile(r"\b(?:activity|item|tipoff|demo|fund|checkin):\w+"),
    "an ISO timestamp": re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d"),
}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", scale="small", password=PASSWORD, verbosity=0)
    return User.objects.get(username="demo-rider")


@pytest.fixture
def phone(browser, live_server, request):
    """`phone(width=390, language="zh-hans", located=True)` → a watched page on a phone."""
    contexts = []

    def make(width=390, language="zh-hans", located=True):
        options = dict(
            base_url=live_server.url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": width, "height": 780},
            is_mobile=True,
            has_touch=True,
        )
        if located:
            options.update(
                permissions=["geolocation"],
                geolocation={"latitude": 30.6570, "longitude": 104.0810},
            )
        context = browser.new_context(**options)
        context.set_default_timeout(20000)
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        contexts.append(context)
        page = context.new_page()
        page.watch = PageWatch(page, live_server.url)
        if SLOW_CPU > 1:
            # A busy phone or a loaded machine: the tests must wait for states, never for time.
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": SLOW_CPU})
        return page

    yield make
    report = getattr(request.node, "rep_call", None)
    for context in contexts:
        for page in context.pages:
            if report is None or report.passed:
                page.watch.check()
        context.close()


def sign_in(page, username="demo-rider"):
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/(stations|rider|console)/"))


def rider_pages() -> list[str]:
    """Every page a rider reads, with real objects of the demo for the ones that take one."""
    from redrider.activities.models import Activity
    from redrider.appeals.models import Appeal
    from redrider.riders.models import Survey
    from redrider.stations.models import Station

    rider = User.objects.get(username="demo-rider")
    appeal = Appeal.objects.filter(rider=rider).order_by("-pk").first()
    activity = Activity.objects.filter(status="published").order_by("pk").first()
    station = Station.objects.filter(region_code="510104").order_by("pk").first()
    survey = Survey.objects.filter(status="open").order_by("pk").first()
    pages = [
        "/stations/",
        f"/stations/c/{station.code}/",
        "/appeals/rider/",
        f"/appeals/rider/{appeal.pk}/",
        "/appeals/rider/tipoffs/",
        "/activities/",
        f"/activities/a/{activity.pk}/",
        f"/activities/checkin/{activity.checkin_token}/",
        "/points/",
        "/points/history/",
        "/rider/me/",
        "/riders/h5/me/",
        "/honours/rider/",
        "/honours/rider/nominate/",
        "/honours/rider/pledge/",
    ]
    if survey:
        pages.append(f"/riders/h5/s/{survey.token}/")
    return pages


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the screen (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def visible_text(page) -> str:
    return page.evaluate("() => document.body.innerText")


def test_every_rider_page_fits_a_phone_and_shows_words_not_codes_in_every_language(demo, phone):
    # given the rider's pages and the two narrowest phones riders carry (one walk serves both
    # checks: every page load costs the browser's quiet time)
    pages = rider_pages()
    too_wide, codes = [], []
    for width in WIDTHS:
        for language in LANGUAGES:
            page = phone(width=width, language=language)
            # when each page is opened (signed out: sign-in and sign-up; then signed in)
            for path in ["/login/", "/riders/h5/register/"]:
                page.goto(path)
                page.wait_for_load_state("networkidle")
                if overflow(page) > 0:
                    too_wide.append((width, language, path, overflow(page)))
            sign_in(page)
            for path in pages:
                assert page.goto(path).status == 200, path
                page.wait_for_load_state("networkidle")
                # then nothing is wider than the screen
                if overflow(page) > 0:
                    too_wide.append((width, language, path, overflow(page)))
                if width != WIDTHS[-1]:
                    continue
                # and the page, drawn by the browser (lists filled by its script too), shows no
                # region code, OpenStreetMap syntax, source key or ISO timestamp
                if path == "/stations/":
                    page.wait_for_selector(".station-item")
                    page.locator(".station-item details").first.evaluate("d => d.open = true")
                text = visible_text(page)
                for what, pattern in RAW_CODES.items():
                    for match in pattern.findall(text):
                        codes.append((language, path, what, match))
            page.context.close()
    assert too_wide == []
    assert codes == []


def test_an_appeal_is_filed_with_location_denied_by_tapping_the_map(demo, phone):
    from redrider.appeals.models import Appeal

    # given a rider whose phone refuses to give a location
    page = phone(located=False)
    sign_in(page)
    before = Appeal.objects.filter(rider=demo).count()
    page.goto("/appeals/rider/")
    page.wait_for_selector("#pin-map[data-state=ready]")
    assert "没有定位权限" in page.get_by_test_id("pin-words").inner_text()
    # when the rider taps the map, picks a category and writes one sentence
    page.get_by_test_id("pin-map").click(position={"x": 160, "y": 120})
    words = page.get_by_test_id("pin-words")
    words.filter(has_text="锦江区").wait_for()
    page.locator("label.chip", has_text="停车难").click()
    page.fill("input[name=description]", "取餐点门口没有临时停车位")
    page.get_by_test_id("submit-appeal").click()
    page.wait_for_url(re.compile(r"/appeals/rider/\d+/$"))
    # then the case is filed at the tapped place, in the rider's county, and its page shows it
    assert Appeal.objects.filter(rider=demo).count() == before + 1
    appeal = Appeal.objects.filter(rider=demo).order_by("-pk").first()
    assert appeal.region_code == "510104"
    assert "锦江区" in page.get_by_test_id("pin-words").inner_text()
    assert page.get_by_test_id("case-map").is_visible()


def move_map_to(page, lat, lng, zoom=12):
    """Moves the appeal form's map (once ready) and waits until it is really there: Leaflet
    ignores a move while a zoom animation is running, so the move is repeated until it holds."""
    page.wait_for_selector("#pin-map[data-state=ready]")
    page.wait_for_function(
        """([lat, lng, zoom]) => {
            const map = document.getElementById('pin-map').leafletMap;
            if (!map._animatingZoom) map.setView([lat, lng], zoom, {animate: false});
            const c = map.getCenter();
            return !map._animatingZoom && map.getZoom() === zoom
                && Math.abs(c.lat - lat) < 1e-3 && Math.abs(c.lng - lng) < 1e-3;
        }""",
        arg=[lat, lng, zoom],
        polling=100,
    )


def test_a_landmark_is_a_pin_too_and_a_pin_outside_china_is_refused(demo, phone):
    from redrider.appeals.models import Appeal

    # given a rider with no location, on the appeal form
    page = phone(located=False)
    sign_in(page)
    page.goto("/appeals/rider/")
    before = Appeal.objects.filter(rider=demo).count()
    # when the rider picks the county seat from the landmarks
    page.locator("#landmarks").evaluate("d => { d.open = true; }")
    page.get_by_test_id("landmark").first.click()
    # then the pin is said in words: the county and the landmark
    page.get_by_test_id("pin-words").filter(has_text="锦江区政府驻地").wait_for()
    # when the map is moved to Paris and the rider taps there
    move_map_to(page, 48.8566, 2.3522)
    page.get_by_test_id("pin-map").click(position={"x": 160, "y": 120})
    # then the pin is refused next to the field and nothing is filed on submit
    page.get_by_test_id("pin-words").filter(has_text="不在服务范围内").wait_for()
    page.locator("label.chip", has_text="其他").click()
    page.fill("input[name=description]", "测试")
    page.get_by_test_id("submit-appeal").click()
    assert "工作的区县" in page.locator("#err-where").inner_text()
    assert Appeal.objects.filter(rider=demo).count() == before


def make_photo(width=4000, height=3000) -> bytes:
    """A camera-sized JPEG of noise (noise does not compress: several MB, like a real shot)."""
    import os

    img = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


def test_a_phone_photo_is_resized_before_upload_and_a_non_photo_stops_the_submit(
    demo, phone, tmp_path
):
    from redrider.appeals.models import Appeal, AppealPhoto

    # given a rider on the appeal form with a 4000 × 3000 camera photo of several megabytes
    page = phone()
    sign_in(page)
    page.goto("/appeals/rider/")
    page.get_by_test_id("pin-words").filter(has_text="锦江区").wait_for()
    big = make_photo()
    assert len(big) > 4 * 1024 * 1024
    page.locator("label.chip", has_text="进小区难").click()
    page.fill("input[name=description]", "东门不让电动车进")
    before = Appeal.objects.filter(rider=demo).count()
    # when the rider first picks a file that is not a photo
    page.get_by_test_id("photo").set_input_files(
        {"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"not a picture at all"}
    )
    page.locator("#err-photo").filter(has_text="不是照片").wait_for()
    page.get_by_test_id("submit-appeal").click()
    # then nothing is filed and the message stays next to the photo field
    assert page.locator("#err-photo").is_visible()
    assert Appeal.objects.filter(rider=demo).count() == before
    # when the rider picks the real photo and submits
    # (from a file: a local browser reads the path itself, no megabytes through the driver)
    shot = tmp_path / "IMG_0001.jpg"
    shot.write_bytes(big)
    page.get_by_test_id("photo").set_input_files(shot)
    page.get_by_test_id("photo-preview").wait_for()
    with page.expect_request(lambda r: r.url.endswith("/photos") and r.method == "POST") as sent:
        page.get_by_test_id("submit-appeal").click()
    page.wait_for_url(re.compile(r"/appeals/rider/\d+/$"))
    # then what went over the network is a small JPEG, at most 1600 px on its longest side
    body = sent.value.post_data_buffer
    assert len(body) <= 400 * 1024 + 1024  # the photo plus the multipart envelope
    photo = AppealPhoto.objects.get(appeal__rider=demo, appeal=Appeal.objects.latest("pk"))
    assert max(photo.width, photo.height) <= 1600
    assert page.get_by_test_id("photos").locator("img").count() == 1


def test_a_photo_is_added_to_a_filed_case_resized_and_a_non_photo_is_refused(demo, phone, tmp_path):
    from redrider.appeals.models import Appeal, AppealPhoto

    # given the rider's own open case, without photos, on the phone
    appeal = Appeal.objects.filter(rider=demo, status="submitted").order_by("-pk").first()
    AppealPhoto.objects.filter(appeal=appeal).delete()
    page = phone()
    sign_in(page)
    page.goto(f"/appeals/rider/{appeal.pk}/")
    # when the rider picks a file that is not a photo
    page.get_by_test_id("add-photo").set_input_files(
        {"name": "notes.jpg", "mimeType": "image/jpeg", "buffer": b"not a picture at all"}
    )
    # then it is refused next to the field and nothing is stored
    page.locator("#photo-result.error").filter(has_text="不是照片").wait_for()
    assert AppealPhoto.objects.filter(appeal=appeal).count() == 0
    # when the rider picks a camera photo of several megabytes
    shot = tmp_path / "IMG_0002.jpg"
    shot.write_bytes(make_photo())
    with page.expect_request(lambda r: r.url.endswith("/photos") and r.method == "POST") as sent:
        page.get_by_test_id("add-photo").set_input_files(shot)
    # then a small JPEG went over the network and the case page shows the photo
    assert len(sent.value.post_data_buffer) <= 400 * 1024 + 1024
    page.get_by_test_id("photos").locator("img").first.wait_for()
    photo = AppealPhoto.objects.get(appeal=appeal)
    assert max(photo.width, photo.height) <= 1600


def test_sign_up_is_one_tap_from_the_login_page_in_three_languages(demo, phone):
    for language, heading in [
        ("zh-hans", "骑手注册"),
        ("en", "Rider registration"),
        ("bo", "ཐོ་འགོད"),
    ]:
        # given the login page in the rider's language at 320 px
        page = phone(width=320, language=language)
        page.goto("/login/")
        # when the rider taps the sign-up link
        page.get_by_test_id("signup-link").click()
        # then the sign-up form is there (with its script: the page has loaded), and fits the phone
        page.wait_for_url(re.compile(r"/riders/h5/register/"), wait_until="load")
        page.get_by_test_id("register-form").wait_for()
        assert heading in page.locator(".rider-top h1").inner_text()
        assert overflow(page) <= 0
        # and the county is picked prefecture first: 市中区 of Neijiang is not Leshan's
        page.wait_for_selector("#region-picker[data-state=ready]")
        page.get_by_test_id("rp-prefecture").select_option(label="内江市")
        counties = page.get_by_test_id("rp-county").locator("option").all_inner_texts()
        assert "市中区" in counties and "东兴区" in counties and "五通桥区" not in counties
        page.context.close()


def test_a_redemption_is_confirmed_and_the_balance_and_stock_change_without_a_reload(demo, phone):
    from redrider.points.models import CatalogueItem, RedemptionOrder

    # given a rider with points on the rewards tab
    page = phone()
    sign_in(page)
    page.goto("/points/")
    page.evaluate("() => { window.__sameVisit = true; }")
    balance = int(page.get_by_test_id("balance").inner_text())
    item_id = int(page.locator(".reward:not(.unavailable)").first.get_attribute("data-item"))
    card = page.locator(f".reward[data-item='{item_id}']")
    item = CatalogueItem.objects.get(pk=item_id)
    stock = item.stock
    # when the rider taps 兑换: nothing happens until confirmed
    card.locator("button.redeem").click()
    assert card.get_by_test_id("reward-confirm").is_visible()
    assert RedemptionOrder.objects.filter(rider=demo, item=item).count() == 0
    card.get_by_test_id("confirm-redeem").click()
    # then the pickup code shows, the balance and the stock change in place (same page visit)
    code = card.get_by_test_id("pickup-code").inner_text()
    assert re.fullmatch(r"\d{8}", code)
    assert int(page.get_by_test_id("balance").inner_text()) == balance - item.cost
    assert f"{stock - 1}" in card.locator(".reward-stock").inner_text()
    assert page.evaluate("() => window.__sameVisit") is True
    assert code in page.get_by_test_id("orders").inner_text()


def test_an_item_that_ran_out_while_the_rider_looked_says_so_and_takes_nothing(demo, phone):
    from redrider.points.models import CatalogueItem, RedemptionOrder

    # given the rewards tab open, and the shown item running out before the rider confirms
    page = phone()
    sign_in(page)
    page.goto("/points/")
    balance = page.get_by_test_id("balance").inner_text()
    item_id = int(page.locator(".reward:not(.unavailable)").first.get_attribute("data-item"))
    card = page.locator(f".reward[data-item='{item_id}']")
    orders = RedemptionOrder.objects.filter(item_id=item_id).count()
    card.locator("button.redeem").click()
    CatalogueItem.objects.filter(pk=item_id).update(stock=0)
    # when the rider confirms
    card.get_by_test_id("confirm-redeem").click()
    # then the card says why, the button is off, and no points or order moved
    card.locator(".form-result.error").wait_for()
    assert card.get_by_test_id("reward-reason").inner_text() != ""
    assert card.locator("button.redeem").is_disabled()
    assert page.get_by_test_id("balance").inner_text() == balance
    assert RedemptionOrder.objects.filter(item_id=item_id).count() == orders


def test_the_offline_base_layer_is_drawn_when_tiles_fail(demo, phone):
    # given a phone whose map tile requests all fail (an intranet, no signal)
    page = phone()
    page.route(
        re.compile(r"https://.*tile.*|https://.*autonavi.*|https://.*tianditu.*"),
        lambda r: r.abort(),
    )
    sign_in(page)
    # when the station tab draws its map
    page.goto("/stations/")
    page.wait_for_selector(".station-item")
    # then the map shows region outlines from our own files instead of a grey box
    page.wait_for_selector("#station-map[data-offline=shown]")
    page.wait_for_selector("#station-map .offline-pane path", state="attached")
    assert page.locator("#station-map .offline-pane path").count() >= 1


def test_the_station_list_shows_within_the_byte_budget_on_a_weak_signal(demo, phone, capsys):
    # given a phone on a 400 kbit/s link with 400 ms round trips, signed in
    page = phone()
    sign_in(page)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 400,
            "downloadThroughput": 50_000,
            "uploadThroughput": 50_000,
        },
    )
    received: dict[str, int] = {}
    finished: list[tuple[float, str]] = []
    cdp.on(
        "Network.loadingFinished",
        lambda e: (
            received.__setitem__(e["requestId"], e["encodedDataLength"]),
            finished.append((e["timestamp"], e["requestId"])),
        ),
    )
    urls: dict[str, str] = {}
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    # when the station tab is opened
    started = time.monotonic()
    page.goto("/stations/", wait_until="commit")
    page.wait_for_selector(".station-item")
    first_item_s = time.monotonic() - started
    stamp = cdp.send("Runtime.evaluate", {"expression": "1"})  # flush pending events
    del stamp
    before = sum(received.values())
    loaded_before = sorted(urls[r] for r in received if r in urls)
    # then what was transferred before the first station showed is within the budget, without
    # the map library or the Tibetan font
    with capsys.disabled():
        print(
            f"\nstation list on 400 kbit/s, 400 ms RTT: first station after {first_item_s:.2f} s, "
            f"{before / 1024:.1f} KB transferred before it ({len(loaded_before)} requests)"
        )
    assert before <= BYTE_BUDGET, json.dumps(loaded_before, indent=1)
    assert not any("leaflet.js" in u for u in loaded_before)
    assert not any("noto-serif-tibetan" in u for u in loaded_before)
