"""How the suite-wide scoping test builds and finds each region-owned model of the points app."""

from __future__ import annotations

import datetime as dt
from itertools import count

from django.utils import timezone

from redrider.core.testing import ScopeCase
from redrider.points.models import (
    Benefit,
    BenefitApplication,
    CatalogueItem,
    EarningRule,
    Fund,
    RedemptionOrder,
    Transaction,
)

_n = count(1)


def make_fund(code):
    from .factories import fund

    return fund(code, yuan=100, name=f"基金{next(_n)}")


def make_rule(code):
    return EarningRule.objects.create(
        code=f"manual.{next(_n)}", name="规则", points=5, region_code=code
    )


def make_transaction(code):
    return make_fund(code).account.entries.first().transaction


def make_item(code):
    return CatalogueItem.objects.create(name=f"矿泉水{code}", cost=10, region_code=code)


def item_at_station(host):
    """An item picked up at a Jinjiang station kept by `host`."""
    from redrider.stations.tests.scoping_cases import hosted_station

    station = hosted_station(host)
    return CatalogueItem.objects.create(
        name="驿站矿泉水", cost=10, region_code=station.region_code, station=station
    )


def order_at_station(host):
    """An order to be picked up at a Jinjiang station kept by `host`."""
    return make_order("510104", item=item_at_station(host))


def make_order(code, item=None):
    from redrider.points.services.ledger import account_for_rider, post_transaction, system_account

    from .factories import funded_rider

    rider = funded_rider(10, region_code=code)
    item = item or make_item(code)
    tx = post_transaction(
        kind="redemption",
        region_code=code,
        rider=rider,
        source="test",
        lines=[(account_for_rider(rider), -10), (system_account("redemption"), 10)],
    )
    return RedemptionOrder.objects.create(
        rider=rider,
        item=item,
        quantity=1,
        points=10,
        pickup_code=f"T{next(_n):06d}",
        transaction=tx,
        region_code=code,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )


def make_benefit(code):
    return Benefit.objects.create(
        name=f"惠骑{code}",
        region_code=code,
        conditions=[{"field": "housing_fund_months", "op": ">=", "value": 6}],
    )


def make_application(code):
    from .factories import new_rider

    return BenefitApplication.objects.create(
        benefit=make_benefit(code), rider=new_rider(), region_code=code
    )


CASES = [
    ScopeCase(Fund, make_fund, "/api/v1/points/funds", lambda o: f"/api/v1/points/funds/{o.pk}"),
    ScopeCase(
        EarningRule, make_rule, "/api/v1/points/rules", lambda o: f"/api/v1/points/rules/{o.pk}"
    ),
    ScopeCase(
        Transaction,
        make_transaction,
        "/api/v1/points/transactions",
        lambda o: f"/api/v1/points/transactions/{o.pk}",
    ),
    ScopeCase(
        CatalogueItem,
        make_item,
        "/api/v1/points/items",
        lambda o: f"/api/v1/points/items/{o.pk}",
        at_station=item_at_station,
    ),
    ScopeCase(
        RedemptionOrder,
        make_order,
        "/api/v1/points/orders",
        lambda o: f"/api/v1/points/orders/{o.pk}",
        at_station=order_at_station,
    ),
    ScopeCase(
        Benefit,
        make_benefit,
        "/api/v1/points/benefits/manage",
        lambda o: f"/api/v1/points/benefits/manage/{o.pk}",
    ),
    ScopeCase(
        BenefitApplication,
        make_application,
        "/api/v1/points/benefit-applications",
        lambda o: f"/api/v1/points/benefit-applications/{o.pk}",
    ),
]
