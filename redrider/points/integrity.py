"""Ledger invariants, checked by `redrider ledger_check` and by the tests after every step."""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .choices import DERIVED_BALANCE, NEGATIVE_ALLOWED, OrderStatus
from .models import Account, CatalogueItem, Entry, RedemptionOrder, StockMovement, Transaction


def _sum_of(model, field: str, link: str):
    return Coalesce(
        Subquery(
            model.objects.filter(**{link: OuterRef("pk")})
            .order_by()
            .values(link)
            .annotate(s=Sum(field))
            .values("s")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def ledger_violations(limit: int = 50) -> list[str]:
    """Every broken invariant, as readable lines (empty when the ledger is sound).

    1. each transaction has ≥ 2 entries summing to zero, and its `amount` is its credits;
    2. each account's cached balance equals the sum of its entries — except the sinks
       (`DERIVED_BALANCE`), which keep no cache: their `balance` column must stay 0;
    3. no balance below zero except the issuance account (for sinks: the sum of entries);
    4. all entries together sum to zero;
    5. each item's stock equals the sum of its stock movements and is ≥ 0;
    6. each order's points and stock agree with its status (open/fulfilled: taken once and not
       reversed; cancelled/expired: reversed once and returned once).
    """
    found: list[str] = []
    bad_tx = (
        Transaction.objects.annotate(
            total=Coalesce(Sum("entries__amount"), 0),
            lines=Count("entries"),
            credits=Coalesce(Sum("entries__amount", filter=Q(entries__amount__gt=0)), 0),
        )
        .filter(Q(total__gt=0) | Q(total__lt=0) | Q(lines__lt=2) | ~Q(credits=F("amount")))
        .values_list("pk", "total", "lines", "amount", "credits")[:limit]
    )
    found += [
        f"transaction {pk}: entries sum to {t} over {n} lines; amount {a}, credits {c}"
        for pk, t, n, a, c in bad_tx
    ]
    derived = list(DERIVED_BALANCE)
    accounts = Account.objects.annotate(total=_sum_of(Entry, "amount", "account"))
    found += [
        f"account {pk} ({code}): cached balance {b} but entries sum to {t}"
        for pk, code, b, t in accounts.exclude(kind__in=derived)
        .exclude(balance=F("total"))
        .values_list("pk", "code", "balance", "total")[:limit]
    ]
    found += [
        f"account {pk} ({code}): a sink keeps no cached balance, found {b}"
        for pk, code, b in accounts.filter(kind__in=derived)
        .exclude(balance=0)
        .values_list("pk", "code", "balance")[:limit]
    ]
    found += [
        f"account {pk} ({code}): entries sum to a negative {t}"
        for pk, code, t in accounts.filter(kind__in=derived, total__lt=0).values_list(
            "pk", "code", "total"
        )[:limit]
    ]
    found += [
        f"account {pk} ({code}): negative balance {b}"
        for pk, code, b in Account.objects.exclude(kind__in=list(NEGATIVE_ALLOWED))
        .filter(balance__lt=0)
        .values_list("pk", "code", "balance")[:limit]
    ]
    grand = Entry.objects.aggregate(s=Sum("amount"))["s"] or 0
    if grand:
        found.append(f"all entries sum to {grand}, not 0")
    items = CatalogueItem.objects.annotate(total=_sum_of(StockMovement, "delta", "item"))
    found += [
        f"item {pk}: stock {s} but movements sum to {t}"
        for pk, s, t in items.filter(Q(stock__lt=0) | ~Q(stock=F("total"))).values_list(
            "pk", "stock", "total"
        )[:limit]
    ]
    orders = RedemptionOrder.objects.annotate(
        taken=Coalesce(Sum("movements__delta", filter=Q(movements__delta__lt=0)), 0),
        returned=Coalesce(Sum("movements__delta", filter=Q(movements__delta__gt=0)), 0),
    )
    open_states = [OrderStatus.PENDING, OrderStatus.FULFILLED]
    for pk, status, qty, taken, returned, reversal in orders.filter(
        (Q(status__in=open_states) & (Q(reversal__isnull=False) | Q(returned__gt=0)))
        | (~Q(status__in=open_states) & (Q(reversal__isnull=True) | ~Q(returned=F("quantity"))))
        | ~Q(taken=-F("quantity"))
    ).values_list("pk", "status", "quantity", "taken", "returned", "reversal")[:limit]:
        found.append(
            f"order {pk} ({status}): quantity {qty}, stock taken {taken}, returned "
            f"{returned}, reversal {reversal}"
        )
    bad_orders = RedemptionOrder.objects.exclude(transaction__amount=F("points"))
    found += [
        f"order {pk}: points differ from its transaction"
        for pk in bad_orders.values_list("pk", flat=True)[:limit]
    ]
    return found
