"""Demo census: riders, companies, liaison visits and a survey (synthetic people only).

`sichuan`: 106,000 riders (745 party members) across the 183 counties in proportion to urban
weight (Chengdu's districts heaviest), the platforms and firms, 1,307 companies linked to a
committee member, 1,834 visits with 703 problems solved, and a survey with responses.
`small`: a few hundred riders, mostly in Jinjiang (510104) and Wuhou (510107).
`demo-rider` (13800000001) is a registered rider working in Jinjiang.

Speed: riders are inserted with the import's batch writer (one encryption loop, executemany),
not one `save()` each; the seeder logs its time per part.
"""

from __future__ import annotations

import datetime as dt
import time

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from redrider.accounts.models import User
from redrider.orgs.models import PartyOrganisation
from redrider.regions.models import Region

from . import synthetic
from .choices import CompanyKind, PoliticalStatus, ProblemCategory, RiderSource
from .identity import id_index, name_index, phone_index
from .importing.writer import _executemany, _insert_riders
from .models import (
    Answer,
    Company,
    Platform,
    Problem,
    Question,
    Rider,
    Survey,
    SurveyResponse,
    Visit,
)

ORDER = 50

SICHUAN = {
    "riders": 106_000,
    "party": 745,
    "linked": 1_307,
    "visits": 1_834,
    "solved": 703,
    "problems": 1_020,
    "firms": 420,
    "sites": 1_050,
    "accounts": 500,
    "responses": 3_200,
}
SMALL = {
    "riders": 300,
    "party": 9,
    "linked": 24,
    "visits": 40,
    "solved": 15,
    "problems": 24,
    "firms": 8,
    "sites": 14,
    "accounts": 40,
    "responses": 60,
}
PLATFORM_SHARE = {"meituan": 45, "eleme": 35, "jd": 8, "shansong": 4, "sfintra": 4, "uu": 4}
FIRM_WORDS = ["顺达", "快骑", "锦程", "蜀通", "天府", "飞驰", "安捷", "众联", "同城", "优送"]
SITE_WORDS = [
    "春熙路",
    "太古里",
    "火车站",
    "大学城",
    "万达",
    "滨江",
    "新城",
    "老城",
    "高新",
    "文庙",
]
VISIT_TOPICS = [
    "宣传党的政策和“红骑手”品牌",
    "了解骑手劳动权益保障情况",
    "推动企业建立党组织",
    "协调解决骑手急难愁盼问题",
    "交通安全和食品安全宣传",
    "走访慰问一线骑手",
]
PROBLEMS = {
    ProblemCategory.ENTER_COMPOUND: "小区不让电动车进入，骑手只能步行送餐",
    ProblemCategory.GO_UPSTAIRS: "写字楼禁止骑手乘坐客梯",
    ProblemCategory.PARKING: "商圈周边没有电动车临时停放点",
    ProblemCategory.CHARGING: "站点附近缺少换电柜",
    ProblemCategory.REST: "高温时段缺少休息场所",
    ProblemCategory.RIGHTS: "部分骑手未参加职业伤害保障",
}


