"""Publicity writes: stories, uploaded or linked assets, placements, generated leaflets."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.db import transaction

from redrider.accounts.policy import require
from redrider.core.audit import audit_record
from redrider.core.errors import InvalidInput, NotFound
from redrider.core.photos import photo_clean
from redrider.core.scoping import code_within
from redrider.regions import tree

from ..choices import AssetKind, PlacementKind, StoryStatus
from ..leaflet import LeafletText, render_leaflet
from ..models import Asset, Brand, Exemplar, Placement, Story
from ..reach import assets_in_reach, brands_in_reach
from ..uploads import upload_check
from .common import at, known_region, now_or, text


def _brand(actor, brand_id: int | None, region_code: str) -> Brand | None:
    """The brand a write names: one of the actor's line of regions (404 like a missing id
    otherwise, see reach.py) whose region contains `region_code` (422 otherwise)."""
    if brand_id is None:
        return None
    brand = brands_in_reach(actor).filter(pk=brand_id).first()
    if brand is None:
        raise NotFound("品牌", "brand")
    if not code_within(region_code, brand.region_code):
        raise InvalidInput(
            "brand_elsewhere",
            "该品牌不属于所选地区",
            "the brand is not one of the chosen region",
            field="brand_id",
        )
    return brand


def _asset(actor, asset_id: int | None, region_code: str) -> Asset | None:
    """The asset a placement shows: of the actor's line (404 like a missing id otherwise), and
    of the placement's region or above it (422 otherwise)."""
    if asset_id is None:
        return None
    asset = assets_in_reach(actor).filter(pk=asset_id).first()
    if asset is None:
        raise NotFound("宣传品", "asset")
    if not code_within(region_code, asset.region_code):
        raise InvalidInput(
            "asset_elsewhere",
            "该宣传品不属于所选地区",
            "the asset is not one of the chosen region",
            field="asset_id",
        )
    return asset


def _exemplar(actor, exemplar_id: int | None, region_code: str) -> Exemplar | None:
    """The exemplar a story tells of: one the actor's region holds (404 like a missing id
    otherwise), within the story's region (422 otherwise)."""
    if exemplar_id is None:
        return None
    exemplar = Exemplar.objects.visible_to(actor).filter(pk=exemplar_id).first()
    if exemplar is None:
        raise NotFound("典型", "exemplar")
    if not code_within(exemplar.region_code, region_code):
        raise InvalidInput(
            "exemplar_elsewhere",
            "该典型不在所选地区",
            "the exemplar is not of the chosen region",
            field="exemplar_id",
        )
    return exemplar


@transaction.atomic
def story_create(
    *,
    actor,
    region_code: str,
    title: str,
    body: str,
    title_bo: str = "",
    body_bo: str = "",
    title_en: str = "",
    body_en: str = "",
    brand_id: int | None = None,
    exemplar_id: int | None = None,
    publish: bool = False,
    now: dt.datetime | None = None,
) -> Story:
    """Write a story of the region (Chinese required; Tibetan and English optional).

    Before: the region is known and in the actor's scope for publicity (422 / 404); a named brand
    or exemplar is of the actor's line of regions (404, the same answer as a missing id) and fits
    the story's region (422). After: a draft, or a published story when `publish`.
    """
    region_code = known_region(region_code)
    require(actor, "honours.manage_publicity", at(region_code))
    brand = _brand(actor, brand_id, region_code)
    exemplar = _exemplar(actor, exemplar_id, region_code)
    now = now_or(now)
    story = Story.objects.create(
        region_code=region_code,
        brand=brand,
        exemplar=exemplar,
        title=text(title, zh="标题", en="title", limit=120),
        body=text(body, zh="正文", en="body", limit=8000),
        title_bo=text(title_bo, zh="藏文标题", en="Tibetan title", limit=240, required=False),
        body_bo=text(body_bo, zh="藏文正文", en="Tibetan body", limit=12000, required=False),
        title_en=text(title_en, zh="英文标题", en="English title", limit=200, required=False),
        body_en=text(body_en, zh="英文正文", en="English body", limit=12000, required=False),
        status=StoryStatus.PUBLISHED if publish else StoryStatus.DRAFT,
        published_at=now if publish else None,
        created_by=actor,
    )
    audit_record(actor=actor, action="honours.story_create", obj=story)
    return story


@transaction.atomic
def story_publish(*, actor, story: Story, now: dt.datetime | None = None) -> Story:
    """Publish a draft (publishing twice keeps the first date)."""
    require(actor, "honours.manage_publicity", story)
    if story.status != StoryStatus.PUBLISHED:
        story.status, story.published_at = StoryStatus.PUBLISHED, now_or(now)
        story.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(actor=actor, action="honours.story_publish", obj=story)
    return story


@transaction.atomic
def story_photo_set(*, actor, story: Story, data: bytes) -> Story:
    """Set the story's picture (re-encoded without EXIF/GPS; 422 when not an image)."""
    require(actor, "honours.manage_publicity", story)
    clean = photo_clean(data)
    story.photo.save(clean.content.name or "story.jpg", clean.content, save=False)
    story.save(update_fields=["photo", "updated_at"])
    audit_record(actor=actor, action="honours.story_photo", obj=story)
    return story


