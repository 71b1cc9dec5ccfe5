"""Demo brands and publicity: 红骑手 and its six city sub-brands, stories (some in Tibetan and
English), linked videos, a handbook and a compilation (PDF), placements, and the Tibetan–Chinese
leaflets generated from the stories that have Tibetan."""

from __future__ import annotations

import datetime as dt
import io
import uuid

from django.core.files.base import ContentFile
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from .. import services
from ..choices import AssetKind
from ..leaflet import CHINESE, register_fonts
from ..models import Asset, Brand, Exemplar, Placement, Story
from .campaigns import at
from .content import BRANDS, HANDBOOKS, NAMED, NAMED_TITLE_BO, PLACEMENTS, STORIES, VIDEOS


def brand_logo_svg(name: str, colour: str, motto: str) -> bytes:
    """A demo logo: a round badge in the brand's colour, a star, the name and the motto.

    Plain SVG without script or external references (the file view serves SVG sandboxed)."""

    def esc(t: str) -> str:
        return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    size = 34 if len(name) <= 3 else 26
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200">'
        f'<circle cx="100" cy="100" r="96" fill="{colour}"/>'
        '<circle cx="100" cy="100" r="84" fill="none" stroke="#fff" stroke-width="3"/>'
        '<path fill="#ffd43b" d="M100 30l8.8 18 19.9 2.9-14.4 14 3.4 19.8L100 75.4 82.3 84.7l3.4-19.8'
        '-14.4-14 19.9-2.9z"/>'
        '<text x="100" y="128" text-anchor="middle" fill="#fff" font-weight="700" '
        f'font-family="Noto Sans CJK SC, Source Han Sans SC, sans-serif" font-size="{size}">'
        f"{esc(name)}</text>"
        '<text x="100" y="158" text-anchor="middle" fill="#fff" '
        'font-family="Noto Sans CJK SC, Source Han Sans SC, sans-serif" font-size="13">'
        f"{esc(motto[:12])}</text></svg>"
    ).encode()


def seed_brands(ctx) -> dict[str, Brand]:
    brands: dict[str, Brand] = {}
    for slug, name, region, colour, motto, zh, en, bo in BRANDS:
        brand = Brand(
            slug=slug,
            name=name,
            region_code=region,
            colour=colour,
            motto=motto,
            description=zh,
            description_en=en,
            description_bo=bo,
            parent=brands.get("hongqishou"),
        )
        brand.logo.save(f"{slug}.svg", ContentFile(brand_logo_svg(name, colour, motto)), save=False)
        brand.save()
        brands[slug] = brand
    return brands


def _booklet(title: str, lines: list[str]) -> bytes:
    """A small printable PDF standing in for the programme's handbook and compilation."""
    register_fonts()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    c.setTitle(title)
    c.setFont(CHINESE, 22)
    c.drawCentredString(A4[0] / 2, A4[1] - 120, title)
    c.setFont(CHINESE, 12)
    for i, line in enumerate(lines):
        c.drawString(72, A4[1] - 190 - 24 * i, line)
    c.showPage()
    c.save()
    return out.getvalue()


def seed_content(ctx, actor, brands: dict[str, Brand]) -> None:
    published = at(dt.date(2023, 8, 1))
    stories: list[Story] = []
    for slug, region, title, body, title_en, body_en, title_bo, body_bo in STORIES:
        stories.append(
            services.story_create(
                actor=actor,
                region_code=region,
                brand_id=brands[slug].pk,
                title=title,
                body=body,
                title_en=title_en,
                body_en=body_en,
                title_bo=title_bo,
                body_bo=body_bo,
                publish=True,
                now=published,
            )
        )
    named = ctx.shared.get("honours_named", {})
    texts = {prefix: (d, zh, en, bo) for prefix, d, zh, en, bo in NAMED}
    for exemplar in Exemplar.objects.filter(nomination_id__in=list(named)).order_by("id"):
        distinction, zh, en, bo = texts[exemplar.nomination.quota_region]
        stories.append(
            services.story_create(
                actor=actor,
                region_code=exemplar.region_code,
                brand_id=brands["hongqishou"].pk,
                exemplar_id=exemplar.pk,
                title=f"{distinction}：{exemplar.display_name}",
                body=zh,
                title_en=distinction,
                body_en=en,
                title_bo=NAMED_TITLE_BO if bo else "",
                body_bo=bo,
                publish=True,
                now=published,
            )
        )
    for story in stories:
        if story.body_bo:
            services.leaflet_generate(actor=actor, story=story, link=f"/honours/s/{story.pk}/")
    small = ctx.scale == "small"
    for region, title, url in VIDEOS[:2] if small else VIDEOS:
        brand = next((b for b in brands.values() if b.region_code == region), brands["hongqishou"])
        services.asset_add(
            actor=actor,
            kind=AssetKind.VIDEO,
            title=title,
            region_code=region,
            url=url,
            brand_id=brand.pk,
        )
    for kind, region, title in HANDBOOKS:
        lines = [
            "四川省市场监督管理局",
            "“红骑手 跟党走”主题活动",
            "一个体系 · 十项举措 · 百位典型 · 千个驿站",
        ]
        asset = Asset(
            kind=kind,
            title=title,
            region_code=region,
            brand=brands["hongqishou"],
            content_type="application/pdf",
            created_by=actor,
        )
        data = _booklet(title, lines)
        asset.size = len(data)
        asset.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(data), save=False)
        asset.save()
    titles = {a.title: a for a in Asset.objects.all()}
    Placement.objects.bulk_create(
        [
            Placement(
                kind=kind,
                region_code=region,
                where=where,
                asset=titles.get(asset_title),
                brand=next(
                    (b for b in brands.values() if b.region_code == region), brands["hongqishou"]
                ),
                starts_on=dt.date(2023, 7, 1),
                ends_on=dt.date(2023, 12, 31),
                note=note,
            )
            for kind, region, where, asset_title, note in (PLACEMENTS[:3] if small else PLACEMENTS)
        ]
    )
