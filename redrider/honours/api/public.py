"""What anyone may read: the honour wall, brands, published stories and assets."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from .. import selectors
from ..schemas import (
    AssetListOut,
    BrandListOut,
    BrandOut,
    ExemplarListOut,
    ExemplarOut,
    StoryListOut,
    StoryOut,
)
from .common import ERRORS, paged

router = Router(tags=["honours: public"])


@router.get("/exemplars", auth=None, response={200: ExemplarListOut, **ERRORS})
def exemplar_list(
    request: HttpRequest,
    region: str | None = None,
    campaign: int | None = None,
    year: int | None = None,
    limit: int = 50,
    offset: int = 0,
):
    """The published honour list (public): never an ID number or phone."""
    qs = selectors.exemplar_list_public(region=region, campaign=campaign, year=year)
    return paged(qs, limit=limit, offset=offset)


@router.get("/exemplars/{int:id}", auth=None, response={200: ExemplarOut, **ERRORS})
def exemplar_detail(request: HttpRequest, id: int):
    return selectors.exemplar_get_public(id=id)


@router.get("/brands", auth=None, response={200: BrandListOut, **ERRORS})
def brand_list(request: HttpRequest, limit: int = 50, offset: int = 0):
    return paged(selectors.brand_list_public(), limit=limit, offset=offset)


@router.get("/brands/{int:id}", auth=None, response={200: BrandOut, **ERRORS})
def brand_detail(request: HttpRequest, id: int):
    return selectors.brand_get_public(id=id)


@router.get("/stories", auth=None, response={200: StoryListOut, **ERRORS})
def story_list(
    request: HttpRequest,
    brand: int | None = None,
    region: str | None = None,
    limit: int = 50,
    offset: int = 0,
):
    qs = selectors.story_list_public(brand=brand, region=region)
    return paged(qs, limit=limit, offset=offset)


@router.get("/stories/{int:id}", auth=None, response={200: StoryOut, **ERRORS})
def story_detail(request: HttpRequest, id: int):
    return selectors.story_get_public(id=id)


@router.get("/assets", auth=None, response={200: AssetListOut, **ERRORS})
def asset_list(
    request: HttpRequest,
    kind: str = "",
    brand: int | None = None,
    region: str | None = None,
    limit: int = 50,
    offset: int = 0,
):
    qs = selectors.asset_list_public(kind=kind, brand=brand, region=region)
    return paged(qs, limit=limit, offset=offset)
