"""The ledger core: awards by rule, caps, idempotency, reversals and the invariant check."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from redrider.core.errors import Conflict, InvalidInput
from redrider.points.integrity import ledger_violations
from redrider.points.models import Account, Entry, Transaction
from redrider.points.services import points_award, points_reverse
from redrider.points.services.ledger import balance_of

from .factories import fund, new_rider, rule

pytestmark = pytest.mark.django_db


def test_sqlite_runs_on_a_file_with_immediate_transactions():
    # given the configured test database
    settings = connection.settings_dict
    # then SQLite takes the write lock at BEGIN on a real file (PostgreSQL uses row locks)
    if connection.vendor == "sqlite":
        assert settings["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        assert ":memory:" not in settings["TEST"]["NAME"] and settings["TEST"]["NAME"].endswith(
            ".sqlite3"
        )
    else:
        assert connection.vendor == "postgresql"


def test_award_takes_the_rule_amount_from_the_nearest_fund_and_names_rule_and_source():
    # given a province rule and a Chengdu fund
    chengdu = fund("510100", yuan=1000)
    rule("activity_checkin", points=20)
    rider = new_rider()
    # when a check-in in Jinjiang earns points
    tx = points_award(
        actor=None,
        rider_user=rider,
        rule_code="activity_checkin.first_aid",
        source="activity:1",
        region_code="510104",
        idempotency_key="k1",
    )
    # then the rider has 20, the fund 10,000 − 20, and the entries balance
    assert balance_of(rider) == 20
    chengdu.account.refresh_from_db()
    assert chengdu.account.balance == 1000 * 10 - 20
    assert tx.rule.code == "activity_checkin" and tx.source == "activity:1"
    assert sum(e.amount for e in tx.entries.all()) == 0
    assert ledger_violations() == []


def test_county_rule_overrides_province_rule_and_theme_rule_overrides_plain():
    # given rules at three levels
    fund("510000")
    rule("activity_checkin", points=5)
    rule("activity_checkin", points=7, region_code="510104")
    rule("activity_checkin.first_aid", points=30, region_code="510100")
    rider = new_rider()
    # when
    themed = points_award(
        actor=None,
        rider_user=rider,
        rule_code="activity_checkin.first_aid",
        source="activity:1",
        region_code="510104",
        idempotency_key="a",
    )
    plain = points_award(
        actor=None,
        rider_user=rider,
        rule_code="activity_checkin.care",
        source="activity:2",
        region_code="510104",
        idempotency_key="b",
    )
    # then
    assert (themed.amount, plain.amount) == (30, 7)


def test_monthly_cap_clips_the_award_then_refuses():
    # given a cap of 25 per month at 10 a check-in
    fund("510000")
    rule("activity_checkin", points=10, monthly_cap=25)
    rider = new_rider()
    # when three check-ins arrive
    amounts = [
        points_award(
            actor=None,
            rider_user=rider,
            rule_code="activity_checkin",
            source=f"activity:{i}",
            region_code="510104",
            idempotency_key=f"c{i}",
        ).amount
        for i in range(3)
    ]
    # then the third is clipped and a fourth is refused with nothing written
    assert amounts == [10, 10, 5]
    before = Transaction.objects.count()
    with pytest.raises(Conflict) as refused:
        points_award(
            actor=None,
            rider_user=rider,
            rule_code="activity_checkin",
            source="activity:9",
            region_code="510104",
            idempotency_key="c9",
        )
    assert refused.value.code == "monthly_cap_reached"
    assert Transaction.objects.count() == before and balance_of(rider) == 25


def test_the_same_key_returns_the_first_award_and_another_award_with_it_is_refused():
    # given one award
    fund("510000")
    rule("tipoff_founded", points=50)
    rider, other = new_rider(), new_rider()
    first = points_award(
        actor=None,
        rider_user=rider,
        rule_code="tipoff_founded",
        source="tipoff:3",
        region_code="510104",
        idempotency_key="tipoff:3",
        confidential=True,
    )
    # when it is retried, and when the key is reused for another rider
    again = points_award(
        actor=None,
        rider_user=rider,
        rule_code="tipoff_founded",
        source="tipoff:3",
        region_code="510104",
        idempotency_key="tipoff:3",
        confidential=True,
    )
    with pytest.raises(InvalidInput):
        points_award(
            actor=None,
            rider_user=other,
            rule_code="tipoff_founded",
            source="tipoff:3",
            region_code="510104",
            idempotency_key="tipoff:3",
            confidential=True,
        )
    # then one transaction exists and the rider holds 50 once
    assert again.pk == first.pk
    assert Transaction.objects.filter(kind="award").count() == 1 and balance_of(rider) == 50


@pytest.mark.parametrize("bad", [0, -5, 10**9, True, 2.5])
def test_award_with_a_bad_amount_is_refused_and_writes_nothing(bad):
    # given
    fund("510000")
    rule("manual", points=1)
    rider = new_rider()
    before = Transaction.objects.count()
    # when / then
    with pytest.raises(InvalidInput):
        points_award(
            actor=None,
            rider_user=rider,
            rule_code="manual",
            source="x:1",
            region_code="510104",
            amount=bad,
            idempotency_key="bad",
        )
    assert Transaction.objects.count() == before


def test_award_without_a_rule_or_with_an_exhausted_fund_is_refused():
    # given a tiny fund
    fund("510000", yuan=1)  # 10 points
    rule("exemplar_title", points=11)
    rider = new_rider()
    # then no rule → 422, too little in the fund → 409
    with pytest.raises(InvalidInput):
        points_award(
            actor=None,
            rider_user=rider,
            rule_code="volunteer_hour",
            source="a:1",
            region_code="510104",
            idempotency_key="x1",
        )
    with pytest.raises(Conflict) as refused:
        points_award(
            actor=None,
            rider_user=rider,
            rule_code="exemplar_title",
            source="h:1",
            region_code="510104",
            idempotency_key="x2",
        )
    assert refused.value.code == "fund_exhausted"
    assert balance_of(rider) == 0 and ledger_violations() == []


def test_reversal_mirrors_an_award_once_and_never_goes_negative(county_officer):
    # given an award of 40 in Jinjiang
    fund("510000")
    rule("manual", points=40)
    rider = new_rider()
    tx = points_award(
        actor=None,
        rider_user=rider,
        rule_code="manual",
        source="m:1",
        region_code="510104",
        idempotency_key="m1",
    )
    # when the county officer reverses it
    reversal = points_reverse(actor=county_officer, transaction_id=tx.pk, reason="误发")
    # then the rider is back to 0, and a second reversal is refused
    assert balance_of(rider) == 0
    assert sorted(e.amount for e in reversal.entries.all()) == sorted(
        -e.amount for e in tx.entries.all()
    )
    with pytest.raises(Conflict):
        points_reverse(actor=county_officer, transaction_id=tx.pk, reason="again")
    with pytest.raises(Conflict):
        points_reverse(actor=county_officer, transaction_id=reversal.pk, reason="undo")
    assert ledger_violations() == []


def test_ledger_rows_cannot_be_changed_or_deleted():
    # given
    fund("510000")
    # then
    with pytest.raises(TypeError):
        Transaction.objects.all().update(memo="x")
    with pytest.raises(TypeError):
        Entry.objects.all().delete()
    tx = Transaction.objects.first()
    with pytest.raises(TypeError):
        tx.save()


def test_ledger_check_passes_on_a_sound_ledger_and_fails_on_a_tampered_balance(capsys):
    # given a sound ledger
    fund("510000")
    rule("manual", points=10)
    rider = new_rider()
    points_award(
        actor=None,
        rider_user=rider,
        rule_code="manual",
        source="m:1",
        region_code="510104",
        idempotency_key="t1",
    )
    call_command("ledger_check")
    assert "ok" in capsys.readouterr().out
    # when someone edits a cached balance behind the ledger's back
    Account.objects.filter(user=rider).update(balance=999)
    # then the check exits non-zero naming the account
    with pytest.raises(CommandError):
        call_command("ledger_check")
    assert f"rider:{rider.pk}" in capsys.readouterr().err
