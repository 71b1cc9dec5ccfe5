"""The whole loop in a browser: sign up, check in by QR URL, see the points, redeem, host fulfils."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import RIDER_PHONE, browser_login
from redrider.activities.models import Activity
from redrider.points.models import RedemptionOrder
from redrider.points.services import item_create
from redrider.stations.models import Station

from .factories import fund, rule

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_rider_signs_up_checks_in_redeems_and_the_host_fulfils(
    phone_page, page, rider, station_host, county_officer
):
    # given a first-aid class running now in Jinjiang worth 20 points, and water at a station
    fund("510000", yuan=10_000, name="全省基金")
    rule("activity_checkin", points=20)
    now = timezone.now()
    activity = Activity.objects.create(
        title="急救培训（锦江）",
        theme="first_aid",
        organiser="锦江区市场监管局",
        region_code="510104",
        starts_at=now - dt.timedelta(minutes=10),
        ends_at=now + dt.timedelta(hours=2),
        place="春熙路驿站",
        lat=30.657,
        lng=104.081,
        capacity=10,
        certificate_kind="first_aid",
    )
    station = Station.objects.create(
        code="JJ-T-001", name="春熙路暖心驿站", region_code="510104", lat=30.657, lng=104.081
    )
    station.hosts.add(station_host)
    item_create(
        actor=county_officer, name="矿泉水", region_code="510104", cost=15, stock=5, station=station
    )
    # when the rider signs up on the phone
    browser_login(phone_page, RIDER_PHONE)
    phone_page.goto(reverse("activities:rider_detail", args=[activity.pk]))
    phone_page.get_by_test_id("signup").click()
    assert "已报名" in phone_page.get_by_test_id("my-status").inner_text()
    # and opens the venue QR code's URL and checks in
    phone_page.goto(reverse("activities:rider_checkin", args=[activity.checkin_token]))
    phone_page.get_by_test_id("checkin").click()
    phone_page.get_by_test_id("checkin-result").filter(has_text="+20").wait_for()
    # then the points are there, one tap from every movement
    phone_page.goto(reverse("points:rider_home"))
    assert phone_page.get_by_test_id("balance").inner_text().strip() == "20"
    phone_page.get_by_test_id("history-link").click()
    # (in words: where the points came from, never a ledger key)
    history = phone_page.get_by_test_id("history").inner_text()
    assert f"参加活动「{activity.title}」" in history and "activity:" not in history
    # when the rider redeems the water
    phone_page.goto(reverse("points:rider_home"))
    phone_page.locator("button.redeem").first.click()
    phone_page.get_by_test_id("confirm-redeem").first.click()  # it asks first
    code = phone_page.get_by_test_id("pickup-code").inner_text().strip()
    assert re.fullmatch(r"\d{8}", code)
    # and the station host enters the pickup code
    browser_login(page, "t-host")
    page.goto(reverse("points:host_fulfil"))
    page.get_by_test_id("pickup-input").fill(code)
    page.get_by_test_id("fulfil").click()
    # then the order is fulfilled and the rider has 5 points left
    assert "矿泉水" in page.get_by_test_id("fulfilled").inner_text()
    assert RedemptionOrder.objects.get(pickup_code=code).status == "fulfilled"
    phone_page.goto(reverse("points:rider_home"))
    assert phone_page.get_by_test_id("balance").inner_text().strip() == "5"
