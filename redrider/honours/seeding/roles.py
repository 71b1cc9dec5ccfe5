"""Demo initiative signatures and roles: most riders with an account signed on their phone;
`demo-rider` signed as 宣传员 and 信息员."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from redrider.riders.models import Rider

from ..choices import RiderRole
from ..models import Pledge, RoleTaking
from ..pledge import LETTER_VERSION


def seed(ctx) -> int:
    rng = ctx.rng("honours.roles")
    user_ids = ctx.shared.get("rider_user_ids", [])
    riders = list(Rider.objects.filter(user_id__in=user_ids).order_by("id"))
    demo = ctx.accounts.get("demo-rider")
    now = timezone.now()
    pledges, takings = [], []
    for rider in riders:
        is_demo = demo is not None and rider.user_id == demo.pk
        if not is_demo and rng.random() > 0.6:
            continue
        signed = now - dt.timedelta(days=rng.randint(1, 500))
        pledges.append(
            Pledge(
                rider=rider,
                region_code=rider.region_code,
                version=LETTER_VERSION,
                language=rng.choice(["zh-hans"] * 8 + ["bo", "en"]),
                signed_name=rider.masked_name,
                signed_at=signed,
            )
        )
        roles = (
            [RiderRole.PUBLICIST, RiderRole.INFORMANT]
            if is_demo
            else rng.sample(list(RiderRole), rng.randint(1, 3))
        )
        takings += [
            RoleTaking(rider=rider, region_code=rider.region_code, role=r, since=signed)
            for r in roles
        ]
    Pledge.objects.bulk_create(pledges, batch_size=1000)
    RoleTaking.objects.bulk_create(takings, batch_size=1000)
    return len(pledges)