def seed(ctx) -> None:
    started = time.perf_counter()
    rng = ctx.rng("riders")
    n = SICHUAN if ctx.scale in ("sichuan", "national") else SMALL
    small = n is SMALL
    counties = list(
        Region.objects.filter(code__startswith="51", level="county")
        .order_by("code")
        .values_list("code", "name", "lat", "lng")
    )
    by_code = {c[0]: c for c in counties}
    codes = [c[0] for c in counties]
    weights = synthetic.county_weights(codes)
    if small:
        weights = [
            40.0 if c in ("510104", "510107") else (1.0 if c.startswith("5101") else 0.0)
            for c in codes
        ]
    platforms = {p.code: p for p in Platform.objects.all()}
    liaisons = _liaisons(ctx, small)

    # Companies: platform branches per prefecture seat, firms and sites where riders are.
    companies: list[Company] = []
    seats = {}
    for code, name, lat, lng in counties:
        seats.setdefault(code[:4], (code, name, lat, lng))
    for prefix, (code, name, lat, lng) in sorted(seats.items()):
        if small and prefix != "5101":
            continue
        for pcode in ("meituan", "eleme"):
            companies.append(
                Company(
                    region_code=code,
                    kind=CompanyKind.PLATFORM,
                    platform=platforms[pcode],
                    name=f"{platforms[pcode].name}{name}运营中心",
                    lat=lat,
                    lng=lng,
                )
            )
    firm_counties = rng.choices(codes, weights=weights, k=n["firms"])
    for i, code in enumerate(firm_counties):
        _c, name, lat, lng = by_code[code]
        companies.append(
            Company(
                region_code=code,
                kind=CompanyKind.THIRD_PARTY,
                name=f"{name}{FIRM_WORDS[i % len(FIRM_WORDS)]}配送服务有限公司{i + 1}",
                platform=platforms["meituan" if i % 2 else "eleme"],
                lat=lat + rng.uniform(-0.03, 0.03),
                lng=lng + rng.uniform(-0.03, 0.03),
            )
        )
    site_counties = rng.choices(codes, weights=weights, k=n["sites"])
    for i, code in enumerate(site_counties):
        _c, name, lat, lng = by_code[code]
        companies.append(
            Company(
                region_code=code,
                kind=CompanyKind.DELIVERY_SITE,
                name=f"{name}{SITE_WORDS[i % len(SITE_WORDS)]}站{i + 1}",
                platform=platforms["meituan" if i % 2 else "eleme"],
                lat=lat + rng.uniform(-0.03, 0.03),
                lng=lng + rng.uniform(-0.03, 0.03),
            )
        )
    for po in PartyOrganisation.objects.filter(region_code__startswith="51"):
        if not small or po.region_code.startswith("5101"):
            companies.append(
                Company(
                    region_code=po.region_code,
                    kind=po.company_kind,
                    name=po.company_name[:128],
                    party_organisation=po,
                )
            )
    companies = _unique(companies)
    today = timezone.localdate()
    linked = rng.sample(companies, min(n["linked"], len(companies)))
    for c in linked:
        pool = (
            liaisons.get(c.region_code)
            or liaisons.get(c.region_code[:4] + "00")
            or liaisons["510000"]
        )
        c.liaison = rng.choice(pool)
        c.liaison_since = today - dt.timedelta(days=rng.randint(30, 700))
    Company.objects.bulk_create(companies, batch_size=1000)
    t_companies = time.perf_counter()

    # Riders.
    firms_in: dict[str, list[int]] = {}
    sites_in: dict[str, list[int]] = {}
    for c in companies:
        if c.kind == CompanyKind.THIRD_PARTY:
            firms_in.setdefault(c.region_code, []).append(c.pk)
        elif c.kind == CompanyKind.DELIVERY_SITE:
            sites_in.setdefault(c.region_code, []).append(c.pk)
    now = timezone.now()
    party = set(rng.sample(range(1, n["riders"]), n["party"] - 1)) | {0}
    picks = rng.choices(codes, weights=weights, k=n["riders"])
    picks[0] = "510104"
    pcodes, pweights = list(PLATFORM_SHARE), list(PLATFORM_SHARE.values())
    riders, links = [], []
    for i in range(n["riders"]):
        code = picks[i]
        number = synthetic.id_number(i, rng)
        phone = ctx.shared.get("demo_rider_phone", "13800000001") if i == 0 else synthetic.phone(i)
        if i and phone == "13800000001":
            phone = synthetic.phone(i + 10_000_000)
        # The number was built valid (stdnum check digit); its facts are read off directly.
        gender, birth_year = ("male" if int(number[16]) % 2 else "female"), int(number[6:10])
        name = "演示骑手" if i == 0 else synthetic.name(rng)
        left = rng.random() < 0.12 and i != 0
        joined = today - dt.timedelta(days=rng.randint(20, 900))
        political = (
            (PoliticalStatus.MEMBER if rng.random() < 0.85 else PoliticalStatus.PROBATIONARY)
            if i in party
            else (PoliticalStatus.LEAGUE if rng.random() < 0.08 else PoliticalStatus.MASSES)
        )
        firms, sites = firms_in.get(code), sites_in.get(code)
        riders.append(
            Rider(
                region_code=code,
                name=name,
                id_number=number,
                phone=phone,
                name_index=name_index(name),
                id_index=id_index(number),
                phone_index=phone_index(phone),
                gender=gender,
                birth_year=birth_year,
                kind="crowd" if rng.random() < 0.55 else "full_time",
                company_id=rng.choice(firms) if firms and rng.random() < 0.7 else None,
                site_id=rng.choice(sites) if sites and rng.random() < 0.6 else None,
                status="left" if left else "active",
                joined_on=joined,
                left_on=min(today, joined + dt.timedelta(days=rng.randint(30, 240)))
                if left
                else None,
                political_status=political,
                mobile_party_member=i in party and rng.random() < 0.3,
                community_organisation=f"{by_code[code][1]}某社区党委"
                if i in party and rng.random() < 0.3
                else "",
                housing_fund_months=rng.choice([0, 0, 0, 2, 4, 6, 8, 12, 18, 24, 36]),
                consent_version="2025-1" if i == 0 else "",
                consent_at=now if i == 0 else None,
                consent_channel="h5" if i == 0 else "",
                source=RiderSource.SEED,
                created_at=now,
                updated_at=now,
            )
        )
        first = rng.choices(pcodes, weights=pweights)[0]
        links.append((i, platforms[first].pk))
        if rng.random() < 0.15:
            second = rng.choice([p for p in pcodes if p != first])
            links.append((i, platforms[second].pk))
    _insert_riders(riders, now)
    ids = dict(Rider.objects.filter(source=RiderSource.SEED).values_list("id_index", "pk"))
    for r in riders:
        r.pk = ids[r.id_index]
    _executemany(
        Rider.platforms.through,
        ["rider_id", "platform_id"],
        [(riders[i].pk, pid) for i, pid in links],
        on_conflict_ignore=True,
    )
    t_riders = time.perf_counter()

    # Accounts for some riders (others register themselves); demo-rider is the first.
    demo = ctx.accounts.get("demo-rider")
    if demo is not None:
        Rider.objects.filter(pk=riders[0].pk).update(user=demo)
    chosen = [r for r in riders[1:] if r.status == "active"][: n["accounts"]]
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"rider-{r.phone_index[:24]}",
                role="rider",
                phone_index=r.phone_index,
                display_name=r.masked_name,
                password=unusable,
            )
            for r in chosen
        ],
        batch_size=1000,
    )
    for r, u in zip(chosen, users, strict=True):
        r.user_id = u.pk
    Rider.objects.bulk_update(chosen, ["user"], batch_size=1000)
    ctx.shared["rider_user_ids"] = ([demo.pk] if demo else []) + [u.pk for u in users]

    _liaison_records(ctx, rng, n, linked, today)
    _survey(ctx, rng, n, riders)
    ctx.log(
        f"riders: {len(riders):,} riders ({len(party)} party members), {len(companies)} companies "
        f"({len(linked)} linked); companies {t_companies - started:.1f}s, riders "
        f"{t_riders - t_companies:.1f}s, rest {time.perf_counter() - t_riders:.1f}s"
    )


