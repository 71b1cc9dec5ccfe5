"""Tibetan rider pages draw with the Tibetan face the app ships (no system font needed)."""

import pytest

from conftest import browser_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tibetan_rider_page_loads_the_shipped_tibetan_font(page, rider, live_server):
    # given a rider who chose Tibetan
    page.context.add_cookies([{"name": "django_language", "value": "bo", "url": live_server.url}])
    browser_login(page, "13800000001")
    # when the 我的 page is drawn
    page.goto("/rider/me/")
    page.evaluate("() => document.fonts.ready")
    # then the Tibetan face is loaded from our static files and used for the heading
    loaded = page.evaluate(
        "() => [...document.fonts].filter(f => f.family.includes('Noto Serif Tibetan') && f.status === 'loaded').length"
    )
    heading = page.locator(".rider-top h1").inner_text()
    assert loaded >= 1
    assert any("\u0f00" <= ch <= "\u0fff" for ch in heading)
    assert page.evaluate("() => document.documentElement.lang") == "bo"
