"""The staff console of 百位典型: campaigns (quotas, ranking, jurors, notice, publishing),
nominations (evidence, scores, objections), demonstration sites and publicity."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from redrider.accounts.choices import Role
from redrider.accounts.models import User
from redrider.accounts.pages import focus_code, staff_required
from redrider.accounts.policy import can
from redrider.appeals.services.tipoffs import tipoff_informant_reveal
from redrider.core.errors import DomainError
from redrider.orgs.models import GuidanceStation, PartyOrganisation
from redrider.regions import tree
from redrider.riders.models import Company
from redrider.stations.models import Station

from .. import indicators, selectors, services
from ..choices import (
    OPEN_OBJECTION,
    SITE_CHECKLIST,
    AssessmentKind,
    AssessmentResult,
    AssetKind,
    NominationStatus,
    ObjectionSource,
    PlacementKind,
    SiteKind,
    SiteStatus,
)
from ..models import DemoSite, Juror, Nomination, Objection
from ..phases import campaign_phase, nominations_open
from ..reach import assets_in_reach, brands_in_reach
from ..services.common import at


def _not_found(request):
    return render(request, "web/not_found.html", status=404)


def _run(request, action, success: str) -> bool:
    """Run a service from a form; a refusal becomes a message (nothing was written)."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.detail)
        return False
    messages.success(request, success)
    return True


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _bad_date() -> DomainError:
    return DomainError("invalid_date", "请填写完整的日期", "fill in every date", status=422)


def _quota_regions(code: str) -> list[str]:
    """The regions a campaign of `code` gives seats to: its children, or itself when it has
    none (a county's own campaign)."""
    return list(tree.children(code)) or [code]


def _campaign_create(request, code: str):
    p = request.POST
    dates = {
        name: _date(p.get(name))
        for name in (
            "nomination_opens_on",
            "nomination_closes_on",
            "scoring_opens_on",
            "scoring_closes_on",
        )
    }
    if None in dates.values():
        raise _bad_date()
    quotas = {}
    for region in _quota_regions(code):
        raw = p.get(f"quota_{region}", "").strip()
        if raw:
            seats = _int(raw)
            if seats is None:
                raise DomainError(
                    "quota_invalid",
                    f"{tree.name_of(region)}的名额须为非负整数",
                    "a quota is a whole number",
                    status=422,
                )
            if seats:
                quotas[region] = seats
    return services.campaign_create(
        actor=request.user,
        name=p.get("name", ""),
        year=_int(p.get("year")) or 0,
        region_code=code,
        quotas=quotas,
        notice_working_days=_int(p.get("notice_working_days")) or 0,
        title=p.get("title", "") or "红骑手",
        description=p.get("description", ""),
        objection_contact=p.get("objection_contact", ""),
        **dates,
    )


@staff_required
def home(request):
    """Campaigns of (and above) the region, with the headline figures; a new campaign (POST)."""
    if can(request.user, "honours.jury_desk"):
        return redirect("honours:jury_home")
    now = timezone.now()
    code = focus_code(request)
    may_create = bool(code) and can(request.user, "honours.manage_campaign", at(code))
    if request.method == "POST" and code:
        created = []
        ok = _run(
            request,
            lambda: created.append(_campaign_create(request, code)),
            "评选活动已创建 / campaign created",
        )
        if ok:
            return redirect("honours:console_campaign", pk=created[0].pk)
        return redirect("honours:console_home")
    figures = indicators.indicators(user=request.user, region_code=code) if code else {}
    campaigns = [
        (c, campaign_phase(c, now), sum(q.seats for q in c.quotas.all()))
        for c in selectors.campaign_list(user=request.user)
    ]
    today = timezone.localdate()
    return render(
        request,
        "honours/console_home.html",
        {
            "campaigns": campaigns,
            "figures": [(indicators.LABELS[k], v) for k, v in figures.items()],
            "may_create": may_create,
            "focus": code,
            "quota_regions": _quota_regions(code) if may_create and code else [],
            "next_year": today.year + (1 if today.month >= 10 else 0),
        },
    )