@transaction.atomic
def asset_add(
    *,
    actor,
    kind: str,
    title: str,
    region_code: str,
    data: bytes | None = None,
    declared_type: str = "",
    url: str = "",
    brand_id: int | None = None,
    description: str = "",
) -> Asset:
    """Add a video, handbook, compilation or leaflet: an upload or a link (exactly one).

    Before: region known and in scope (422 / 404); a named brand of the actor's line (404 like a
    missing id) and of the region (422); kind known; an upload must really be its
    declared type and that type must fit the kind — MP4/WebM for videos, PDF otherwise (422
    `upload_type`, nothing stored; 413 when too large); a link is http(s). After: the asset and
    an audit row.
    """
    region_code = known_region(region_code)
    require(actor, "honours.manage_publicity", at(region_code))
    if kind not in AssetKind.values:
        raise InvalidInput("unknown_kind", "宣传品类别无效", "unknown asset kind")
    brand = _brand(actor, brand_id, region_code)
    title = text(title, zh="标题", en="title", limit=120)
    url = (url or "").strip()
    if (data is None) == (not url):
        raise InvalidInput(
            "file_or_link", "请上传文件或填写链接（二选一）", "give either a file or a link"
        )
    asset = Asset(
        kind=kind,
        title=title,
        region_code=region_code,
        brand=brand,
        description=text(description, zh="说明", en="description", limit=500, required=False),
        created_by=actor,
    )
    if data is not None:
        ext = upload_check(kind=kind, declared=declared_type, data=data)
        asset.file.save(f"{uuid.uuid4().hex}{ext}", ContentFile(data), save=False)
        asset.content_type = declared_type.split(";")[0].strip().lower()
        asset.size = len(data)
    else:
        if not (url.startswith("https://") or url.startswith("http://")) or len(url) > 200:
            raise InvalidInput(
                "invalid_link", "链接须以 http(s):// 开头", "the link must be http(s)"
            )
        asset.url = url
    asset.save()
    audit_record(actor=actor, action="honours.asset_add", obj=asset, detail={"kind": kind})
    return asset


@transaction.atomic
def placement_add(
    *,
    actor,
    kind: str,
    where: str,
    region_code: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    asset_id: int | None = None,
    brand_id: int | None = None,
    note: str = "",
) -> Placement:
    """Record where publicity was shown (newspaper, ad window, e-screen, landmark screen...).

    Before: region known and in scope; kind known; ends on or after it starts (422 / 404); the
    asset and the brand, if any, are of the actor's line of regions (404, the same answer as a
    missing id) and of the placement's region or above it (422).
    """
    region_code = known_region(region_code)
    require(actor, "honours.manage_publicity", at(region_code))
    if kind not in PlacementKind.values:
        raise InvalidInput("unknown_kind", "投放载体无效", "unknown placement kind")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput("dates_out_of_order", "结束日期早于开始日期", "ends before it starts")
    asset = _asset(actor, asset_id, region_code)
    brand = _brand(actor, brand_id, region_code)
    placement = Placement.objects.create(
        kind=kind,
        where=text(where, zh="投放位置", en="where", limit=128),
        region_code=region_code,
        starts_on=starts_on,
        ends_on=ends_on,
        asset=asset,
        brand=brand,
        note=text(note, zh="说明", en="note", limit=300, required=False),
    )
    audit_record(actor=actor, action="honours.placement_add", obj=placement)
    return placement


def leaflet_text(story: Story, *, link: str = "") -> LeafletText:
    brand = story.brand
    return LeafletText(
        title_zh=story.title,
        body_zh=story.body,
        title_bo=story.title_bo or story.title,
        body_bo=story.body_bo,
        brand_zh=brand.name if brand else "红骑手",
        issuer=f"{tree.name_of(story.region_code)}市场监督管理局",
        link=link,
    )


@transaction.atomic
def leaflet_generate(*, actor, story: Story, link: str = "") -> Asset:
    """Lay the story out as a Tibetan–Chinese leaflet (A4 PDF) and keep it as an asset.

    Before: the actor manages publicity of the story's region (404); the story has a Tibetan
    body (422 `leaflet_needs_tibetan`). After: a `leaflet` asset holding the PDF, linked to the
    story and its brand.
    """
    require(actor, "honours.manage_publicity", story)
    if not story.body_bo.strip():
        raise InvalidInput(
            "leaflet_needs_tibetan",
            "该故事还没有藏文内容，不能生成双语宣传单",
            "the story has no Tibetan text for a bilingual leaflet",
        )
    pdf = render_leaflet(leaflet_text(story, link=link))
    asset = Asset(
        kind=AssetKind.LEAFLET,
        title=f"{story.title}（藏汉双语）"[:120],
        region_code=story.region_code,
        brand=story.brand,
        story=story,
        content_type="application/pdf",
        size=len(pdf),
        created_by=actor,
    )
    asset.file.save(f"leaflet-{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    asset.save()
    audit_record(actor=actor, action="honours.leaflet_generate", obj=asset)
    return asset
