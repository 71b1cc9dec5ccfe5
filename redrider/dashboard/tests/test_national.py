"""The national scale's bulk SQL, run at a sliver of its size (the full run is a bench:
bench/dashboard_indicators.py): riders without personal fields, check-ins, a balanced ledger,
and rollups that equal a direct count. PostgreSQL only, like the national scale itself."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection

from redrider.core.demo import SeedContext
from redrider.dashboard import national, registry, rollups
from redrider.regions.figures import evaluate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the national scale is built in PostgreSQL's SQL")


def test_the_national_scale_refuses_sqlite():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's refusal")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("seed_demo", "--scale", "national", stdout=io.StringIO())


def test_a_sliver_of_the_national_scale_is_whole(postgresql):
    from redrider.accounts.models import User
    from redrider.riders.models import Rider
    from redrider.stations.models import Checkin, Station
    from redrider.stations.seeding import national_rows

    # given synthetic stations, and a seed context asking for 1/2000 of the national size
    out = io.StringIO()
    ctx = SeedContext(scale="national", seed=5, password="x", out=out)
    ctx.shared["national_fraction"] = 0.0005
    Station.objects.bulk_create(national_rows(ctx.rng("stations-national"), total=300))
    # when the bulk steps run
    national.riders(ctx)
    national.checkins(ctx)
    national.ledger(ctx)
    rollups.rebuild()
    # then the rows are there, across the country, with progress reported
    riders = Rider.objects.filter(id_index__startswith="syn:")
    assert riders.count() == 5000
    assert riders.values("region_code").distinct().count() > 1000
    assert Checkin.objects.count() == 10_000
    assert "riders: 5,000/5,000 (100%)" in out.getvalue()
    # and no synthetic rider carries a personal field
    assert not riders.exclude(name="", id_number="", phone="").exists()
    # and the ledger balances, as its own check says
    call_command("ledger_check", stdout=io.StringIO())
    # and the rollups equal a direct count, for the country and a province
    boss = User.objects.create_superuser(
        "t-root", password="pw-test-1234", can_view_political_status=True
    )
    tallies = registry.tallies()
    for node in ("000000", "130000"):  # (300 stations reach the first provinces only)
        rolled = rollups.reader(period=national_period())(tallies, [node])[node]
        direct = evaluate_all(tallies, user=boss, parent=node, period=national_period())[node]
        for tally in tallies:
            assert rolled[tally.key] == pytest.approx(direct[tally.key]), (node, tally.key)
    assert rolled["riders"] > 0 and rolled["station_checkins"] > 0
    assert rolled["points_awarded"] > 0


def national_period():
    from redrider.regions.figures import ALL_TIME

    return ALL_TIME
