"""The schemas of what the points API takes and answers, and the functions shaping objects into
answers (explicit fields only)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django.utils import timezone
from ninja import Field, Schema

from redrider.core.schemas import NOT_BLANK, IsoDateTime, Moment, described, one_of
from redrider.regions.types import RegionCode

from ..choices import (
    AccountKind,
    ApplicationStatus,
    ItemKind,
    OrderStatus,
    TransactionKind,
)
from ..services.rewards import MAX_COST, MAX_QUANTITY, MAX_STOCK

Name = Annotated[str, described(minLength=1, maxLength=128, pattern=NOT_BLANK)]


# --- what comes in ----------------------------------------------------------------------------


class RedemptionIn(Schema):
    item_id: int
    quantity: Annotated[int, described(minimum=1, maximum=MAX_QUANTITY)] = 1


class CancelIn(Schema):
    reason: Annotated[str, described(maxLength=255)] = ""


class FundIn(Schema):
    name: Name
    region_code: RegionCode
    budget_yuan: Annotated[Decimal, described("yuan, at most two decimals", minimum=0)]


class GrantIn(Schema):
    points: Annotated[int, described(minimum=1)]
    memo: Annotated[str, described(maxLength=255)] = ""


class RuleIn(Schema):
    region_code: RegionCode
    code: Annotated[str, described("a rule code, e.g. activity_checkin.first_aid", maxLength=64)]
    name: Annotated[str, described(maxLength=128)] = ""
    points: Annotated[int, described(minimum=1)]
    monthly_cap: Annotated[int, described("0: no cap", minimum=0)] = 0
    fund_id: int | None = None
    active: bool = True


class ReverseIn(Schema):
    reason: Annotated[str, described(minLength=1, maxLength=255, pattern=NOT_BLANK)]


class AwardIn(Schema):
    rider_id: int
    rule_code: str
    source: Annotated[str, described("the deed, e.g. activity:12", minLength=1, maxLength=64)]
    region_code: RegionCode
    amount: Annotated[int | None, described("none: the rule's points", minimum=1)] = None


class ItemIn(Schema):
    name: Name
    region_code: str = Field("", description="the item's region (a node of the tree)")
    cost: Annotated[int, described(minimum=1, maximum=MAX_COST)]
    stock: Annotated[int, described(minimum=0, maximum=MAX_STOCK)] = 0
    kind: Annotated[str, one_of(ItemKind)] = ItemKind.GOODS
    station_id: int | None = None
    merchant_name: Annotated[str, described(maxLength=128)] = ""
    description: str = ""
    per_rider_limit: Annotated[int, described("0: no limit", minimum=0)] = 0
    valid_from: Moment | None = None
    valid_until: Moment | None = None
    pickup_days: Annotated[int, described(minimum=1, maximum=365)] = 14


class RestockIn(Schema):
    quantity: Annotated[int, described("added to the stock", minimum=1, maximum=MAX_STOCK)]


class FulfilIn(Schema):
    pickup_code: Annotated[str, described(pattern="^[0-9]{8}$")]


class BenefitIn(Schema):
    name: Name
    region_code: RegionCode
    summary: str = ""
    provider: str = ""
    max_amount_yuan: Annotated[Decimal | None, described(minimum=0)] = None
    conditions: list[dict] = Field(
        [], description="what a rider must meet: field, certificate, exemplar or points conditions"
    )


class ApplicationDecisionIn(Schema):
    approve: bool
    note: Annotated[str, described(maxLength=500)] = ""


# --- what goes out ----------------------------------------------------------------------------


class BalanceOut(Schema):
    balance: int


class StationRefOut(Schema):
    id: int
    name: str
    address: str


class ItemOut(Schema):
    id: int
    name: str
    cost: int
    stock: int
    kind: Annotated[str, one_of(ItemKind)]
    description: str
    region_code: str
    station: StationRefOut | None
    merchant_name: str
    per_rider_limit: int
    valid_from: IsoDateTime | None
    valid_until: IsoDateTime | None
    active: bool


class OrderOut(Schema):
    id: int
    item_id: int
    item: str
    quantity: int
    points: int
    status: Annotated[str, one_of(OrderStatus)]
    status_label: str
    pickup_code: str | None = Field(description="shown to the rider who redeemed only")
    region_code: str
    expires_at: IsoDateTime | None
    created_at: IsoDateTime | None
    closed_at: IsoDateTime | None
    transaction_id: int | None


class MovementOut(Schema):
    id: int
    transaction_id: int
    amount: int = Field(description="the signed change of the rider's balance")
    kind: Annotated[str, one_of(TransactionKind)]
    kind_label: str
    rule: str
    source: str
    memo: str
    created_at: IsoDateTime | None


class FundOut(Schema):
    id: int
    name: str
    region_code: str
    budget_yuan: str = Field(description="a decimal number of yuan")
    budget_points: int
    balance: int
    active: bool


class RuleOut(Schema):
    id: int
    code: str
    name: str
    points: int
    monthly_cap: int
    region_code: str
    fund_id: int | None
    active: bool


class BenefitOut(Schema):
    id: int
    name: str
    summary: str
    provider: str
    region_code: str
    max_amount_yuan: str | None = Field(description="a decimal number of yuan")
    conditions: list[dict]
    active: bool


class CheckOut(Schema):
    met: bool
    reason: str


class RiderBenefitOut(BenefitOut):
    eligible: bool
    checks: list[CheckOut]


class RiderBenefitListOut(Schema):
    items: list[RiderBenefitOut]
    count: int


class ApplicationOut(Schema):
    id: int
    benefit_id: int
    benefit: str
    rider_id: int
    rider: str
    status: Annotated[str, one_of(ApplicationStatus)]
    status_label: str
    eligibility: list[CheckOut] = Field(description="the checks made when the rider applied")
    note: str
    region_code: str
    created_at: IsoDateTime | None
    decided_at: IsoDateTime | None


class ApplicationListOut(Schema):
    items: list[ApplicationOut]
    count: int


def iso(value):
    return timezone.localtime(value).isoformat() if value else None


def item_out(item) -> dict:
    station = item.station if item.station_id else None
    return {
        "id": item.pk,
        "name": item.name,
        "cost": item.cost,
        "stock": item.stock,
        "kind": item.kind,
        "description": item.description,
        "region_code": item.region_code,
        "station": {"id": station.pk, "name": station.name, "address": station.address}
        if station
        else None,
        "merchant_name": item.merchant_name,
        "per_rider_limit": item.per_rider_limit,
        "valid_from": iso(item.valid_from),
        "valid_until": iso(item.valid_until),
        "active": item.active,
    }


def order_out(order, *, with_code: bool = True) -> dict:
    return {
        "id": order.pk,
        "item_id": order.item_id,
        "item": order.item.name,
        "quantity": order.quantity,
        "points": order.points,
        "status": order.status,
        "status_label": str(order.get_status_display()),
        "pickup_code": order.pickup_code if with_code else None,
        "region_code": order.region_code,
        "expires_at": iso(order.expires_at),
        "created_at": iso(order.created_at),
        "closed_at": iso(order.closed_at),
        "transaction_id": order.transaction_id,
    }


class TransactionOut(Schema):
    """One ledger transaction as staff read it. For a `confidential` one (a tip-off's reward)
    `rider_id` is null and `source` empty, unless the detail is read by a holder of the informant
    permission (that look is audited)."""

    id: int
    kind: Annotated[str, one_of(TransactionKind)]
    kind_label: str
    amount: int
    rule: str
    source: str
    memo: str
    rider_id: int | None
    region_code: str
    reverses: int | None
    confidential: bool
    created_at: IsoDateTime | None


class TransactionListOut(Schema):
    items: list[TransactionOut]
    count: int


class EntryOut(Schema):
    """One leg of a transaction: the account (null when it would name a confidential rider)."""

    account: str | None
    account_kind: Annotated[str, one_of(AccountKind)]
    amount: int


class TransactionDetailOut(TransactionOut):
    rider: str | None = None
    entries: list[EntryOut]


def transaction_out(tx, *, party: dict | None = None) -> dict:
    """Staff's view of a transaction: a confidential one without rider and source, whatever the
    instance holds, unless `party` (from the audited reveal) is given."""
    hidden = tx.confidential and party is None
    out = {
        "id": tx.pk,
        "kind": tx.kind,
        "kind_label": str(tx.get_kind_display()),
        "amount": tx.amount,
        "rule": tx.rule.code if tx.rule_id else tx.rule_code,
        "source": "" if hidden else tx.source,
        "memo": tx.memo,
        "rider_id": None if hidden else tx.rider_id,
        "region_code": tx.region_code,
        "reverses": tx.reverses_id,
        "confidential": tx.confidential,
        "created_at": iso(tx.created_at),
    }
    if party is not None:
        out.update(rider_id=party["rider_id"], source=party["source"], rider=party["rider"])
    return out


def entry_out(entry, *, hidden: bool) -> dict:
    account = entry.account
    named = account.kind == AccountKind.RIDER and hidden
    return {
        "account": None if named else account.code,
        "account_kind": account.kind,
        "amount": entry.amount,
    }


def movement_out(entry) -> dict:
    """One line of a rider's history: the signed change of their own balance (a confidential
    movement shows its rule's name, never its source)."""
    tx = entry.transaction
    return {
        "id": entry.pk,
        "transaction_id": tx.pk,
        "amount": entry.amount,
        "kind": tx.kind,
        "kind_label": str(tx.get_kind_display()),
        "rule": tx.rule_code,
        "source": tx.shown_source,
        "memo": tx.memo,
        "created_at": iso(tx.created_at),
    }


def fund_out(fund) -> dict:
    return {
        "id": fund.pk,
        "name": fund.name,
        "region_code": fund.region_code,
        "budget_yuan": str(fund.budget_yuan),
        "budget_points": fund.budget_points,
        "balance": fund.account.balance,
        "active": fund.active,
    }


def rule_out(rule) -> dict:
    return {
        "id": rule.pk,
        "code": rule.code,
        "name": rule.name,
        "points": rule.points,
        "monthly_cap": rule.monthly_cap,
        "region_code": rule.region_code,
        "fund_id": rule.fund_id,
        "active": rule.active,
    }


def benefit_out(benefit) -> dict:
    return {
        "id": benefit.pk,
        "name": benefit.name,
        "summary": benefit.summary,
        "provider": benefit.provider,
        "region_code": benefit.region_code,
        "max_amount_yuan": str(benefit.max_amount_yuan)
        if benefit.max_amount_yuan is not None
        else None,
        "conditions": benefit.conditions,
        "active": benefit.active,
    }


def application_out(app) -> dict:
    return {
        "id": app.pk,
        "benefit_id": app.benefit_id,
        "benefit": app.benefit.name,
        "rider_id": app.rider_id,
        "rider": app.rider.label,
        "status": app.status,
        "status_label": str(app.get_status_display()),
        "eligibility": app.eligibility,
        "note": app.note,
        "region_code": app.region_code,
        "created_at": iso(app.created_at),
        "decided_at": iso(app.decided_at),
    }