def _unique(companies: list[Company]) -> list[Company]:
    seen, out = set(), []
    for c in companies:
        key = (c.region_code, c.kind, c.name)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _liaisons(ctx, small: bool) -> dict[str, list[User]]:
    """Committee members who visit companies: the demo officers, plus (province scale) one
    member per county and prefecture (accounts without a usable password)."""
    pool: dict[str, list[User]] = {}
    for name in ("demo-province", "demo-chengdu", "demo-jinjiang", "demo-wuhou"):
        user = ctx.accounts.get(name)
        if user is not None:
            pool.setdefault(user.scope_code, []).append(user)
    if small:
        pool.setdefault(
            "510000", pool.get("510100", []) or list(User.objects.filter(role="county_officer")[:1])
        )
        return pool
    regions = list(
        Region.objects.filter(
            code__startswith="51", level__in=["county", "prefecture"]
        ).values_list("code", "level", "name")
    )
    unusable = make_password(None)
    members = User.objects.bulk_create(
        [
            User(
                username=f"committee-{code}",
                role="county_officer" if level == "county" else "prefecture_officer",
                scope_code=code,
                display_name=f"{name}综合党委委员",
                password=unusable,
            )
            for code, level, name in regions
        ],
        batch_size=500,
    )
    for user in members:
        pool.setdefault(user.scope_code, []).append(user)
    pool.setdefault(
        "510000",
        [ctx.accounts["demo-province"]] if "demo-province" in ctx.accounts else members[:1],
    )
    return pool


