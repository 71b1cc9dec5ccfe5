"""Test helpers: stations written straight to the table (with the index token replaced, as the
services do), so large sets are quick to build."""

from __future__ import annotations

import itertools

from redrider.stations.models import Station
from redrider.stations.services import index_version_bump
from redrider.stations.validation import services_mask

_seq = itertools.count(1)


def station_row(
    *,
    lat,
    lng,
    region_code="510104",
    services=(),
    opening_hours="24/7",
    status="open",
    name=None,
    **extra,
) -> Station:
    n = next(_seq)
    return Station(
        code=extra.pop("code", f"TEST{n:07d}"),
        name=name or f"测试驿站{n}",
        lat=lat,
        lng=lng,
        region_code=region_code,
        services=list(services),
        services_mask=services_mask(list(services)),
        opening_hours=opening_hours,
        status=status,
        **extra,
    )


def make_station(**kwargs) -> Station:
    station = station_row(**kwargs)
    station.save()
    index_version_bump()
    return station


def make_stations(rows: list[dict]) -> list[Station]:
    created = Station.objects.bulk_create([station_row(**row) for row in rows], batch_size=2000)
    index_version_bump()
    return created
