"""`redrider seed_demo --scale small`: every app's seeder runs, in order, into one database."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_small_demo_seeds_every_part_and_prints_the_accounts():
    from redrider.accounts.models import User
    from redrider.appeals.models import Appeal
    from redrider.points.services.ledger import balance_of
    from redrider.riders.models import Rider
    from redrider.stations.models import Checkin, Station

    # when
    out = io.StringIO()
    call_command("seed_demo", "--scale", "small", "--seed", "5", stdout=out)
    # then every demo account exists and is printed
    text = out.getvalue()
    for name in (
        "demo-province",
        "demo-chengdu",
        "demo-jinjiang",
        "demo-wuhou",
        "demo-instructor",
        "demo-host",
        "demo-auditor",
        "demo-rider",
    ):
        assert User.objects.filter(username=name).exists()
        assert name in text
    # and the parts hang together
    rider = User.objects.get(username="demo-rider")
    assert Rider.objects.filter(user=rider, region_code="510104").exists()
    assert balance_of(rider) > 0
    assert Station.objects.filter(hosts__username="demo-host", region_code="510104").exists()
    assert Checkin.objects.exists()
    assert Appeal.objects.exists()
    # and the ledger is consistent
    call_command("ledger_check", stdout=io.StringIO())


def test_seeding_twice_is_refused_unless_asked_to_skip():
    from django.core.management.base import CommandError

    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("seed_demo", "--scale", "small", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo", "--scale", "small", "--if-empty", stdout=out)
    assert "already present" in out.getvalue()