@staff_required
def campaign(request, pk: int):
    try:
        found = selectors.campaign_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    quotas = selectors.quota_table(user=request.user, campaign=found)
    chosen = request.GET.get("q") or (quotas[0]["region_code"] if quotas else "")
    rows = selectors.live_ranking(user=request.user, campaign=found, quota_region=chosen)
    open_objections = set(
        Objection.objects.filter(nomination__campaign=found, status__in=OPEN_OBJECTION).values_list(
            "nomination_id", flat=True
        )
    )
    jurors = selectors.jurors_of(user=request.user, campaign=found)
    seats = {q["region_code"]: q["seats"] for q in quotas}
    return render(
        request,
        "honours/console_campaign.html",
        {
            "c": found,
            "phase": campaign_phase(found, timezone.now()),
            "quotas": quotas,
            "chosen": chosen,
            "seats": seats.get(chosen, 0),
            "rows": rows,
            "open_objections": open_objections,
            "jurors": jurors,
            "juror_accounts": User.objects.filter(role=Role.JUROR, is_active=True).order_by(
                "username"
            )[:200],
            "unassigned": Nomination.objects.visible_to(request.user)
            .filter(campaign=found, status=NominationStatus.SUBMITTED)
            .order_by("region_code", "id")[:300],
            "may_manage": can(request.user, "honours.manage_campaign", found),
            "may_appoint": can(request.user, "honours.appoint_jurors", found),
            "may_nominate": nominations_open(found, timezone.now())
            and can(request.user, "honours.nominate", at(focus_code(request) or "")),
            "companies": Company.objects.visible_to(request.user).order_by("name")[:300],
        },
    )


@staff_required
def nominate(request, pk: int):
    """Staff nominate a rider of their region for a company or an organisation (POST): the rider
    is found by their phone among the riders the user may see."""
    try:
        found = selectors.campaign_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method != "POST":
        return redirect("honours:console_campaign", pk=pk)
    p = request.POST
    created = []

    def act():
        rider = selectors.rider_by_phone(user=request.user, phone=p.get("phone", ""))
        created.append(
            services.nomination_create(
                actor=request.user,
                campaign=found,
                rider_id=rider.pk,
                nominator_kind=p.get("nominator_kind", ""),
                nominator_label=p.get("nominator_label", ""),
                company_id=_int(p.get("company_id")),
                headline=p.get("headline", ""),
                story=p.get("story", ""),
            )
        )

    if _run(request, act, "已提名 / nominated"):
        return redirect("honours:console_nomination", pk=created[0].pk)
    return redirect("honours:console_campaign", pk=pk)


@staff_required
def campaign_action(request, pk: int, action: str):
    """Open the notice or publish the list (POST)."""
    try:
        found = selectors.campaign_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method == "POST":
        if action == "notice":
            _run(
                request,
                lambda: services.campaign_notice_open(actor=request.user, campaign=found),
                "已启动公示 / notice opened",
            )
        elif action == "publish":
            _run(
                request,
                lambda: services.campaign_publish(actor=request.user, campaign=found),
                "名单已发布 / list published",
            )
    return redirect("honours:console_campaign", pk=pk)


@staff_required
def jurors(request, pk: int):
    """Appoint a juror for a region, or assign nominations to one (POST)."""
    try:
        found = selectors.campaign_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method == "POST":
        p = request.POST
        if p.get("juror"):
            juror = Juror.objects.visible_to(request.user).filter(pk=p.get("juror")).first()
            ids = [int(n) for n in p.getlist("nominations") if n.isdigit()]
            if juror is None:
                messages.error(request, "评审专家不存在 / juror not found")
            else:
                _run(
                    request,
                    lambda: services.juror_assign(
                        actor=request.user, juror=juror, nomination_ids=ids
                    ),
                    "已分配 / assigned",
                )
        else:
            user_id = p.get("user_id", "")
            _run(
                request,
                lambda: services.juror_appoint(
                    actor=request.user,
                    campaign=found,
                    user_id=int(user_id) if user_id.isdigit() else 0,
                    region_code=p.get("region_code", ""),
                ),
                "已聘请评审专家 / juror appointed",
            )
    return redirect("honours:console_campaign", pk=pk)


@staff_required
def nomination(request, pk: int):
    try:
        found = selectors.nomination_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    evidence = selectors.nomination_evidence(user=request.user, nomination=found)
    for tipoff in evidence.tipoffs:
        tipoff_informant_reveal(actor=request.user, tipoff=tipoff)
    return render(
        request,
        "honours/console_nomination.html",
        {
            "n": found,
            "evidence": evidence,
            "scores": found.scores.select_related("juror__user"),
            "objections": found.objections.all(),
            "sources": ObjectionSource.choices,
            "may_object": can(request.user, "honours.handle_objections", found),
            "may_add_photos": found.campaign.status == "open"
            and can(request.user, "honours.view_nominations", found),
        },
    )


