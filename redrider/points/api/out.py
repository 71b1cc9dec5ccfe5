"""Shapes of what the points API answers (plain dicts, explicit fields only)."""

from __future__ import annotations

from django.utils import timezone


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


def transaction_out(tx) -> dict:
    return {
        "id": tx.pk,
        "kind": tx.kind,
        "kind_label": str(tx.get_kind_display()),
        "amount": tx.amount,
        "rule": tx.rule.code if tx.rule_id else tx.rule_code,
        "source": tx.source,
        "memo": tx.memo,
        "rider_id": tx.rider_id,
        "region_code": tx.region_code,
        "reverses": tx.reverses_id,
        "created_at": iso(tx.created_at),
    }


def movement_out(entry) -> dict:
    """One line of a rider's history: the signed change of their own balance."""
    tx = entry.transaction
    return {
        "id": entry.pk,
        "transaction_id": tx.pk,
        "amount": entry.amount,
        "kind": tx.kind,
        "kind_label": str(tx.get_kind_display()),
        "rule": tx.rule_code,
        "source": tx.source,
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
