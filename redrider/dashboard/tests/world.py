"""Constructed data for the indicator tests: rows of every region-owned model in three Chengdu
and Mianyang counties and one Beijing district, with dates spread over two years and statuses
mixed, so every figure has rows inside and outside a region and a period."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import connection

from conftest import make_staff
from redrider.activities.models import Activity, Signup
from redrider.appeals.choices import AppealCategory
from redrider.appeals.models import Appeal, Tipoff
from redrider.core.tests.test_scoping import all_cases
from redrider.honours.models import DemoSite, Exemplar, Pledge, RoleTaking, SiteAssessment
from redrider.orgs.models import Committee, GuidanceStation
from redrider.points.models import RedemptionOrder, Transaction
from redrider.regions.figures import SHANGHAI
from redrider.riders.models import Company, Problem, Rider, Visit
from redrider.stations.models import Checkin, Correction, Station
from redrider.workplan.models import Institution, Meeting, Task

COUNTIES = ["510104", "510107", "510703", "110101"]
FIRST = dt.date(2025, 1, 1)
LAST = dt.date(2026, 11, 30)


def _day(rng: random.Random) -> dt.date:
    return FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days))


def _moment(rng: random.Random) -> dt.datetime:
    # Hours near midnight too: a Shanghai day is not a UTC day.
    return dt.datetime.combine(_day(rng), dt.time(rng.choice([0, 1, 7, 12, 23]), 30), SHANGHAI)


def _each(model, rng, **fields):
    """Give every row of `model` its own random values: `fields` maps a name to a function of
    the random source (or a constant)."""
    for pk in model.objects.order_by("pk").values_list("pk", flat=True):
        values = {k: (f(rng) if callable(f) else f) for k, f in fields.items()}
        model.objects.filter(pk=pk).update(**values)


def build(seed: int = 7) -> None:
    from redrider.points.services import points_award, points_reverse
    from redrider.points.tests.factories import fund, funded_rider, new_rider, rule

    rng = random.Random(seed)
    # Beijing's rows need a fund and an earning rule of their own (Sichuan's are made below).
    fund("110000", yuan=100_000, name="北京基金")
    rule("manual", points=1, region_code="110000")
    for code in COUNTIES:
        for case in all_cases():
            for _ in range(2):
                case.make(code)
    # more cases than categories
    from redrider.appeals.tests.factories import make_appeal

    for code in COUNTIES:
        for _ in range(12):
            make_appeal(region_code=code)
    # the ledger: awards in each county, some reversed
    funded_rider(0)
    for code in COUNTIES:
        for i in range(3):
            rider = new_rider()
            tx = points_award(
                actor=None,
                rider_user=rider,
                rule_code="manual",
                source=f"test:{code}:{i}",
                region_code=code,
                amount=10 * (i + 1),
                idempotency_key=f"world:{code}:{i}",
            )
            if i == 1:
                points_reverse(actor=None, transaction_id=tx.pk, reason="录入错误", internal=True)
    with connection.cursor() as cursor:
        for pk in Transaction.objects.order_by("pk").values_list("pk", flat=True):
            cursor.execute(
                "UPDATE points_transaction SET created_at = %s WHERE id = %s", [_moment(rng), pk]
            )
    # check-ins at every station on several days
    visitor = new_rider("签到骑手")
    for station in Station.objects.all():
        for _ in range(4):
            at = _moment(rng)
            Checkin.objects.create(
                station=station, rider=visitor, at=at, day=at.astimezone(SHANGHAI).date()
            )
    scatter(rng)


def scatter(rng: random.Random) -> None:
    """Dates over two years and mixed statuses on every model an indicator reads."""
    for model in [Committee, GuidanceStation, Company, Station, Correction, Task, Institution]:
        _each(model, rng, created_at=_moment)
    _each(Committee, rng, kind=lambda r: r.choice(["rider", "xiaogezhuan"]))
    _each(
        GuidanceStation,
        rng,
        signage_on=lambda r: r.choice([None, _day(r)]),
        rules_on=_day,
        staffing_on=_day,
        ledger_on=_day,
    )
    _each(
        Rider,
        rng,
        created_at=_moment,
        joined_on=lambda r: r.choice([None, _day(r), dt.date(2019, 5, 1)]),
        left_on=lambda r: r.choice([None, None, _day(r)]),
        status=lambda r: r.choice(["active", "active", "left"]),
        political_status=lambda r: r.choice(["member", "probationary", "masses", "masses"]),
    )
    member = make_staff("t-world-liaison", "county_officer", "510104")
    for i, company in enumerate(Company.objects.order_by("pk")):
        Company.objects.filter(pk=company.pk).update(liaison=member if i % 2 else None)
    _each(Visit, rng, on=_day)
    _each(
        Problem,
        rng,
        status=lambda r: r.choice(["open", "solved", "solved"]),
        solved_on=lambda r: r.choice([None, _day(r)]),
    )
    _each(
        Station,
        rng,
        status=lambda r: r.choice(["open", "open", "temporarily_closed", "retired"]),
        type=lambda r: r.choice(["caring_shop", "shared_hive", "other"]),
        star_rating=lambda r: r.choice([None, 3, 4, 5]),
    )
    _each(Correction, rng, status=lambda r: r.choice(["pending", "accepted"]))
    _each(
        Appeal,
        rng,
        submitted_at=_moment,
        status=lambda r: r.choice(["submitted", "accepted", "resolved", "confirmed", "rejected"]),
        category=lambda r: r.choice(AppealCategory.values),
        escalation_level=lambda r: r.choice([0, 0, 1]),
        satisfaction=lambda r: r.choice([None, 3, 5]),
    )
    for appeal in Appeal.objects.all():
        done = appeal.status in ("resolved", "confirmed")
        Appeal.objects.filter(pk=appeal.pk).update(
            accepted_at=appeal.submitted_at + dt.timedelta(hours=rng.randint(1, 30)),
            resolved_at=appeal.submitted_at + dt.timedelta(hours=rng.randint(31, 300))
            if done
            else None,
            accept_due_at=appeal.submitted_at + dt.timedelta(days=1),
        )
    _each(Tipoff, rng, submitted_at=_moment, outcome=lambda r: r.choice(["", "founded"]))
    _each(
        Activity,
        rng,
        starts_at=_moment,
        theme=lambda r: r.choice(
            ["governance", "governance", "first_aid", "care", "training", "volunteer"]
        ),
        status=lambda r: r.choice(["published", "published", "cancelled"]),
    )
    _each(
        Signup,
        rng,
        status=lambda r: r.choice(["attended", "attended", "cancelled"]),
        checked_in_at=lambda r: r.choice([None, _moment(r)]),
        hours=lambda r: Decimal(r.choice(["1.5", "2", "0"])),
    )
    for i, signup in enumerate(Signup.objects.order_by("pk")):
        if i % 2 == 0:  # half the attendances are at governance drives
            Activity.objects.filter(pk=signup.activity_id).update(theme="governance")
            Signup.objects.filter(pk=signup.pk).update(status="attended")
    _each(
        RedemptionOrder,
        rng,
        created_at=_moment,
        status=lambda r: r.choice(["pending", "fulfilled"]),
    )
    _each(Exemplar, rng, honoured_at=_moment)
    _each(DemoSite, rng, named_year=lambda r: r.choice([2025, 2026]))
    _each(
        SiteAssessment,
        rng,
        year=lambda r: r.choice([2025, 2026]),
        kind=lambda r: r.choice(["naming", "review"]),
    )
    _each(Pledge, rng, signed_at=_moment)
    for i, taking in enumerate(RoleTaking.objects.order_by("pk")):
        # one role per rider: the scoping cases give each taking its own rider
        role = ["guide", "publicist", "supervisor", "informant"][i % 4]
        RoleTaking.objects.filter(pk=taking.pk).update(role=role, since=_moment(rng))
    _each(Task, rng, due_date=_day, done_on=lambda r: r.choice([None, _day(r)]))
    for task in Task.objects.order_by("pk")[::3]:
        Task.objects.filter(pk=task.pk).update(status="done", progress=100)
    _each(Meeting, rng, held_on=_day, kind=lambda r: r.choice(["party_group", "video_conference"]))
    for i, institution in enumerate(Institution.objects.order_by("pk")):
        if i % 2:
            Institution.objects.filter(pk=institution.pk).update(
                status="issued",
                issued_on=rng.choice([None, _day(rng)]) or _day(rng),
                issuing_body="省市场监管局",
                document="川市监〔2025〕1号",
            )
