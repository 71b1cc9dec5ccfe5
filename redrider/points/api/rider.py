"""Rider endpoints: balance, movements, catalogue, redemptions, own orders, benefits."""

from __future__ import annotations

from redrider.core.api import Limit, ObjectId, Offset, errors, page
from redrider.core.idempotency import idempotent
from redrider.core.schemas import Paged
from redrider.regions.types import RegionFilter

from .. import selectors, services
from ._router import router
from .out import (
    ApplicationListOut,
    ApplicationOut,
    BalanceOut,
    CancelIn,
    ItemOut,
    MovementOut,
    OrderOut,
    RedemptionIn,
    RiderBenefitListOut,
    application_out,
    benefit_out,
    item_out,
    movement_out,
    order_out,
)


@router.get("/balance", response=BalanceOut)
def balance(request):
    """The signed-in rider's balance (0 for anyone without a points account)."""
    return {"balance": selectors.rider_balance(user=request.auth)}


@router.get("/movements", response=Paged[MovementOut])
def movements(request, limit: Limit = 50, offset: Offset = 0):
    """Every change of the rider's balance, newest first, each naming its rule and source."""
    qs = selectors.rider_entries(user=request.auth)
    return page(qs, limit=limit, offset=offset, serialise=movement_out)


@router.get("/catalogue", response=Paged[ItemOut])
def catalogue(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    qs = selectors.rider_catalogue(user=request.auth, region=region)
    return page(qs, limit=limit, offset=offset, serialise=item_out)


@router.post("/redemptions", response={201: OrderOut, **errors(403, 404, 409)})
@idempotent(scope="points.redeem")
def redeem(request, payload: RedemptionIn):
    """Redeem (Idempotency-Key required): 201 with the order and its pickup code; 409 when the
    balance or stock is short; a replay answers the first answer again."""
    order = services.points_redeem(
        actor=request.auth, item_id=payload.item_id, quantity=payload.quantity
    )
    return 201, order_out(order)


@router.get("/orders/mine", response=Paged[OrderOut])
def my_orders(request, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.rider_orders(user=request.auth), limit=limit, offset=offset, serialise=order_out
    )


@router.post("/orders/{int:id}/cancel", response={200: OrderOut, **errors(403, 409)})
@idempotent(scope="points.cancel.{id}")
def cancel(request, id: ObjectId, payload: CancelIn):
    """Cancel a pending order (its rider, or staff over its region); Idempotency-Key required."""
    order = services.points_order_cancel(actor=request.auth, order_id=id, reason=payload.reason)
    return 200, order_out(order, with_code=order.rider_id == request.auth.pk)


@router.get("/benefits", response=RiderBenefitListOut)
def benefits(request):
    """The benefits covering the rider's county, each with whether they qualify and why."""
    rows = services.benefits_for_rider(user=request.auth)
    items = [
        {**benefit_out(r["benefit"]), "eligible": r["eligible"], "checks": r["checks"]}
        for r in rows
    ]
    return {"items": items, "count": len(items)}


@router.post("/benefits/{int:id}/applications", response={201: ApplicationOut, **errors(403, 409)})
def apply(request, id: ObjectId):
    return 201, application_out(services.benefit_apply(actor=request.auth, benefit_id=id))


@router.get("/benefit-applications/mine", response=ApplicationListOut)
def my_applications(request):
    items = [application_out(a) for a in selectors.rider_applications(user=request.auth)]
    return {"items": items, "count": len(items)}
