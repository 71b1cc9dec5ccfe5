"""The rollups equal a direct count after every kind of write: inserts, updates of status, a
row moving to another region (and rows that follow it: a station's check-ins), updates of many
rows at once, reversals in the ledger, deletions of retained data (check-ins past the location
retention, a station with its check-ins, a rider), and changes to a table a figure depends on
(an activity's theme, a visit's date). Before the pending changes are folded in, reads are exact
too (they recount the marked regions)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redrider.dashboard import registry, rollups, triggers
from redrider.dashboard.models import DailyFigure, PendingChange, Total
from redrider.regions.figures import Period, evaluate_all

from . import world

pytestmark = pytest.mark.django_db

NODES = ["000000", "510000", "510100", "510104", "510107", "510703", "110000"]
PERIODS = [
    Period(),
    Period(dt.date(2025, 4, 2), dt.date(2026, 3, 30)),
    Period(None, dt.date(2025, 9, 30)),
]


def _direct_daily(tally) -> dict:
    out = {}
    for row in tally.daily():
        if row["figure_region"] and row["figure_day"] and row["figure_value"]:
            out[(row["figure_region"], rollups._as_date(row["figure_day"]))] = float(
                row["figure_value"]
            )
    return out


def assert_reads_exact(boss) -> None:
    """Reads through the rollups (pending changes included) equal the rows, for every tally."""
    tallies = registry.tallies()
    for period in PERIODS:
        for node in NODES:  # (one at a time: the nodes overlap)
            rolled = rollups.reader(period=period)(tallies, [node])[node]
            direct = evaluate_all(tallies, user=boss, parent=node, period=period)[node]
            for tally in tallies:
                assert rolled[tally.key] == pytest.approx(direct[tally.key]), (
                    node,
                    tally.key,
                    period,
                )


def assert_rollups_exact() -> None:
    """After folding the pending changes in, the stored rollups are the direct count."""
    rollups.refresh_all()
    assert not PendingChange.objects.exists()
    for tally in registry.tallies():
        direct = _direct_daily(tally)
        stored = {
            (code, day): value
            for code, day, value in DailyFigure.objects.filter(key=tally.key).values_list(
                "region_code", "day", "value"
            )
        }
        assert stored == pytest.approx(direct), tally.key
        totals: dict = defaultdict(float)
        for (code, day), value in direct.items():
            for node in rollups.nodes_of(code):
                totals[(node, "d", day)] += value
                totals[(node, "m", rollups.month_start(day))] += value
        kept = {
            (node, grain, period): value
            for node, grain, period, value in Total.objects.filter(key=tally.key).values_list(
                "node", "grain", "period", "value"
            )
            if abs(value) > 1e-9
        }
        want = {k: v for k, v in totals.items() if abs(v) > 1e-9}
        assert kept == pytest.approx(want), tally.key


@pytest.fixture
def boss(db):
    from redrider.accounts.models import User

    return User.objects.create_superuser(
        "t-root", password="pw-test-1234", can_view_pii=True, can_view_political_status=True
    )


def test_every_table_an_indicator_counts_is_watched_by_a_trigger():
    assert triggers.expected() <= triggers.installed()
    tables = {s.table for s in triggers.sources()}
    assert {"riders_rider", "stations_checkin", "stations_station", "points_transaction"} <= tables


def _writes():
    """Each kind of write, in order, on the constructed world."""
    from redrider.activities.models import Activity
    from redrider.points.models import Transaction
    from redrider.points.services import points_reverse
    from redrider.riders.models import Rider, Visit
    from redrider.stations.models import Checkin, Station
    from redrider.stations.services import checkins_anonymise
    from redrider.workplan.models import Institution, InstitutionCategory
    from redrider.workplan.tests import factories as workplan_factories

    def status_update():
        rider = Rider.objects.filter(region_code="510104", status="active").first()
        Rider.objects.filter(pk=rider.pk).update(status="left", left_on=dt.date(2026, 2, 3))

    def bulk_update():
        Rider.objects.filter(region_code__startswith="5101").update(political_status="member")

    def region_move():
        rider = Rider.objects.filter(region_code="510104").first()
        rider.region_code = "110101"
        rider.save()

    def station_moves_with_its_checkins():
        station = Station.objects.filter(region_code="510107", checkins__isnull=False).first()
        Station.objects.filter(pk=station.pk).update(region_code="510703")

    def reversal():
        award = Transaction.objects.filter(kind="award", reversed_by__isnull=True).first()
        points_reverse(actor=None, transaction_id=award.pk, reason="重复发放", internal=True)

    def retention_anonymises():
        checkins_anonymise(older_than_days=30)

    def retention_deletes_old_checkins():
        Checkin.objects.filter(day__lt=dt.date(2025, 9, 1)).delete()

    def station_deleted_with_its_checkins():
        Station.objects.filter(region_code="510104", checkins__isnull=False).first().delete()

    def rider_deleted():
        Rider.objects.filter(region_code="510107").first().delete()

    def dependency_activity_theme():
        Activity.objects.filter(region_code="510104").update(theme="training")

    def dependency_visit_date():
        Visit.objects.filter(region_code="510703").update(on=dt.date(2024, 1, 2))

    def dependency_institution_added():
        category = InstitutionCategory.objects.filter(institutions__isnull=True).first()
        if category is None:
            category = workplan_factories.category("510104")
        Institution.objects.filter(region_code=category.region_code).update(category=category)

    return [
        status_update,
        bulk_update,
        region_move,
        station_moves_with_its_checkins,
        reversal,
        retention_anonymises,
        retention_deletes_old_checkins,
        station_deleted_with_its_checkins,
        rider_deleted,
        dependency_activity_theme,
        dependency_visit_date,
        dependency_institution_added,
    ]


def test_rollups_equal_a_direct_count_after_every_kind_of_write(boss):
    # given the constructed world, its inserts folded in
    world.build()
    assert_reads_exact(boss)
    assert_rollups_exact()
    for write in _writes():
        # when
        write()
        # then the reads are exact before folding, and the rollups after
        assert PendingChange.objects.exists(), write.__name__
        assert_reads_exact(boss)
        assert_rollups_exact()


def test_a_rebuild_gives_what_the_incremental_refresh_gave(boss):
    world.build()
    rollups.refresh_all()
    before = set(DailyFigure.objects.values_list("key", "region_code", "day", "value"))
    totals = set(
        Total.objects.exclude(value=0).values_list("key", "node", "grain", "period", "value")
    )
    rollups.rebuild()
    assert set(DailyFigure.objects.values_list("key", "region_code", "day", "value")) == before
    assert set(Total.objects.values_list("key", "node", "grain", "period", "value")) == totals


DAYS = st.dates(dt.date(2023, 1, 1), dt.date(2027, 12, 31))


# (a loaded CI machine draws slowly; the property is about days, not speed)
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(a=st.none() | DAYS, b=st.none() | DAYS)
def test_a_period_reads_each_of_its_days_exactly_once(a, b):
    # given a day row and a month row for every day of 2023–2027 (a month row covers its days)
    if a and b and a > b:
        a, b = b, a
    period = Period(a, b)
    q = rollups.total_filter(period)
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=i) for i in range(365 * 5 + 1)]
    months = sorted({rollups.month_start(d) for d in days})
    covered: list[dt.date] = []
    for grain, first in [("d", d) for d in days] + [("m", m) for m in months]:
        row = {"grain": grain, "period": first}
        if _matches(q, row):
            if grain == "d":
                covered.append(first)
            else:
                last = rollups.next_month(first) - dt.timedelta(days=1)
                covered += [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    want = [d for d in days if (a is None or d >= a) and (b is None or d <= b)]
    assert sorted(covered) == want


def _matches(q, row) -> bool:
    """Evaluate a Q of `grain`/`period` conditions on a dict (no database)."""
    results = []
    for child in q.children:
        if isinstance(child, tuple):
            name, value = child
            field, _, op = name.partition("__")
            have = row[field]
            ok = {
                "": have == value,
                "gte": have >= value,
                "gt": have > value,
                "lte": have <= value,
                "lt": have < value,
            }[op]
        else:
            ok = _matches(child, row)
        results.append(ok)
    out = all(results) if q.connector == "AND" else any(results)
    return not out if q.negated else out