@staff_required
def nomination_photos(request, pk: int):
    """Add evidence photos to a nomination (POST, several at once: all or none)."""
    try:
        found = selectors.nomination_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method == "POST":
        files = request.FILES.getlist("photos")
        _run(
            request,
            lambda: services.nomination_photos_add(
                actor=request.user,
                nomination=found,
                photos=[f.read(settings.MAX_PHOTO_BYTES + 1) for f in files],
                caption=request.POST.get("caption", ""),
            ),
            "照片已添加 / photos added",
        )
    return redirect("honours:console_nomination", pk=pk)


@staff_required
def objections(request, pk: int):
    """Record an objection to a nomination (POST) or move one along (POST with `objection`)."""
    try:
        found = selectors.nomination_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method == "POST":
        p = request.POST
        if p.get("objection"):
            objection = found.objections.filter(pk=p.get("objection")).first()
            if objection is None:
                return _not_found(request)
            _run(
                request,
                lambda: services.objection_decide(
                    actor=request.user,
                    objection=objection,
                    action=p.get("action", ""),
                    finding=p.get("finding", ""),
                ),
                "已处理 / done",
            )
        else:
            _run(
                request,
                lambda: services.objection_record(
                    actor=request.user,
                    nomination=found,
                    source=p.get("source", ""),
                    summary=p.get("summary", ""),
                ),
                "异议已登记 / objection recorded",
            )
    return redirect("honours:console_nomination", pk=pk)


# --- Demonstration sites -----------------------------------------------------------------------


def _candidates(user, code: str | None) -> dict:
    """Objects of the focus region that could be put forward, by kind (bounded lists)."""

    def pick(model, field):
        taken = DemoSite.objects.filter(**{f"{field}__isnull": False}).values(field)
        qs = model.objects.visible_to(user).exclude(pk__in=taken)
        return qs.in_region(code)[:200] if code else qs[:200]

    return {
        SiteKind.PARTY_ORGANISATION: pick(PartyOrganisation, "party_organisation"),
        SiteKind.GUIDANCE_STATION: pick(GuidanceStation, "guidance_station"),
        SiteKind.WARM_STATION: pick(Station, "station"),
    }


@staff_required
def sites(request):
    if request.method == "POST":
        link = request.POST.get("link", "")
        kind, _sep, link_id = link.partition(":")
        _run(
            request,
            lambda: services.site_propose(
                actor=request.user, kind=kind, link_id=int(link_id) if link_id.isdigit() else 0
            ),
            "已推荐为候选 / candidate added",
        )
        return redirect("honours:console_sites")
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    try:
        qs = selectors.site_list(
            user=request.user, region=focus_code(request), status=status, kind=kind
        )
    except DomainError:
        qs = selectors.site_list(user=request.user)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "honours/console_sites.html",
        {
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": SiteStatus.choices,
            "kinds": SiteKind.choices,
            "candidates": _candidates(request.user, focus_code(request)),
            "today": timezone.localdate(),
        },
    )


@staff_required
def site(request, pk: int):
    try:
        found = selectors.site_get(user=request.user, id=pk)
    except DomainError:
        return _not_found(request)
    if request.method == "POST":
        p = request.POST
        scores = {}
        for key, _label, _top in SITE_CHECKLIST:
            raw = p.get(f"score_{key}", "").strip()
            scores[key] = int(raw) if raw.isdigit() else raw
        year = p.get("year", "")
        _run(
            request,
            lambda: services.site_assess(
                actor=request.user,
                site=found,
                kind=p.get("kind", ""),
                year=int(year) if year.isdigit() else 0,
                scores=scores,
                evidence=p.get("evidence", ""),
                result=p.get("result") or None,
                note=p.get("note", ""),
                photos=[
                    f.read(settings.MAX_PHOTO_BYTES + 1) for f in request.FILES.getlist("photos")
                ],
            ),
            "评定已保存 / assessment saved",
        )
        return redirect("honours:console_site", pk=pk)
    return render(
        request,
        "honours/console_site.html",
        {
            "site": found,
            "checklist": SITE_CHECKLIST,
            # the short name of each item ("组织健全") for the table's heads
            "heads": [
                (key, str(label).split("：")[0].split(":")[0], top)
                for key, label, top in SITE_CHECKLIST
            ],
            "overdue": bool(found.next_review_due and found.next_review_due < timezone.localdate()),
            "kinds": AssessmentKind.choices,
            "results": AssessmentResult.choices,
            "year": timezone.localdate().year,
            "may_assess": can(request.user, "honours.assess_site", found),
        },
    )


