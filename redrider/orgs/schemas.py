"""Request bodies and answers of the organisations API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Field, Schema

from redrider.core.schemas import NOT_BLANK, Day, described, one_of

from .choices import CommitteeKind, CompanyKind, InstructorKind, Level
from .models import GuidanceStation, WorkLedgerEntry
from .services import LEDGER_CATEGORIES


class LedgerIn(Schema):
    on: Day = Field(description="the day of the work, at latest tomorrow")
    category: Annotated[str, one_of(LEDGER_CATEGORIES)]
    summary: Annotated[str, described(minLength=1, maxLength=500, pattern=NOT_BLANK)]
    participants: Annotated[int, described(minimum=0, maximum=100_000)] = 0


class StandardOut(Schema):
    """The four standard items of a guidance station: the day each was done, or null."""

    signage: dt.date | None
    rules: dt.date | None
    staffing: dt.date | None
    ledger: dt.date | None


class GuidanceStationOut(Schema):
    id: int
    name: str
    region_code: str
    office: str
    standard: StandardOut
    standard_done: int = Field(ge=0, le=4)
    instructor_count: int | None


class LedgerEntryOut(Schema):
    id: int
    on: dt.date
    category: str
    summary: str
    participants: int
    author: str


class OrgOut(Schema):
    id: int
    name: str
    region_code: str


class CommitteeOut(OrgOut):
    kind: Annotated[str, one_of(CommitteeKind)]
    level: Annotated[str, one_of(Level)]


class LeadingGroupOut(OrgOut):
    level: Annotated[str, one_of(Level)]


class OfficeOut(OrgOut):
    pass


class InstructorOut(OrgOut):
    kind: Annotated[str, one_of(InstructorKind)]


class PartyOrganisationOut(OrgOut):
    company_kind: Annotated[str, one_of(CompanyKind)]
    company_name: str
    members: int


def station_out(s: GuidanceStation) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "region_code": s.region_code,
        "office": s.office.name,
        "standard": {
            "signage": s.signage_on,
            "rules": s.rules_on,
            "staffing": s.staffing_on,
            "ledger": s.ledger_on,
        },
        "standard_done": s.standard_done,
        "instructor_count": getattr(s, "instructor_count", None),
    }


def ledger_out(e: WorkLedgerEntry) -> dict:
    return {
        "id": e.pk,
        "on": e.on,
        "category": e.category,
        "summary": e.summary,
        "participants": e.participants,
        "author": e.author.label if e.author else "",
    }


def simple_out(o) -> dict:
    out = {"id": o.pk, "name": str(o), "region_code": o.region_code}
    for field in ("kind", "level", "company_kind", "company_name", "members"):
        if hasattr(o, field):
            out[field] = getattr(o, field)
    return out
