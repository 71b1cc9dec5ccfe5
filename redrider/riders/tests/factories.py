"""Test builders for the rider census."""

from __future__ import annotations

import datetime as dt
import itertools

from redrider.riders.identity import (
    check_id_number,
    id_index,
    make_id_number,
    name_index,
    phone_index,
)
from redrider.riders.models import Company, Rider

_serial = itertools.count(1)


def new_id_number(region: str = "510104") -> str:
    n = next(_serial)
    return make_id_number(region, dt.date(1990, 1, 1) + dt.timedelta(days=n % 5000), n)


def new_phone() -> str:
    return f"139{next(_serial) + 10000000:08d}"


def make_rider(
    region_code: str = "510104",
    *,
    name: str = "张三丰",
    id_number: str | None = None,
    phone: str | None = None,
    **extra,
) -> Rider:
    id_number = id_number or new_id_number()
    phone = phone or new_phone()
    facts = check_id_number(id_number)
    platforms = extra.pop("platforms", [])
    rider = Rider.objects.create(
        region_code=region_code,
        name=name,
        id_number=facts.number,
        phone=phone,
        name_index=name_index(name),
        id_index=id_index(facts.number),
        phone_index=phone_index(phone),
        gender=facts.gender,
        birth_year=facts.birth_year,
        **extra,
    )
    if platforms:
        rider.platforms.set(platforms)
    return rider


def make_company(
    region_code: str = "510104", *, name: str | None = None, kind: str = "third_party", **extra
) -> Company:
    return Company.objects.create(
        region_code=region_code, name=name or f"测试配送{next(_serial)}", kind=kind, **extra
    )
