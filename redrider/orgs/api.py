from __future__ import annotations

from django.http import HttpResponse
from ninja import Router

from redrider.accounts.api_auth import AUTH
from redrider.core.api import XLSX, Limit, ObjectId, Offset, errors, file_answer, page
from redrider.core.schemas import Paged
from redrider.regions.types import RegionFilter

from . import selectors, services
from .models import Committee, Instructor, LeadingGroup, Office, PartyOrganisation
from .schemas import (
    CommitteeOut,
    GuidanceStationOut,
    InstructorOut,
    LeadingGroupOut,
    LedgerEntryOut,
    LedgerIn,
    OfficeOut,
    PartyOrganisationOut,
    ledger_out,
    simple_out,
    station_out,
)

router = Router(tags=["orgs"], auth=AUTH)


@router.get("/guidance-stations", response=Paged[GuidanceStationOut])
def guidance_stations(
    request, region: RegionFilter = None, q: str = "", limit: Limit = 50, offset: Offset = 0
):
    qs = selectors.guidance_station_list(user=request.auth, region=region, q=q)
    return page(qs, limit=limit, offset=offset, serialise=station_out)


@router.get("/guidance-stations/{int:id}", response=GuidanceStationOut)
def guidance_station(request, id: ObjectId):
    return station_out(selectors.guidance_station_get(user=request.auth, id=id))


@router.get("/guidance-stations/{int:id}/ledger", response=Paged[LedgerEntryOut])
def ledger(request, id: ObjectId, limit: Limit = 50, offset: Offset = 0):
    station = selectors.guidance_station_get(user=request.auth, id=id)
    qs = selectors.ledger_list(user=request.auth, station=station)
    return page(qs, limit=limit, offset=offset, serialise=ledger_out)


@router.post("/guidance-stations/{int:id}/ledger", response={201: LedgerEntryOut, **errors(403)})
def ledger_create(request, id: ObjectId, payload: LedgerIn):
    station = selectors.guidance_station_get(user=request.auth, id=id)
    entry = services.ledger_entry_create(actor=request.auth, station=station, **payload.dict())
    return 201, ledger_out(entry)


@router.get(
    "/guidance-stations/{int:id}/ledger.xlsx",
    response={200: None},
    openapi_extra=file_answer(XLSX),
)
def ledger_xlsx(request, id: ObjectId):
    station = selectors.guidance_station_get(user=request.auth, id=id)
    data = services.ledger_export_xlsx(
        station=station, entries=selectors.ledger_list(user=request.auth, station=station)
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ledger-{station.pk}.xlsx"'
    return response


def _list_and_detail(path: str, model, selector, out) -> None:
    @router.get(f"/{path}", operation_id=f"orgs_{path}_list", response=Paged[out])
    def _list(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
        return page(
            selector(user=request.auth, region=region),
            limit=limit,
            offset=offset,
            serialise=simple_out,
        )

    @router.get(f"/{path}/{{int:id}}", operation_id=f"orgs_{path}_get", response=out)
    def _get(request, id: ObjectId):
        return simple_out(selectors.get_visible(model, user=request.auth, id=id))


_list_and_detail("committees", Committee, selectors.committee_list, CommitteeOut)
_list_and_detail("leading-groups", LeadingGroup, selectors.leading_group_list, LeadingGroupOut)
_list_and_detail("offices", Office, selectors.office_list, OfficeOut)
_list_and_detail("instructors", Instructor, selectors.instructor_list, InstructorOut)
_list_and_detail(
    "party-organisations",
    PartyOrganisation,
    selectors.party_organisation_list,
    PartyOrganisationOut,
)
