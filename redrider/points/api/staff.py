"""Staff endpoints: funds, earning rules, transactions and reversals, manual awards, catalogue,
orders and fulfilment, benefits and applications. Every read starts from `visible_to(user)`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from redrider.accounts.choices import Role
from redrider.accounts.models import User
from redrider.accounts.policy import can
from redrider.core.api import Limit, ObjectId, Offset, page
from redrider.core.errors import NotFound
from redrider.core.idempotency import idempotent_response, run_idempotent
from redrider.regions.types import RegionCode, RegionFilter
from redrider.stations.models import Station

from .. import selectors, services
from ..choices import ItemKind
from ._router import router
from .out import (
    TransactionDetailOut,
    TransactionListOut,
    application_out,
    benefit_out,
    entry_out,
    fund_out,
    item_out,
    order_out,
    rule_out,
    transaction_out,
)


def _idem(request, scope: str, payload: dict, action):
    return idempotent_response(
        *run_idempotent(
            user=request.auth,
            key=request.headers.get("Idempotency-Key"),
            scope=scope,
            payload=payload,
            action=action,
        )
    )


# --- funds -----------------------------------------------------------------------------------


@router.get("/funds")
def funds(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.fund_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=fund_out,
    )


@router.get("/funds/{int:id}")
def fund(request, id: ObjectId):
    return fund_out(selectors.fund_get(user=request.auth, id=id))


class FundIn(Schema):
    name: str
    region_code: RegionCode
    budget_yuan: Decimal


@router.post("/funds")
def fund_create(request, payload: FundIn):
    """Open a fund with its budget (Idempotency-Key: it creates points)."""
    return _idem(
        request,
        "points.fund_create",
        payload.dict(),
        lambda: (201, fund_out(services.fund_create(actor=request.auth, **payload.dict()))),
    )


class GrantIn(Schema):
    points: int
    memo: str = ""


@router.post("/funds/{int:id}/grants")
def fund_grant(request, id: ObjectId, payload: GrantIn):
    selectors.fund_get(user=request.auth, id=id)

    def action():
        tx = services.fund_grant(actor=request.auth, fund_id=id, **payload.dict())
        return 201, transaction_out(tx)

    return _idem(request, f"points.grant.{id}", payload.dict(), action)


# --- rules -----------------------------------------------------------------------------------


@router.get("/rules")
def rules(request, region: RegionFilter = None, limit: Limit = 100, offset: Offset = 0):
    return page(
        selectors.rule_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=rule_out,
    )


@router.get("/rules/{int:id}")
def rule(request, id: ObjectId):
    return rule_out(selectors.rule_get(user=request.auth, id=id))


class RuleIn(Schema):
    region_code: RegionCode
    code: str
    name: str = ""
    points: int
    monthly_cap: int = 0
    fund_id: int | None = None
    active: bool = True


@router.post("/rules", response={200: dict})
def rule_set(request, payload: RuleIn):
    """Create or change a region's earning rule (province/prefecture admins)."""
    return rule_out(services.rule_set(actor=request.auth, **payload.dict()))


# --- transactions ----------------------------------------------------------------------------


@router.get("/transactions", response={200: TransactionListOut})
def transactions(
    request,
    region: RegionFilter = None,
    kind: str = "",
    rider_id: ObjectId | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
):
    """The region's transactions. Lists never link a confidential one (a tip-off's reward) to a
    person, whoever asks; filtering by rider leaves them out."""
    qs = selectors.transaction_list(user=request.auth, region=region, kind=kind, rider_id=rider_id)
    return page(qs, limit=limit, offset=offset, serialise=transaction_out)


@router.get("/transactions/{int:id}", response={200: TransactionDetailOut})
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


class ReverseIn(Schema):
    reason: str


@router.post("/transactions/{int:id}/reversal")
def reverse(request, id: ObjectId, payload: ReverseIn):
    """Correct a transaction by its mirror (county staff and above; Idempotency-Key)."""
    selectors.transaction_get(user=request.auth, id=id)
    return _idem(
        request,
        f"points.reverse.{id}",
        payload.dict(),
        lambda: (
            201,
            transaction_out(
                services.points_reverse(
                    actor=request.auth, transaction_id=id, reason=payload.reason
                )
            ),
        ),
    )


class AwardIn(Schema):
    rider_id: int
    rule_code: str
    source: str
    region_code: RegionCode
    amount: int | None = None


