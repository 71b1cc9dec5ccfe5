"""The nearest-station index follows station writes without a rebuild in the request: the rows
changed since its base are laid over it; a full rebuild runs beside, in a thread, and is swapped
in (issue 15 item 2: no request waits for the national-scale rebuild)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.test import override_settings

from redrider.stations import nearby
from redrider.stations.models import Station
from redrider.stations.services import index_version_bump
from redrider.stations.tests.factories import make_station, make_stations

URL = "/api/v1/stations/nearby"
HERE = {"lat": 30.657, "lng": 104.081}


def ids(client, **params) -> list[int]:
    response = client.get(URL, **{**HERE, "limit": 5, **params})
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.fixture
def no_full_builds(monkeypatch):
    """After the first build, any further full build fails the test."""
    real = nearby.build_snapshot
    calls = []

    def counting(token):
        calls.append(token)
        if len(calls) > 1:
            raise AssertionError("a request waited for a full rebuild")
        return real(token)

    nearby.reset()
    monkeypatch.setattr(nearby, "build_snapshot", counting)
    # Only what is written after the build counts as changed (no margin for slow commits here).
    monkeypatch.setattr(nearby, "CHANGE_MARGIN", dt.timedelta(0))
    return calls


@pytest.mark.django_db
def test_added_moved_and_retired_stations_are_seen_without_a_rebuild(api, rider, no_full_builds):
    # given an index built once over 300 stations far away and one near one
    make_stations([{"lat": 29.0 + i * 0.001, "lng": 103.0} for i in range(300)])
    near = make_station(lat=30.60, lng=104.00)
    client = api(rider)
    assert ids(client, limit=1) == [near.pk]
    # when another process adds a nearer station, moves one next to the rider, retires `near`
    nearer = make_station(lat=30.650, lng=104.075)
    moved = Station.objects.order_by("id").first()
    moved.lat, moved.lng = 30.6571, 104.0811
    moved.save()
    near.status = "retired"
    near.save()
    index_version_bump()
    # then the next search sees all three changes, and no full build ran
    assert ids(client, limit=3)[:2] == [moved.pk, nearer.pk]
    assert near.pk not in ids(client, limit=50)
    assert len(no_full_builds) == 1
    assert nearby.snapshot().changed == 2  # the moved and the new station; `near` only masked


@pytest.mark.django_db
def test_changed_stations_and_base_rows_are_ranked_together_exactly(api, rider, no_full_builds):
    # given base stations around the rider and an index built over them
    base = make_stations([{"lat": 30.657 + i * 0.0003, "lng": 104.081} for i in range(20)])
    client = api(rider)
    assert ids(client, limit=3) == [s.pk for s in base[:3]]
    # when a new station sits exactly where base station 2 is (a tie) and one between 0 and 1
    twin = make_station(lat=base[2].lat, lng=base[2].lng)
    between = make_station(lat=30.657 + 0.00015, lng=104.081)
    # then one ranking: distance, then id
    assert ids(client, limit=5) == [base[0].pk, between.pk, base[1].pk, base[2].pk, twin.pk]


@pytest.mark.django_db
def test_a_deleted_station_triggers_a_rebuild_when_rebuilding_inline(api, rider):
    # given an index (tests rebuild inline: a thread would not see the test's transaction)
    gone = make_station(lat=30.6571, lng=104.0811)
    keep = make_station(lat=30.70, lng=104.10)
    client = api(rider)
    nearby.reset()
    assert ids(client, limit=2) == [gone.pk, keep.pk]
    # when a station row is deleted (the admin) and the token replaced
    Station.objects.filter(pk=gone.pk).delete()
    index_version_bump()
    # then the count shows it and the index is rebuilt: the next station fills the place
    assert ids(client, limit=2) == [keep.pk]
    assert nearby.snapshot().changed == 0


@pytest.mark.django_db(transaction=True)
def test_the_rebuild_runs_beside_while_searches_go_on(api, rider, monkeypatch):
    # given an index, background rebuilds on and a rebuild threshold of 3 changed stations
    make_stations([{"lat": 29.0 + i * 0.001, "lng": 103.0} for i in range(50)])
    client = api(rider)
    monkeypatch.setattr(nearby, "CHANGE_MARGIN", dt.timedelta(0))
    nearby.reset()
    ids(client)
    monkeypatch.setattr(nearby, "REBUILD_AFTER_CHANGES", 3)
    release, started = threading.Event(), threading.Event()
    real = nearby.build_snapshot

    def slow_build(token):
        started.set()
        assert release.wait(30), "the test never released the rebuild"
        return real(token)

    monkeypatch.setattr(nearby, "build_snapshot", slow_build)
    with override_settings(NEARBY_REBUILD_IN_BACKGROUND=True):
        # when four stations are added (past the threshold) and a rider searches
        added = make_stations([{"lat": 30.657 + i * 0.001, "lng": 104.081} for i in range(4)])
        # then the search answers at once with the new stations while the rebuild is held
        assert ids(client, limit=4) == [s.pk for s in added]
        assert started.wait(30)
        assert nearby.snapshot().changed == 4
        # and once the rebuild finishes it replaces the layered index
        release.set()
        for _ in range(300):
            if not nearby._rebuilding.is_set():
                break
            threading.Event().wait(0.1)
        assert nearby.snapshot().changed == 0
        assert ids(client, limit=4) == [s.pk for s in added]
    nearby.reset()
