"""How the suite-wide scoping test builds and finds each region-owned model of activities."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from redrider.activities.models import Activity, Certificate, Signup
from redrider.core.testing import ScopeCase


def make_activity(code):
    start = timezone.now() + dt.timedelta(days=2)
    return Activity.objects.create(
        title=f"急救培训{code}",
        theme="first_aid",
        organiser="区市场监管局",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="社区中心",
        lat=30.65,
        lng=104.08,
        region_code=code,
    )


def _rider():
    from redrider.accounts.tests.factories import make_rider_user

    return make_rider_user()


def make_signup(code):
    return Signup.objects.create(
        activity=make_activity(code),
        rider=_rider(),
        status="confirmed",
        queued_at=timezone.now(),
        region_code=code,
    )


def make_certificate(code):
    return Certificate.objects.create(
        rider=_rider(),
        kind="first_aid",
        activity=make_activity(code),
        issued_at=timezone.now(),
        region_code=code,
    )


CASES = [
    ScopeCase(
        Activity,
        make_activity,
        "/api/v1/activities/manage",
        lambda o: f"/api/v1/activities/manage/{o.pk}",
    ),
    ScopeCase(
        Signup,
        make_signup,
        "/api/v1/activities/signups",
        lambda o: f"/api/v1/activities/signups/{o.pk}",
    ),
    ScopeCase(
        Certificate,
        make_certificate,
        "/api/v1/activities/certificates",
        lambda o: f"/api/v1/activities/certificates/{o.pk}",
    ),
]
