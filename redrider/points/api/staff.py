"""Staff endpoints: funds, earning rules, transactions and reversals, manual awards, catalogue,
orders and fulfilment, benefits and applications. Every read starts from `visible_to(user)`."""

from __future__ import annotations

from typing import Annotated

from redrider.accounts.policy import can
from redrider.core.api import Limit, ObjectId, Offset, errors, page
from redrider.core.idempotency import idempotent
from redrider.core.schemas import Paged, matching
from redrider.regions.types import RegionFilter

from .. import selectors, services
from ..choices import ApplicationStatus, OrderStatus, TransactionKind
from ._router import router
from .out import (
    ApplicationDecisionIn,
    ApplicationOut,
    AwardIn,
    BenefitIn,
    BenefitOut,
    FulfilIn,
    FundIn,
    FundOut,
    GrantIn,
    ItemIn,
    ItemOut,
    OrderOut,
    RestockIn,
    ReverseIn,
    RuleIn,
    RuleOut,
    TransactionDetailOut,
    TransactionListOut,
    TransactionOut,
    application_out,
    benefit_out,
    entry_out,
    fund_out,
    item_out,
    order_out,
    rule_out,
    transaction_out,
)

# --- funds -----------------------------------------------------------------------------------


@router.get("/funds", response={200: Paged[FundOut], **errors(403)})
def funds(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.fund_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=fund_out,
    )


@router.get("/funds/{int:id}", response=FundOut)
def fund(request, id: ObjectId):
    return fund_out(selectors.fund_get(user=request.auth, id=id))


@router.post("/funds", response={201: FundOut, **errors(403, 409)})
@idempotent(scope="points.fund_create")
def fund_create(request, payload: FundIn):
    """Open a fund with its budget (Idempotency-Key: it creates points)."""
    return 201, fund_out(services.fund_create(actor=request.auth, **payload.dict()))


@router.post("/funds/{int:id}/grants", response={201: TransactionOut, **errors(403, 409)})
@idempotent(scope="points.grant.{id}")
def fund_grant(request, id: ObjectId, payload: GrantIn):
    selectors.fund_get(user=request.auth, id=id)
    tx = services.fund_grant(actor=request.auth, fund_id=id, **payload.dict())
    return 201, transaction_out(tx)


# --- rules -----------------------------------------------------------------------------------


@router.get("/rules", response={200: Paged[RuleOut], **errors(403)})
def rules(request, region: RegionFilter = None, limit: Limit = 100, offset: Offset = 0):
    return page(
        selectors.rule_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=rule_out,
    )


@router.get("/rules/{int:id}", response=RuleOut)
def rule(request, id: ObjectId):
    return rule_out(selectors.rule_get(user=request.auth, id=id))


@router.post("/rules", response={200: RuleOut, **errors(403, 404, 409)})
def rule_set(request, payload: RuleIn):
    """Create or change a region's earning rule (province/prefecture admins)."""
    return rule_out(services.rule_set(actor=request.auth, **payload.dict()))


# --- transactions ----------------------------------------------------------------------------


