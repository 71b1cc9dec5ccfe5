"""Shapes of what the points API answers (explicit fields only; typed schemas where declared)."""

from __future__ import annotations

from django.utils import timezone
from ninja import Schema

from ..choices import AccountKind


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
    kind: str
    kind_label: str
    amount: int
    rule: str
    source: str
    memo: str
    rider_id: int | None
    region_code: str
    reverses: int | None
    confidential: bool
    created_at: str | None


class TransactionListOut(Schema):
    items: list[TransactionOut]
    count: int


class EntryOut(Schema):
    """One leg of a transaction: the account (null when it would name a confidential rider)."""

    account: str | None
    account_kind: str
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
