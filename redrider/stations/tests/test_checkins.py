"""QR check-in: idempotent, one per rider and station per 30 minutes, daily counts, here-now."""

from __future__ import annotations

import datetime as dt

import pytest

from redrider.core.models import AuditEvent
from redrider.stations import selectors, services
from redrider.stations.models import Checkin
from redrider.stations.tests.factories import make_station


@pytest.fixture
def station(db):
    return make_station(lat=30.657, lng=104.081, name="春熙路驿站")


def checkin_url(station):
    return f"/api/v1/stations/{station.pk}/checkins"


@pytest.mark.django_db
def test_a_checkin_counts_once_and_a_replay_with_the_same_key_does_not(api, rider, station):
    # given
    client = api(rider)
    # when
    first = client.post(checkin_url(station), idempotency_key="scan-1")
    replay = client.post(checkin_url(station), idempotency_key="scan-1")
    # then
    assert first.status_code == 201, first.content
    assert first.json()["counted"] is True and first.json()["today"] == 1
    assert replay.status_code == 201 and replay.json() == first.json()
    assert Checkin.objects.filter(station=station).count() == 1
    assert selectors.checkin_stats(station=station) == {"today": 1, "here_now": 1}


@pytest.mark.django_db
def test_a_second_scan_within_30_minutes_is_not_counted(api, rider, station):
    # given
    client = api(rider)
    client.post(checkin_url(station), idempotency_key="scan-1")
    # when a new key is used a minute later
    second = client.post(checkin_url(station), idempotency_key="scan-2")
    # then
    assert second.status_code == 200
    assert second.json()["counted"] is False
    assert Checkin.objects.filter(station=station).count() == 1


@pytest.mark.django_db
def test_a_scan_after_30_minutes_counts_again_and_here_now_forgets_old_checkins(rider, station):
    # given a check-in 31 minutes ago
    now = dt.datetime(2026, 1, 5, 4, 0, tzinfo=dt.UTC)  # 12:00 in Shanghai
    services.checkin_create(rider=rider, station=station, now=now - dt.timedelta(minutes=31))
    # when
    _checkin, counted = services.checkin_create(rider=rider, station=station, now=now)
    # then
    assert counted is True
    assert selectors.checkin_stats(station=station, now=now) == {"today": 2, "here_now": 1}
    later = now + dt.timedelta(minutes=40)
    assert selectors.checkin_stats(station=station, now=later)["here_now"] == 0


@pytest.mark.django_db
def test_checkins_are_counted_per_shanghai_day(rider, station):
    # given 23:50 and 00:10 Shanghai time on either side of midnight (15:50 / 16:10 UTC)
    services.checkin_create(
        rider=rider, station=station, now=dt.datetime(2026, 1, 5, 15, 50, tzinfo=dt.UTC)
    )
    services.checkin_create(
        rider=rider, station=station, now=dt.datetime(2026, 1, 5, 16, 30, tzinfo=dt.UTC)
    )
    # then they fall on two local days
    days = sorted(Checkin.objects.values_list("day", flat=True))
    assert days == [dt.date(2026, 1, 5), dt.date(2026, 1, 6)]


@pytest.mark.django_db
def test_checkin_writes_an_audit_row(api, rider, station):
    # when
    api(rider).post(checkin_url(station), idempotency_key="k")
    # then
    assert (
        AuditEvent.objects.filter(action="station.checkin", object_id=str(station.pk)).count() == 1
    )


@pytest.mark.django_db
def test_checkin_without_idempotency_key_is_refused_and_nothing_written(api, rider, station):
    # when
    response = api(rider).post(checkin_url(station))
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"
    assert not Checkin.objects.exists()


@pytest.mark.django_db
def test_a_qr_code_of_no_station_answers_404(api, rider, client):
    # when
    by_id = api(rider).post("/api/v1/stations/999999/checkins", idempotency_key="k")
    by_code = api(rider).get("/api/v1/stations/by-code/NOPE")
    client.force_login(rider)
    page = client.get("/stations/c/NOPE/")
    # then
    assert by_id.status_code == 404 and by_code.status_code == 404 and page.status_code == 404
    assert not Checkin.objects.exists()


@pytest.mark.django_db
def test_only_riders_check_in(api, county_officer, station):
    # when
    response = api(county_officer).post(checkin_url(station), idempotency_key="k")
    # then
    assert response.status_code == 403
    assert not Checkin.objects.exists()


@pytest.mark.django_db
def test_a_retired_station_cannot_be_checked_into(api, rider):
    # given
    retired = make_station(lat=30.6, lng=104.0, status="retired")
    # when
    response = api(rider).post(checkin_url(retired), idempotency_key="k")
    # then
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_qr_page_shows_the_station_and_todays_count(client, rider, station):
    # given
    services.checkin_create(rider=rider, station=station)
    client.force_login(rider)
    # when
    response = client.get(f"/stations/c/{station.code}/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "春熙路驿站" in html
    assert 'data-testid="today-count">1<' in html
