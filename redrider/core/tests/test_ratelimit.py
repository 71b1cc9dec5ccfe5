"""Rate limits for sign-ins, SMS codes, lists and exports, counted in the shared cache (the
multiprocess drill shows two gunicorn processes sharing them through Redis)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings

from redrider.core import ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def limited(**buckets):
    return override_settings(RATE_LIMITS_ENABLED=True, RATE_LIMITS=buckets)


def test_sign_ins_past_the_limit_answer_429_with_retry_after(client, county_officer):
    # given at most 3 sign-in attempts a minute from one address
    with limited(login=(3, 60)):
        body = {"username": "t-jinjiang", "password": "wrong"}
        answers = [
            client.post("/api/v1/auth/token", body, content_type="application/json")
            for _ in range(4)
        ]
    # then the first three are judged (401) and the fourth refused before any password check
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    assert answers[3].json()["code"] == "rate_limited"
    assert int(answers[3]["Retry-After"]) >= 1


def test_the_sign_in_page_counts_in_the_same_bucket(client, county_officer):
    with limited(login=(2, 60)):
        statuses = [
            client.post("/login/", {"username": "x", "password": "y"}).status_code for _ in range(3)
        ]
    assert statuses[-1] == 429


def test_sms_codes_are_limited_per_address(client):
    with limited(sms=(2, 60)):
        statuses = [
            client.post(
                "/api/v1/riders/public/sms-codes",
                {"phone": f"1390000000{i}"},
                content_type="application/json",
            ).status_code
            for i in range(3)
        ]
    assert statuses[:2] != [429, 429] and statuses[2] == 429


def test_lists_are_limited_per_account_not_per_address(api, rider, county_officer):
    # given two accounts behind one office address and 3 reads a minute each
    mine, other = api(rider), api(county_officer)
    with limited(list=(3, 60)):
        first = [mine.get("/api/v1/points/balance").status_code for _ in range(4)]
        theirs = other.get("/api/v1/stations").status_code
    # then the fourth read of one account is refused and the other account is unaffected
    assert first == [200, 200, 200, 429]
    assert theirs == 200


def test_exports_have_their_own_tighter_limit(api, county_officer):
    client = api(county_officer)
    with limited(export=(1, 600)):
        first = client.get("/api/v1/appeals/export.xlsx").status_code
        second = client.get("/api/v1/appeals/export.xlsx").status_code
    assert first == 200 and second == 429


def test_a_cache_outage_never_refuses_a_request(monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    verdict = ratelimit.hit("list", "ip:1", limit=1, window=60)
    assert verdict.allowed


def test_the_window_resets_the_count():
    assert ratelimit.hit("b", "i", limit=1, window=60, now=120.0).allowed
    assert not ratelimit.hit("b", "i", limit=1, window=60, now=121.0).allowed
    assert ratelimit.hit("b", "i", limit=1, window=60, now=180.0).allowed
