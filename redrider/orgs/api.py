from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from ninja import Router, Schema

from redrider.accounts.api_auth import AUTH
from redrider.core.api import Limit, ObjectId, Offset, page
from redrider.regions.types import RegionFilter

from . import selectors, services
from .models import Committee, Instructor, LeadingGroup, Office, PartyOrganisation

router = Router(tags=["orgs"], auth=AUTH)


def station_out(s) -> dict:
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


def simple_out(o) -> dict:
    out = {"id": o.pk, "name": str(o), "region_code": o.region_code}
    for field in ("kind", "level", "company_kind", "company_name", "members"):
        if hasattr(o, field):
            out[field] = getattr(o, field)
    return out


@router.get("/guidance-stations")
def guidance_stations(
    request, region: RegionFilter = None, q: str = "", limit: Limit = 50, offset: Offset = 0
):
    qs = selectors.guidance_station_list(user=request.auth, region=region, q=q)
    return page(qs, limit=limit, offset=offset, serialise=station_out)


@router.get("/guidance-stations/{int:id}")
def guidance_station(request, id: ObjectId):
    return station_out(selectors.guidance_station_get(user=request.auth, id=id))


class LedgerIn(Schema):
    on: dt.date
    category: str
    summary: str
    participants: int = 0


def ledger_out(e) -> dict:
    return {
        "id": e.pk,
        "on": e.on,
        "category": e.category,
        "summary": e.summary,
        "participants": e.participants,
        "author": e.author.label if e.author else "",
    }


@router.get("/guidance-stations/{int:id}/ledger")
def ledger(request, id: ObjectId, limit: Limit = 50, offset: Offset = 0):
    station = selectors.guidance_station_get(user=request.auth, id=id)
    qs = selectors.ledger_list(user=request.auth, station=station)
    return page(qs, limit=limit, offset=offset, serialise=ledger_out)


@router.post("/guidance-stations/{int:id}/ledger", response={201: dict})
def ledger_create(request, id: ObjectId, payload: LedgerIn):
    station = selectors.guidance_station_get(user=request.auth, id=id)
    entry = services.ledger_entry_create(actor=request.auth, station=station, **payload.dict())
    return 201, ledger_out(entry)


@router.get("/guidance-stations/{int:id}/ledger.xlsx")
def ledger_xlsx(request, id: ObjectId):
    station = selectors.guidance_station_get(user=request.auth, id=id)
    data = services.ledger_export_xlsx(
        station=station, entries=selectors.ledger_list(user=request.auth, station=station)
    )
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="ledger-{station.pk}.xlsx"'
    return response


def _list_and_detail(path: str, model, selector) -> None:
    @router.get(f"/{path}", operation_id=f"orgs_{path}_list")
    def _list(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
        return page(
            selector(user=request.auth, region=region),
            limit=limit,
            offset=offset,
            serialise=simple_out,
        )

    @router.get(f"/{path}/{{int:id}}", operation_id=f"orgs_{path}_get")
    def _get(request, id: ObjectId):
        return simple_out(selectors.get_visible(model, user=request.auth, id=id))


_list_and_detail("committees", Committee, selectors.committee_list)
_list_and_detail("leading-groups", LeadingGroup, selectors.leading_group_list)
_list_and_detail("offices", Office, selectors.office_list)
_list_and_detail("instructors", Instructor, selectors.instructor_list)
_list_and_detail("party-organisations", PartyOrganisation, selectors.party_organisation_list)
