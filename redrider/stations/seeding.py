"""Demo warm stations (DESIGN.md §1, 千个驿站).

* `small`: a few dozen stations, most in Jinjiang (510104) and Wuhou (510107).
* `sichuan`: 1,104 stations — Luzhou's 100 爱心商铺, Suining's 119 共享蜂巢 (off-peak hours),
  Ziyang's 96 (a "5-minute service circle" around its towns), Guangyuan's urban stations on a
  ~1.5 km grid, Chengdu Wenjiang's square station, and the rest around county seats, weighted
  towards where riders work (Chengdu's districts most, prefecture seats next).
* `national`: the Sichuan set plus ~400,000 synthetic stations around every county seat of China
  (names start with 合成, codes with SYN, `is_synthetic=True`) for benchmarks.

Every point's county comes from `county_code_at`, never from the seat it was scattered around.
`demo-host` hosts one Jinjiang station.
"""

from __future__ import annotations

import math
import random
import time

from redrider.regions import tree
from redrider.regions.geocode import county_code_at, county_codes_at
from redrider.regions.models import Region

from .choices import SERVICE_ORDER, StationType
from .models import Station
from .services import index_version_bump
from .validation import h3_cell, services_mask

ORDER = 40
SICHUAN_TOTAL = 1104
NATIONAL_SYNTHETIC = 400_000
HOURS = [
    "24/7",
    "24/7",
    "Mo-Su 08:00-22:00",
    "Mo-Su 09:00-21:00",
    "Mo-Fr 08:30-18:00; Sa,Su 10:00-20:00",
]
COMMON = [
    "water",
    "phone_charging",
    "seats",
    "food_heating",
    "first_aid",
    "rain_gear",
    "wifi",
    "toilet",
    "air_conditioning",
]
STREETS = [
    "人民路",
    "建设路",
    "解放路",
    "滨江路",
    "中山路",
    "新华路",
    "文化路",
    "府河路",
    "春熙路",
    "天府大道",
]


def _offset(rng: random.Random, lat: float, lng: float, sigma_m: float) -> tuple[float, float]:
    dy, dx = rng.gauss(0, sigma_m), rng.gauss(0, sigma_m)
    return lat + dy / 111_320.0, lng + dx / (111_320.0 * math.cos(math.radians(lat)))


def _services(rng: random.Random, extra: tuple[str, ...] = ()) -> list[str]:
    chosen = ["water"] + rng.sample(COMMON[1:], rng.randint(2, 6)) + list(extra)
    if rng.random() < 0.15:
        chosen.append(rng.choice(["ebike_charging", "aed", "repair_tools", "reading", "lockers"]))
    return [code for code in SERVICE_ORDER if code in chosen]


