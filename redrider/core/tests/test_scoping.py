"""Region scoping across every region-owned model and its API.

Each app lists its region-owned models in `redrider/<app>/tests/scoping_cases.py` (CASES). This
test fails when a concrete RegionOwned model has no case, so a new model cannot skip the rule.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from redrider.core.discovery import app_modules
from redrider.core.models import RegionOwned

JINJIANG, WUHOU = "510104", "510107"


def all_cases():
    return [case for _config, module in app_modules("tests.scoping_cases") for case in module.CASES]


CASES = all_cases()


def case_id(case):
    return case.model.__name__


def test_every_region_owned_model_has_a_scoping_case():
    # given
    owned = {m for m in apps.get_models() if issubclass(m, RegionOwned)}
    # then
    assert owned, "no region-owned models found"
    assert owned <= {c.model for c in CASES}, owned - {c.model for c in CASES}


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_county_officer_sees_only_their_county(case, county_officer, api):
    # given one object in the officer's county and one in the neighbouring county
    mine = case.make(JINJIANG)
    theirs = case.make(WUHOU)
    me = api(county_officer)
    # then the queryset scoping keeps the other county out
    visible = case.model.objects.visible_to(county_officer)
    assert visible.filter(pk=mine.pk).exists()
    assert not visible.filter(pk=theirs.pk).exists()
    # and the detail endpoint answers 404 for it
    if case.detail_url:
        assert me.get(case.detail_url(mine)).status_code == 200
        response = me.get(case.detail_url(theirs))
        assert response.status_code == 404, response.content
    # and the list and its count never include it
    if case.list_url:
        body = me.get(case.list_url, limit=500).json()
        ids = {case.item_id(item) for item in body["items"]}
        assert mine.pk in ids
        assert theirs.pk not in ids
        assert body["count"] == len(body["items"])
        assert all(item.get("region_code", JINJIANG).startswith(JINJIANG) for item in body["items"])


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_prefecture_officer_sees_both_counties_and_rider_sees_none(case, prefecture_officer, rider):
    # given
    a, b = case.make(JINJIANG), case.make(WUHOU)
    # then
    seen = case.model.objects.visible_to(prefecture_officer)
    assert {a.pk, b.pk} <= set(seen.values_list("pk", flat=True))
    assert not case.model.objects.visible_to(rider).exists()
