"""Demo accounts, one per role and level (demo data only: never in production settings)."""

from __future__ import annotations

from .models import User
from .services import rider_account_create

ORDER = 30

DEMO_STAFF = [
    ("demo-province", "province_admin", "510000", "省级管理员（演示）", True),
    ("demo-chengdu", "prefecture_officer", "510100", "成都市工作人员（演示）", False),
    ("demo-jinjiang", "county_officer", "510104", "锦江区工作人员（演示）", False),
    ("demo-wuhou", "county_officer", "510107", "武侯区工作人员（演示）", False),
    ("demo-instructor", "instructor", "510104", "锦江区指导员（演示）", False),
    ("demo-host", "station_host", "510104", "锦江区驿站站长（演示）", False),
    ("demo-auditor", "auditor", "", "审计员（演示）", False),
]
DEMO_RIDER_PHONE = "13800000001"


def seed(ctx) -> None:
    for username, role, scope, name, pii in DEMO_STAFF:
        user = User(
            username=username,
            role=role,
            scope_code=scope,
            display_name=name,
            can_view_pii=pii,
            can_view_political_status=pii,
            is_staff=role == "province_admin",
        )
        user.set_password(ctx.password)
        user.save()
        ctx.accounts[username] = user
    rider = rider_account_create(
        actor=None,
        phone=DEMO_RIDER_PHONE,
        password=ctx.password,
        display_name="演示骑手",
        username="demo-rider",
    )
    ctx.accounts["demo-rider"] = rider
    ctx.shared["demo_rider_phone"] = DEMO_RIDER_PHONE
    ctx.log(f"accounts: {len(ctx.accounts)} demo accounts")
