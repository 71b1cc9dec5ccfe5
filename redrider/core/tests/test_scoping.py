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


# --- Station hosts (DESIGN §4 rule 8): their station and what happens at it, nothing else ------


def test_every_model_open_to_station_hosts_has_a_case_at_the_station():
    # given the region-owned models that declare a path to their station's hosts
    opened = {m for m in apps.get_models() if issubclass(m, RegionOwned) and m.host_lookup}
    # then each has a case that builds an object at a host's station (and no other case does)
    assert opened == {c.model for c in CASES if c.at_station is not None}


def _listed_ids(client, case):
    response = client.get(case.list_url, limit=500)
    if response.status_code != 200:
        assert response.status_code in (403, 404), response.content
        return set(), 0
    body = response.json()
    return {case.item_id(item) for item in body["items"]}, body["count"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_station_host_sees_nothing_of_the_county_but_what_happens_at_their_station(
    case, station_host, api
):
    # given an object of the host's own county that does not happen at a station they keep
    county_object = case.make(JINJIANG)
    own = case.at_station(station_host) if case.at_station else None
    me = api(station_host)
    # when the host reads the model through its queryset, its list and its detail
    visible = set(case.model.objects.visible_to(station_host).values_list("pk", flat=True))
    # then the county's object does not exist for them
    assert county_object.pk not in visible
    if case.detail_url:
        response = me.get(case.detail_url(county_object))
        assert response.status_code in (403, 404), response.content
    if case.list_url:
        ids, count = _listed_ids(me, case)
        assert county_object.pk not in ids
        assert count == len(ids)
    # and what happens at their own station does
    if own is not None:
        assert visible == {own.pk}
        if case.detail_url:
            assert me.get(case.detail_url(own)).status_code == 200
        if case.list_url:
            assert _listed_ids(me, case)[0] == {own.pk}
