import pytest

from conftest import browser_login, make_staff
from redrider.orgs.tests.scoping_cases import guidance_station
from redrider.stations.tests.scoping_cases import station

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _errors(page) -> list[str]:
    """Every console error of the page (a failed request, a script error)."""
    page.set_default_timeout(60000)  # a busy machine: the cockpit computes every figure
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(str(e)))
    return found


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
    _errors(page)
    guidance_station("510104")
    browser_login(page, prefecture_officer.username)
    page.goto("/dashboard/")
    # when they drill down to 锦江区
    page.wait_for_load_state("networkidle")
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


def test_the_cockpit_draws_cards_with_definitions_trend_and_county_map(page, province_admin):
    # given stations in Chengdu and Mianyang
    errors = _errors(page)
    for code in ("510104", "510107", "510703"):
        station(code)
    browser_login(page, province_admin.username)
    # when the province admin opens the cockpit
    page.goto("/dashboard/")
    # then each card says what it counts
    card = page.locator('[data-key="stations"]')
    assert card.locator("b").inner_text() == "3"
    assert "撤销" in card.locator(".definition").inner_text()
    # and the trend and the county map are drawn (all 183 counties of Sichuan, no tiles)
    page.wait_for_selector("#trend canvas")
    page.wait_for_function("() => document.getElementById('map').dataset.drawn === 'stations'")
    assert int(page.locator("#map").get_attribute("data-units")) == 183
    assert page.locator("#map canvas").count() == 1
    # and nothing went wrong on the way
    assert errors == []


def test_a_click_on_a_prefecture_drills_down(page, province_admin):
    # given the province page with stations in Chengdu and Mianyang
    errors = _errors(page)
    station("510104")
    station("510703")
    browser_login(page, province_admin.username)
    page.goto("/dashboard/")
    page.wait_for_selector("#chart canvas")
    # when the admin ranks by stations and clicks the first bar (Chengdu: the ranking is sorted,
    # ties keep the code order)
    page.select_option("#chart-key", "stations")
    page.wait_for_function("() => document.getElementById('chart').dataset.settled === '暖心驿站'")
    page.locator("#chart").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('chart'))
                 .convertToPixel({seriesIndex: 0}, [0, 0.5])"""
    )
    box = page.locator("#chart").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    # then the cockpit shows that prefecture, with its counties on the map
    page.locator("h1", has_text="成都市").wait_for()
    assert page.locator("#region-focus option:checked").inner_text().strip() == "成都市"
    page.wait_for_function("() => !!document.getElementById('map').dataset.settled")
    assert int(page.locator("#map").get_attribute("data-units")) == 20
    # when they click Jinjiang on the county map (at its label point, 30.615 N 104.115 E)
    page.locator("#map").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('map'))
                 .convertToPixel({seriesIndex: 0}, [104.115, 30.615])"""
    )
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    # then the county's own page opens
    page.locator("h1", has_text="锦江区").wait_for()
    assert errors == []


def test_the_big_screen_fills_1920_by_1080_without_scrolling(browser, live_server, request):
    from conftest import _watched_page

    guidance_station("510104")
    station("510104")
    make_staff("t-screen", "province_admin", "510000")
    gen = _watched_page(browser, live_server, request, viewport={"width": 1920, "height": 1080})
    page = next(gen)
    try:
        errors = _errors(page)
        browser_login(page, "t-screen")
        page.goto("/dashboard/screen/")
        page.wait_for_function("() => Number(document.body.dataset.refreshed || 0) >= 1")
        # then the headline tiles, the ranking, the map and the trend are drawn, dark
        assert page.locator(".screen-kpi").count() >= 12
        for chart in ("screen-rank", "screen-map", "screen-trend", "screen-appeals"):
            assert page.locator(f"#{chart} canvas").count() == 1, chart
        size = page.evaluate(
            """() => ({sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight,
                       cw: document.documentElement.clientWidth, ch: document.documentElement.clientHeight,
                       bg: getComputedStyle(document.body).backgroundColor})"""
        )
        # and nothing scrolls
        assert size["sw"] <= size["cw"] == 1920 and size["sh"] <= size["ch"] == 1080, size
        assert size["bg"] == "rgb(11, 15, 26)"
        # and every panel fits inside the screen
        for box in page.locator(".screen-panel, .screen-kpi").all():
            b = box.bounding_box()
            assert b["x"] + b["width"] <= 1920.5 and b["y"] + b["height"] <= 1080.5
        assert errors == []
    finally:
        next(gen, None)
