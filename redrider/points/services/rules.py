"""Earning rules: province and prefecture admins configure points per deed in their region."""

from __future__ import annotations

from django.db import transaction

from redrider.accounts.models import User
from redrider.core.audit import audit_record
from redrider.core.errors import InvalidInput, NotFound
from redrider.regions import tree
from redrider.regions.models import Region

from ..choices import RuleCode
from ..models import EarningRule, Fund
from .ledger import require_staff_over

MAX_RULE_POINTS = 10_000


@transaction.atomic
def rule_set(
    *,
    actor: User,
    region_code: str,
    code: str,
    name: str = "",
    points: int,
    monthly_cap: int = 0,
    fund_id: int | None = None,
    active: bool = True,
) -> EarningRule:
    """Create or change the region's rule for `code` (`RuleCode` or `<code>.<theme>`).

    Province admins and prefecture officers over the region only (county staff and riders: 403).
    Rule rows are configuration, not money: changing one never touches past transactions, which
    keep their own amounts.
    """
    require_staff_over(actor, region_code, "points.administer")
    if not Region.objects.filter(code=region_code).exists():
        raise InvalidInput("invalid_region", "行政区划代码无效", "unknown region code")
    base = (code or "").split(".", 1)[0]
    if base not in RuleCode.values or len(code) > 64:
        raise InvalidInput("invalid_rule_code", "规则编码无效", f"unknown rule code {code!r}")
    for value, label in ((points, "points"), (monthly_cap, "monthly_cap")):
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or value < 0
            or value > MAX_RULE_POINTS * 100
        ):
            raise InvalidInput(
                "invalid_points", f"{label} 须为非负整数", f"{label} must be a non-negative integer"
            )
    if points == 0 or points > MAX_RULE_POINTS:
        raise InvalidInput(
            "invalid_points", f"积分须为 1–{MAX_RULE_POINTS}", f"points must be 1–{MAX_RULE_POINTS}"
        )
    fund = None
    if fund_id is not None:
        fund = Fund.objects.filter(pk=fund_id).first()
        if fund is None or not tree.within(region_code, fund.region_code):
            raise NotFound("积分基金", "fund")
    rule, created = EarningRule.objects.update_or_create(
        region_code=region_code,
        code=code,
        defaults={
            "name": (name or RuleCode(base).label)[:128],
            "points": points,
            "monthly_cap": monthly_cap,
            "fund": fund,
            "active": bool(active),
        },
    )
    audit_record(
        actor=actor,
        action="points.rule_set",
        obj=rule,
        detail={"code": code, "points": points, "monthly_cap": monthly_cap, "created": created},
    )
    return rule
