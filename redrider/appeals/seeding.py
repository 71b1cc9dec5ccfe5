"""Demo appeals and tip-offs (synthetic riders, real county seats and realistic hotspots).

`sichuan`: 1,000 appeals across the province in every state, 703 of them solved (resolved or
confirmed, the programme's published figure), hotspots at compound gates in Chengdu and Mianyang
and office towers in Chengdu's high-tech zone, some overdue and escalated; 120 tip-offs.
`small`: a few dozen appeals and six tip-offs in Jinjiang (510104) and Wuhou (510107).
History is written in bulk (events dated in the past); live writes go through the services.
"""

from __future__ import annotations

import datetime as dt
import math

from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.services import rider_account_create
from redrider.geo.distance import haversine_m
from redrider.orgs.models import Committee, Office
from redrider.regions.geocode import county_code_at
from redrider.regions.models import Region

from .choices import CATEGORY_RULES, RouteTo, TipoffCategory
from .models import Appeal, AppealEvent, AppealSupporter, Tipoff, TipoffReward
from .workdays import add_working_days

ORDER = 60
OPEN = ("submitted", "accepted", "in_progress")

# (name, lat, lng, category, cases) — WGS-84 points of real places, cases filed at each gate.
HOTSPOTS_SICHUAN = [
    ("锦江区某花园小区东门", 30.6300, 104.1000, "enter_compound", 24),
    ("武侯区某苑小区北门", 30.6335, 104.0420, "enter_compound", 18),
    ("成华区某城小区南门", 30.6720, 104.1120, "enter_compound", 15),
    ("锦江区春熙路商圈", 30.6570, 104.0810, "parking", 12),
    ("金牛区某里小区西门", 30.7010, 104.0530, "enter_compound", 12),
    ("武侯区（高新）天府软件园写字楼", 30.5440, 104.0700, "go_upstairs", 20),
    ("武侯区（高新）金融城写字楼", 30.5800, 104.0630, "go_upstairs", 14),
    ("涪城区某小区正门", 31.4620, 104.7450, "enter_compound", 16),
    ("涪城区商业街周边", 31.4650, 104.7300, "parking", 10),
]
HOTSPOTS_SMALL = [
    ("锦江区某花园小区东门", 30.6300, 104.1000, "enter_compound", 6),
    ("武侯区某苑小区北门", 30.6335, 104.0420, "enter_compound", 4),
]
TEXTS = {
    "enter_compound": [
        "保安不让电动车进小区，只能步行送",
        "小区门禁不开放，等了十分钟",
        "物业要求登记身份证才让进",
    ],
    "go_upstairs": ["写字楼不让骑手坐电梯", "只能放在一楼前台，顾客投诉", "要求走消防通道上二十楼"],
    "parking": ["门口没有临时停车点，被贴条", "商场周边禁停，取餐困难"],
    "charging": ["附近没有换电柜，电量不够", "充电桩常年坏着"],
    "rest": ["中午没有地方休息", "下雨没有避雨的地方"],
    "meals": ["附近没有平价餐食", "饭点忙完没地方吃饭"],
    "rights": ["站点拖欠工资两个月", "意外险没有缴纳", "送餐摔伤，平台不认定"],
    "traffic_safety": ["这个路口红绿灯时间太短", "非机动车道被占用，很危险"],
    "other": ["希望增加饮水点", "希望开展急救培训"],
}
WEIGHTS = {
    "enter_compound": 30,
    "go_upstairs": 18,
    "parking": 16,
    "charging": 9,
    "rest": 8,
    "meals": 5,
    "rights": 7,
    "traffic_safety": 5,
    "other": 2,
}
STATUS_PLAN_SICHUAN = {
    "confirmed": 560,
    "resolved": 143,
    "submitted": 90,
    "accepted": 60,
    "in_progress": 90,
    "rejected": 30,
    "merged": 27,
}
STATUS_PLAN_SMALL = {
    "confirmed": 12,
    "resolved": 6,
    "submitted": 6,
    "accepted": 4,
    "in_progress": 5,
    "rejected": 2,
    "merged": 1,
}
RESOLUTIONS = [
    "已协调物业开放侧门并设置骑手通道",
    "已与楼宇物业约定骑手专用电梯时段",
    "已在门口划设临时停车位",
    "已协调平台补缴保险",
    "已在附近驿站增设休息点",
]


