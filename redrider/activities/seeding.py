"""Demo activities: 517 themed activities and 263 training classes across Sichuan with attendance,
8,809 distinct riders in local-governance (社会共治) activities, certificates, and a few upcoming
activities near the demo rider (one open for check-in now). Bulk inserts throughout.

Points for the attendance are written by `points.seeding` (ORDER 80) from `ctx.shared`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from redrider.accounts.models import User
from redrider.regions.models import Region

from .choices import ACTIVITY_THEMES, CertificateKind, SignupStatus, Theme
from .models import Activity, Certificate, Signup, new_checkin_token

ORDER = 70

SIZES = {
    "small": {"activities": 24, "trainings": 8, "governance_riders": 120, "per_activity": (4, 12)},
    "sichuan": {
        "activities": 517,
        "trainings": 263,
        "governance_riders": 8_809,
        "per_activity": (12, 40),
    },
}
SIZES["national"] = SIZES["sichuan"]

TITLES = {
    Theme.MAJOR_EVENT: ["喜迎大运·骑手志愿服务", "大运会城市保障骑行宣传"],
    Theme.FIRST_AID: ["红骑手急救技能培训", "心肺复苏与AED实操"],
    Theme.HEALTH_CLINIC: ["骑手健康义诊", "夏季防暑健康体检"],
    Theme.SAFETY: ["交通安全宣传进站点", "食品安全监督员培训"],
    Theme.CARE: ["关爱骑手·送清凉", "春节慰问一线骑手"],
    Theme.GOVERNANCE: ["社区治理·骑手信息员", "骑手参与背街小巷巡查", "文明城市共建"],
    Theme.TRAINING: ["红骑手骨干培训班", "新就业群体党员培训班"],
}


def seed(ctx) -> None:
    size = SIZES[ctx.scale]
    rng = ctx.rng("activities")
    now = timezone.now()
    counties = list(Region.objects.filter(level="county", code__startswith="51").order_by("code"))
    organiser = ctx.accounts.get("demo-province")
    rider_ids = list(ctx.shared.get("rider_user_ids") or [])
    demo_rider = ctx.accounts.get("demo-rider")
    # Governance draws 8,809 distinct riders; top the pool up with synthetic rider accounts.
    need = size["governance_riders"] + 200
    if len(rider_ids) < need:
        unusable = make_password(None)
        start = User.objects.filter(username__startswith="seed-rider-").count()
        made = User.objects.bulk_create(
            [
                User(
                    username=f"seed-rider-{start + i:06d}",
                    role="rider",
                    display_name=f"骑手{start + i:05d}",
                    password=unusable,
                )
                for i in range(need - len(rider_ids))
            ],
            batch_size=2000,
        )
        rider_ids += [u.pk for u in made]
    others = [r for r in rider_ids if not demo_rider or r != demo_rider.pk]

    # The demo's own upcoming activities near the demo rider are part of the published totals
    # (517 activities, 263 trainings), not extras on top: the spread is that much smaller.
    upcoming = [
        (Theme.FIRST_AID, dt.timedelta(minutes=-10)),
        (Theme.SAFETY, dt.timedelta(days=2)),
        (Theme.GOVERNANCE, dt.timedelta(days=5)),
        (Theme.TRAINING, dt.timedelta(days=9)),
    ]
    themed = size["activities"] - sum(1 for t, _o in upcoming if t in ACTIVITY_THEMES)
    trainings = size["trainings"] - sum(1 for t, _o in upcoming if t == Theme.TRAINING)
    themes = [ACTIVITY_THEMES[i % len(ACTIVITY_THEMES)] for i in range(themed)]
    themes += [Theme.TRAINING] * trainings
    activities = []
    for theme in themes:
        county = rng.choice(counties)
        start = now - dt.timedelta(days=rng.randint(3, 700), hours=rng.randint(0, 8))
        start = start.replace(minute=0, second=0, microsecond=0)
        hours = (
            rng.choice([2, 3, 4])
            if theme in (Theme.GOVERNANCE, Theme.MAJOR_EVENT, Theme.VOLUNTEER)
            else 0
        )
        activities.append(
            Activity(
                title=f"{rng.choice(TITLES[theme])}（{county.name}）",
                theme=theme,
                organiser=f"{county.name}市场监管局",
                region_code=county.code,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=rng.choice([2, 3, 4])),
                place=f"{county.name}红骑手驿站",
                lat=(county.lat or 30.6) + rng.uniform(-0.03, 0.03),
                lng=(county.lng or 104.0) + rng.uniform(-0.03, 0.03),
                # Governance drives are open to all comers (the 8,809 must all fit).
                capacity=0 if theme == Theme.GOVERNANCE else rng.choice([0, 30, 50, 80]),
                volunteer_hours=Decimal(hours),
                checkin_token=new_checkin_token(),
                certificate_kind=CertificateKind.FIRST_AID
                if theme == Theme.FIRST_AID
                else (CertificateKind.TRAINING if theme == Theme.TRAINING else ""),
                created_by=organiser,
            )
        )
    # Upcoming ones near the demo rider in Jinjiang: one is open for check-in right now.
    jinjiang = Region.objects.filter(code="510104").first()
    for j, (theme, offset) in enumerate(upcoming):
        start = (now + offset).replace(second=0, microsecond=0)
        activities.append(
            Activity(
                title=f"{TITLES[theme][0]}（锦江·近期）",
                theme=theme,
                organiser="锦江区市场监管局",
                region_code="510104",
                starts_at=start,
                ends_at=start + dt.timedelta(hours=3),
                place="春熙路红骑手驿站",
                lat=(jinjiang.lat if jinjiang else 30.657) + 0.002 * j,
                lng=(jinjiang.lng if jinjiang else 104.081) + 0.002 * j,
                capacity=30,
                volunteer_hours=Decimal(2 if theme == Theme.GOVERNANCE else 0),
                checkin_token=new_checkin_token(),
                certificate_kind=CertificateKind.FIRST_AID if theme == Theme.FIRST_AID else "",
                created_by=organiser,
            )
        )
    Activity.objects.bulk_create(activities, batch_size=1000)
    activities = list(
        Activity.objects.filter(checkin_token__in=[a.checkin_token for a in activities]).order_by(
            "pk"
        )
    )

    past = [a for a in activities if a.ends_at < now]
    governance = [a for a in past if a.theme == Theme.GOVERNANCE]
    gov_pool = others[: size["governance_riders"]]
    signups: list[Signup] = []
    lo, hi = size["per_activity"]
    # Every governance rider attends at least one governance activity (the 8,809).
    per_gov: dict[int, set] = {a.pk: set() for a in governance}
    for k, rider_pk in enumerate(gov_pool if governance else []):
        per_gov[governance[k % len(governance)].pk].add(rider_pk)
    for a in past:
        chosen = per_gov.get(a.pk, set())
        pool = gov_pool if a.theme == Theme.GOVERNANCE else others
        for rider_pk in rng.sample(pool, min(len(pool), rng.randint(lo, hi))):
            chosen.add(rider_pk)
        if a.capacity:
            chosen = set(sorted(chosen)[: a.capacity])
        for rider_pk in chosen:
            checked = a.starts_at + dt.timedelta(minutes=rng.randint(0, 30))
            signups.append(
                Signup(
                    activity=a,
                    rider_id=rider_pk,
                    status=SignupStatus.ATTENDED,
                    queued_at=a.starts_at - dt.timedelta(days=2),
                    checked_in_at=checked,
                    hours=a.volunteer_hours,
                    region_code=a.region_code,
                )
            )
    if demo_rider is not None and past:
        for a in rng.sample([a for a in past[:200] if a.theme != Theme.GOVERNANCE], 3):
            if not any(s.activity_id == a.pk and s.rider_id == demo_rider.pk for s in signups):
                signups.append(
                    Signup(
                        activity=a,
                        rider_id=demo_rider.pk,
                        status=SignupStatus.ATTENDED,
                        queued_at=a.starts_at,
                        checked_in_at=a.starts_at,
                        hours=a.volunteer_hours,
                        region_code=a.region_code,
                    )
                )
    Signup.objects.bulk_create(signups, batch_size=2000)
    certs = [
        Certificate(
            rider_id=s.rider_id,
            kind=s.activity.certificate_kind,
            activity=s.activity,
            issued_at=s.checked_in_at,
            region_code=s.region_code,
        )
        for s in signups
        if s.activity.certificate_kind
    ]
    Certificate.objects.bulk_create(certs, batch_size=2000, ignore_conflicts=True)
    ctx.shared["activities_seeded"] = [a.pk for a in activities]
    gov_riders = len({s.rider_id for s in signups if s.activity.theme == Theme.GOVERNANCE})
    ctx.shared["governance_riders"] = gov_riders
    ctx.log(
        f"    activities: {len(activities)} ({size['trainings']} trainings), {len(signups)} attendances, "
        f"{gov_riders} riders in governance, {len(certs)} certificates"
    )
