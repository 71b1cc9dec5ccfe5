"""The world the attack suite runs in: one real object of every kind in three counties, the
people whose personal data must never leak, and the accounts that attack.

- HOME 510104 (锦江): the attackers' own county. Its objects make every list non-empty, so a list
  that answers nothing at all cannot pass for a scoped one.
- NEAR 510107 (武侯): another county of the same prefecture (成都 510100).
- FAR 510302 (自贡 自流井区): a county of another prefecture.

Every object in NEAR and FAR is out of reach of the attackers (the prefecture officer of 510100
legitimately sees NEAR, so it attacks FAR only). `World.targets(kind)` gives them.

Objects are built through the services where the service is cheap and what the platform really
does (redemptions, tip-off verification, exports), directly otherwise. Built once per test module
inside a transaction that is rolled back at the end (see conftest.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

HOME, NEAR, FAR = "510104", "510107", "510302"
FOREIGN = (NEAR, FAR)
PASSWORD = "pw-test-1234"

# Text placed in every object of a foreign county: it must never appear in an attacker's answer.
MARKER = {NEAR: "XR510107", FAR: "XR510302", HOME: "HM510104"}

# Attacking accounts: (key, role, scope). The prefecture officer sees NEAR legitimately.
ATTACKERS = [
    ("county_officer", "county_officer", "510104"),
    ("prefecture_officer", "prefecture_officer", "510100"),
    ("instructor", "instructor", "510104"),
    ("station_host", "station_host", "510104"),
    ("auditor", "auditor", ""),
    ("rider", "rider", ""),
]


def targets_for(attacker: str) -> tuple[str, ...]:
    """The counties whose objects `attacker` must not reach.

    A station host sees their own station and what happens at it (DESIGN §4 rule 8), so the
    objects of their own county, none of which is at their station, are targets too.
    """
    if attacker == "prefecture_officer":
        return (FAR,)
    if attacker == "station_host":
        return (HOME, *FOREIGN)
    return FOREIGN


_serial = itertools.count(1)


@dataclass
class World:
    """What was built: `objects[kind][county]`, the attackers, and the secrets to look for."""

    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    # Unmasked ID numbers and phones of seeded people (census riders, rider accounts, informants).
    secrets: list[str] = field(default_factory=list)
    # Names of tip-off informants: no derived record may carry them (DESIGN §4 rule 7).
    informants: dict[str, Any] = field(default_factory=dict)
    # Other accounts in the foreign counties (their officers, hosts, owners).
    locals: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Bearer tokens of the attackers.
    tokens: dict[str, str] = field(default_factory=dict)

    def put(self, kind: str, county: str, obj: Any) -> Any:
        self.objects.setdefault(kind, {})[county] = obj
        return obj

    def get(self, kind: str, county: str) -> Any:
        if kind == "owner_user":
            return self.locals[county]["owner"]
        if kind == "officer_user":
            return self.locals[county]["officer"]
        return self.objects[kind][county]


def _user(username: str, role: str, scope: str, **extra):
    from redrider.accounts.models import User

    user = User(username=username, role=role, scope_code=scope, display_name=username, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def _phone() -> str:
    return f"1377{next(_serial) + 1000000:07d}"


def _id_number(county: str) -> str:
    from redrider.riders.identity import IdentityError, check_id_number, make_id_number

    for _ in range(50):  # the birth-place table knows each county code only for some years
        n = next(_serial)
        number = make_id_number(county, dt.date(1990, 3, 1) + dt.timedelta(days=n * 97), n)
        try:
            return check_id_number(number).number
        except IdentityError:
            continue
    raise AssertionError(f"no valid ID number for {county}")


def _rider_person(world: World, county: str, name: str):
    """A rider account with a census record: both carry a phone, the record an ID number."""
    from redrider.accounts.services import rider_account_create
    from redrider.riders.tests.factories import make_rider

    phone, id_number = _phone(), _id_number(county)
    user = rider_account_create(actor=None, phone=phone, password=PASSWORD, display_name=name)
    census = make_rider(county, name=name, id_number=id_number, phone=phone, user=user)
    world.secrets += [phone, id_number]
    return user, census


def _shared_reference(world: World) -> None:
    """Province-wide rule and fund, made before any list is counted (they are visible to all)."""
    from redrider.points.models import EarningRule
    from redrider.points.tests.factories import fund

    fund("510000", yuan=10_000_000, name="全省基金")
    for code, points in (("manual", 1), ("tipoff_founded", 50), ("activity_checkin", 5)):
        if not EarningRule.objects.filter(code=code, region_code="510000").exists():
            EarningRule.objects.create(
                code=code, name=f"规则{code}", points=points, region_code="510000"
            )


def _attackers(world: World) -> None:
    from redrider.stations.tests.factories import make_station

    for key, role, scope in ATTACKERS:
        if role == "rider":
            user, census = _rider_person(world, HOME, "本区骑手")
            world.locals.setdefault(HOME, {})["census"] = census
        else:
            user = _user(f"atk-{key}", role, scope)
        world.users[key] = user
    # The attacking host's own station: nothing of the county's other objects is at it.
    home_station = make_station(region_code=HOME, lat=30.657, lng=104.081, name="自管驿站")
    home_station.hosts.add(world.users["station_host"])


def build_county(world: World, county: str, *, owner=None) -> None:
    """One real object of every kind the API exposes by id, in `county`."""
    from redrider.accounts.services import rider_account_create
    from redrider.activities.models import Certificate, Signup
    from redrider.activities.tests.scoping_cases import make_activity
    from redrider.appeals.services import tipoff_verify
    from redrider.appeals.tests.factories import make_appeal, make_tipoff
    from redrider.orgs.models import (
        Committee,
        GuidanceStation,
        Instructor,
        LeadingGroup,
        Office,
        PartyOrganisation,
        WorkLedgerEntry,
    )
    from redrider.planning.models import DemandSet, SitePlan
    from redrider.points.models import Benefit, BenefitApplication, CatalogueItem, EarningRule
    from redrider.points.services import points_award, points_redeem
    from redrider.points.tests.factories import fund
    from redrider.regions.models import Region
    from redrider.riders.identity import phone_index
    from redrider.riders.models import (
        ImportJob,
        Problem,
        RegistrationClaim,
        Survey,
        SurveyResponse,
        Visit,
    )
    from redrider.riders.services.exports import export_job_create, export_job_run
    from redrider.riders.tests.factories import make_company
    from redrider.stations.models import Correction
    from redrider.stations.tests.factories import make_station

    m = MARKER[county]
    region = Region.objects.get(code=county)
    lat, lng = region.lat, region.lng
    now = timezone.now()
    here = world.locals.setdefault(county, {})
    officer = here.get("officer") or _user(f"officer-{county}", "county_officer", county)
    here["officer"] = officer
    if owner is None:
        owner, census = _rider_person(world, county, f"{m}骑手")
        here["census"] = census
    here["owner"] = owner
    # The informant has an account and nothing else: any record naming them derives from the tip-off.
    informant_phone = _phone()
    world.secrets.append(informant_phone)
    informant = rider_account_create(
        actor=None, phone=informant_phone, password=PASSWORD, display_name=f"{m}举报人"
    )
    world.informants[county] = informant
    put = world.put

    # orgs
    put(
        "committee",
        county,
        Committee.objects.create(
            region_code=county, name=f"{m}综合党委", kind="xiaogezhuan", level="county"
        ),
    )
    put(
        "leading_group",
        county,
        LeadingGroup.objects.create(region_code=county, name=f"{m}领导小组", level="county"),
    )
    office = put("office", county, Office.objects.create(region_code=county, name=f"{m}市场监管所"))
    gs = put(
        "guidance_station",
        county,
        GuidanceStation.objects.create(office=office, region_code=county, name=f"{m}指导站"),
    )
    put(
        "ledger_entry",
        county,
        WorkLedgerEntry.objects.create(
            station=gs,
            region_code=county,
            on=dt.date(2026, 1, 5),
            category="visit",
            summary=f"{m}走访",
        ),
    )
    put(
        "instructor",
        county,
        Instructor.objects.create(
            station=gs, region_code=county, name=f"{m}指导员", kind="part_time"
        ),
    )
    put(
        "party_organisation",
        county,
        PartyOrganisation.objects.create(
            region_code=county,
            name=f"{m}党支部",
            company_name=f"{m}站点",
            company_kind="delivery_site",
        ),
    )

    # stations
    host = _user(f"host-{county}", "station_host", county)
    here["host"] = host
    station_phone = _phone()
    world.secrets.append(station_phone)
    station = put(
        "station",
        county,
        make_station(
            region_code=county,
            lat=lat,
            lng=lng,
            name=f"{m}驿站",
            manager_name=f"{m}站长",
            contact_phone=station_phone,
        ),
    )
    station.hosts.add(host)
    put(
        "correction",
        county,
        Correction.objects.create(
            station=station, reporter=owner, region_code=county, kind="closed", note=f"{m}关门了"
        ),
    )

    # census, companies, liaison, surveys, imports and exports
    company = put("company", county, make_company(county, name=f"{m}配送公司"))
    visit = put(
        "visit",
        county,
        Visit.objects.create(
            region_code=county, company=company, on=dt.date(2026, 1, 5), topics=f"{m}走访"
        ),
    )
    put(
        "problem",
        county,
        Problem.objects.create(
            region_code=county,
            visit=visit,
            company=company,
            category="parking",
            description=f"{m}停车难",
        ),
    )
    survey = put(
        "survey", county, Survey.objects.create(region_code=county, title=f"{m}问卷", status="open")
    )
    SurveyResponse.objects.create(region_code=county, survey=survey, rider=here["census"])
    put(
        "import_job",
        county,
        ImportJob.objects.create(region_code=county, filename=f"{m}.xlsx", created_by=officer),
    )
    job = export_job_create(actor=officer, filters={})
    put("export_job", county, export_job_run(job_id=job.pk))
    put("rider", county, here["census"])
    claim_phone = _phone()
    world.secrets.append(claim_phone)
    put(
        "claim",
        county,
        RegistrationClaim.objects.create(
            region_code=county,
            rider=here["census"],
            name=f"{m}认领人",
            phone=claim_phone,
            phone_index=phone_index(claim_phone),
            requested_region_code=county,
            consent_version="2025-1",
            consent_at=now,
        ),
    )

    # appeals and tip-offs
    appeal = put("appeal", county, make_appeal(region_code=county, rider=owner))
    appeal.description = f"{m}小区进不去"
    appeal.save(update_fields=["description"])
    put("tipoff", county, make_tipoff(region_code=county, informant=informant))
    # A founded tip-off: its reward is a ledger transaction that must not point at the informant.
    verified = make_tipoff(region_code=county, informant=informant, merchant_name=f"{m}小吃")
    tipoff_verify(actor=officer, tipoff=verified, outcome="founded", note="属实")
    here["verified_tipoff"] = verified

    # activities
    activity = make_activity(county)
    activity.title, activity.lat, activity.lng = f"{m}急救培训", lat, lng
    activity.save(update_fields=["title", "lat", "lng"])
    put("activity", county, activity)
    put(
        "signup",
        county,
        Signup.objects.create(
            activity=activity, rider=owner, status="confirmed", queued_at=now, region_code=county
        ),
    )
    put(
        "certificate",
        county,
        Certificate.objects.create(
            rider=owner, kind="first_aid", activity=activity, issued_at=now, region_code=county
        ),
    )

    # points
    put("fund", county, fund(county, yuan=1000, name=f"{m}基金"))
    put(
        "rule",
        county,
        EarningRule.objects.create(
            code=f"manual.{county}", name=f"{m}规则", points=5, region_code=county
        ),
    )
    award = points_award(
        actor=None,
        rider_user=owner,
        rule_code="manual",
        source=f"test:{county}",
        region_code=county,
        amount=100,
        idempotency_key=f"seed:{owner.pk}:{county}",
    )
    put("transaction", county, award)
    item = put(
        "item",
        county,
        CatalogueItem.objects.create(
            name=f"{m}矿泉水", cost=10, region_code=county, station=station
        ),
    )
    from redrider.points.services.rewards import _move_stock

    _move_stock(item=item, delta=5, reason="restock", order=None, actor=None)
    put(
        "order",
        county,
        points_redeem(actor=owner, item_id=item.pk, quantity=1),
    )
    benefit = put(
        "benefit",
        county,
        Benefit.objects.create(
            name=f"{m}惠骑",
            region_code=county,
            conditions=[{"field": "housing_fund_months", "op": ">=", "value": 6}],
        ),
    )
    put(
        "benefit_application",
        county,
        BenefitApplication.objects.create(benefit=benefit, rider=owner, region_code=county),
    )

    # planning
    put(
        "demand_set",
        county,
        DemandSet.objects.create(region_code=county, name=f"{m}需求", source="upload"),
    )
    put(
        "plan",
        county,
        SitePlan.objects.create(
            region_code=county, radius_m=1000.0, k=1, candidate_sources=["grid"], name=f"{m}规划"
        ),
    )

    _build_workplan(world, county)
    _build_honours(world, county)


def _build_workplan(world: World, county: str) -> None:
    """实施方案 of the county: a plan, a measure, a task with a milestone, a meeting, an
    institution, and the weekly notice to the county's officer."""
    from redrider.workplan.choices import NotificationKind
    from redrider.workplan.models import Milestone, Notification
    from redrider.workplan.tests import factories as wp

    m, put = MARKER[county], world.put
    officer = world.locals[county]["officer"]
    plan = wp.plan(county)
    plan.title = f"{m}实施方案"
    plan.save(update_fields=["title"])
    put("workplan_plan", county, plan)
    measure = put("measure", county, wp.measure(county, of=plan))
    task = put("task", county, wp.task(county, of=measure, owner=officer, title=f"{m}任务"))
    put(
        "milestone",
        county,
        Milestone.objects.create(task=task, title=f"{m}节点", due_date=dt.date(2026, 5, 1)),
    )
    meeting = wp.meeting(county)
    meeting.title = f"{m}会议"
    meeting.save(update_fields=["title"])
    put("meeting", county, meeting)
    category = put("institution_category", county, wp.category(county))
    put("institution", county, wp.institution(county, of=category))
    put(
        "notification",
        county,
        Notification.objects.create(
            user=officer, kind=NotificationKind.DIGEST, title=f"{m}提醒", body=f"{m}逾期任务"
        ),
    )