@router.post("/awards")
def award(request, payload: AwardIn):
    """A staff member awards points under a rule (county staff and above over the region)."""
    from ..services.ledger import require_staff_over

    def action():
        require_staff_over(request.auth, payload.region_code)
        rider = User.objects.filter(pk=payload.rider_id, role=Role.RIDER).first()
        if rider is None:
            raise NotFound("骑手", "rider")
        tx = services.points_award(
            actor=request.auth,
            rider_user=rider,
            rule_code=payload.rule_code,
            source=payload.source,
            region_code=payload.region_code,
            amount=payload.amount,
            idempotency_key=f"staff:{request.auth.pk}:{request.headers.get('Idempotency-Key')}",
        )
        return 201, transaction_out(tx)

    return _idem(request, "points.award", payload.dict(), action)


# --- catalogue and orders --------------------------------------------------------------------


@router.get("/items")
def items(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.item_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=item_out,
    )


@router.get("/items/{int:id}")
def item(request, id: ObjectId):
    return item_out(selectors.item_get(user=request.auth, id=id))


class ItemIn(Schema):
    name: str
    region_code: str = ""
    cost: int
    stock: int = 0
    kind: str = ItemKind.GOODS
    station_id: int | None = None
    merchant_name: str = ""
    description: str = ""
    per_rider_limit: int = 0
    valid_from: dt.datetime | None = None
    valid_until: dt.datetime | None = None
    pickup_days: int = 14


@router.post("/items")
def item_create(request, payload: ItemIn):
    """Put an item in the catalogue (Idempotency-Key: its opening stock is a movement)."""

    def action():
        data = payload.dict()
        station_id = data.pop("station_id")
        station = None
        if station_id is not None:
            station = Station.objects.visible_to(request.auth).filter(pk=station_id).first()
            if station is None:
                raise NotFound("驿站", "station")
        return 201, item_out(services.item_create(actor=request.auth, station=station, **data))

    return _idem(request, "points.item_create", payload.dict(), action)


class RestockIn(Schema):
    quantity: int


@router.post("/items/{int:id}/restock")
def restock(request, id: ObjectId, payload: RestockIn):
    return _idem(
        request,
        f"points.restock.{id}",
        payload.dict(),
        lambda: (
            200,
            item_out(
                services.item_restock(actor=request.auth, item_id=id, quantity=payload.quantity)
            ),
        ),
    )


@router.get("/orders")
def orders(
    request, region: RegionFilter = None, status: str = "", limit: Limit = 50, offset: Offset = 0
):
    qs = selectors.order_list(user=request.auth, region=region, status=status)
    return page(qs, limit=limit, offset=offset, serialise=lambda o: order_out(o, with_code=False))


@router.get("/orders/{int:id}")
def order(request, id: ObjectId):
    return order_out(selectors.order_get(user=request.auth, id=id), with_code=False)


class FulfilIn(Schema):
    pickup_code: str


@router.post("/fulfilments")
def fulfil(request, payload: FulfilIn):
    """The station host hands the goods over against the rider's pickup code (Idempotency-Key)."""
    return _idem(
        request,
        "points.fulfil",
        payload.dict(),
        lambda: (
            200,
            order_out(
                services.points_order_fulfil(actor=request.auth, pickup_code=payload.pickup_code),
                with_code=False,
            ),
        ),
    )


# --- benefits --------------------------------------------------------------------------------


@router.get("/benefits/manage")
def benefits_manage(request, region: RegionFilter = None, limit: Limit = 50, offset: Offset = 0):
    return page(
        selectors.benefit_list(user=request.auth, region=region),
        limit=limit,
        offset=offset,
        serialise=benefit_out,
    )


@router.get("/benefits/manage/{int:id}")
def benefit_manage(request, id: ObjectId):
    return benefit_out(selectors.benefit_get(user=request.auth, id=id))


class BenefitIn(Schema):
    name: str
    region_code: RegionCode
    summary: str = ""
    provider: str = ""
    max_amount_yuan: Decimal | None = None
    conditions: list[dict] = []


@router.post("/benefits/manage", response={201: dict})
def benefit_create(request, payload: BenefitIn):
    return 201, benefit_out(services.benefit_create(actor=request.auth, **payload.dict()))


@router.get("/benefit-applications")
def applications(
    request, region: RegionFilter = None, status: str = "", limit: Limit = 50, offset: Offset = 0
):
    qs = selectors.application_list(user=request.auth, region=region, status=status)
    return page(qs, limit=limit, offset=offset, serialise=application_out)


@router.get("/benefit-applications/{int:id}")
def application(request, id: ObjectId):
    return application_out(selectors.application_get(user=request.auth, id=id))


class DecisionIn(Schema):
    approve: bool
    note: str = ""


@router.post("/benefit-applications/{int:id}/decision")
def decide(request, id: ObjectId, payload: DecisionIn):
    return application_out(
        services.benefit_decide(
            actor=request.auth, application_id=id, approve=payload.approve, note=payload.note
        )
    )
