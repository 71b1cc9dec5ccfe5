"""Concurrency: real threads through the API on a file SQLite database and on PostgreSQL.

Each thread uses its own test client and closes its own database connection at the end. A
barrier releases all requests together so they truly overlap.
"""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from redrider.accounts.services import token_issue
from redrider.points.integrity import ledger_violations
from redrider.points.models import CatalogueItem, RedemptionOrder, Transaction
from redrider.points.services import item_create
from redrider.points.services.ledger import balance_of

from .factories import funded_rider

# transaction: other threads or processes read what the test commits. The reference rows a flush
# removes come back through the suite's `_reference_data` fixture (a serialized rollback would
# load content types a flush has already recreated).
pytestmark = pytest.mark.django_db(transaction=True)


def run_together(calls):
    """Run each zero-argument callable in its own thread, all released at once; their results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # surfaced by the assertions below
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def redeem_call(token: str, item_id: int, key: str, quantity: int = 1):
    def call():
        response = Client().post(
            "/api/v1/points/redemptions",
            {"item_id": item_id, "quantity": quantity},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY=key,
        )
        return response.status_code, response.json()

    return call


@pytest.fixture
def item_of(county_officer):
    def make(cost: int, stock: int):
        return item_create(
            actor=county_officer, name="矿泉水一箱", region_code="510104", cost=cost, stock=stock
        )

    return make


def test_sixteen_concurrent_redemptions_of_the_whole_balance_let_exactly_one_through(item_of):
    # given a rider holding exactly 100 points and an item of 100 points in ample stock
    rider = funded_rider(100)
    item = item_of(cost=100, stock=50)
    token = token_issue(user=rider)
    # when 16 redemptions with different keys race
    results = run_together([redeem_call(token, item.pk, f"key-{i}") for i in range(16)])
    # then exactly one succeeds, fifteen answer 409, the balance is 0 and the ledger is sound
    statuses = sorted(r[0] for r in results)
    assert statuses == [201] + [409] * 15, results
    assert all(r[1]["code"] == "insufficient_points" for r in results if r[0] == 409)
    assert balance_of(rider) == 0
    assert RedemptionOrder.objects.filter(rider=rider).count() == 1
    item.refresh_from_db()
    assert item.stock == 49
    assert ledger_violations() == []
    call_command("ledger_check")


def test_sixteen_concurrent_requests_with_one_key_make_one_transaction_and_one_answer(item_of):
    # given a rider with 1,000 points
    rider = funded_rider(1000)
    item = item_of(cost=100, stock=50)
    token = token_issue(user=rider)
    # when the same request (same key, same body) arrives 16 times at once
    results = run_together([redeem_call(token, item.pk, "same-key") for _ in range(16)])
    # then every caller gets the same answer and only one redemption happened
    assert all(not isinstance(r, Exception) for r in results), results
    assert {r[0] for r in results} == {201}
    assert (
        len({r[1]["id"] for r in results}) == 1 and len({r[1]["pickup_code"] for r in results}) == 1
    )
    assert Transaction.objects.filter(kind="redemption", rider=rider).count() == 1
    assert balance_of(rider) == 900
    # and the same key with another body is refused without writing
    status, body = redeem_call(token, item.pk, "same-key", quantity=2)()
    assert status in (409, 422) and body["code"] == "idempotency_key_reused"
    assert balance_of(rider) == 900 and ledger_violations() == []


def test_a_stock_of_five_survives_twenty_concurrent_redemptions(item_of):
    # given 20 riders with plenty of points and 5 items in stock
    riders = [funded_rider(500, name=f"骑手{i}") for i in range(20)]
    item = item_of(cost=50, stock=5)
    tokens = [token_issue(user=r) for r in riders]
    # when all 20 redeem one at the same moment
    results = run_together([redeem_call(t, item.pk, f"k{i}") for i, t in enumerate(tokens)])
    # then exactly 5 orders exist, 15 were refused for stock, nothing oversold
    statuses = sorted(r[0] for r in results)
    assert statuses == [201] * 5 + [409] * 15, results
    assert all(r[1]["code"] == "out_of_stock" for r in results if r[0] == 409)
    item = CatalogueItem.objects.get(pk=item.pk)
    assert item.stock == 0
    assert RedemptionOrder.objects.filter(item=item).count() == 5
    assert sum(balance_of(r) for r in riders) == 20 * 500 - 5 * 50
    assert ledger_violations() == []


def test_riders_redeeming_and_cancelling_at_once_leave_the_sink_holding_exactly_the_open_orders(
    item_of, county_officer
):
    # given 12 riders with 200 points, two items, and one pending order each to cancel
    from redrider.points.choices import AccountKind, OrderStatus
    from redrider.points.services import points_redeem, system_account
    from redrider.points.services.ledger import account_balance

    riders = [funded_rider(200, name=f"骑手{i}") for i in range(12)]
    items = [item_of(cost=20, stock=100), item_of(cost=30, stock=100)]
    pending = [points_redeem(actor=r, item_id=items[0].pk, quantity=1) for r in riders]
    tokens = [token_issue(user=r) for r in riders]

    def cancel_call(token, order_id):
        def call():
            response = Client().post(
                f"/api/v1/points/orders/{order_id}/cancel",
                {"reason": "换一件"},
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
                HTTP_IDEMPOTENCY_KEY="c",
            )
            return response.status_code, response.json()

        return call

    # when each rider redeems the other item and cancels the first order, all at the same moment
    calls = [redeem_call(t, items[i % 2].pk, f"k{i}") for i, t in enumerate(tokens)]
    calls += [cancel_call(t, o.pk) for t, o in zip(tokens, pending, strict=True)]
    results = run_together(calls)
    # then every call succeeded and the sink holds exactly the points of the open orders
    assert all(not isinstance(r, Exception) and r[0] in (200, 201) for r in results), results
    open_points = sum(
        RedemptionOrder.objects.filter(status=OrderStatus.PENDING).values_list("points", flat=True)
    )
    assert open_points == 6 * 20 + 6 * 30
    sink = system_account(AccountKind.REDEMPTION)
    assert account_balance(sink) == open_points and sink.balance == 0
    assert sum(balance_of(r) for r in riders) == 12 * 200 - open_points
    assert ledger_violations() == []