def _riders(ctx, n: int) -> list[User]:
    """Riders seeded by the census app when present, else synthetic ones (1380000xxxx)."""
    ids = list(ctx.shared.get("rider_user_ids", []))[:n]
    users = list(User.objects.filter(pk__in=ids, role="rider")) if ids else []
    for i in range(len(users), n):
        users.append(
            rider_account_create(
                actor=None,
                phone=f"1380000{2000 + i:04d}",
                password=None,
                display_name=f"演示骑手{i + 1}",
            )
        )
    return users


def seed(ctx) -> None:
    rng = ctx.rng("appeals")
    small = ctx.scale == "small"
    plan = dict(STATUS_PLAN_SMALL if small else STATUS_PLAN_SICHUAN)
    if ctx.accounts.get("demo-rider") and ctx.accounts.get("demo-jinjiang"):
        plan["confirmed"] -= 1  # demo-rider's own resolved case (below) is the last solved one
    hotspots = HOTSPOTS_SMALL if small else HOTSPOTS_SICHUAN
    if small:
        counties = list(Region.objects.filter(code__in=["510104", "510107"]).order_by("code"))
    else:
        counties = list(
            Region.objects.filter(code__startswith="51", level="county").order_by("code")
        )
    weights = [
        (3.0 if c.name.endswith("区") else 1.0) * (3 if c.code.startswith("5101") else 1)
        for c in counties
    ]
    riders = _riders(ctx, 24 if small else 400)
    offices: dict[str, list[Office]] = {}
    for o in Office.objects.filter(guidance_station__isnull=False, lat__isnull=False).order_by(
        "id"
    ):
        offices.setdefault(o.region_code, []).append(o)
    committees = {c.region_code: c for c in Committee.objects.filter(level="county").order_by("id")}
    parents = dict(Region.objects.filter(parent__isnull=False).values_list("code", "parent_id"))
    staff = ctx.accounts.get("demo-jinjiang")
    now = timezone.now()

    # Places: hotspot gates first, then scattered around county seats.
    total = sum(plan.values())
    places: list[tuple[str, float, float, Region | None]] = []
    for _name, lat, lng, category, n in hotspots:
        for _ in range(n):
            places.append((category, lat + rng.gauss(0, 0.0003), lng + rng.gauss(0, 0.0003), None))
    cats, cat_w = list(WEIGHTS), list(WEIGHTS.values())
    while len(places) < total:
        county = rng.choices(counties, weights)[0]
        for _try in range(8):  # stay inside the chosen county (urban districts are small)
            lat, lng = county.lat + rng.gauss(0, 0.015), county.lng + rng.gauss(0, 0.015)
            if county_code_at(lat, lng) == county.code:
                break
        else:
            lat, lng = county.lat, county.lng
        places.append((rng.choices(cats, cat_w)[0], lat, lng, county))
    statuses = [s for s, n in plan.items() for _ in range(n)]
    rng.shuffle(statuses)
    # Hotspot cases (the first `hot` places) are mostly still open: that is what makes them a
    # hotspot on the staff map. Swap open statuses in from the scattered cases.
    hot = sum(h[4] for h in hotspots)
    spare = [j for j in range(hot, len(statuses)) if statuses[j] in OPEN]
    for i in range(hot):
        if statuses[i] not in OPEN and spare and rng.random() < 0.7:
            j = spare.pop()
            statuses[i], statuses[j] = statuses[j], statuses[i]

    appeals = []
    for (category, lat, lng, county), status in zip(places, statuses, strict=True):
        code = county_code_at(lat, lng) or ""
        if county is not None and code != county.code:
            code, lat, lng = county.code, county.lat, county.lng  # a seat off its own polygon
        rule = CATEGORY_RULES[category]
        is_open = status in OPEN
        # Resolved-but-unconfirmed cases are recent: riders confirm within a few weeks.
        age = (
            rng.uniform(0.2, 12)
            if is_open
            else rng.uniform(3, 19)
            if status == "resolved"
            else rng.uniform(5, 540)
        )
        submitted = now - dt.timedelta(days=age)
        accepted = (
            submitted + dt.timedelta(hours=rng.uniform(1, 30))
            if status not in ("submitted", "rejected")
            else None
        )
        resolved = (
            accepted + dt.timedelta(days=rng.uniform(1, 18))
            if accepted and status in ("resolved", "confirmed")
            else None
        )
        if resolved and resolved > now:
            resolved = now - dt.timedelta(hours=1)
        if status == "resolved" and resolved and (now - resolved).days > 20:
            status = "confirmed"  # riders answer within weeks; old ones count as confirmed
        office = committee = None
        county_offices = offices.get(code, [])
        nearest = min(
            county_offices, key=lambda o: haversine_m(lat, lng, o.lat, o.lng), default=None
        )
        if rule.route_to == RouteTo.OFFICE:
            office = nearest
            committee = None if office else committees.get(code)
        else:
            committee = committees.get(code)
            office = None if committee else nearest
        appeal = Appeal(
            rider=rng.choice(riders),
            category=category,
            lat=lat,
            lng=lng,
            status=status,
            description=rng.choice(TEXTS[category]),
            region_code=code,
            handling_code=code,
            assigned_office=office,
            assigned_committee=committee,
            submitted_at=submitted,
            accept_due_at=add_working_days(submitted, rule.accept_days),
            accepted_at=accepted,
            resolved_at=resolved,
            resolve_due_at=add_working_days(accepted, rule.resolve_days) if accepted else None,
            closed_at=(
                resolved + dt.timedelta(days=rng.uniform(0.1, 3))
                if status == "confirmed"
                else submitted + dt.timedelta(days=1)
                if status in ("rejected", "merged")
                else None
            ),
            satisfaction=rng.choices([5, 4, 3, 2], [70, 20, 7, 3])[0]
            if status == "confirmed"
            else None,
        )
        if appeal.closed_at and appeal.closed_at > now:
            appeal.closed_at = now
        due = appeal.accept_due_at if status == "submitted" else appeal.resolve_due_at
        if is_open and due and due < now and code in parents:
            appeal.handling_code = parents[code]
            appeal.escalation_level = 1
            appeal.escalated_at = due + dt.timedelta(hours=1)
            # As the daily run does: the level above gets a fresh window from the escalation.
            window = rule.accept_days if status == "submitted" else rule.resolve_days
            if status == "submitted":
                appeal.accept_due_at = add_working_days(appeal.escalated_at, window)
            else:
                appeal.resolve_due_at = add_working_days(appeal.escalated_at, window)
        appeals.append(appeal)
    Appeal.objects.bulk_create(appeals, batch_size=500)

    label = staff.label if staff else "县级工作人员"
    merged_targets: dict[tuple[str, str], Appeal] = {}
    for a in appeals:
        if a.status in ("submitted", "accepted", "in_progress"):
            merged_targets.setdefault((a.region_code, a.category), a)
    events = []
    for a in appeals:
        steps = [("submit", "", "submitted", a.submitted_at, "", a.rider.label)]
        if a.accepted_at:
            steps.append(("accept", "submitted", "accepted", a.accepted_at, "", label))
            if a.status in ("in_progress", "resolved", "confirmed"):
                steps.append(
                    (
                        "start",
                        "accepted",
                        "in_progress",
                        a.accepted_at + dt.timedelta(hours=2),
                        "",
                        label,
                    )
                )
        if a.resolved_at:
            steps.append(
                (
                    "resolve",
                    "in_progress",
                    "resolved",
                    a.resolved_at,
                    rng.choice(RESOLUTIONS),
                    label,
                )
            )
        if a.status == "confirmed":
            steps.append(("confirm", "resolved", "confirmed", a.closed_at, "", a.rider.label))
        if a.status == "rejected":
            steps.append(
                (
                    "reject",
                    "submitted",
                    "rejected",
                    a.closed_at,
                    "不属于本平台受理范围，已告知相关部门电话",
                    label,
                )
            )
        if a.status == "merged":
            target = merged_targets.get((a.region_code, a.category))
            if target is not None and target.pk != a.pk:
                a.merged_into = target
            steps.append(("merge", "submitted", "merged", a.closed_at, "同一问题合并办理", label))
        if a.escalation_level:
            steps.append(("escalate", "", "", a.escalated_at, "逾期未办，升级至上级", "system"))
        events += [
            AppealEvent(
                appeal=a,
                action=s[0],
                from_status=s[1],
                to_status=s[2],
                at=s[3],
                note=s[4],
                actor_label=s[5],
            )
            for s in steps
        ]
    AppealEvent.objects.bulk_create(events, batch_size=2000)
    Appeal.objects.bulk_update([a for a in appeals if a.merged_into_id], ["merged_into"])

    # "Me too": riders joining open hotspot cases.
    supporters = set()
    open_hot = [a for a in appeals if a.status in ("submitted", "accepted", "in_progress")]
    for a in rng.sample(open_hot, min(len(open_hot), 40 if not small else 5)):
        for r in rng.sample(riders, 3):
            if r.pk != a.rider_id:
                supporters.add((a.pk, r.pk))
    AppealSupporter.objects.bulk_create(
        [AppealSupporter(appeal_id=a, rider_id=r) for a, r in sorted(supporters)]
    )

    _seed_demo_rider(ctx, now)
    n_tips = _seed_tipoffs(ctx, rng, counties, weights, riders, offices, now, 6 if small else 120)
    solved = Appeal.objects.filter(status__in=["resolved", "confirmed"]).count()
    ctx.shared["appeals_solved"] = solved
    ctx.log(f"appeals: {Appeal.objects.count()} appeals ({solved} solved), {n_tips} tip-offs")