@router.get("/transactions", response={200: TransactionListOut, **errors(403)})
def transactions(
    request,
    region: RegionFilter = None,
    kind: Annotated[str, matching(TransactionKind)] = "",
    rider_id: ObjectId | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """The region's transactions. Lists never link a confidential one (a tip-off's reward) to a
    person, whoever asks; filtering by rider leaves them out."""
    qs = selectors.transaction_list(user=request.auth, region=region, kind=kind, rider_id=rider_id)
    return page(qs, limit=limit, offset=offset, serialise=transaction_out)


@router.get("/transactions/{int:id}", response=TransactionDetailOut)
def transaction(request, id: ObjectId):
    """One transaction with its entries. A confidential one names its rider and source only to a
    holder of the informant permission, and every such look writes an audit row."""
    tx = selectors.transaction_get(user=request.auth, id=id)
    party = None
    if tx.confidential and can(request.auth, services.REVEAL, tx):
        party = services.points_confidential_reveal(actor=request.auth, transaction_id=id)
    hidden = tx.confidential and party is None
    return {
        **transaction_out(tx, party=party),
        "entries": [
            entry_out(e, hidden=hidden) for e in tx.entries.select_related("account").order_by("id")
        ],
    }


@router.post("/transactions/{int:id}/reversal", response={201: TransactionOut, **errors(403, 409)})
@idempotent(scope="points.reverse.{id}")
def reverse(request, id: ObjectId, payload: ReverseIn):
    """Correct a transaction by its mirror (county staff and above; Idempotency-Key)."""
    selectors.transaction_get(user=request.auth, id=id)
    tx = services.points_reverse(actor=request.auth, transaction_id=id, reason=payload.reason)
    return 201, transaction_out(tx)


@router.post("/awards", response={201: TransactionOut, **errors(403, 409)})
@idempotent(scope="points.award")
def award(request, payload: AwardIn):
    """A staff member awards points under a rule (county staff and above over the region)."""
    return 201, transaction_out(services.points_award_manual(actor=request.auth, **payload.dict()))


# --- catalogue and orders --------------------------------------------------------------------


@router.get("/items", response={200: Paged[ItemOut], **errors(403)})
def items(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.item_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=item_out,
    )


@router.get("/items/{int:id}", response=ItemOut)
def item(request, id: ObjectId):
    return item_out(selectors.item_get(user=request.auth, id=id))


@router.post("/items", response={201: ItemOut, **errors(403, 404, 409)})
@idempotent(scope="points.item_create")
def item_create(request, payload: ItemIn):
    """Put an item in the catalogue (Idempotency-Key: its opening stock is a movement)."""
    data = payload.dict()
    station_id = data.pop("station_id")
    station = None
    if station_id is not None:
        station = selectors.item_station_get(user=request.auth, id=station_id)
    return 201, item_out(services.item_create(actor=request.auth, station=station, **data))


@router.post("/items/{int:id}/restock", response={200: ItemOut, **errors(403, 409)})
@idempotent(scope="points.restock.{id}")
def restock(request, id: ObjectId, payload: RestockIn):
    return 200, item_out(
        services.item_restock(actor=request.auth, item_id=id, quantity=payload.quantity)
    )


@router.get("/orders", response={200: Paged[OrderOut], **errors(403)})
def orders(
    request,
    region: RegionFilter = None,
    status: Annotated[str, matching(OrderStatus)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.order_list(user=request.auth, region=region, status=status)
    return page(qs, limit=limit, offset=offset, serialise=lambda o: order_out(o, with_code=False))


@router.get("/orders/{int:id}", response=OrderOut)
def order(request, id: ObjectId):
    return order_out(selectors.order_get(user=request.auth, id=id), with_code=False)


@router.post("/fulfilments", response={200: OrderOut, **errors(403, 404, 409)})
@idempotent(scope="points.fulfil")
def fulfil(request, payload: FulfilIn):
    """The station host hands the goods over against the rider's pickup code (Idempotency-Key)."""
    order = services.points_order_fulfil(actor=request.auth, pickup_code=payload.pickup_code)
    return 200, order_out(order, with_code=False)


# --- benefits --------------------------------------------------------------------------------


@router.get("/benefits/manage", response={200: Paged[BenefitOut], **errors(403)})
def benefits_manage(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.benefit_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=benefit_out,
    )


@router.get("/benefits/manage/{int:id}", response=BenefitOut)
def benefit_manage(request, id: ObjectId):
    return benefit_out(selectors.benefit_get(user=request.auth, id=id))


@router.post("/benefits/manage", response={201: BenefitOut, **errors(403)})
def benefit_create(request, payload: BenefitIn):
    return 201, benefit_out(services.benefit_create(actor=request.auth, **payload.dict()))


@router.get("/benefit-applications", response={200: Paged[ApplicationOut], **errors(403)})
def applications(
    request,
    region: RegionFilter = None,
    status: Annotated[str, matching(ApplicationStatus)] = "",
    limit: Limit = 50,
    offset: Offset = 0,
):
    qs = selectors.application_list(user=request.auth, region=region, status=status)
    return page(qs, limit=limit, offset=offset, serialise=application_out)


@router.get("/benefit-applications/{int:id}", response=ApplicationOut)
def application(request, id: ObjectId):
    return application_out(selectors.application_get(user=request.auth, id=id))


@router.post(
    "/benefit-applications/{int:id}/decision", response={200: ApplicationOut, **errors(403, 409)}
)
def decide(request, id: ObjectId, payload: ApplicationDecisionIn):
    return application_out(
        services.benefit_decide(
            actor=request.auth, application_id=id, approve=payload.approve, note=payload.note
        )
    )
