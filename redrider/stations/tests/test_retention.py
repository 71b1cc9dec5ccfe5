"""Location retention: old check-ins keep their count but no longer name the rider."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from redrider.core.models import AuditEvent
from redrider.stations.models import Checkin
from redrider.stations.tests.scoping_cases import station

pytestmark = pytest.mark.django_db


def test_check_ins_older_than_the_retention_lose_their_rider_but_keep_their_count(rider, settings):
    # given one check-in 100 days old and one from yesterday, with a 90-day retention
    settings.LOCATION_RETENTION_DAYS = 90
    s = station("510104")
    now = timezone.now()
    old = Checkin.objects.create(
        station=s,
        rider=rider,
        at=now - dt.timedelta(days=100),
        day=(now - dt.timedelta(days=100)).date(),
    )
    recent = Checkin.objects.create(
        station=s,
        rider=rider,
        at=now - dt.timedelta(days=1),
        day=(now - dt.timedelta(days=1)).date(),
    )
    # when the daily command runs
    out = io.StringIO()
    call_command("purge_locations", stdout=out)
    # then
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.rider_id is None
    assert recent.rider_id == rider.pk
    assert Checkin.objects.filter(station=s).count() == 2
    assert "1 check-ins anonymised" in out.getvalue()
    assert AuditEvent.objects.filter(action="checkin.anonymise", detail__rows=1).exists()


def test_retention_below_one_day_is_refused(rider):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("purge_locations", "--days", "0", stdout=io.StringIO())
