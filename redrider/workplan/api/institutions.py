"""Institutions (制度) and their categories."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Form
from ninja.files import UploadedFile

from redrider.core.api import Limit, ObjectId, Offset, errors, page
from redrider.core.schemas import Day
from redrider.regions.types import RegionFilter

from .. import selectors, services
from ..schemas import (
    CategoryIn,
    CategoryListOut,
    CategoryOut,
    InstitutionIn,
    InstitutionListOut,
    InstitutionOut,
)
from .base import router, upload_of, viewer


@router.get("/institution-categories", response={200: CategoryListOut, **errors(403)})
def categories(request: HttpRequest, region: RegionFilter = None):
    items = list(selectors.category_list(user=viewer(request), region_code=region))
    return {"items": items, "count": len(items)}


@router.post("/institution-categories", response={201: CategoryOut, **errors(403, 404, 409)})
def category_create(request: HttpRequest, body: CategoryIn):
    category = services.category_create(
        actor=viewer(request), region_code=body.region, title=body.title, number=body.number
    )
    return 201, selectors.category_list(user=request.auth).get(pk=category.pk)


@router.get("/institutions", response={200: InstitutionListOut, **errors(403)})
def institutions(
    request: HttpRequest,
    region: RegionFilter = None,
    category: int | None = None,
    status: str | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
):
    """Institutions (制度): id, title, category, status (planned, drafted, issued)."""
    qs = selectors.institution_list(
        user=viewer(request), region_code=region, category=category, status=status
    )
    return page(qs, limit=limit, offset=offset, serialise=lambda i: i)


@router.post("/institutions", response={201: InstitutionOut, **errors(403, 404, 409)})
def institution_create(request: HttpRequest, body: InstitutionIn):
    return 201, services.institution_create(actor=viewer(request), **body.dict())


@router.get("/institutions/{int:id}", response={200: InstitutionOut, **errors(403)})
def institution_detail(request: HttpRequest, id: ObjectId):
    return selectors.institution_get(user=viewer(request), id=id)


@router.post(
    "/institutions/{int:id}/transitions", response={200: InstitutionOut, **errors(403, 404, 409)}
)
def institution_transition(
    request: HttpRequest,
    id: ObjectId,
    status: str = Form(...),  # noqa: B008
    issuing_body: str = Form(""),  # noqa: B008
    issued_on: Day | None = Form(None),  # noqa: B008
    document_number: str = Form(""),  # noqa: B008
    document: UploadedFile | None = File(None),  # noqa: B008
):
    """planned → drafted → issued (or planned → issued); issuing needs the document (sent here
    or attached before), the issuing body and the date. Multipart form."""
    return services.institution_transition(
        actor=viewer(request),
        institution_id=id,
        status=status,
        issuing_body=issuing_body,
        issued_on=issued_on,
        document_number=document_number,
        upload=upload_of(document) if document is not None else None,
    )