# --- Publicity ---------------------------------------------------------------------------------


def _story_create(request):
    p = request.POST
    return services.story_create(
        actor=request.user,
        region_code=p.get("region_code", ""),
        title=p.get("title", ""),
        body=p.get("body", ""),
        title_bo=p.get("title_bo", ""),
        body_bo=p.get("body_bo", ""),
        title_en=p.get("title_en", ""),
        body_en=p.get("body_en", ""),
        brand_id=_int(p.get("brand_id")),
        publish=p.get("publish") == "1",
    )


def _placement_add(request):
    p = request.POST
    starts = _date(p.get("starts_on"))
    ends_raw = (p.get("ends_on") or "").strip()
    ends = _date(ends_raw) if ends_raw else None
    if starts is None or (ends_raw and ends is None):
        raise _bad_date()
    return services.placement_add(
        actor=request.user,
        kind=p.get("kind", ""),
        where=p.get("where", ""),
        region_code=p.get("region_code", ""),
        starts_on=starts,
        ends_on=ends,
        asset_id=_int(p.get("asset_id")),
        brand_id=_int(p.get("brand_id")),
        note=p.get("note", ""),
    )


@staff_required
def publicity(request):
    """Brands, stories (write, publish, bilingual leaflet), assets (upload or link), placements."""
    if request.method == "POST":
        p, action = request.POST, request.POST.get("action", "")
        story = None
        if p.get("story"):
            story = selectors.story_list(user=request.user).filter(pk=_int(p.get("story"))).first()
        if action in ("leaflet", "publish") and story is None:
            messages.error(request, "故事不存在 / story not found")
        elif action == "leaflet" and story is not None:
            link = request.build_absolute_uri(f"/honours/s/{story.pk}/")
            _run(
                request,
                lambda: services.leaflet_generate(actor=request.user, story=story, link=link),
                "双语宣传单已生成 / leaflet generated",
            )
        elif action == "publish" and story is not None:
            _run(
                request,
                lambda: services.story_publish(actor=request.user, story=story),
                "已发布 / published",
            )
        elif action == "story":
            _run(request, lambda: _story_create(request), "故事已保存 / story saved")
        elif action == "placement":
            _run(request, lambda: _placement_add(request), "投放已登记 / placement recorded")
        elif action in ("upload", "link"):
            upload = request.FILES.get("file")
            _run(
                request,
                lambda: services.asset_add(
                    actor=request.user,
                    kind=p.get("kind", ""),
                    title=p.get("title", ""),
                    region_code=p.get("region_code", ""),
                    data=upload.read() if upload and action == "upload" else None,
                    declared_type=(upload.content_type or "") if upload else "",
                    url=p.get("url", "") if action == "link" else "",
                    brand_id=_int(p.get("brand_id")),
                    description=p.get("description", ""),
                ),
                "已添加 / added",
            )
        return redirect("honours:console_publicity")
    code = focus_code(request)
    return render(
        request,
        "honours/console_publicity.html",
        {
            "brands": selectors.brand_list_public(),
            "my_brands": brands_in_reach(request.user).order_by("region_code", "id"),
            "my_assets": assets_in_reach(request.user).order_by("-created_at", "-id")[:100],
            "stories": selectors.story_list(user=request.user)[:50],
            # the writer's own line of regions: what they may place (the province's handbook too)
            "assets": assets_in_reach(request.user)
            .select_related("brand")
            .order_by("-created_at", "-id")[:50],
            "placements": selectors.placement_list(user=request.user)[:50],
            "asset_kinds": AssetKind.choices,
            "placement_kinds": PlacementKind.choices,
            "focus": code,
            "may_manage": bool(code)
            and can(request.user, "honours.manage_publicity", at(code or "")),
            "today": timezone.localdate(),
        },
    )
