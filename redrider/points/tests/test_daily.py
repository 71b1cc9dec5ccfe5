"""The daily points run: overdue orders expire from cron (`redrider points_daily`) or the task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from redrider.core.models import AuditEvent
from redrider.points.choices import OrderStatus
from redrider.points.models import Account, CatalogueItem, RedemptionOrder
from redrider.points.services import item_create, points_redeem
from redrider.points.services.ledger import balance_of
from redrider.points.tasks import points_daily

from .factories import funded_rider

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_orders(county_officer):
    """One order past its pickup deadline, one still inside it; the rider kept 40 points."""
    item = item_create(
        actor=county_officer, name="雨衣", region_code="510104", cost=30, stock=5, pickup_days=7
    )
    rider = funded_rider(100)
    overdue = points_redeem(actor=rider, item_id=item.pk, quantity=1)
    fresh = points_redeem(actor=rider, item_id=item.pk, quantity=1)
    RedemptionOrder.objects.filter(pk=overdue.pk).update(
        expires_at=timezone.now() - dt.timedelta(hours=1)
    )
    return rider, item, overdue, fresh


def test_the_daily_command_expires_overdue_orders_and_returns_points_and_stock(two_orders, capsys):
    # given an overdue and a fresh pending order
    rider, item, overdue, fresh = two_orders
    assert balance_of(rider) == 40
    # when cron runs the daily command
    call_command("points_daily")
    # then only the overdue order expired, its points and stock came back, and it said so
    out = capsys.readouterr().out
    assert "1 order(s) expired" in out and "ledger_check: ok" in out
    statuses = dict(RedemptionOrder.objects.values_list("pk", "status"))
    assert statuses == {overdue.pk: OrderStatus.EXPIRED, fresh.pk: OrderStatus.PENDING}
    assert balance_of(rider) == 70
    assert CatalogueItem.objects.get(pk=item.pk).stock == 4
    assert AuditEvent.objects.filter(action="points.order_expire").count() == 1
    assert AuditEvent.objects.get(action="points.daily").detail == {"expired": 1, "violations": 0}
    # and a second run the same day finds nothing more to do
    call_command("points_daily")
    assert "0 order(s) expired" in capsys.readouterr().out
    assert balance_of(rider) == 70


def test_the_daily_task_does_the_same_through_django_tasks(two_orders, capsys):
    # given an overdue order
    rider, _item, overdue, _fresh = two_orders
    # when a worker runs the enqueued task (the test backend runs it at once)
    result = points_daily.enqueue()
    # then it expired the order and reports a sound ledger
    assert result.return_value == {"expired": 1, "violations": []}
    assert RedemptionOrder.objects.get(pk=overdue.pk).status == OrderStatus.EXPIRED
    assert balance_of(rider) == 70
    # and the command can enqueue it for the worker instead of running it in process
    call_command("points_daily", "--enqueue")
    assert "enqueued task" in capsys.readouterr().out


def test_the_daily_command_fails_loudly_when_the_ledger_is_broken(two_orders, capsys):
    # given a rider balance that no longer matches its entries
    rider, *_ = two_orders
    Account.objects.filter(user=rider).update(balance=999)
    # when cron runs the daily command
    with pytest.raises(CommandError, match="violation"):
        call_command("points_daily")
    # then the overdue order still expired and the violation is named on stderr
    assert "cached balance" in capsys.readouterr().err
    assert AuditEvent.objects.get(action="points.daily").result == "failed"
