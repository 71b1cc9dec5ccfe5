"""Test builders: cases and tip-offs placed directly (bypassing routing) at a county's seat."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from redrider.accounts.tests.factories import make_rider_user
from redrider.regions.models import Region

from ..models import Appeal, AppealEvent, Tipoff

make_rider = make_rider_user  # a rider account (the one builder, in accounts' tests)


def make_appeal(
    *,
    region_code: str = "510104",
    rider=None,
    category: str = "enter_compound",
    status: str = "submitted",
    lat: float | None = None,
    lng: float | None = None,
    submitted_at: dt.datetime | None = None,
    **extra,
) -> Appeal:
    region = Region.objects.get(code=region_code)
    now = submitted_at or timezone.now()
    appeal = Appeal.objects.create(
        rider=rider or make_rider(),
        category=category,
        description="测试诉求",
        status=status,
        lat=region.lat if lat is None else lat,
        lng=region.lng if lng is None else lng,
        region_code=region_code,
        handling_code=extra.pop("handling_code", region_code),
        submitted_at=now,
        accept_due_at=extra.pop("accept_due_at", now + dt.timedelta(days=1)),
        **extra,
    )
    AppealEvent.objects.create(appeal=appeal, at=now, action="submit", to_status="submitted")
    return appeal


def make_tipoff(*, region_code: str = "510104", informant=None, **extra) -> Tipoff:
    region = Region.objects.get(code=region_code)
    return Tipoff.objects.create(
        informant=informant or make_rider(),
        category=extra.pop("category", "kitchen_hygiene"),
        description="后厨脏乱",
        merchant_name=extra.pop("merchant_name", "某某小吃"),
        lat=region.lat,
        lng=region.lng,
        region_code=region_code,
        submitted_at=timezone.now(),
        **extra,
    )
