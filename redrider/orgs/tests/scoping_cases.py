"""How the suite-wide scoping test builds and finds each region-owned model of this app."""

import datetime as dt

from redrider.core.testing import ScopeCase
from redrider.orgs.models import (
    Committee,
    GuidanceStation,
    Instructor,
    LeadingGroup,
    Office,
    PartyOrganisation,
    WorkLedgerEntry,
)


def office(code):
    return Office.objects.create(region_code=code, name=f"{code}测试市场监管所")


def guidance_station(code):
    return GuidanceStation.objects.create(
        office=office(code), region_code=code, name=f"{code}指导站"
    )


def instructor(code):
    return Instructor.objects.create(
        station=guidance_station(code), region_code=code, name="测试指导员", kind="part_time"
    )


def ledger_entry(code):
    station = guidance_station(code)
    return WorkLedgerEntry.objects.create(
        station=station, region_code=code, on=dt.date(2026, 1, 5), category="visit", summary="走访"
    )


CASES = [
    ScopeCase(
        Committee,
        lambda c: Committee.objects.create(
            region_code=c, name=f"{c}综合党委", kind="xiaogezhuan", level="county"
        ),
        "/api/v1/orgs/committees",
        lambda o: f"/api/v1/orgs/committees/{o.pk}",
    ),
    ScopeCase(
        LeadingGroup,
        lambda c: LeadingGroup.objects.create(region_code=c, name="领导小组", level="county"),
        "/api/v1/orgs/leading-groups",
        lambda o: f"/api/v1/orgs/leading-groups/{o.pk}",
    ),
    ScopeCase(Office, office, "/api/v1/orgs/offices", lambda o: f"/api/v1/orgs/offices/{o.pk}"),
    ScopeCase(
        GuidanceStation,
        guidance_station,
        "/api/v1/orgs/guidance-stations",
        lambda o: f"/api/v1/orgs/guidance-stations/{o.pk}",
    ),
    ScopeCase(
        Instructor,
        instructor,
        "/api/v1/orgs/instructors",
        lambda o: f"/api/v1/orgs/instructors/{o.pk}",
    ),
    ScopeCase(
        PartyOrganisation,
        lambda c: PartyOrganisation.objects.create(
            region_code=c, name="党支部", company_name="某站", company_kind="delivery_site"
        ),
        "/api/v1/orgs/party-organisations",
        lambda o: f"/api/v1/orgs/party-organisations/{o.pk}",
    ),
    ScopeCase(WorkLedgerEntry, ledger_entry, None, None),
]
