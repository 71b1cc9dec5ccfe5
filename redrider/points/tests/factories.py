"""Builders for points tests (plain functions: the ledger is written only through services)."""

from __future__ import annotations

from decimal import Decimal

from redrider.accounts.tests.factories import make_rider_user
from redrider.points.models import EarningRule, Fund
from redrider.points.services.ledger import _fund_open


def new_rider(name: str = "骑手"):
    return make_rider_user(name=name)


def fund(region_code: str = "510100", yuan: int = 100_000, name: str = "测试基金") -> Fund:
    return _fund_open(
        actor=None, name=f"{name}{region_code}", region_code=region_code, budget_yuan=Decimal(yuan)
    )


def rule(
    code: str = "activity_checkin",
    points: int = 10,
    region_code: str = "510000",
    monthly_cap: int = 0,
    **extra,
) -> EarningRule:
    return EarningRule.objects.create(
        code=code,
        name=f"规则{code}",
        points=points,
        region_code=region_code,
        monthly_cap=monthly_cap,
        **extra,
    )


def funded_rider(points: int, region_code: str = "510104", name: str = "骑手"):
    """A rider holding exactly `points`, awarded through a manual rule."""
    from redrider.points.services import points_award

    rider = new_rider(name)
    if not Fund.objects.filter(region_code="510000").exists():
        fund("510000", yuan=10_000_000, name="全省基金")
    if not EarningRule.objects.filter(code="manual", region_code="510000").exists():
        rule("manual", points=1, region_code="510000")
    if points:
        points_award(
            actor=None,
            rider_user=rider,
            rule_code="manual",
            source="test:seed",
            region_code=region_code,
            amount=points,
            idempotency_key=f"seed:{rider.pk}",
        )
    return rider
