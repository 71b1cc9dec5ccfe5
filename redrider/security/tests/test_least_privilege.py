"""Least privilege (issue 10, finding 11): the auditor files nothing, one answer for "missing" and
"not yours", and one-time codes never reach a log."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from redrider.accounts.policy import can
from redrider.appeals.tests.factories import make_appeal
from redrider.points.services import item_create
from redrider.points.tests.factories import funded_rider
from redrider.stations.models import Correction
from redrider.stations.tests.factories import make_station

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_the_auditor_cannot_file_a_station_correction(api, auditor):
    # given a station anyone can find on the map
    station = make_station(lat=30.657, lng=104.081)
    # when the auditor reports it closed
    response = api(auditor).post(
        f"/api/v1/stations/{station.pk}/corrections", {"kind": "closed", "note": "关门了"}
    )
    # then it is refused and nothing is stored
    assert response.status_code == 403, response.content
    assert not Correction.objects.exists()
    assert can(auditor, "stations.correction_submit", station) is False


@pytest.mark.django_db
def test_a_rider_and_the_staff_who_keep_stations_may_still_file_corrections(
    api, rider, county_officer, station_host
):
    # given a station
    station = make_station(lat=30.657, lng=104.081)
    # when a rider, an officer and a host report it
    answers = [
        api(user).post(f"/api/v1/stations/{station.pk}/corrections", {"kind": "closed"}).status_code
        for user in (rider, county_officer, station_host)
    ]
    # then each report lands in the queue
    assert answers == [201, 201, 201]
    assert Correction.objects.count() == 3


@pytest.mark.django_db
def test_staff_get_the_same_404_for_me_too_on_an_open_case_and_on_no_case(api, county_officer):
    # given an open case in the officer's own county and an id that does not exist
    appeal = make_appeal(region_code="510104")
    me = api(county_officer)
    # when the officer presses "me too" on both
    here = {"lat": appeal.lat, "lng": appeal.lng}
    real = me.post(f"/api/v1/appeals/{appeal.pk}/me-too", here)
    missing = me.post(f"/api/v1/appeals/{appeal.pk + 10_000}/me-too", here)
    # then the two answers cannot be told apart
    assert (real.status_code, real.json()["code"]) == (404, "not_found")
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert appeal.supporters.count() == 0


@pytest.fixture
def pending_order(county_officer):
    """A pending order for goods at a Jinjiang station the `station_host` persona does not host."""
    from redrider.points.services import points_redeem

    station = make_station(lat=30.657, lng=104.081)
    item = item_create(
        actor=county_officer, name="矿泉水", region_code="510104", cost=10, stock=5, station=station
    )
    buyer = funded_rider(50)
    return points_redeem(actor=buyer, item_id=item.pk, quantity=1)


@pytest.mark.django_db
def test_a_host_cannot_tell_a_live_pickup_code_from_a_made_up_one(api, station_host, pending_order):
    # given a live code at another station of the host's county, and a code nobody was given
    live = pending_order.pickup_code
    made_up = f"{(int(live) + 1) % 10**8:08d}"
    me = api(station_host)
    # when the host tries both
    a = me.post("/api/v1/points/fulfilments", {"pickup_code": live}, idempotency_key="f1")
    b = me.post("/api/v1/points/fulfilments", {"pickup_code": made_up}, idempotency_key="f2")
    # then both answers are the same 404, and the order is still pending
    assert (
        (a.status_code, a.json()["code"])
        == (b.status_code, b.json()["code"])
        == (
            404,
            "not_found",
        )
    )
    pending_order.refresh_from_db()
    assert pending_order.status == "pending"


@pytest.mark.django_db
def test_a_host_cannot_tell_a_real_order_from_a_made_up_one_by_cancelling(
    api, station_host, pending_order
):
    # given a real order in the host's county and an order id that does not exist
    me = api(station_host)
    # when the host tries to cancel both
    a = me.post(
        f"/api/v1/points/orders/{pending_order.pk}/cancel", {"reason": "x"}, idempotency_key="c1"
    )
    b = me.post(
        f"/api/v1/points/orders/{pending_order.pk + 1000}/cancel",
        {"reason": "x"},
        idempotency_key="c2",
    )
    # then the answers are the same
    assert (a.status_code, a.json()["code"]) == (b.status_code, b.json()["code"])
    assert a.status_code == 404
    pending_order.refresh_from_db()
    assert pending_order.status == "pending"


@pytest.mark.django_db(transaction=True)
def test_a_one_time_code_never_reaches_a_log_line(api, caplog):
    # given every logger listening
    from redrider.core.gateways import get_gateway

    caplog.set_level(logging.DEBUG)
    outbox = get_gateway().outbox
    outbox.clear()
    # when a code is sent (committed, so the gateway really sends it)
    response = api().post("/api/v1/riders/public/sms-codes", {"phone": "13912345678"})
    # then the rider's message carries it, and no log line does
    assert response.status_code == 202, response.content
    code = outbox[-1].params["code"]
    assert len(code) == 6
    assert code not in caplog.text
    assert "13912345678" not in caplog.text
    assert "sms_code" in caplog.text  # the send itself is still visible


def _prod(extra: dict) -> subprocess.CompletedProcess:
    unset = ("DATABASE_URL", "TEST_POSTGRES_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SMS_GATEWAY")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="k" * 20 + "-Prod-Secret-Key-For-The-Check-0123456789abcdefXYZ",
        FIELD_ENCRYPTION_KEY="field-key-for-check",
        BLIND_INDEX_KEY="blind-key-for-check",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
        ALLOWED_HOSTS="redrider.example.gov.cn",
        REDIS_URL="redis://127.0.0.1:6379/5",
        **extra,
    )
    code = "from django.conf import settings; print('gateway', settings.SMS_GATEWAY)"
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "gateway", ["", "redrider.core.gateways.ConsoleGateway"], ids=["unset", "console"]
)
def test_production_refuses_to_start_without_a_carrier_gateway(gateway):
    # when production settings load with no gateway, or the console one
    result = _prod({"SMS_GATEWAY": gateway})
    # then they refuse to start
    assert result.returncode != 0
    assert "SMS_GATEWAY" in result.stderr


def test_production_starts_with_a_carrier_gateway_named():
    result = _prod({"SMS_GATEWAY": "carrier.sms.Gateway"})
    assert result.returncode == 0, result.stderr
    assert "gateway carrier.sms.Gateway" in result.stdout