def _liaison_records(ctx, rng, n, linked: list[Company], today) -> None:
    visits = []
    for i in range(n["visits"]):
        company = linked[i % len(linked)] if i < len(linked) else rng.choice(linked)
        visitor = company.liaison
        visits.append(
            Visit(
                region_code=company.region_code,
                company=company,
                visitor=visitor,
                visitor_name=visitor.label,
                recorded_by=visitor,
                on=today - dt.timedelta(days=rng.randint(1, 600)),
                topics=rng.choice(VISIT_TOPICS),
                notes="与企业负责人和骑手代表座谈",
            )
        )
    Visit.objects.bulk_create(visits, batch_size=1000)
    cats = list(PROBLEMS)
    problems = []
    for i, visit in enumerate(rng.sample(visits, min(n["problems"], len(visits)))):
        cat = rng.choice(cats)
        solved = i < n["solved"]
        problems.append(
            Problem(
                region_code=visit.region_code,
                visit=visit,
                company=visit.company,
                category=cat,
                description=PROBLEMS[cat],
                status="solved" if solved else rng.choice(["open", "in_progress"]),
                resolution="已协调相关部门解决" if solved else "",
                solved_on=min(today, visit.on + dt.timedelta(days=rng.randint(3, 60)))
                if solved
                else None,
            )
        )
    Problem.objects.bulk_create(problems, batch_size=1000)


SURVEY_QUESTIONS = [
    ("single", "您主要在哪个平台接单？", ["美团", "饿了么", "京东秒送", "其他"]),
    (
        "multiple",
        "您送餐中遇到的最大困难有哪些？",
        ["进小区难", "上楼难", "停车难", "充电难", "休息难"],
    ),
    ("rating", "您对“暖心驿站”的满意度", []),
    ("number", "您平均每天工作几小时？", []),
    ("single", "您是否愿意参加“红骑手”志愿服务？", ["愿意", "视时间而定", "不愿意"]),
    ("text", "您对骑手工作还有什么建议？", []),
]


def _survey(ctx, rng, n, riders: list[Rider]) -> None:
    author = ctx.accounts.get("demo-province")
    survey = Survey.objects.create(
        region_code="510000",
        title="全省外卖骑手生产生活状况调查问卷",
        intro="了解骑手工作生活情况，更好地为骑手服务。",
        status="open",
        created_by=author,
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                survey=survey,
                position=i,
                kind=k,
                text=t,
                options=o,
                required=k != "text",
                min_value=0 if k == "number" else None,
                max_value=24 if k == "number" else None,
            )
            for i, (k, t, o) in enumerate(SURVEY_QUESTIONS, start=1)
        ]
    )
    sample = rng.sample(riders[1:], min(n["responses"], len(riders) - 1))
    responses = SurveyResponse.objects.bulk_create(
        [SurveyResponse(survey=survey, rider_id=r.pk, region_code=r.region_code) for r in sample],
        batch_size=1000,
    )
    answers = []
    for resp in responses:
        for q in questions:
            if q.kind == "single":
                answers.append(
                    Answer(
                        response=resp,
                        question=q,
                        choices=[
                            rng.choices(
                                range(len(q.options)),
                                weights=[5, 4, 1, 1][: len(q.options)] or None,
                            )[0]
                        ],
                    )
                )
            elif q.kind == "multiple":
                answers.append(
                    Answer(
                        response=resp,
                        question=q,
                        choices=sorted(rng.sample(range(len(q.options)), rng.randint(1, 3))),
                    )
                )
            elif q.kind == "rating":
                answers.append(
                    Answer(
                        response=resp,
                        question=q,
                        number=rng.choices([1, 2, 3, 4, 5], [1, 2, 5, 9, 8])[0],
                    )
                )
            elif q.kind == "number":
                answers.append(Answer(response=resp, question=q, number=rng.randint(6, 14)))
            elif rng.random() < 0.2:
                answers.append(
                    Answer(
                        response=resp,
                        question=q,
                        text=rng.choice(
                            [
                                "希望多建一些驿站",
                                "希望小区给骑手开通道",
                                "希望平台少罚款",
                                "希望有更多培训",
                            ]
                        ),
                    )
                )
    Answer.objects.bulk_create(answers, batch_size=2000)
    ctx.shared["rider_survey_id"] = survey.pk
