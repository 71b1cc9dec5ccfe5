"""Rewards: catalogue items with ledger-held stock, redemption orders, fulfilment and reversal."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from redrider.accounts.models import User
from redrider.accounts.policy import can, is_host
from redrider.core.audit import audit_record
from redrider.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from redrider.regions import tree

from ..choices import AccountKind, ItemKind, OrderStatus, TransactionKind
from ..models import Account, CatalogueItem, RedemptionOrder, StockMovement
from ..workflow import ORDER_FLOW
from .ledger import (
    points_reverse,
    post_transaction,
    require_rider,
    require_staff_over,
    system_account,
)

MAX_QUANTITY = 20
MAX_COST = 1_000_000
MAX_STOCK = 1_000_000


def _positive_int(value, *, limit: int, code: str, zh: str, en: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0 or value > limit:
        raise InvalidInput(code, f"{zh}须为 1–{limit} 的整数", f"{en} must be an integer 1–{limit}")
    return value


def _move_stock(
    *, item: CatalogueItem, delta: int, reason: str, order=None, actor: User | None = None
) -> None:
    """Change stock by `delta` with its movement row; a take that would oversell raises 409."""
    rows = CatalogueItem.objects.filter(pk=item.pk)
    if delta < 0:
        rows = rows.filter(stock__gte=-delta)
    if rows.update(stock=F("stock") + delta) != 1:
        raise Conflict(
            "out_of_stock", f"「{item.name}」库存不足", f"not enough stock of {item.name}"
        )
    StockMovement.objects.create(
        item=item,
        delta=delta,
        reason=reason,
        order=order,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    item.stock += delta


@transaction.atomic
def item_create(
    *,
    actor: User,
    name: str,
    region_code: str,
    cost: int,
    stock: int = 0,
    kind: str = ItemKind.GOODS,
    station=None,
    merchant_name: str = "",
    description: str = "",
    per_rider_limit: int = 0,
    valid_from: dt.datetime | None = None,
    valid_until: dt.datetime | None = None,
    pickup_days: int = 14,
) -> CatalogueItem:
    """Put an item in the catalogue of a region (staff over the region; a station's item lies in the
    station's county). The opening stock is written as a `restock` movement."""
    if station is not None:
        region_code = station.region_code
    require_staff_over(actor, region_code)
    name = (name or "").strip()
    if not name or len(name) > 128:
        raise InvalidInput("invalid_name", "商品名称无效", "invalid item name")
    if kind not in ItemKind.values:
        raise InvalidInput("invalid_kind", "商品类型无效", "invalid item kind")
    _positive_int(cost, limit=MAX_COST, code="invalid_cost", zh="所需积分", en="cost")
    if not isinstance(stock, int) or stock < 0 or stock > MAX_STOCK:
        raise InvalidInput(
            "invalid_stock", "库存须为非负整数", "stock must be a non-negative integer"
        )
    if valid_from and valid_until and valid_until <= valid_from:
        raise InvalidInput(
            "invalid_window", "截止时间须晚于开始时间", "valid_until must follow valid_from"
        )
    item = CatalogueItem.objects.create(
        name=name,
        region_code=region_code,
        cost=cost,
        stock=0,
        kind=kind,
        station=station,
        merchant_name=merchant_name[:128],
        description=description[:255],
        per_rider_limit=max(0, int(per_rider_limit or 0)),
        valid_from=valid_from,
        valid_until=valid_until,
        pickup_days=max(1, min(int(pickup_days or 14), 365)),
    )
    if stock:
        _move_stock(item=item, delta=stock, reason="restock", actor=actor)
    audit_record(
        actor=actor, action="points.item_create", obj=item, detail={"cost": cost, "stock": stock}
    )
    return item


@transaction.atomic
def item_restock(*, actor: User, item_id: int, quantity: int) -> CatalogueItem:
    """Add stock to an item (staff over its region, or a host of its station)."""
    item = CatalogueItem.objects.select_related("station").filter(pk=item_id).first()
    if item is None:
        raise NotFound("兑换商品", "catalogue item")
    _require_item_keeper(actor, item)
    _positive_int(quantity, limit=MAX_STOCK, code="invalid_quantity", zh="补货数量", en="quantity")
    _move_stock(item=item, delta=quantity, reason="restock", actor=actor)
    audit_record(actor=actor, action="points.item_restock", obj=item, detail={"quantity": quantity})
    return item


def _is_station_host(actor: User, item: CatalogueItem) -> bool:
    return can(actor, "points.item_host", item)


def _require_item_keeper(actor: User, item: CatalogueItem) -> None:
    """Hosts of the item's station, or county-level staff and above over its region."""
    if _is_station_host(actor, item):
        return
    scope = tree.user_region(actor)
    if scope is None or not tree.within(item.region_code, scope):
        raise NotFound("兑换商品", "catalogue item")
    if can(actor, "points.fulfil"):
        return
    if is_host(actor):
        raise PermissionDenied(
            "只有该驿站的管理员可以操作", "only a host of this station may do this"
        )
    raise PermissionDenied()


def _new_pickup_code() -> str:
    return f"{secrets.randbelow(10**8):08d}"


def points_redeem(*, actor: User, item_id: int, quantity: int) -> RedemptionOrder:
    """A rider spends points on `quantity` of an item; returns the pending order with its code.

    Before: `actor` is an active rider. After: one `redemption` transaction rider → redemption
    sink of cost × quantity, one stock movement of −quantity and one pending order, or nothing at
    all. Refusals: 422 bad quantity; 404 unknown item; 409 not on offer now (inactive, before or
    after its window), per-rider limit, not enough stock, not enough points.
    Concurrency: only the rider's account row is locked (PostgreSQL; SQLite serialises the whole
    write with BEGIN IMMEDIATE) — the redemption sink keeps no cached balance, so redemptions of
    different riders do not wait for each other; stock is taken by a conditional update of the
    item row, late in the transaction, which is the one per-item serialisation point.
    Queries: one rider-account lock doubles as the account look-up; no savepoint of its own
    (`savepoint=False`: on a refusal the caller's atomic block, or this one at top level, rolls
    everything back). A retried request is made safe by the API (`@idempotent`), once.
    """
    require_rider(actor)
    _positive_int(quantity, limit=MAX_QUANTITY, code="invalid_quantity", zh="数量", en="quantity")
    sink = system_account(AccountKind.REDEMPTION)
    with transaction.atomic(savepoint=False):
        item = CatalogueItem.objects.filter(pk=item_id).first()
        if item is None:
            raise NotFound("兑换商品", "catalogue item")
        now = timezone.now()
        if not item.active or (item.valid_from and now < item.valid_from):
            raise Conflict(
                "item_not_available",
                f"「{item.name}」当前不可兑换",
                f"{item.name} is not on offer now",
            )
        if item.valid_until and now >= item.valid_until:
            raise Conflict("item_expired", f"「{item.name}」已过兑换期", f"{item.name} has expired")
        # The lock is the look-up: a rider without an account has 0 points and is refused below.
        rider_account = Account.objects.select_for_update().filter(user=actor).first()
        balance = rider_account.balance if rider_account is not None else 0
        if item.per_rider_limit:
            held = (
                RedemptionOrder.objects.filter(
                    rider=actor, item=item, status__in=[OrderStatus.PENDING, OrderStatus.FULFILLED]
                ).aggregate(n=Sum("quantity"))["n"]
                or 0
            )
            if held + quantity > item.per_rider_limit:
                raise Conflict(
                    "per_rider_limit",
                    f"每人限兑 {item.per_rider_limit} 件，已兑 {held} 件",
                    f"limit {item.per_rider_limit} per rider, {held} already redeemed",
                )
        cost = item.cost * quantity
        if rider_account is None or balance < cost:
            raise Conflict(
                "insufficient_points",
                f"积分不足：需要 {cost}，余额 {balance}",
                f"not enough points: {cost} needed, {balance} available",
                needed=cost,
                available=balance,
            )
        tx = post_transaction(
            kind=TransactionKind.REDEMPTION,
            region_code=item.region_code,
            rider=actor,
            actor=actor,
            source=f"item:{item.pk}",
            memo=f"{item.name} × {quantity}",
            locked={rider_account.pk: rider_account},
            lines=[(rider_account, -cost), (sink, cost)],
        )
        order = None
        for _attempt in range(5):
            try:
                with transaction.atomic():
                    order = RedemptionOrder.objects.create(
                        rider=actor,
                        item=item,
                        quantity=quantity,
                        points=cost,
                        transaction=tx,
                        pickup_code=_new_pickup_code(),
                        region_code=item.region_code,
                        expires_at=now + dt.timedelta(days=item.pickup_days),
                    )
                break
            except IntegrityError:  # pickup code collision: draw again
                continue
        if order is None:  # pragma: no cover - 5 collisions in 10^8 codes
            raise Conflict(
                "pickup_code_busy", "取货码生成失败，请重试", "could not draw a pickup code"
            )
        _move_stock(item=item, delta=-quantity, reason="redeem", order=order, actor=actor)
        audit_record(
            actor=actor,
            action="points.redeem",
            obj=order,
            region_code=item.region_code,
            detail={"item": item.pk, "quantity": quantity, "points": cost},
        )
        return order


def _close_by_reversal(
    *, actor: User | None, order: RedemptionOrder, action: str, reason: str
) -> RedemptionOrder:
    """Cancel or expire a pending order (`ORDER_FLOW`): its points and stock go back."""
    ORDER_FLOW.move(order, action)
    reversal = points_reverse(
        actor=actor, transaction_id=order.transaction_id, reason=reason, internal=True
    )
    _move_stock(item=order.item, delta=order.quantity, reason="return", order=order, actor=actor)
    order.reversal = reversal
    order.closed_at, order.closed_by = timezone.now(), actor if getattr(actor, "pk", None) else None
    order.save(update_fields=["status", "reversal", "closed_at", "closed_by", "updated_at"])
    return order


def _locked_order(order_id: int) -> RedemptionOrder:
    order = RedemptionOrder.objects.select_for_update().filter(pk=order_id).first()
    if order is None:
        raise NotFound("兑换订单", "order")
    return RedemptionOrder.objects.select_related("item", "item__station").get(pk=order.pk)


@transaction.atomic
def points_order_cancel(*, actor: User, order_id: int, reason: str = "") -> RedemptionOrder:
    """Cancel a pending order: the points go back to the rider and the stock to the item.

    Allowed to the rider who placed it and to staff over its region. 409 unless pending.
    """
    order = _locked_order(order_id)
    if order.rider_id != getattr(actor, "pk", None):
        scope = tree.user_region(actor)
        if scope is None or not tree.within(order.region_code, scope):
            raise NotFound("兑换订单", "order")
        if not can(actor, "points.manage"):
            # The same answer as for an order that does not exist: 403 would confirm it does.
            raise NotFound("兑换订单", "order")
    ORDER_FLOW.check(
        order.status,
        "cancel",
        refuse=lambda _status: Conflict(
            "order_not_pending", "只能取消待领取的订单", "only a pending order can be cancelled"
        ),
    )
    order = _close_by_reversal(
        actor=actor,
        order=order,
        action="cancel",
        reason=reason.strip()[:200] or "取消兑换",
    )
    audit_record(
        actor=actor, action="points.order_cancel", obj=order, detail={"reason": reason[:200]}
    )
    return order


@transaction.atomic
def points_order_fulfil(*, actor: User, pickup_code: str) -> RedemptionOrder:
    """The host hands the goods over against the rider's pickup code.

    Allowed to hosts of the item's station, and to staff over the item's region for merchant items
    and vouchers. Unknown code → 404, and the same 404 for a code outside the actor's reach (another
    region, or another station's goods for a host); not pending → 409; past
    its pickup deadline → the order expires (points and stock return) and 409 is raised.
    """
    code = (pickup_code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 8:
        raise InvalidInput(
            "invalid_pickup_code", "取货码为 8 位数字", "the pickup code has 8 digits"
        )
    found = RedemptionOrder.objects.filter(pickup_code=code).values_list("pk", flat=True).first()
    if found is None:
        raise NotFound("取货码", "pickup code")
    order = _locked_order(found)
    if not _is_station_host(actor, order.item):
        scope = tree.user_region(actor)
        if scope is None or not tree.within(order.region_code, scope):
            raise NotFound("取货码", "pickup code")
        if not can(actor, "points.fulfil"):
            # One answer for "no such code" and "not your station's code", so nobody learns
            # which codes are live by trying them.
            raise NotFound("取货码", "pickup code")
    ORDER_FLOW.check(
        order.status,
        "fulfil",
        refuse=lambda status: Conflict(
            "order_not_pending",
            f"订单{order.get_status_display()}，不能再次核销",
            f"the order is {status}, not pending",
        ),
    )
    if order.expires_at <= timezone.now():
        _close_by_reversal(actor=actor, order=order, action="expire", reason="逾期未领取")
        raise Conflict(
            "order_expired", "订单已逾期，积分已退回", "the order expired; points were returned"
        )
    ORDER_FLOW.move(order, "fulfil")
    order.closed_at, order.closed_by = timezone.now(), actor
    order.save(update_fields=["status", "closed_at", "closed_by", "updated_at"])
    audit_record(actor=actor, action="points.order_fulfil", obj=order)
    return order


def points_orders_expire(*, now: dt.datetime | None = None) -> int:
    """Expire every pending order past its pickup deadline (each in its own transaction)."""
    now = now or timezone.now()
    done = 0
    for pk in RedemptionOrder.objects.filter(
        status=OrderStatus.PENDING, expires_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            order = _locked_order(pk)
            if not ORDER_FLOW.is_legal(order.status, "expire"):
                continue
            _close_by_reversal(actor=None, order=order, action="expire", reason="逾期未领取")
            audit_record(actor=None, actor_label="system", action="points.order_expire", obj=order)
            done += 1
    return done


ITEM_EDITABLE = (
    "name",
    "cost",
    "description",
    "merchant_name",
    "per_rider_limit",
    "valid_from",
    "valid_until",
    "pickup_days",
    "active",
)


@transaction.atomic
def item_update(*, actor: User, item_id: int, **changes) -> CatalogueItem:
    """Edit a catalogue item (county-level staff and above over its region).

    Only `ITEM_EDITABLE` fields change; stock never does here — it moves only through
    `item_restock` (a stock movement), so `ledger_check` keeps holding. Orders already placed keep
    the price they paid. 404 outside the actor's region, 403 for other roles, 422 for bad values
    (nothing written); one `points.item_update` audit row names the changed fields.
    """
    unknown = set(changes) - set(ITEM_EDITABLE)
    if unknown:
        raise InvalidInput(
            "invalid_field",
            f"不能修改：{', '.join(sorted(unknown))}",
            f"cannot change: {', '.join(sorted(unknown))}",
        )
    item = CatalogueItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None:
        raise NotFound("兑换商品", "catalogue item")
    require_staff_over(actor, item.region_code)
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"] or len(changes["name"]) > 128:
            raise InvalidInput("invalid_name", "商品名称无效", "invalid item name")
    if "cost" in changes:
        _positive_int(
            changes["cost"], limit=MAX_COST, code="invalid_cost", zh="所需积分", en="cost"
        )
    if "per_rider_limit" in changes and (
        not isinstance(changes["per_rider_limit"], int)
        or not 0 <= changes["per_rider_limit"] <= MAX_QUANTITY * 100
    ):
        raise InvalidInput("invalid_limit", "每人限兑须为非负整数", "per-rider limit must be ≥ 0")
    if "pickup_days" in changes:
        _positive_int(
            changes["pickup_days"],
            limit=365,
            code="invalid_pickup_days",
            zh="领取期限",
            en="pickup days",
        )
    for field in ("description", "merchant_name"):
        if field in changes:
            changes[field] = (changes[field] or "").strip()[
                : 255 if field == "description" else 128
            ]
    valid_from = changes.get("valid_from", item.valid_from)
    valid_until = changes.get("valid_until", item.valid_until)
    if valid_from and valid_until and valid_until <= valid_from:
        raise InvalidInput(
            "invalid_window", "截止时间须晚于开始时间", "valid_until must follow valid_from"
        )
    changed = sorted(f for f, v in changes.items() if getattr(item, f) != v)
    for field in changed:
        setattr(item, field, changes[field])
    if changed:
        item.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="points.item_update",
            obj=item,
            detail={"fields": changed, **({"cost": item.cost} if "cost" in changed else {})},
        )
    return item
