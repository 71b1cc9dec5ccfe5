"""What anyone may read: the honour wall and the brands (published stories and assets are
read with their writes, in sites.py, because one path answers both methods)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from redrider.core.api import Limit, ObjectId, Offset
from redrider.core.schemas import Year
from redrider.regions.types import RegionFilter

from .. import selectors
from ..schemas import BrandListOut, BrandOut, ExemplarListOut, ExemplarOut
from .common import ERRORS, paged

router = Router(tags=["honours: public"])


@router.get("/exemplars", auth=None, response={200: ExemplarListOut, **ERRORS})
def exemplar_list(
    request: HttpRequest,
    region: RegionFilter = None,
    campaign: ObjectId | None = None,
    year: Year | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """The published honour list (public): never an ID number or phone."""
    qs = selectors.exemplar_list_public(region=region, campaign=campaign, year=year)
    return paged(qs, limit=limit, offset=offset)


@router.get("/exemplars/{int:id}", auth=None, response={200: ExemplarOut, **ERRORS})
def exemplar_detail(request: HttpRequest, id: ObjectId):
    return selectors.exemplar_get_public(id=id)


@router.get("/brands", auth=None, response={200: BrandListOut, **ERRORS})
def brand_list(request: HttpRequest, limit: Limit = 50, offset: Offset = 0):
    return paged(selectors.brand_list_public(), limit=limit, offset=offset)


@router.get("/brands/{int:id}", auth=None, response={200: BrandOut, **ERRORS})
def brand_detail(request: HttpRequest, id: ObjectId):
    return selectors.brand_get_public(id=id)
