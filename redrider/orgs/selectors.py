"""Organisation reads; every one starts from `visible_to(user)`."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from redrider.core.errors import NotFound

from .models import (
    Committee,
    GuidanceStation,
    Instructor,
    LeadingGroup,
    Office,
    PartyOrganisation,
    WorkLedgerEntry,
)


def guidance_station_list(
    *, user, region: str | None = None, q: str = ""
) -> QuerySet[GuidanceStation]:
    qs = GuidanceStation.objects.visible_to(user).select_related("office")
    if region:
        qs = qs.in_region(region)
    if q:
        qs = qs.filter(name__icontains=q)
    return qs.annotate(instructor_count=Count("instructors")).order_by("region_code", "name")


def guidance_station_get(*, user, id: int) -> GuidanceStation:
    station = (
        GuidanceStation.objects.visible_to(user).select_related("office").filter(pk=id).first()
    )
    if station is None:
        raise NotFound("指导站", "guidance station")
    return station


def ledger_list(*, user, station: GuidanceStation) -> QuerySet[WorkLedgerEntry]:
    return WorkLedgerEntry.objects.visible_to(user).filter(station=station).select_related("author")


def committee_list(*, user, region: str | None = None) -> QuerySet[Committee]:
    qs = Committee.objects.visible_to(user)
    return qs.in_region(region) if region else qs


def leading_group_list(*, user, region: str | None = None) -> QuerySet[LeadingGroup]:
    qs = LeadingGroup.objects.visible_to(user)
    return qs.in_region(region) if region else qs


def office_list(*, user, region: str | None = None) -> QuerySet[Office]:
    qs = Office.objects.visible_to(user)
    return qs.in_region(region) if region else qs


def instructor_list(*, user, region: str | None = None) -> QuerySet[Instructor]:
    qs = Instructor.objects.visible_to(user).select_related("station")
    return qs.in_region(region) if region else qs


def party_organisation_list(*, user, region: str | None = None) -> QuerySet[PartyOrganisation]:
    qs = PartyOrganisation.objects.visible_to(user)
    return qs.in_region(region) if region else qs


def get_visible(model, *, user, id: int):
    obj = model.objects.visible_to(user).filter(pk=id).first()
    if obj is None:
        raise NotFound()
    return obj
