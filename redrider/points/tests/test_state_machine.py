"""A hypothesis state machine of earn / redeem / cancel / reverse / retry / fulfil / expire: every
ledger invariant, every balance and every stock agree with a simple model after every step."""

from __future__ import annotations

import datetime as dt
from itertools import count

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from redrider.core.errors import DomainError
from redrider.core.idempotency import run_idempotent
from redrider.points.integrity import ledger_violations
from redrider.points.models import CatalogueItem, RedemptionOrder
from redrider.points.services import (
    item_create,
    points_award,
    points_order_cancel,
    points_order_fulfil,
    points_orders_expire,
    points_redeem,
    points_reverse,
)
from redrider.points.services.ledger import balance_of

from .factories import fund, new_rider
from .factories import rule as make_rule

_keys = count(1)


class LedgerMachine(RuleBasedStateMachine):
    officer = None  # set by the test

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        fund("510000", yuan=1_000_000, name=f"基金{next(_keys)}")
        make_rule("manual", points=1, region_code="510000") if not _rule_exists() else None
        self.riders = [new_rider(f"骑手{i}") for i in range(2)]
        self.items = [
            item_create(actor=self.officer, name=f"商品{i}", region_code="510104", cost=c, stock=s)
            for i, (c, s) in enumerate([(30, 3), (70, 10)])
        ]
        self.balance = {r.pk: 0 for r in self.riders}
        self.stock = {i.pk: i.stock for i in self.items}
        self.awards: list = []  # (tx id, rider pk, amount)
        self.orders: dict[int, str] = {}  # order id → expected status
        self.requests: list = []  # (rider, key, payload, answer)

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    @rule(who=st.integers(0, 1), amount=st.integers(1, 120))
    def earn(self, who, amount):
        rider = self.riders[who]
        tx = points_award(
            actor=None,
            rider_user=rider,
            rule_code="manual",
            source=f"sm:{next(_keys)}",
            region_code="510104",
            amount=amount,
            idempotency_key=f"sm-{next(_keys)}",
        )
        self.balance[rider.pk] += amount
        self.awards.append((tx.pk, rider.pk, amount))

    @rule(who=st.integers(0, 1), which=st.integers(0, 1), quantity=st.integers(-1, 4))
    def redeem(self, who, which, quantity):
        rider, item = self.riders[who], self.items[which]
        key, payload = f"r-{next(_keys)}", {"item_id": item.pk, "quantity": quantity}
        answer = self._redeem(rider, key, payload)
        cost = item.cost * quantity
        if quantity < 1:
            assert answer[0] == 422
        elif self.balance[rider.pk] < cost:
            assert answer[0] == 409 and answer[1]["code"] == "insufficient_points"
        elif self.stock[item.pk] < quantity:
            assert answer[0] == 409 and answer[1]["code"] == "out_of_stock"
        else:
            assert answer[0] == 201, answer
            self.balance[rider.pk] -= cost
            self.stock[item.pk] -= quantity
            self.orders[answer[1]["id"]] = "pending"
        self.requests.append((rider, key, payload, answer))

    def _redeem(self, rider, key, payload):
        def action():
            order = points_redeem(
                actor=rider,
                item_id=payload["item_id"],
                quantity=payload["quantity"],
            )
            return 201, {"id": order.pk, "points": order.points}

        return run_idempotent(
            user=rider, key=key, scope="points.redeem", payload=payload, action=action
        )

    @precondition(lambda self: self.requests)
    @rule(data=st.data())
    def retry(self, data):
        rider, key, payload, answer = data.draw(st.sampled_from(self.requests))
        assert self._redeem(rider, key, payload) == answer

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def cancel(self, data):
        order_id = data.draw(st.sampled_from(sorted(self.orders)))
        order = RedemptionOrder.objects.get(pk=order_id)
        try:
            points_order_cancel(actor=order.rider, order_id=order_id, reason="不要了")
        except DomainError as refusal:
            assert self.orders[order_id] != "pending" and refusal.status == 409
            return
        assert self.orders[order_id] == "pending"
        self.orders[order_id] = "cancelled"
        self.balance[order.rider_id] += order.points
        self.stock[order.item_id] += order.quantity

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def fulfil(self, data):
        order_id = data.draw(st.sampled_from(sorted(self.orders)))
        order = RedemptionOrder.objects.get(pk=order_id)
        try:
            points_order_fulfil(actor=self.officer, pickup_code=order.pickup_code)
        except DomainError as refusal:
            assert self.orders[order_id] != "pending" and refusal.status == 409
            return
        self.orders[order_id] = "fulfilled"

    @rule()
    def expire_all(self):
        # Travel past every pickup deadline: each pending order returns its points and stock.
        points_orders_expire(now=timezone.now() + dt.timedelta(days=400))
        for order_id, status in list(self.orders.items()):
            if status == "pending":
                order = RedemptionOrder.objects.get(pk=order_id)
                self.orders[order_id] = "expired"
                self.balance[order.rider_id] += order.points
                self.stock[order.item_id] += order.quantity

    @precondition(lambda self: self.awards)
    @rule(data=st.data())
    def reverse(self, data):
        entry = data.draw(st.sampled_from(self.awards))
        tx_id, rider_pk, amount = entry
        try:
            points_reverse(actor=self.officer, transaction_id=tx_id, reason="纠错")
        except DomainError as refusal:
            assert refusal.status == 409
            assert refusal.code == "already_reversed" or self.balance[rider_pk] < amount
            return
        self.balance[rider_pk] -= amount
        self.awards.remove(entry)
        self.awards.append((tx_id, rider_pk, 10**9))  # a second reversal must be refused

    @invariant()
    def ledger_is_sound(self):
        assert ledger_violations() == []
        for rider in self.riders:
            assert balance_of(rider) == self.balance[rider.pk]
        for item in CatalogueItem.objects.filter(pk__in=self.stock):
            assert item.stock == self.stock[item.pk]


def _rule_exists():
    from redrider.points.models import EarningRule

    return EarningRule.objects.filter(code="manual", region_code="510000").exists()


@pytest.mark.django_db
def test_random_earn_redeem_cancel_reverse_retry_sequences_keep_every_invariant(county_officer):
    # given a machine acting as the county officer for staff steps
    LedgerMachine.officer = county_officer
    # when hypothesis runs random sequences / then the invariants hold after every step
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=30,
            stateful_step_count=20,
            deadline=None,
            derandomize=True,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
