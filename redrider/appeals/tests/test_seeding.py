"""Demo seeding at small scale: every state, hotspots, demo-rider's own cases, tip-offs."""

from __future__ import annotations

import io

import pytest

from redrider.accounts import seeding as accounts_seeding
from redrider.appeals import seeding
from redrider.appeals.models import Appeal, Tipoff
from redrider.appeals.selectors import appeal_hotspots
from redrider.core.demo import SeedContext
from redrider.orgs import seeding as orgs_seeding

pytestmark = pytest.mark.django_db


def test_small_demo_has_every_state_hotspots_and_tipoffs_in_two_counties():
    # given the work system and demo accounts
    ctx = SeedContext(scale="small", seed=1, password="pw-demo-1234", out=io.StringIO())
    orgs_seeding.seed(ctx)
    accounts_seeding.seed(ctx)
    # when
    seeding.seed(ctx)
    # then
    statuses = set(Appeal.objects.values_list("status", flat=True))
    assert statuses == {
        "submitted",
        "accepted",
        "in_progress",
        "resolved",
        "confirmed",
        "rejected",
        "merged",
    }
    assert set(Appeal.objects.values_list("region_code", flat=True)) <= {"510104", "510107"}
    assert 30 <= Appeal.objects.count() <= 60
    assert Appeal.objects.filter(status__in=["resolved", "confirmed"]).count() == 18
    assert Appeal.objects.filter(rider=ctx.accounts["demo-rider"]).count() == 3
    assert Tipoff.objects.count() == 6
    spots = appeal_hotspots(user=ctx.accounts["demo-chengdu"], status="all", min_size=4)
    assert any(s.category == "enter_compound" and s.size >= 4 for s in spots)
    assert all(a.events.exists() for a in Appeal.objects.all()[:20])