def _seed_demo_rider(ctx, now) -> None:
    """demo-rider's own cases in Jinjiang, so the rider tab shows every kind of step."""
    from . import services

    rider = ctx.accounts.get("demo-rider")
    officer = ctx.accounts.get("demo-jinjiang")
    if rider is None or officer is None:
        return
    seat = Region.objects.get(code="510104")
    made = []
    for category, text in [
        ("enter_compound", "东门保安不让电动车进"),
        ("parking", "春熙路取餐点没有临时停车位"),
        ("rest", "中午没有地方休息"),
    ]:
        made.append(
            services.appeal_create(
                actor=rider,
                category=category,
                description=text,
                lat=seat.lat + 0.001 * len(made),
                lng=seat.lng,
            )
        )
    first, second, _third = made
    for action, note in [
        ("accept", ""),
        ("start", ""),
        ("resolve", "已与物业协商开放东门骑手通道"),
    ]:
        services.appeal_transition(actor=officer, appeal=first, action=action, note=note)
    services.appeal_transition(actor=officer, appeal=second, action="accept", note="已联系街道")


def _seed_tipoffs(ctx, rng, counties, weights, riders, offices, now, n: int) -> int:
    names = ["好味道小炒", "川味人家", "老王麻辣烫", "幸福便当", "阿强烧烤", "小李米线", "巴蜀冒菜"]
    tips, rewards = [], []
    for i in range(n):
        county = rng.choices(counties, weights)[0]
        lat, lng = county.lat + rng.gauss(0, 0.01), county.lng + rng.gauss(0, 0.01)
        code = county_code_at(lat, lng)
        if code != county.code:
            code, lat, lng = county.code, county.lat, county.lng
        status = rng.choices(["submitted", "verifying", "closed"], [2, 2, 6])[0]
        outcome = rng.choices(["founded", "unfounded"], [6, 4])[0] if status == "closed" else ""
        submitted = now - dt.timedelta(days=rng.uniform(1, 300))
        near = min(
            offices.get(code, []), key=lambda o: math.hypot(o.lat - lat, o.lng - lng), default=None
        )
        tips.append(
            Tipoff(
                informant=rng.choice(riders),
                category=rng.choice(TipoffCategory.values),
                description="平台上有店铺但现场找不到门面"
                if i % 3 == 0
                else "后厨卫生状况差，餐具未消毒",
                merchant_name=f"{rng.choice(names)}{i + 1}号店",
                platform=rng.choice(["meituan", "eleme"]),
                platform_shop=f"{rng.choice(names)}（{county.name}店）",
                merchant_address=f"{county.name}某街{rng.randint(1, 300)}号",
                lat=lat,
                lng=lng,
                region_code=code,
                assigned_office=near,
                status=status,
                outcome=outcome,
                outcome_note="现场检查属实，已责令整改"
                if outcome == "founded"
                else ("现场核查未发现问题" if outcome else ""),
                submitted_at=submitted,
                verified_at=submitted + dt.timedelta(days=3) if status == "closed" else None,
            )
        )
    Tipoff.objects.bulk_create(tips, batch_size=500)
    for t in tips:
        if t.outcome == "founded":
            rewards.append(
                TipoffReward(
                    tipoff=t, rider=t.informant, points=50, idempotency_key=f"tipoff:{t.pk}"
                )
            )
    # Pending until the points app's seeding sets the rules and funds; its daily run credits them.
    TipoffReward.objects.bulk_create(rewards)
    return len(tips)
