"""Demo work system: committees, leading groups, offices with guidance stations, instructors.

At `sichuan` scale the counts are the programme's published figures: province-level
committee and leading group, 19 prefecture "小个专" committees, 17 prefecture leading groups,
11 rider committees, 141 county committees, 1,034 guidance stations, 1,842 instructors and
33 company party organisations.
"""

from __future__ import annotations

import datetime as dt

from redrider.regions.models import Region

from .models import (
    Committee,
    GuidanceStation,
    Instructor,
    LeadingGroup,
    Office,
    PartyOrganisation,
)

ORDER = 20

SICHUAN = {
    "prefecture_xgz": 19,
    "prefecture_groups": 17,
    "rider_committees": 11,
    "county_committees": 141,
    "offices": 1034,
    "instructors": 1842,
    "party_orgs": 33,
}
SMALL = {
    "prefecture_xgz": 2,
    "prefecture_groups": 2,
    "rider_committees": 1,
    "county_committees": 3,
    "offices": 8,
    "instructors": 12,
    "party_orgs": 3,
}
SMALL_COUNTIES = ["510104", "510107", "510703"]  # Jinjiang, Wuhou (Chengdu); Fucheng (Mianyang)

AREAS = [
    "城关",
    "东城",
    "西城",
    "南城",
    "北城",
    "新城",
    "河东",
    "河西",
    "滨江",
    "高新",
    "城南",
    "城北",
    "东街",
    "西街",
    "中和",
    "新华",
    "永丰",
    "长安",
    "龙泉",
    "金山",
    "太平",
    "和平",
    "兴隆",
    "青龙",
    "白马",
    "双河",
    "石桥",
    "马鞍",
    "凤凰",
    "清泉",
    "大观",
    "顺河",
    "光明",
    "红星",
    "三星",
    "五里",
    "七里",
    "九龙",
    "桂花",
    "莲花",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌鹏辉俊峰林琳雪梅晨宇浩然"
COMPANIES = [
    ("美团", "platform"),
    ("饿了么", "platform"),
    ("顺丰同城", "third_party"),
    ("达达快送", "third_party"),
    ("闪送", "third_party"),
    ("UU跑腿", "third_party"),
]


def person_name(rng) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def spread(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` into integers proportional to `weights` (largest remainders), each ≥ minimum."""
    base = [minimum] * len(weights)
    left = total - minimum * len(weights)
    wsum = sum(weights)
    shares = [left * w / wsum for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in order[: left - sum(counts)]:
        counts[i] += 1
    return [b + c for b, c in zip(base, counts, strict=True)]


def county_weight(region: Region) -> float:
    """Rough urban weight: districts of prefecture seats (市辖区) are denser than counties."""
    weight = 3.0 if region.name.endswith("区") else 1.0
    if region.code.startswith("5101"):
        weight *= 2.5  # Chengdu holds about a third of the province's riders
    return weight


def seed(ctx) -> None:
    rng = ctx.rng("orgs")
    n = SICHUAN if ctx.scale in ("sichuan", "national") else SMALL
    province = Region.objects.get(code="510000")
    prefectures = list(Region.objects.filter(parent=province, level="prefecture").order_by("code"))
    if ctx.scale == "small":
        counties = list(Region.objects.filter(code__in=SMALL_COUNTIES).order_by("code"))
        prefectures = [p for p in prefectures if p.code in {c.parent_id for c in counties}]
    else:
        counties = list(
            Region.objects.filter(code__startswith="51", level="county").order_by("code")
        )

    Committee.objects.create(
        region_code="510000",
        level="province",
        kind="xiaogezhuan",
        name="四川省市场监管局“小个专”综合党委",
        secretary=person_name(rng),
    )
    LeadingGroup.objects.create(
        region_code="510000",
        level="province",
        name="四川省外卖配送员群体党建工作领导小组",
        leader=person_name(rng),
    )
    pick = lambda items, k: sorted(rng.sample(items, min(k, len(items))), key=lambda r: r.code)  # noqa: E731
    Committee.objects.bulk_create(
        [
            Committee(
                region_code=p.code,
                level="prefecture",
                kind="xiaogezhuan",
                name=f"{p.name}“小个专”综合党委",
                secretary=person_name(rng),
            )
            for p in pick(prefectures, n["prefecture_xgz"])
        ]
        + [
            Committee(
                region_code=p.code,
                level="prefecture",
                kind="rider",
                name=f"{p.name}外卖配送员群体综合党委",
                secretary=person_name(rng),
            )
            for p in pick(prefectures, n["rider_committees"])
        ]
        + [
            Committee(
                region_code=c.code,
                level="county",
                kind="xiaogezhuan",
                name=f"{c.name}“小个专”综合党委",
                secretary=person_name(rng),
            )
            for c in pick(counties, n["county_committees"])
        ]
    )
    LeadingGroup.objects.bulk_create(
        [
            LeadingGroup(
                region_code=p.code,
                level="prefecture",
                leader=person_name(rng),
                name=f"{p.name}外卖配送员群体党建工作领导小组",
            )
            for p in pick(prefectures, n["prefecture_groups"])
        ]
    )

    per_county = spread(n["offices"], [county_weight(c) for c in counties], minimum=1)
    offices = []
    for county, count in zip(counties, per_county, strict=True):
        areas = rng.sample(AREAS, min(count, len(AREAS)))
        for i in range(count):
            area = areas[i] if i < len(areas) else f"第{i + 1}"
            offices.append(
                Office(
                    region_code=county.code,
                    name=f"{county.name}{area}市场监管所",
                    lat=county.lat + rng.gauss(0, 0.03),
                    lng=county.lng + rng.gauss(0, 0.03),
                    address=f"{county.name}{area}街道{rng.randint(1, 300)}号",
                )
            )
    Office.objects.bulk_create(offices, batch_size=1000)
    offices = list(Office.objects.order_by("id"))
    today = dt.date(2026, 11, 1)

    def maybe_date(p: float):
        return today - dt.timedelta(days=rng.randint(30, 900)) if rng.random() < p else None

    GuidanceStation.objects.bulk_create(
        [
            GuidanceStation(
                office=o,
                region_code=o.region_code,
                name=o.name.replace("市场监管所", "党建指导站"),
                signage_on=maybe_date(0.97),
                rules_on=maybe_date(0.93),
                staffing_on=maybe_date(0.99),
                ledger_on=maybe_date(0.9),
            )
            for o in offices
        ],
        batch_size=1000,
    )
    stations = list(GuidanceStation.objects.order_by("id"))
    extra = n["instructors"] - len(stations)
    seats = stations + [stations[i] for i in sorted(rng.sample(range(len(stations)), extra))]
    Instructor.objects.bulk_create(
        [
            Instructor(
                station=s,
                region_code=s.region_code,
                name=person_name(rng),
                kind="full_time" if rng.random() < 0.35 else "part_time",
            )
            for s in seats
        ],
        batch_size=1000,
    )
    ctx.shared["guidance_stations"] = len(stations)

    org_counties = rng.sample(counties, min(n["party_orgs"], len(counties)))
    PartyOrganisation.objects.bulk_create(
        [
            PartyOrganisation(
                region_code=c.code,
                company_name=f"{company}{c.name}站",
                company_kind=kind,
                name=f"{company}{c.name}站党支部",
                members=rng.randint(3, 40),
            )
            for c, (company, kind) in ((c, rng.choice(COMPANIES)) for c in org_counties)
        ]
    )
    ctx.log(f"orgs: {len(offices)} offices, {len(seats)} instructors")


def link_demo_instructor(ctx) -> None:
    """The demo instructor account (made by the accounts seeding) is Jinjiang's first instructor."""
    account = ctx.accounts.get("demo-instructor")
    instructor = Instructor.objects.filter(region_code="510104").order_by("id").first()
    if account is not None and instructor is not None:
        instructor.user = account
        instructor.name = account.display_name
        instructor.save(update_fields=["user", "name"])


# The instructor link waits for the demo accounts (accounts seed at 30).
SEEDS = [(ORDER, seed), (31, link_demo_instructor)]
