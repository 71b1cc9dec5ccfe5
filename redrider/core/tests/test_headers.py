"""Security headers (issue 15 item 5): HSTS over HTTPS, no framing, no sniffing, a same-origin
referrer, and `no-store` on every answer that may carry personal data."""

from __future__ import annotations

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_every_page_forbids_framing_sniffing_and_foreign_referrers(client):
    response = client.get("/login/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=(self)" in response["Permissions-Policy"]


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https(client):
    response = client.get("/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_pages_and_api_answers_for_a_signed_in_user_are_never_stored(
    client, api, rider, county_officer
):
    client.force_login(county_officer)
    assert client.get("/console/")["Cache-Control"] == "private, no-store"
    answer = api(rider).get("/api/v1/points/balance")
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]


def test_the_anonymous_sign_in_page_is_not_forced_to_no_store(client):
    # the anonymous sign-in page has no personal data: no header forced on it
    assert "no-store" not in client.get("/login/").get("Cache-Control", "")
