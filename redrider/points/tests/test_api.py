"""The points API: balance, catalogue, redemption refusals, riders cannot move their own points,
orders, fulfilment and benefits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from redrider.core.models import AuditEvent
from redrider.points.integrity import ledger_violations
from redrider.points.models import Account, BenefitApplication, RedemptionOrder, Transaction
from redrider.points.services import benefit_create, item_create
from redrider.points.services.ledger import balance_of
from redrider.riders.tests.factories import make_rider

from .factories import funded_rider

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(county_officer):
    def make(**extra):
        data = dict(name="矿泉水", region_code="510104", cost=30, stock=10)
        data.update(extra)
        return item_create(actor=county_officer, **data)

    return make


def snapshot():
    return (
        Transaction.objects.count(),
        RedemptionOrder.objects.count(),
        list(Account.objects.order_by("pk").values_list("balance", flat=True)),
    )


def test_balance_catalogue_and_a_redemption_with_pickup_code(api, shop):
    # given a rider with 100 points and an item of 30
    rider = funded_rider(100)
    item = shop()
    me = api(rider)
    # when
    catalogue = me.get("/api/v1/points/catalogue").json()
    redeemed = me.post(
        "/api/v1/points/redemptions", {"item_id": item.pk, "quantity": 2}, idempotency_key="r1"
    )
    # then
    assert {"id": item.pk, "name": "矿泉水", "cost": 30, "stock": 10} == {
        k: catalogue["items"][0][k] for k in ("id", "name", "cost", "stock")
    }
    assert redeemed.status_code == 201 and len(redeemed.json()["pickup_code"]) == 8
    assert me.get("/api/v1/points/balance").json() == {"balance": 40}
    history = me.get("/api/v1/points/movements").json()["items"]
    assert [m["amount"] for m in history] == [-60, 100]


@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"quantity": 0}, 422, "invalid_quantity"),
        ({"quantity": -3}, 422, "invalid_quantity"),
        ({"quantity": "x"}, 422, "invalid_input"),
        ({"quantity": 4}, 409, "insufficient_points"),
        ({"item_id": 999999}, 404, "not_found"),
    ],
)
def test_bad_redemptions_answer_4xx_and_write_nothing(api, shop, body, status, code):
    # given 100 points and an item of 30
    rider = funded_rider(100)
    item = shop()
    before = snapshot()
    # when
    response = api(rider).post(
        "/api/v1/points/redemptions",
        {"item_id": item.pk, "quantity": 1, **body},
        idempotency_key="bad",
    )
    # then
    assert response.status_code == status and response.json()["code"] == code
    assert snapshot() == before


def test_an_expired_or_sold_out_item_is_refused(api, shop):
    # given
    rider = funded_rider(100)
    past = shop(
        valid_until=timezone.now() - dt.timedelta(days=1),
        valid_from=timezone.now() - dt.timedelta(days=9),
    )
    empty = shop(stock=0)
    me = api(rider)
    # when / then
    r1 = me.post(
        "/api/v1/points/redemptions", {"item_id": past.pk, "quantity": 1}, idempotency_key="a"
    )
    r2 = me.post(
        "/api/v1/points/redemptions", {"item_id": empty.pk, "quantity": 1}, idempotency_key="b"
    )
    assert (r1.status_code, r1.json()["code"]) == (409, "item_expired")
    assert (r2.status_code, r2.json()["code"]) == (409, "out_of_stock")
    assert balance_of(rider) == 100 and ledger_violations() == []


def test_a_redemption_without_a_key_is_refused(api, shop):
    rider = funded_rider(100)
    response = api(rider).post("/api/v1/points/redemptions", {"item_id": shop().pk, "quantity": 1})
    assert response.status_code == 400 and balance_of(rider) == 100


def test_a_rider_cannot_change_their_own_balance_or_region_through_any_endpoint(api, rider):
    # given a rider with 50 points
    rider = funded_rider(50)
    me = api(rider)
    before = snapshot()
    # when the rider tries every door
    attempts = [
        me.post("/api/v1/points/balance", {"balance": 10**6}, idempotency_key="x1"),
        me.patch("/api/v1/points/balance", {"balance": 10**6}),
        me.post(
            "/api/v1/points/awards",
            {
                "rider_id": rider.pk,
                "rule_code": "manual",
                "source": "me",
                "region_code": "510104",
                "amount": 5000,
            },
            idempotency_key="x2",
        ),
        me.post(
            "/api/v1/points/rules", {"region_code": "510104", "code": "manual", "points": 9999}
        ),
        me.post(
            "/api/v1/points/funds",
            {"name": "mine", "region_code": "510104", "budget_yuan": "1e6"},
            idempotency_key="x3",
        ),
        me.post(
            f"/api/v1/points/transactions/{Transaction.objects.first().pk}/reversal",
            {"reason": "mine"},
            idempotency_key="x4",
        ),
        me.post(
            "/api/v1/points/redemptions",
            {"item_id": 1, "quantity": 1, "balance": 10**6, "region_code": "510107"},
            idempotency_key="x5",
        ),
    ]
    # then every attempt is a 4xx and nothing moved
    assert all(400 <= r.status_code < 500 for r in attempts), [r.status_code for r in attempts]
    assert snapshot() == before
    assert me.get("/api/v1/points/balance").json() == {"balance": 50}


def test_county_officer_cannot_set_rules_but_prefecture_officer_can(
    api, county_officer, prefecture_officer
):
    body = {
        "region_code": "510104",
        "code": "activity_checkin.first_aid",
        "points": 30,
        "monthly_cap": 90,
    }
    assert api(county_officer).post("/api/v1/points/rules", body).status_code == 403
    made = api(prefecture_officer).post("/api/v1/points/rules", body)
    assert made.status_code == 200 and made.json()["monthly_cap"] == 90
    assert (
        api(prefecture_officer).post("/api/v1/points/rules", {**body, "code": "bogus"}).status_code
        == 422
    )


def test_cancel_returns_points_and_stock_and_fulfilment_is_once(api, shop, county_officer):
    # given an order
    rider = funded_rider(100)
    item = shop()
    me = api(rider)
    order = me.post(
        "/api/v1/points/redemptions", {"item_id": item.pk, "quantity": 1}, idempotency_key="o1"
    ).json()
    second = me.post(
        "/api/v1/points/redemptions", {"item_id": item.pk, "quantity": 1}, idempotency_key="o2"
    ).json()
    # when the rider cancels the first and the officer fulfils the second twice
    cancelled = me.post(f"/api/v1/points/orders/{order['id']}/cancel", {}, idempotency_key="c1")
    staff = api(county_officer)
    done = staff.post(
        "/api/v1/points/fulfilments", {"pickup_code": second["pickup_code"]}, idempotency_key="f1"
    )
    twice = staff.post(
        "/api/v1/points/fulfilments", {"pickup_code": second["pickup_code"]}, idempotency_key="f2"
    )
    # then
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert done.status_code == 200 and twice.status_code == 409
    assert balance_of(rider) == 70
    item.refresh_from_db()
    assert item.stock == 9 and ledger_violations() == []
    assert AuditEvent.objects.filter(action="points.order_fulfil").count() == 1


def test_another_county_cannot_fulfil_a_jinjiang_order(api, shop, other_county_officer):
    rider = funded_rider(100)
    order = (
        api(rider)
        .post(
            "/api/v1/points/redemptions",
            {"item_id": shop().pk, "quantity": 1},
            idempotency_key="o1",
        )
        .json()
    )
    response = api(other_county_officer).post(
        "/api/v1/points/fulfilments", {"pickup_code": order["pickup_code"]}, idempotency_key="f"
    )
    assert response.status_code == 404
    assert RedemptionOrder.objects.get(pk=order["id"]).status == "pending"


def test_housing_fund_benefit_shows_why_and_only_eligible_riders_apply(
    api, province_admin, county_officer
):
    # given the Yibin loan subsidy and two Yibin riders with 8 and 3 months paid in
    benefit = benefit_create(
        actor=province_admin,
        name="公积金贷款贴息",
        region_code="511500",
        max_amount_yuan=400000,
        conditions=[{"field": "housing_fund_months", "op": ">=", "value": 6}],
    )
    ok, short = funded_rider(0, name="甲"), funded_rider(0, name="乙")
    make_rider("511502", user=ok, housing_fund_months=8)
    make_rider("511502", user=short, housing_fund_months=3)
    # when
    seen = api(ok).get("/api/v1/points/benefits").json()["items"]
    applied = api(ok).post(f"/api/v1/points/benefits/{benefit.pk}/applications")
    refused = api(short).post(f"/api/v1/points/benefits/{benefit.pk}/applications")
    # then the eligible rider sees why and applies; the other gets 422 with the reason
    assert seen[0]["eligible"] is True and "8" in seen[0]["checks"][0]["reason"]
    assert applied.status_code == 201
    assert refused.status_code == 422 and refused.json()["code"] == "not_eligible"
    assert BenefitApplication.objects.count() == 1
    # and a Jinjiang officer cannot see or decide it, the province admin can
    app_id = applied.json()["id"]
    assert (
        api(county_officer)
        .post(f"/api/v1/points/benefit-applications/{app_id}/decision", {"approve": True})
        .status_code
        == 404
    )
    decided = api(province_admin).post(
        f"/api/v1/points/benefit-applications/{app_id}/decision", {"approve": True, "note": "符合"}
    )
    assert decided.status_code == 200 and decided.json()["status"] == "approved"
