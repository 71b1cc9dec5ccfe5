"""Rider endpoints: balance, movements, catalogue, redemptions, own orders, benefits."""

from __future__ import annotations

from ninja import Schema

from redrider.core.api import Limit, ObjectId, Offset, page
from redrider.core.idempotency import idempotent_response, run_idempotent
from redrider.regions.types import RegionFilter

from .. import selectors, services
from ._router import router
from .out import (
    application_out,
    benefit_out,
    item_out,
    movement_out,
    order_out,
)


@router.get("/balance")
def balance(request):
    """The signed-in rider's balance (0 for anyone without a points account)."""
    return {"balance": selectors.rider_balance(user=request.auth)}


@router.get("/movements")
def movements(request, limit: Limit = 50, offset: Offset = 0):
    """Every change of the rider's balance, newest first, each naming its rule and source."""
    qs = selectors.rider_entries(user=request.auth)
    return page(qs, limit=limit, offset=offset, serialise=movement_out)


@router.get("/catalogue")
def catalogue(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    qs = selectors.rider_catalogue(user=request.auth, region=region)
    return page(qs, limit=limit, offset=offset, serialise=item_out)


class RedemptionIn(Schema):
    item_id: int
    quantity: int = 1


@router.post("/redemptions")
def redeem(request, payload: RedemptionIn):
    """Redeem (Idempotency-Key required): 201 with the order and its pickup code; 409 when the
    balance or stock is short; a replay answers the first answer again."""

    def action():
        order = services.points_redeem(
            actor=request.auth,
            item_id=payload.item_id,
            quantity=payload.quantity,
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        return 201, order_out(order)

    return idempotent_response(
        *run_idempotent(
            user=request.auth,
            key=request.headers.get("Idempotency-Key"),
            scope="points.redeem",
            payload=payload.dict(),
            action=action,
        )
    )


@router.get("/orders/mine")
def my_orders(request, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.rider_orders(user=request.auth), limit=limit, offset=offset, serialise=order_out
    )


class CancelIn(Schema):
    reason: str = ""


@router.post("/orders/{int:id}/cancel")
def cancel(request, id: ObjectId, payload: CancelIn):
    """Cancel a pending order (its rider, or staff over its region); Idempotency-Key required."""

    def action():
        order = services.points_order_cancel(actor=request.auth, order_id=id, reason=payload.reason)
        return 200, order_out(order, with_code=order.rider_id == request.auth.pk)

    return idempotent_response(
        *run_idempotent(
            user=request.auth,
            key=request.headers.get("Idempotency-Key"),
            scope=f"points.cancel.{id}",
            payload=payload.dict(),
            action=action,
        )
    )


@router.get("/benefits")
def benefits(request):
    """The benefits covering the rider's county, each with whether they qualify and why."""
    rows = services.benefits_for_rider(user=request.auth)
    items = [
        {**benefit_out(r["benefit"]), "eligible": r["eligible"], "checks": r["checks"]}
        for r in rows
    ]
    return {"items": items, "count": len(items)}


@router.post("/benefits/{int:id}/applications", response={201: dict})
def apply(request, id: ObjectId):
    return 201, application_out(services.benefit_apply(actor=request.auth, benefit_id=id))


@router.get("/benefit-applications/mine")
def my_applications(request):
    items = [application_out(a) for a in selectors.rider_applications(user=request.auth)]
    return {"items": items, "count": len(items)}
