"""The public honour wall (anyone, no sign-in): exemplars, the notice, brands and stories, in
Chinese, English or Tibetan, each page with a share card for WeChat."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from redrider.core.errors import DomainError
from redrider.regions import tree

from .. import selectors
from ..choices import CampaignStatus, StoryStatus
from ..models import Campaign


def _share(request, *, title: str, description: str, image: str | None = None) -> dict:
    """The share card (og:title / og:image / og:description) with absolute URLs."""
    return {
        "title": title,
        "description": description[:120],
        "image": request.build_absolute_uri(image or static("honours/share.png")),
        "url": request.build_absolute_uri(),
    }


def _not_found(request):
    return render(request, "web/not_found.html", status=404)


def wall(request):
    """The honour wall: published exemplars by year and prefecture, and any notice running."""
    region = request.GET.get("region", "")
    year = request.GET.get("year", "")
    try:
        qs = selectors.exemplar_list_public(
            region=region or None, year=int(year) if year.isdigit() else None
        )
    except DomainError:
        qs, region = selectors.exemplar_list_public(), ""
    page = Paginator(qs, 24).get_page(request.GET.get("page"))
    prefectures = [(c, tree.name_of(c)) for c in tree.children("510000")]
    years = sorted(
        set(selectors.exemplar_list_public().values_list("year", flat=True)), reverse=True
    )
    total = qs.count()
    return render(
        request,
        "honours/public_wall.html",
        {
            "page": page,
            "total": total,
            "region": region,
            "year": year,
            "prefectures": prefectures,
            "years": years,
            "notices": selectors.campaigns_on_notice(),
            "brands": selectors.brand_list_public(),
            "share": _share(
                request,
                title=_("红骑手荣誉墙"),
                description=_("四川外卖配送员先进典型“红骑手”名单与事迹"),
            ),
        },
    )


def exemplar(request, pk: int):
    try:
        found = selectors.exemplar_get_public(id=pk)
    except DomainError:
        return _not_found(request)
    published = found.stories.filter(status=StoryStatus.PUBLISHED)
    stories = [s.localised(get_language()) + (s,) for s in published]
    image = reverse("honours:exemplar_photo", args=[found.pk]) if found.photo else None
    return render(
        request,
        "honours/public_exemplar.html",
        {
            "e": found,
            "stories": stories,
            "share": _share(
                request,
                title=f"{found.year} {found.title} · {found.display_name}",
                description=found.distinction or found.story,
                image=image,
            ),
        },
    )


def notice(request, pk: int):
    """The public notice (公示) of a campaign: names, places, deeds, how to object, end date."""
    campaign = Campaign.objects.filter(pk=pk).first()
    if campaign is None or campaign.status == CampaignStatus.OPEN:
        return _not_found(request)
    return render(
        request,
        "honours/public_notice.html",
        {
            "campaign": campaign,
            "names": selectors.notice_list_public(campaign),
            "share": _share(
                request,
                title=f"{campaign.name} · {_('公示')}",
                description=_("公示期内如有异议，请按公告方式反映。"),
            ),
        },
    )


def brand(request, slug: str):
    try:
        found = selectors.brand_get_public(slug=slug)
    except DomainError:
        return _not_found(request)
    language = get_language()
    stories = [s.localised(language) + (s,) for s in selectors.story_list_public(brand=found.pk)]
    description = {"bo": found.description_bo, "en": found.description_en}.get(language) or (
        found.description
    )
    return render(
        request,
        "honours/public_brand.html",
        {
            "brand": found,
            "description": description,
            "stories": stories,
            "assets": selectors.asset_list_public(brand=found.pk)[:20],
            "exemplars": selectors.exemplar_list_public(region=found.region_code)[:12],
            "share": _share(
                request, title=f"{found.name} · {_('红骑手')}", description=description
            ),
        },
    )


def story(request, pk: int):
    try:
        found = selectors.story_get_public(id=pk)
    except DomainError:
        return _not_found(request)
    title, body = found.localised(get_language())
    image = reverse("honours:story_photo", args=[found.pk]) if found.photo else None
    return render(
        request,
        "honours/public_story.html",
        {
            "story": found,
            "title": title,
            "body": body,
            "leaflets": found.leaflets.all(),
            "share": _share(request, title=title, description=body, image=image),
        },
    )
