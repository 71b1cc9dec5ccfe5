"""/api/v1/docs works with no internet: Swagger UI comes from our own static files."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_documentation_draws_with_every_other_host_unreachable(page, live_server):
    # given a browser that can reach only this site (conftest aborts every other host)
    outside = []
    page.on("request", lambda r: outside.append(r.url) if live_server.url not in r.url else None)
    # when the API documentation is opened
    page.goto("/api/v1/docs")
    # then Swagger UI draws the operations, asked nothing of another host, broke no CSP rule
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 5
    assert "Red Rider" in page.locator(".title").first.inner_text()
    assert outside == []
