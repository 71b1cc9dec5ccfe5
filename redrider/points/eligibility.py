"""Benefit eligibility: evaluate a benefit's conditions over one rider's data and say why.

Rider data comes from `riders.Rider` (via `riders.selectors.rider_profile_for_user`), the rider's
certificates (`activities.Certificate`) and ledger (an `exemplar_title` award marks an exemplar).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from redrider.activities.models import Certificate
from redrider.riders.selectors import rider_profile_for_user

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq}
FIELDS = {"housing_fund_months": "公积金缴存月数"}
CERTIFICATES = {"first_aid": "急救培训合格证"}


@dataclass
class RiderFacts:
    """What the conditions may look at, loaded once per rider."""

    has_profile: bool = False
    region_code: str = ""
    fields: dict = field(default_factory=dict)
    certificates: set = field(default_factory=set)
    exemplar: bool = False
    balance: int = 0


def rider_facts(user) -> RiderFacts:
    from .models import Transaction
    from .selectors import rider_balance

    profile = rider_profile_for_user(user)
    facts = RiderFacts(
        has_profile=profile is not None,
        region_code=getattr(profile, "region_code", "") or "",
        fields={"housing_fund_months": getattr(profile, "housing_fund_months", 0) or 0},
        certificates=set(Certificate.objects.filter(rider=user).values_list("kind", flat=True)),
        exemplar=Transaction.objects.filter(
            rider=user, kind="award", rule__code="exemplar_title", reversed_by__isnull=True
        ).exists(),
        balance=rider_balance(user=user),
    )
    return facts


def check(condition: dict, facts: RiderFacts) -> tuple[bool, str]:
    """One condition → (met, reason in the reader's language)."""
    if "field" in condition:
        name, op, want = condition["field"], condition.get("op", ">="), condition.get("value")
        have = facts.fields.get(name)
        label = FIELDS.get(name, name)
        if have is None or want is None or op not in OPS:
            return False, _("无法核验：%(label)s") % {"label": label}
        met = OPS[op](have, want)
        return met, _("%(label)s %(have)s（要求 %(op)s %(want)s）") % {
            "label": label,
            "have": have,
            "op": op,
            "want": want,
        }
    if "certificate" in condition:
        kind = condition["certificate"]
        label = CERTIFICATES.get(kind, kind)
        met = kind in facts.certificates
        return met, (_("已取得%(label)s") if met else _("尚未取得%(label)s")) % {"label": label}
    if "exemplar" in condition:
        met = facts.exemplar == bool(condition["exemplar"])
        return met, _("已获评红骑手典型") if facts.exemplar else _("尚未获评红骑手典型")
    if "points_at_least" in condition:
        want = int(condition["points_at_least"])
        return facts.balance >= want, _("积分余额 %(have)s（要求 ≥ %(want)s）") % {
            "have": facts.balance,
            "want": want,
        }
    return False, _("未知条件")


def evaluate(benefit, facts: RiderFacts) -> dict:
    """`{"eligible", "checks": [{"met", "reason"}]}`; a benefit without conditions is open to all."""
    checks = [
        dict(zip(("met", "reason"), check(c, facts), strict=True)) for c in benefit.conditions or []
    ]
    return {"eligible": all(c["met"] for c in checks), "checks": checks}


def validate_conditions(conditions) -> list[dict]:
    """Refuse conditions this module cannot evaluate (ValueError with the reason)."""
    if not isinstance(conditions, list):
        raise ValueError("conditions must be a list")
    for c in conditions:
        if not isinstance(c, dict):
            raise ValueError("each condition is an object")
        if "field" in c:
            if (
                c["field"] not in FIELDS
                or c.get("op", ">=") not in OPS
                or not isinstance(c.get("value"), int)
            ):
                raise ValueError(f"bad field condition {c}")
        elif "certificate" in c:
            if not isinstance(c["certificate"], str):
                raise ValueError(f"bad certificate condition {c}")
        elif "exemplar" in c:
            if not isinstance(c["exemplar"], bool):
                raise ValueError(f"bad exemplar condition {c}")
        elif "points_at_least" in c:
            if not isinstance(c["points_at_least"], int):
                raise ValueError(f"bad points condition {c}")
        else:
            raise ValueError(f"unknown condition {c}")
    return conditions
