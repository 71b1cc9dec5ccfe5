"""Sink accounts keep no cached balance: redemptions do not touch (or lock) the sink's row.

The redemption sink used to be one row locked and updated by every redemption in the country;
now its balance is the sum of its entries, and only a reversal may debit it.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from redrider.points.choices import AccountKind
from redrider.points.integrity import ledger_violations
from redrider.points.models import Account, Entry, Transaction
from redrider.points.services import item_create, points_order_cancel, points_redeem, system_account
from redrider.points.services.ledger import (
    account_balance,
    account_for_rider,
    balance_of,
    post_transaction,
)

from .factories import funded_rider

pytestmark = pytest.mark.django_db


@pytest.fixture
def water(county_officer):
    return item_create(
        actor=county_officer, name="矿泉水一箱", region_code="510104", cost=30, stock=10
    )


def test_a_redemption_credits_the_sink_by_its_entry_and_leaves_the_sink_row_alone(water):
    # given a rider with 100 points
    rider = funded_rider(100)
    sink = system_account(AccountKind.REDEMPTION)
    # when they redeem two of a 30-point item
    order = points_redeem(actor=rider, item_id=water.pk, quantity=2)
    # then the sink's derived balance holds the 60 points, its cached column stays 0
    sink.refresh_from_db()
    assert sink.balance == 0
    assert account_balance(sink) == 60
    assert balance_of(rider) == 40
    # and cancelling mirrors the entry back, so the sink is empty again and the ledger sound
    points_order_cancel(actor=rider, order_id=order.pk, reason="不要了")
    assert account_balance(sink) == 0 and balance_of(rider) == 100
    assert ledger_violations() == []


def test_ledger_check_flags_a_sink_whose_row_caches_a_balance(water):
    # given a sound ledger with one redemption
    rider = funded_rider(100)
    points_redeem(actor=rider, item_id=water.pk, quantity=1)
    assert ledger_violations() == []
    # when someone writes a cached balance into the sink row
    Account.objects.filter(kind=AccountKind.REDEMPTION).update(balance=30)
    # then the check names the sink
    problems = ledger_violations()
    assert len(problems) == 1 and "sink keeps no cached balance" in problems[0]


def test_a_sink_can_only_be_debited_by_a_reversal():
    # given a rider and the redemption sink
    rider = funded_rider(100)
    sink = system_account(AccountKind.REDEMPTION)
    before = Transaction.objects.count(), Entry.objects.count()
    # when a plain transaction tries to move points out of the sink
    with pytest.raises(ValueError, match="reversal"), transaction.atomic():
        post_transaction(
            kind="redemption",
            region_code="510104",
            lines=[(sink, -10), (account_for_rider(rider), 10)],
        )
    # then nothing is written
    assert (Transaction.objects.count(), Entry.objects.count()) == before
    assert balance_of(rider) == 100


def test_a_redemption_costs_twelve_statements(water, django_assert_num_queries):
    # given a rider with points and the sink already opened by an earlier redemption
    rider = funded_rider(100)
    points_redeem(actor=rider, item_id=water.pk, quantity=1)
    # when they redeem again: sink look-up, item, rider lock, rider update, transaction,
    # entries, savepoint + order + release (pickup-code retry), stock update, movement, audit
    with django_assert_num_queries(12):
        points_redeem(actor=rider, item_id=water.pk, quantity=1)
    # then the ledger holds both
    assert balance_of(rider) == 40 and ledger_violations() == []