def _build_honours(world: World, county: str) -> None:
    """百位典型 in the county: its own campaign with a nomination, a juror seat and an objection,
    an exemplar honoured from the nomination, a demonstration site with an assessment, a brand,
    a story and an asset."""
    from redrider.honours.choices import ObjectionSource
    from redrider.honours.models import Asset, Exemplar, Objection
    from redrider.honours.tests import factories as hf

    m, put = MARKER[county], world.put
    here = world.locals[county]
    now = timezone.now()
    campaign = hf.make_campaign(region_code=county, quotas={county: 3})
    campaign.name = f"{m}{campaign.name}"
    campaign.save(update_fields=["name"])
    put("campaign", county, campaign)
    nomination = put(
        "nomination",
        county,
        hf.make_nomination(
            campaign,
            region_code=county,
            rider=here["census"],
            display_name=f"{m}候选",
            story=f"{m}事迹",
        ),
    )
    juror_user = _user(f"juror-{county}", "juror", county)
    seat = put("juror", county, hf.make_seat(campaign, user=juror_user, region_code=county))
    hf.assign(seat, nomination)
    put(
        "objection",
        county,
        Objection.objects.create(
            nomination=nomination,
            source=ObjectionSource.LETTER,
            summary=f"{m}异议",
            received_at=now,
        ),
    )
    exemplar_nomination = hf.make_nomination(campaign, region_code=county, status="honoured")
    put(
        "exemplar",
        county,
        Exemplar.objects.create(
            rider=exemplar_nomination.rider,
            campaign=campaign,
            nomination=exemplar_nomination,
            region_code=county,
            year=campaign.year,
            title="红骑手",
            display_name=f"{m}典型",
            story=f"{m}事迹",
            honoured_at=now,
        ),
    )
    assessment = put("assessment", county, hf.make_assessment(county))
    put("site", county, assessment.site)
    brand = put("brand", county, hf.make_brand(county, name=f"{m}品牌"))
    put("story", county, hf.make_story(county, title=f"{m}故事", brand=brand))
    put(
        "asset",
        county,
        Asset.objects.create(
            kind="video",
            title=f"{m}微视频",
            region_code=county,
            brand=brand,
            url="https://v.example.org/1",
        ),
    )


def build_home(world: World) -> None:
    """Reference data, the attackers and the attackers' own county (phase 1)."""
    _shared_reference(world)
    _attackers(world)
    build_county(world, HOME, owner=world.users["rider"])


def build_foreign(world: World, counties: tuple[str, ...] = FOREIGN) -> None:
    """The objects the attackers must never reach (phase 2: NEAR, then FAR)."""
    for county in counties:
        build_county(world, county)
