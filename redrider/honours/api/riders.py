"""A rider's initiative signature, roles and titles; role counts per region for staff."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from redrider.core.errors import Conflict
from redrider.regions.types import RegionFilter
from redrider.riders.selectors import rider_profile_for_user

from .. import indicators, selectors, services
from ..schemas import MyHonoursOut, PledgeIn, RoleCountsOut, RoleIn
from .common import ERRORS

router = Router(tags=["honours: riders"])


def _mine(user) -> dict:
    rider = rider_profile_for_user(user)
    if rider is None:
        raise Conflict("not_registered", "请先完成骑手注册", "register as a rider first")
    mine = selectors.rider_honours(rider=rider)
    return {
        "pledged": mine.pledge is not None,
        "signed_at": mine.pledge.signed_at if mine.pledge else None,
        "roles": mine.roles,
        "titles": mine.titles,
        "brand": mine.brand,
    }


@router.get("/me", response={200: MyHonoursOut, **ERRORS})
def my_honours(request: HttpRequest):
    """The rider's own initiative signature, roles, titles and sub-brand."""
    return _mine(request.auth)


@router.post("/pledge", response={201: MyHonoursOut, **ERRORS})
def pledge_sign(request: HttpRequest, payload: PledgeIn):
    """Sign the “红骑手 跟党走” initiative (once), choosing roles at the same time."""
    services.pledge_sign(actor=request.auth, **payload.dict())
    return 201, _mine(request.auth)


@router.post("/roles", response={200: MyHonoursOut, **ERRORS})
def role_take(request: HttpRequest, payload: RoleIn):
    services.role_take(actor=request.auth, role=payload.role)
    return _mine(request.auth)


@router.get("/roles/counts", response={200: RoleCountsOut, **ERRORS})
def role_counts(request: HttpRequest, region: RegionFilter = None):
    """Signatures and riders in each role, for a region the user can see."""
    return indicators.role_counts(user=request.auth, region_code=region)


@router.delete("/roles/{role}", response={200: MyHonoursOut, **ERRORS})
def role_drop(request: HttpRequest, role: str):
    services.role_drop(actor=request.auth, role=role)
    return _mine(request.auth)
