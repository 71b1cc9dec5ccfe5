"""Rider census reads; every staff read starts from `visible_to(user)`."""

from __future__ import annotations

from django.db.models import QuerySet

from redrider.core.errors import NotFound

from .models import Rider


def rider_profile_for_user(user) -> Rider | None:
    """The census record behind a rider's login account, or None (not a rider, or not linked).

    Other apps use this to learn a signed-in rider's working county, platforms and company.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Rider.objects.select_related("company", "site").filter(user=user).first()
    )


def rider_list(*, user, region: str | None = None, filters: dict | None = None) -> QuerySet[Rider]:
    """Riders the user may see, narrowed to `region` and the filters (status, kind, platform,
    company, political status — the last honoured only with `can_view_political_status`)."""
    qs = Rider.objects.visible_to(user).select_related("company", "site")
    if region:
        qs = qs.in_region(region)
    return qs.order_by("region_code", "id")


def rider_get(*, user, id: int) -> Rider:
    rider = Rider.objects.visible_to(user).select_related("company", "site").filter(pk=id).first()
    if rider is None:
        raise NotFound("骑手", "rider")
    return rider
