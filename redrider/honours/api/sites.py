"""Demonstration sites and publicity writes (staff)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router
from ninja.files import UploadedFile

from redrider.core.api import Limit, ObjectId, Offset
from redrider.regions.types import RegionFilter

from .. import selectors, services
from ..schemas import (
    AssessmentIn,
    AssessmentOut,
    AssetLinkIn,
    AssetListOut,
    AssetOut,
    LeafletIn,
    PhotoOut,
    PlacementIn,
    PlacementListOut,
    PlacementOut,
    SiteDetailOut,
    SiteIn,
    SiteListOut,
    SiteOut,
    StoryIn,
    StoryListOut,
    StoryOut,
)
from .common import ERRORS, paged, photo_bytes, upload_bytes

router = Router(tags=["honours: sites and publicity"])


@router.get("/sites", response={200: SiteListOut, **ERRORS})
def site_list(
    request: HttpRequest,
    region: RegionFilter = None,
    status: str = "",
    kind: str = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    """Demonstration sites (党建示范点) of the user's region; `status=due`: those whose re-review
    (回头看) date has come."""
    qs = selectors.site_list(user=request.auth, region=region, status=status, kind=kind)
    return paged(qs, limit=limit, offset=offset)


@router.get("/sites/{int:id}", response={200: SiteDetailOut, **ERRORS})
def site_detail(request: HttpRequest, id: ObjectId):
    """A site with every assessment and its full history of states."""
    return selectors.site_get(user=request.auth, id=id)


@router.post("/sites", response={201: SiteOut, **ERRORS})
def site_propose(request: HttpRequest, payload: SiteIn):
    return 201, services.site_propose(actor=request.auth, **payload.dict())


@router.post("/sites/{int:id}/assessments", response={201: AssessmentOut, **ERRORS})
def site_assess(request: HttpRequest, id: ObjectId, payload: AssessmentIn):
    """A naming assessment or a re-review (回头看) against the checklist."""
    site = selectors.site_get(user=request.auth, id=id)
    return 201, services.site_assess(actor=request.auth, site=site, **payload.dict())


@router.post("/assessments/{int:id}/photos", response={201: PhotoOut, **ERRORS})
def assessment_photo(request: HttpRequest, id: ObjectId, file: UploadedFile = File(...)):  # noqa: B008
    assessment = selectors.assessment_get(user=request.auth, id=id)
    photo = services.site_photo_add(
        actor=request.auth, assessment=assessment, data=photo_bytes(file)
    )
    return 201, {
        "id": photo.pk,
        "url": reverse("honours:site_photo", args=[photo.pk]),
        "width": photo.width,
        "height": photo.height,
    }


@router.post("/stories", response={201: StoryOut, **ERRORS})
def story_create(request: HttpRequest, payload: StoryIn):
    return 201, services.story_create(actor=request.auth, **payload.dict())


@router.post("/stories/{int:id}/publish", response={200: StoryOut, **ERRORS})
def story_publish(request: HttpRequest, id: ObjectId):
    story = selectors.story_get(user=request.auth, id=id)
    return services.story_publish(actor=request.auth, story=story)


@router.post("/stories/{int:id}/photo", response={200: StoryOut, **ERRORS})
def story_photo(request: HttpRequest, id: ObjectId, file: UploadedFile = File(...)):  # noqa: B008
    story = selectors.story_get(user=request.auth, id=id)
    return services.story_photo_set(actor=request.auth, story=story, data=photo_bytes(file))


@router.post("/stories/{int:id}/leaflet", response={201: AssetOut, **ERRORS})
def story_leaflet(request: HttpRequest, id: ObjectId, payload: LeafletIn):
    """Generate the Tibetan–Chinese leaflet (A4 PDF) of a story."""
    story = selectors.story_get(user=request.auth, id=id)
    return 201, services.leaflet_generate(actor=request.auth, story=story, link=payload.link)


@router.post("/assets", response={201: AssetOut, **ERRORS})
def asset_upload(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    kind: str = Form(...),  # noqa: B008
    title: str = Form(...),  # noqa: B008
    region_code: str = Form(...),  # noqa: B008
    brand_id: int | None = Form(None),  # noqa: B008
    description: str = Form(""),  # noqa: B008
):
    """Upload a video (MP4/WebM) or a PDF; a file that is not its declared type answers 422."""
    asset = services.asset_add(
        actor=request.auth,
        kind=kind,
        title=title,
        region_code=region_code,
        data=upload_bytes(file),
        declared_type=file.content_type or "",
        brand_id=brand_id,
        description=description,
    )
    return 201, asset


@router.post("/assets/link", response={201: AssetOut, **ERRORS})
def asset_link(request: HttpRequest, payload: AssetLinkIn):
    return 201, services.asset_add(actor=request.auth, **payload.dict())


@router.get("/placements", response={200: PlacementListOut, **ERRORS})
def placement_list(
    request: HttpRequest, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0
):
    return paged(
        selectors.placement_list(user=request.auth, region=region), limit=limit, offset=offset
    )


@router.post("/placements", response={201: PlacementOut, **ERRORS})
def placement_add(request: HttpRequest, payload: PlacementIn):
    return 201, services.placement_add(actor=request.auth, **payload.dict())


# --- Public reads that share a path with a staff write --------------------------------------


@router.get("/stories", auth=None, response={200: StoryListOut, **ERRORS})
def story_list(
    request: HttpRequest,
    brand: ObjectId | None = None,
    region: RegionFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.story_list_public(brand=brand, region=region)
    return paged(qs, limit=limit, offset=offset)


@router.get("/stories/{int:id}", auth=None, response={200: StoryOut, **ERRORS})
def story_detail(request: HttpRequest, id: ObjectId):
    return selectors.story_get_public(id=id)


@router.get("/assets", auth=None, response={200: AssetListOut, **ERRORS})
def asset_list(
    request: HttpRequest,
    kind: str = "",
    brand: ObjectId | None = None,
    region: RegionFilter = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.asset_list_public(kind=kind, brand=brand, region=region)
    return paged(qs, limit=limit, offset=offset)
