"""Rider pages (phone): my honours and sub-brand, signing the initiative, roles, nominating."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language

from redrider.core.errors import DomainError
from redrider.core.scoping import code_within
from redrider.riders.selectors import rider_profile_for_user

from .. import pledge, selectors, services
from ..choices import CampaignStatus, RiderRole
from ..models import Campaign
from ..phases import nominations_open


def _rider_or_register(request):
    rider = rider_profile_for_user(request.user)
    if rider is None:
        return None, redirect("riders:rider_register")
    return rider, None


def open_campaigns_for(rider) -> list[Campaign]:
    now = timezone.now()
    return [
        c
        for c in Campaign.objects.filter(status=CampaignStatus.OPEN).order_by("-year")
        if code_within(rider.region_code, c.region_code) and nominations_open(c, now)
    ]


@login_required
def home(request):
    """我的荣誉: my sub-brand and its stories, my titles, my initiative and roles, exemplars of
    my city, and any campaign taking nominations."""
    rider, away = _rider_or_register(request)
    if away:
        return away
    mine = selectors.rider_honours(rider=rider)
    language = get_language()
    stories = []
    if mine.brand is not None:
        stories = [
            s.localised(language) + (s,)
            for s in selectors.story_list_public(brand=mine.brand.pk)[:6]
        ]
    description = ""
    if mine.brand is not None:
        description = {"bo": mine.brand.description_bo, "en": mine.brand.description_en}.get(
            language
        ) or mine.brand.description
    return render(
        request,
        "honours/rider_home.html",
        {
            "mine": mine,
            "brand_description": description,
            "roles": [(value, label, value in mine.roles) for value, label in RiderRole.choices],
            "stories": stories,
            "exemplars": selectors.exemplars_near(code=rider.region_code),
            "campaigns": open_campaigns_for(rider),
        },
    )


@login_required
def sign(request):
    """The initiative letter in the reader's language; ticking roles and signing on the phone."""
    rider, away = _rider_or_register(request)
    if away:
        return away
    mine = selectors.rider_honours(rider=rider)
    error, status = None, 200
    if request.method == "POST" and mine.pledge is None:
        try:
            services.pledge_sign(
                actor=request.user,
                signed_name=request.POST.get("signed_name", ""),
                language=get_language(),
                roles=request.POST.getlist("roles"),
            )
        except DomainError as exc:
            error, status = exc.detail, exc.status
        else:
            messages.success(request, pledge.CLOSING)
            return redirect("honours:rider_home")
    return render(
        request,
        "honours/rider_pledge.html",
        {
            "mine": mine,
            "letter": pledge,
            "roles": [(v, label, pledge.ROLE_TEXT[v]) for v, label in RiderRole.choices],
            "error": error,
        },
        status=status,
    )


@login_required
def roles(request):
    """Take up or give up a role (POST from the rider's page)."""
    if request.method == "POST":
        role, action = request.POST.get("role", ""), request.POST.get("action", "")
        try:
            if action == "drop":
                services.role_drop(actor=request.user, role=role)
            else:
                services.role_take(actor=request.user, role=role)
        except DomainError as exc:
            messages.error(request, exc.detail)
    return redirect("honours:rider_home")


@login_required
def nominate(request):
    """Nominate myself or a fellow rider of my county in a campaign taking nominations."""
    rider, away = _rider_or_register(request)
    if away:
        return away
    campaigns = open_campaigns_for(rider)
    error, status = None, 200
    if request.method == "POST":
        chosen = next((c for c in campaigns if str(c.pk) == request.POST.get("campaign")), None)
        try:
            if chosen is None:
                raise DomainError(
                    "nomination_closed",
                    "请选择正在提名的评选",
                    "choose an open campaign",
                    status=409,
                )
            services.nomination_by_rider(
                actor=request.user,
                campaign=chosen,
                peer_phone=request.POST.get("peer_phone")
                if request.POST.get("who") == "peer"
                else None,
                headline=request.POST.get("headline", ""),
                story=request.POST.get("story", ""),
            )
        except DomainError as exc:
            error, status = exc.detail, exc.status
        else:
            messages.success(request, "推荐已提交 / nomination sent")
            return redirect("honours:rider_home")
    return render(
        request,
        "honours/rider_nominate.html",
        {"campaigns": campaigns, "error": error, "values": request.POST},
        status=status,
    )