class _Builder:
    """Collects station rows; each point is geocoded, codes are unique and deterministic."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rows: list[Station] = []
        self.codes: set[str] = set()
        self.names: set[str] = set()
        self.counter = 0

    def add(
        self,
        *,
        lat: float,
        lng: float,
        name: str,
        type: str,
        seat: Region | None = None,
        hours: str | None = None,
        services: list[str] | None = None,
        sigma_m: float = 0.0,
        synthetic: bool = False,
    ) -> Station | None:
        rng = self.rng
        county = None
        for _attempt in range(8):
            plat, plng = _offset(rng, lat, lng, sigma_m) if sigma_m else (lat, lng)
            county = county_code_at(plat, plng)
            if county is not None:
                break
            sigma_m /= 2
        if county is None:
            return None
        if seat is not None and county != seat.code and seat.name in name:
            # A point drawn around one seat can land in the next county: the station is named
            # after the county it is in (a 锦江区 station carries 锦江区 in its name).
            here = tree.name_of(county)
            name = name.replace(seat.name, here)
            if name in self.names:
                name = f"{name}（{self.counter + 1}）"
            seat = Region(code=county, name=here, lat=seat.lat, lng=seat.lng)
        self.names.add(name)
        self.counter += 1
        if synthetic:
            code = f"SYN{county}{self.counter:07d}"
        else:
            code = f"YZ{county}{rng.randrange(36**5):05X}{self.counter % 10}"
            while code in self.codes:
                code = f"YZ{county}{rng.randrange(36**5):05X}{self.counter % 10}"
        self.codes.add(code)
        chosen = services if services is not None else _services(rng)
        station = Station(
            code=code,
            name=name,
            type=type,
            lat=plat,
            lng=plng,
            region_code=county,
            h3_cell=h3_cell(plat, plng),
            services=chosen,
            services_mask=services_mask(chosen),
            opening_hours=hours or rng.choice(HOURS),
            capacity=rng.choice([6, 8, 10, 15, 20, 30]),
            area_m2=rng.choice([15, 20, 30, 40, 60, 80]),
            status="open" if rng.random() > 0.03 else rng.choice(["temporarily_closed", "broken"]),
            star_rating=rng.choice([3, 3, 4, 4, 5]) if not synthetic else None,
            address=f"{seat.name if seat else ''}{rng.choice(STREETS)}{rng.randint(1, 399)}号",
            host_organisation=""
            if synthetic
            else rng.choice(["社区党群服务中心", "区总工会", "商户", "商圈党委", "物业公司"]),
            manager_name=""
            if synthetic
            else rng.choice(["王", "李", "张", "刘", "陈", "杨"])
            + rng.choice(["老师", "经理", "站长"]),
            is_synthetic=synthetic,
        )
        self.rows.append(station)
        return station


def _counties(prefix: str) -> list[Region]:
    return list(Region.objects.filter(level="county", code__startswith=prefix).order_by("code"))


def _sichuan(b: _Builder) -> None:
    rng = b.rng
    luzhou, suining, ziyang = _counties("5105"), _counties("5109"), _counties("5120")
    for i in range(100):  # Luzhou: 100 caring shops, half in the central districts
        seat = luzhou[i % 3] if i % 2 == 0 else rng.choice(luzhou)
        b.add(
            lat=seat.lat,
            lng=seat.lng,
            seat=seat,
            sigma_m=2500,
            type=StationType.CARING_SHOP,
            name=f"泸小麒爱心商铺·{seat.name}{i + 1}号",
            hours="Mo-Su 10:00-21:00",
        )
    for i in range(119):  # Suining: shared hives, off-peak hours in shops
        seat = suining[i % 2] if i % 3 else rng.choice(suining)
        b.add(
            lat=seat.lat,
            lng=seat.lng,
            seat=seat,
            sigma_m=2500,
            type=StationType.SHARED_HIVE,
            name=f"共享蜂巢·{seat.name}{i + 1}号",
            hours=rng.choice(["Mo-Su 14:00-17:00", "Mo-Su 14:00-17:00; Mo-Su 20:30-22:00"]),
        )
    for i in range(96):  # Ziyang: 5-minute service circle, ~1 km apart around each town
        seat = ziyang[i % len(ziyang)]
        b.add(
            lat=seat.lat,
            lng=seat.lng,
            seat=seat,
            sigma_m=1800,
            type=rng.choice(
                [StationType.PARTY_SERVICE, StationType.UNION_OUTDOOR, StationType.COMMERCIAL]
            ),
            name=f"资阳五分钟服务圈·{seat.name}{i + 1}号",
        )
    lizhou = Region.objects.get(code="510802")  # Guangyuan's urban district: a 1.5 km grid
    grid = [(r, c) for r in range(-2, 3) for c in range(-2, 3)]
    for r, c in grid:
        lat = lizhou.lat + r * 1500 / 111_320.0
        lng = lizhou.lng + c * 1500 / (111_320.0 * math.cos(math.radians(lizhou.lat)))
        b.add(
            lat=lat,
            lng=lng,
            seat=lizhou,
            type=StationType.PARTY_SERVICE,
            name=f"广元城区驿站·{r + 3}-{c + 3}",
        )
    guangyuan_rest = [c for c in _counties("5108") if c.code != "510802"]
    for i in range(15):
        seat = guangyuan_rest[i % len(guangyuan_rest)]
        b.add(
            lat=seat.lat,
            lng=seat.lng,
            seat=seat,
            sigma_m=1500,
            type=StationType.PARTY_SERVICE,
            name=f"三江骑士驿站·{seat.name}{i + 1}号",
        )
    wenjiang = Region.objects.get(code="510115")
    b.add(
        lat=wenjiang.lat,
        lng=wenjiang.lng,
        seat=wenjiang,
        sigma_m=150,
        type=StationType.PARTY_SERVICE,
        name="温江区广场驿站（温小爱）",
        hours="24/7",
        services=[
            "water",
            "food_heating",
            "phone_charging",
            "ebike_charging",
            "seats",
            "toilet",
            "first_aid",
            "aed",
            "air_conditioning",
            "wifi",
        ],
    )
    special = {"5105", "5109", "5120", "5108"}
    others = [c for c in _counties("51") if c.code[:4] not in special]
    # Riders cluster in Chengdu's central districts, then in prefecture seats.
    weights = []
    for c in others:
        central = c.code[:4] == "5101" and c.code[4:] < "20"
        weights.append(
            12
            if central
            else 4
            if c.code[:4] == "5101"
            else 3
            if c.code.endswith(("02", "03"))
            else 1
        )
    while len(b.rows) < SICHUAN_TOTAL:
        seat = rng.choices(others, weights)[0]
        b.add(
            lat=seat.lat,
            lng=seat.lng,
            seat=seat,
            sigma_m=2200 if seat.code[:4] == "5101" else 1500,
            type=rng.choice(list(StationType.values)),
            name=f"{seat.name}暖心驿站{len(b.rows) + 1}号",
        )


def _small(b: _Builder) -> None:
    rng = b.rng
    jinjiang, wuhou = Region.objects.get(code="510104"), Region.objects.get(code="510107")
    for i in range(14):
        b.add(
            lat=30.6570,
            lng=104.0810,
            seat=jinjiang,
            sigma_m=1500,
            type=rng.choice(list(StationType.values)),
            name=f"锦江区暖心驿站{i + 1}号",
        )
    for i in range(12):
        b.add(
            lat=wuhou.lat,
            lng=wuhou.lng,
            seat=wuhou,
            sigma_m=1500,
            type=rng.choice(list(StationType.values)),
            name=f"武侯区暖心驿站{i + 1}号",
        )
    for seat in _counties("5101")[:8]:
        b.add(
            lat=seat.lat,
            lng=seat.lng,
            seat=seat,
            sigma_m=1000,
            type=StationType.PARTY_SERVICE,
            name=f"{seat.name}党群服务驿站",
        )


def national_rows(
    rng: random.Random, total: int = NATIONAL_SYNTHETIC, start: int = 0
) -> list[Station]:
    """`total` synthetic stations scattered around every county seat of China (bench data).

    Points are drawn first and geocoded in one batch; points that fall outside China (off a
    coastal seat) are dropped, and 3% extra draws (cycling over the seats) make up for them.
    """
    import numpy as np

    counties = list(Region.objects.filter(level="county").order_by("code"))
    per = total // len(counties)
    seats = [
        c
        for i, c in enumerate(counties)
        for _ in range(per + (1 if i < total - per * len(counties) else 0))
    ]
    seats += [counties[i % len(counties)] for i in range(total * 3 // 100)]
    gen = np.random.default_rng(rng.randrange(2**32))
    seat_lat = np.array([s.lat for s in seats])
    seat_lng = np.array([s.lng for s in seats])
    lat = seat_lat + gen.normal(0, 4000, len(seats)) / 111_320.0
    lng = seat_lng + gen.normal(0, 4000, len(seats)) / (111_320.0 * np.cos(np.radians(seat_lat)))
    codes = county_codes_at(lat, lng)
    rows = []
    for i, seat in enumerate(seats):
        if not codes[i]:
            continue
        if len(rows) == total:
            break
        number = start + len(rows) + 1
        chosen = _services(rng)
        plat, plng = float(lat[i]), float(lng[i])
        rows.append(
            Station(
                code=f"SYN{codes[i]}{number:07d}",
                name=f"合成驿站{seat.name}{number}",
                type=StationType.OTHER,
                lat=plat,
                lng=plng,
                region_code=str(codes[i]),
                h3_cell=h3_cell(plat, plng),
                services=chosen,
                services_mask=services_mask(chosen),
                opening_hours=rng.choice(HOURS),
                status="open",
                is_synthetic=True,
            )
        )
    return rows


def seed(ctx) -> None:
    started = time.perf_counter()
    b = _Builder(ctx.rng("stations"))
    host_station = b.add(
        lat=30.6570,
        lng=104.0810,
        seat=None,
        type=StationType.COMMERCIAL,
        name="锦江区春熙路暖心驿站",
        hours="24/7",
        services=[
            "water",
            "food_heating",
            "phone_charging",
            "seats",
            "toilet",
            "first_aid",
            "wifi",
            "air_conditioning",
        ],
    )
    if ctx.scale == "small":
        _small(b)
    else:
        _sichuan(b)
    Station.objects.bulk_create(b.rows, batch_size=2000)
    host = ctx.accounts.get("demo-host")
    if host is not None and host_station is not None:
        Station.objects.get(code=host_station.code).hosts.add(host)
    ctx.shared["demo_host_station_code"] = host_station.code if host_station else None
    count = len(b.rows)
    if ctx.scale == "national":
        total = max(1, int(NATIONAL_SYNTHETIC * ctx.shared.get("national_fraction", 1.0)))
        rows = national_rows(ctx.rng("stations-national"), total=total, start=count)
        Station.objects.bulk_create(rows, batch_size=5000)
        count += len(rows)
    index_version_bump()
    ctx.log(f"stations: {count} stations in {time.perf_counter() - started:.1f}s")


CHECKIN_DAYS = 60


def seed_checkins(ctx) -> None:
    """Check-in history for the last 60 days, so counts and "people here now" are real.

    Riders come from the census seed (`ctx.shared["rider_user_ids"]`); busier at lunch and
    dinner, busier at urban stations. Deterministic for the seed.
    """
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from .models import Checkin

    riders = list(ctx.shared.get("rider_user_ids") or [])
    if not riders:
        return
    rng = ctx.rng("stations-checkins")
    shanghai = ZoneInfo("Asia/Shanghai")
    now = timezone.now()
    stations = list(
        Station.objects.filter(is_synthetic=False, status="open").values_list("pk", "region_code")
    )
    days = 7 if ctx.scale == "small" else CHECKIN_DAYS
    rows = []
    for pk, region in stations:
        busy = 3 if region.startswith("5101") else 1
        for days_ago in range(days):
            for _ in range(rng.randint(0, 2 * busy)):
                hour = rng.choice([11, 12, 12, 13, 14, 15, 17, 18, 18, 19, 20, 22])
                local = (now.astimezone(shanghai) - dt.timedelta(days=days_ago)).replace(
                    hour=hour, minute=rng.randint(0, 59), second=0, microsecond=0
                )
                if local > now.astimezone(shanghai):
                    continue
                rows.append(
                    Checkin(station_id=pk, rider_id=rng.choice(riders), at=local, day=local.date())
                )
    # A few riders at the demo host's station right now, for the live estimate.
    host_code = ctx.shared.get("demo_host_station_code")
    host = Station.objects.filter(code=host_code).first() if host_code else None
    if host is not None:
        for minutes in (3, 9, 17):
            at = now - dt.timedelta(minutes=minutes)
            rows.append(
                Checkin(
                    station=host,
                    rider_id=rng.choice(riders),
                    at=at,
                    day=at.astimezone(shanghai).date(),
                )
            )
    Checkin.objects.bulk_create(rows, batch_size=5000)
    ctx.log(f"stations: {len(rows)} check-ins over {days} days")


SEEDS = [(ORDER, seed), (55, seed_checkins)]
