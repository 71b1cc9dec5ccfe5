"""The staff console of 百位典型: campaigns (quotas, ranking, jurors, notice, publishing),
nominations (evidence, scores, objections), demonstration sites and publicity."""

from __future__ import annotations

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
from ..phases import campaign_phase


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


@staff_required
def home(request):
    """Campaigns of (and above) the region, with the headline figures."""
    if can(request.user, "honours.jury_desk"):
        return redirect("honours:jury_home")
    now = timezone.now()
    code = focus_code(request)
    figures = indicators.indicators(user=request.user, region_code=code) if code else {}
    campaigns = [(c, campaign_phase(c, now)) for c in selectors.campaign_list(user=request.user)]
    return render(
        request,
        "honours/console_home.html",
        {
            "campaigns": campaigns,
            "figures": [(indicators.LABELS[k], v) for k, v in figures.items()],
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
        },
    )


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
        },
    )


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
            "kinds": AssessmentKind.choices,
            "results": AssessmentResult.choices,
            "year": timezone.localdate().year,
            "may_assess": can(request.user, "honours.assess_site", found),
        },
    )


# --- Publicity ---------------------------------------------------------------------------------


@staff_required
def publicity(request):
    """Brands, stories (publish, bilingual leaflet), assets (upload or link), placements."""
    if request.method == "POST":
        p, action = request.POST, request.POST.get("action", "")
        story = None
        if p.get("story"):
            story = selectors.story_list(user=request.user).filter(pk=p.get("story")).first()
        if action == "leaflet" and story is not None:
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
                    description=p.get("description", ""),
                ),
                "已添加 / added",
            )
        return redirect("honours:console_publicity")
    return render(
        request,
        "honours/console_publicity.html",
        {
            "brands": selectors.brand_list_public(),
            "stories": selectors.story_list(user=request.user)[:50],
            "assets": selectors.asset_list_public(region=focus_code(request))[:50],
            "placements": selectors.placement_list(user=request.user)[:50],
            "asset_kinds": AssetKind.choices,
            "placement_kinds": PlacementKind.choices,
            "focus": focus_code(request),
        },
    )
