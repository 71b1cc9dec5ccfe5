"""The admin as a province admin holding every model permission (the worst case): every
registered admin is scoped to the province, read-only reference data, or closed to anyone but a
superuser. The walk reads `admin.site._registry`, so a new admin is covered without edits: it
fails here until it is one of the three (a scoped one needs a builder: its app's
`tests/scoping_cases.py` for region-owned models, or `EXTRA_BUILDERS` below).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from conftest import make_staff
from redrider.core.models import AuditEvent, RegionOwned
from redrider.core.tests.test_scoping import CASES

pytestmark = pytest.mark.django_db

INSIDE, OUTSIDE = "510104", "500103"  # 锦江区 (Sichuan) · 渝中区 (Chongqing)


def _review(code):
    from redrider.stations.models import StationReview
    from redrider.stations.tests.factories import make_station

    station = make_station(lat=30.657, lng=104.081, region_code=code)
    return StationReview.objects.create(
        station=station,
        year=2025,
        siting=4,
        building=4,
        function=4,
        service=4,
        stars=4,
        reviewed_on=dt.date(2025, 12, 1),
    )


def _staff(code):
    return make_staff(f"admin-walk-{code}", "county_officer", code)


def _audit(code):
    return AuditEvent.objects.create(action="probe", region_code=code)


def _extra_builders():
    from redrider.accounts.models import User
    from redrider.stations.models import StationReview

    return {User: _staff, AuditEvent: _audit, StationReview: _review}


def builders():
    found = {case.model: case.make for case in CASES}
    found.update(_extra_builders())
    return found


def _reference_models():
    from redrider.regions.models import Region
    from redrider.riders.models import Platform

    return {Region, Platform}


REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def admin_client(client, province_admin):
    """A province admin who was given every model permission and the admin's door."""
    province_admin.is_staff = True
    province_admin.save(update_fields=["is_staff"])
    province_admin.user_permissions.set(Permission.objects.all())
    client.force_login(province_admin)
    return client


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize(
    "model, model_admin", REGISTERED, ids=[m._meta.label for m, _ in REGISTERED]
)
def test_every_registered_admin_is_scoped_reference_data_or_superuser_only(
    admin_client, model, model_admin
):
    # given the builders of scoped objects and the reference models
    make = builders().get(model)
    # when the province admin opens the admin's list
    listing = admin_client.get(_url(model, "changelist"))
    if model in _reference_models():
        # then reference data is readable and cannot be changed, added or deleted
        assert listing.status_code == 200
        obj = model._default_manager.first()
        request = listing.wsgi_request
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, obj)
        assert not model_admin.has_delete_permission(request, obj)
    elif make is None:
        # then an admin with no way to build a scoped object must be closed to them
        assert listing.status_code == 403, (
            f"{model._meta.label}: scope this admin (RegionScopedAdmin) and give it a builder, "
            "or make it SuperuserOnlyAdmin"
        )
    else:
        # then the list opens, shows the province's object and never the other province's
        theirs, mine = make(OUTSIDE), make(INSIDE)
        assert listing.status_code == 200
        shown = admin_client.get(_url(model, "changelist"))
        ids = {o.pk for o in shown.context["cl"].result_list}
        assert mine.pk in ids and theirs.pk not in ids
        # and the change view of the other province's object is not found; its own opens
        assert admin_client.get(_url(model, "change", theirs.pk)).status_code == 404
        assert admin_client.get(_url(model, "change", mine.pk)).status_code == 200


def test_every_region_owned_admin_has_a_builder():
    # then no region-owned model is registered without a way to build one for the walk above
    missing = [
        m._meta.label for m, _ in REGISTERED if issubclass(m, RegionOwned) and m not in builders()
    ]
    assert missing == []
