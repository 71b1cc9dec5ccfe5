"""GET /api/v1/stations/nearby: exact against brute force, filters, crs, bad input."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest

from redrider.geo.crs import from_wgs84, to_wgs84
from redrider.geo.distance import haversine_m_array
from redrider.stations import nearby
from redrider.stations.choices import SERVICE_ORDER
from redrider.stations.tests.factories import make_station, make_stations

URL = "/api/v1/stations/nearby"
HOURS = ["24/7", "Mo-Su 14:00-17:00", "Mo-Fr 08:00-20:00", "Sa,Su 10:00-22:00", "Mo-Su 07:00-11:30"]
# 2026-01-05 is a Monday; 07:30 UTC is 15:30 in Asia/Shanghai.
FROZEN = dt.datetime(2026, 1, 5, 7, 30, tzinfo=dt.UTC)


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr(nearby.timezone, "now", lambda: FROZEN)
    return FROZEN


def random_stations(rng: random.Random, n: int) -> list[dict]:
    rows = []
    for i in range(n):
        if i % 50 == 1 and rows:  # exact duplicates of a point: ties must be ordered by id
            lat, lng = rows[-1]["lat"], rows[-1]["lng"]
        else:
            lat, lng = rng.uniform(30.3, 31.0), rng.uniform(103.7, 104.5)
        rows.append(
            {
                "lat": lat,
                "lng": lng,
                "services": rng.sample(SERVICE_ORDER, rng.randint(0, 6)),
                "opening_hours": rng.choice(HOURS),
                "status": rng.choices(
                    ["open", "temporarily_closed", "broken", "retired"], [85, 5, 5, 5]
                )[0],
            }
        )
    return rows


def brute_force(stations, qlat, qlng, *, k, open_now=False, services=(), radius=None):
    """Reference answer: haversine to every searchable station, filtered, sorted by (d, id)."""
    local = FROZEN.astimezone(nearby.SHANGHAI).replace(tzinfo=None)
    ids = np.array([s.pk for s in stations])
    d = haversine_m_array(
        np.array([s.lat for s in stations]), np.array([s.lng for s in stations]), qlat, qlng
    )
    keep = np.array([s.status != "retired" for s in stations])
    if services:
        keep &= np.array([set(services) <= set(s.services) for s in stations])
    if open_now:
        keep &= np.array(
            [s.status == "open" and nearby.is_open(s.opening_hours, local) for s in stations]
        )
    if radius is not None:
        keep &= d <= radius
    order = sorted(np.flatnonzero(keep), key=lambda i: (d[i], ids[i]))[:k]
    return [(int(ids[i]), float(d[i])) for i in order]


@pytest.mark.django_db
def test_nearby_matches_brute_force_for_200_random_points_with_filters_and_crs(
    api, rider, frozen_now
):
    # given 1,500 stations around Chengdu (some sharing a point) with random services, hours, status
    rng = random.Random(20260105)
    stations = make_stations(random_stations(rng, 1500))
    client = api(rider)
    # when 200 random queries mix open_now, services, radius and gcj02/bd09 input
    for i in range(200):
        wlat, wlng = rng.uniform(30.2, 31.1), rng.uniform(103.6, 104.6)
        crs = ["wgs84", "gcj02", "bd09"][i % 3]
        qlat, qlng = from_wgs84(wlat, wlng, crs)
        k = rng.choice([1, 5, 10, 50])
        open_now = i % 4 == 1
        services = rng.sample(SERVICE_ORDER, rng.randint(1, 2)) if i % 5 == 2 else []
        radius = rng.choice([None, 800.0, 3000.0]) if i % 7 == 3 else None
        params = {"lat": qlat, "lng": qlng, "crs": crs, "limit": k}
        if open_now:
            params["open_now"] = "true"
        if services:
            params["services"] = ",".join(services)
        if radius:
            params["radius_m"] = radius
        response = client.get(URL, **params)
        # then the answer is the brute-force answer: same ids in the same order, distances ≤ 1 m
        assert response.status_code == 200, response.content
        items = response.json()["items"]
        back_lat, back_lng = to_wgs84(qlat, qlng, crs)
        expected = brute_force(
            stations, back_lat, back_lng, k=k, open_now=open_now, services=services, radius=radius
        )
        assert [it["id"] for it in items] == [e[0] for e in expected], (i, params)
        for item, (_pk, dist) in zip(items, expected, strict=True):
            assert abs(item["distance_m"] - dist) <= 1.0
        # and coordinates come back in the asked crs
        by_id = {s.pk: s for s in stations}
        for item in items[:3]:
            s = by_id[item["id"]]
            olat, olng = from_wgs84(s.lat, s.lng, crs)
            assert abs(item["lat"] - olat) < 1e-6 and abs(item["lng"] - olng) < 1e-6


@pytest.mark.django_db
def test_open_now_is_evaluated_in_shanghai_time(api, rider, monkeypatch):
    # given an off-peak station open 14:00–17:00
    station = make_station(lat=30.657, lng=104.081, opening_hours="Mo-Su 14:00-17:00")
    client = api(rider)
    params = {"lat": 30.657, "lng": 104.081, "open_now": "true"}
    # when it is 07:30 UTC (15:30 in Shanghai)
    monkeypatch.setattr(
        nearby.timezone, "now", lambda: dt.datetime(2026, 1, 5, 7, 30, tzinfo=dt.UTC)
    )
    open_ids = [it["id"] for it in client.get(URL, **params).json()["items"]]
    # and when it is 15:30 UTC (23:30 in Shanghai, when a UTC clock would say "open")
    monkeypatch.setattr(
        nearby.timezone, "now", lambda: dt.datetime(2026, 1, 5, 15, 30, tzinfo=dt.UTC)
    )
    closed_ids = [it["id"] for it in client.get(URL, **params).json()["items"]]
    # then
    assert open_ids == [station.pk]
    assert closed_ids == []


@pytest.mark.django_db
def test_a_station_written_elsewhere_is_found_on_the_next_search(api, rider):
    # given this process has searched and holds an index
    first = make_station(lat=30.60, lng=104.00)
    client = api(rider)
    assert [it["id"] for it in client.get(URL, lat=30.657, lng=104.081).json()["items"]] == [
        first.pk
    ]
    # when another process adds a nearer station (a row plus a new token, no call into this process)
    nearer = make_station(lat=30.656, lng=104.080)
    # then the next search sees it
    ids = [it["id"] for it in client.get(URL, lat=30.657, lng=104.081, limit=2).json()["items"]]
    assert ids == [nearer.pk, first.pk]


@pytest.mark.django_db
def test_retired_stations_are_never_returned(api, rider):
    # given
    kept = make_station(lat=30.70, lng=104.10)
    make_station(lat=30.657, lng=104.081, status="retired")
    # when
    items = api(rider).get(URL, lat=30.657, lng=104.081, limit=10).json()["items"]
    # then
    assert [it["id"] for it in items] == [kept.pk]


@pytest.mark.django_db
def test_nearby_items_carry_navigation_links_in_each_maps_own_crs(api, rider):
    # given
    make_station(lat=30.657, lng=104.081, name="春熙路驿站")
    # when
    item = api(rider).get(URL, lat=30.65, lng=104.08).json()["items"][0]
    # then Amap/Tencent get GCJ-02 and Baidu BD-09 of the station's WGS-84 point
    g_lat, g_lng = from_wgs84(30.657, 104.081, "gcj02")
    b_lat, b_lng = from_wgs84(30.657, 104.081, "bd09")
    assert f"position={g_lng:.6f},{g_lat:.6f}" in item["nav"]["amap"]
    assert item["nav"]["amap"].startswith("https://uri.amap.com/marker?")
    assert f"location={b_lat:.6f},{b_lng:.6f}" in item["nav"]["baidu"]
    assert f"coord:{g_lat:.6f},{g_lng:.6f}" in item["nav"]["tencent"]
    assert set(item) >= {
        "id",
        "name",
        "lat",
        "lng",
        "distance_m",
        "open_now",
        "services",
        "region_code",
    }


BAD = [
    ({"lng": "104.0"}, "invalid_point"),
    ({"lat": "abc", "lng": "104.0"}, "invalid_point"),
    ({"lat": "nan", "lng": "104.0"}, "invalid_point"),
    ({"lat": "30.6", "lng": "inf"}, "invalid_point"),
    ({"lat": "91", "lng": "104.0"}, "invalid_point"),
    ({"lat": "30.6", "lng": "181"}, "invalid_point"),
    ({"lat": "30.6", "lng": "104.0", "crs": "epsg3857"}, "unknown_crs"),
    ({"lat": "30.6", "lng": "104.0", "limit": "51"}, "invalid_limit"),
    ({"lat": "30.6", "lng": "104.0", "limit": "0"}, "invalid_limit"),
    ({"lat": "30.6", "lng": "104.0", "limit": "five"}, "invalid_limit"),
    ({"lat": "30.6", "lng": "104.0", "services": "water,spa"}, "unknown_service"),
    ({"lat": "30.6", "lng": "104.0", "radius_m": "-5"}, "invalid_radius"),
    ({"lat": "30.6", "lng": "104.0", "radius_m": "nan"}, "invalid_radius"),
    ({"lat": "30.6", "lng": "104.0", "open_now": "maybe"}, "invalid_open_now"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "code"), BAD, ids=[c for _p, c in BAD])
def test_bad_nearby_input_answers_422_with_a_clear_message(api, rider, params, code):
    # given
    make_station(lat=30.657, lng=104.081)
    # when
    response = api(rider).get(URL, **params)
    # then
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code
    assert " / " in body["detail"]


@pytest.mark.django_db
def test_nearby_needs_a_signed_in_user(api):
    # when
    response = api().get(URL, lat=30.6, lng=104.0)
    # then
    assert response.status_code == 401
