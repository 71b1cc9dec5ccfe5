"""Demo data: the small scale's shapes, and the sichuan scale's exact figures (437 / 30 / 40 / 7)
with every prefecture adding up to the province."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from conftest import make_staff
from redrider.appeals.models import Tipoff
from redrider.core.demo import SeedContext
from redrider.honours import seeding
from redrider.honours.models import (
    Assignment,
    Brand,
    Campaign,
    Exemplar,
    Juror,
    NominationRecord,
    Quota,
)
from redrider.honours.phases import campaign_phase
from redrider.honours.seeding.campaigns import QUOTAS_2023
from redrider.orgs.models import GuidanceStation, Office
from redrider.regions.models import Region
from redrider.riders.models import Rider
from redrider.riders.tests.factories import make_rider
from redrider.stations.models import Station

from .factories import make_party_org

KEYS = ["exemplars", "demo_sites_new", "demo_sites_rereviewed", "demo_sites_new_rider_orgs"]


def figures(api, user, path="/api/v1/dashboard/indicators", **params):
    response = api(user).get(path, region="510000", **params)
    assert response.status_code == 200, response.content
    return response.json()


def assert_children_add_up(api, user) -> dict:
    province = figures(api, user)["indicators"]
    children = figures(api, user, "/api/v1/dashboard/indicators/children")["items"]
    for key in KEYS:
        assert sum(c["indicators"][key] for c in children) == province[key], key
    return province


@pytest.mark.django_db(transaction=True)
def test_the_small_demo_has_every_shape_in_a_few_rows(api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # when the whole small demo is seeded
    call_command("seed_demo", scale="small", stdout=io.StringIO())
    province = make_staff("t-seed-province", "province_admin", "510000")
    # then the published campaign filled its quota exactly, and the figures add up
    values = assert_children_add_up(api, province)
    seats = sum(Quota.objects.filter(campaign__year=2023).values_list("seats", flat=True))
    assert values["exemplars"] == seats == Exemplar.objects.count() > 0
    assert 0 < values["demo_sites_new_rider_orgs"] <= values["demo_sites_new"]
    assert values["demo_sites_rereviewed"] > 0
    # and demo-juror sits in Jinjiang with nominations to score in today's window
    seat = Juror.objects.get(user__username="demo-juror")
    assert seat.region_code == "510104" and seat.declared_at is None
    assigned = Assignment.objects.filter(juror=seat)
    assert assigned.exists() and all(a.nomination.region_code == "510104" for a in assigned)
    assert campaign_phase(seat.campaign, timezone.now()) == "scoring"
    # and the public wall and a leaflet exist
    assert api().get("/api/v1/honours/exemplars").json()["count"] == seats
    assert api().get("/api/v1/honours/assets", kind="leaflet").json()["count"] >= 1
    assert api().get("/api/v1/honours/brands").json()["count"] == 7
    # every brand has its logo
    assert not Brand.objects.filter(logo="").exists()
    # and where the demo has a founded tip-off by a Jinjiang rider, the 2026 list nominates one
    # of them, so the informant rule shows (the juror never sees the link)
    informants = Tipoff.objects.filter(outcome="founded").values("informant_id")
    if Rider.objects.filter(region_code="510104", user_id__in=informants).exists():
        linked = NominationRecord.objects.filter(kind="tipoff", nomination__campaign=seat.campaign)
        assert linked.filter(nomination__region_code="510104").exists()


def sichuan_world() -> dict:
    """Just what the honours seeder reads, at the province's size: riders in every prefecture
    (enough for each quota), party organisations, guidance stations and warm stations."""
    prefectures = list(Region.objects.filter(parent_id="510000").order_by("code"))
    counties = {
        p.code: Region.objects.filter(parent=p).order_by("code").first() for p in prefectures
    }
    for p in prefectures:
        need = QUOTAS_2023[p.code] + max(2, QUOTAS_2023[p.code] // 4) + 4
        code = "510104" if p.code == "510100" else counties[p.code].code
        for i in range(need):
            make_rider(code, name=f"骑手{p.code}{i}")
    for i in range(8):
        make_rider("510104", name=f"锦江骑手{i}")
    for i, p in enumerate(prefectures * 3):
        county = counties[p.code].code
        if i < 8:
            make_party_org(county)
        office = Office.objects.create(region_code=county, name=f"{county}所{i}")
        GuidanceStation.objects.create(office=office, region_code=county, name=f"{county}指导站{i}")
        Station.objects.create(
            code=f"T{i:04d}",
            name=f"{county}暖心驿站{i}",
            region_code=county,
            lat=counties[p.code].lat,
            lng=counties[p.code].lng,
        )
    province = make_staff("t-seed-province", "province_admin", "510000")
    return {"demo-province": province}


@pytest.mark.django_db
def test_the_sichuan_demo_gives_the_programmes_figures_exactly(api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # given a province-sized world of riders and candidate sites
    accounts = sichuan_world()
    ctx = SeedContext(scale="sichuan", seed=2024, password="pw", out=io.StringIO())
    ctx.accounts.update(accounts)
    # when the honours seeder runs at sichuan size
    with transaction.atomic():
        seeding.seed(ctx)
    # then the dashboard gives the article's figures, and the prefectures add up to them
    values = assert_children_add_up(api, accounts["demo-province"])
    assert [values[k] for k in KEYS] == [437, 30, 40, 7]
    # and every prefecture has its titles, the three named roles among them
    per = dict(Quota.objects.filter(campaign__year=2023).values_list("region_code", "seats"))
    assert per == QUOTAS_2023
    distinctions = set(Exemplar.objects.values_list("distinction", flat=True))
    assert {"四川省五一劳动奖章获得者", "眉山跳桥救人的外卖小哥"} <= distinctions
    assert Campaign.objects.get(year=2026).status == "open"
