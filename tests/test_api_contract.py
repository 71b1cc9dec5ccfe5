"""DESIGN.md §5, end to end: the calls a rider and an officer make, in the shapes promised."""

import pytest

from conftest import PASSWORD, RIDER_PHONE

pytestmark = pytest.mark.django_db


def bearer(client, username):
    token = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    ).json()["token"]
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_riders_day_through_the_api(client, rider, county_officer):
    from redrider.points.services.rewards import item_create
    from redrider.points.tests.factories import fund, rule
    from redrider.stations.tests.scoping_cases import station

    # given a station near the rider, points to spend and an item on offer
    near = station("510104")
    me = bearer(client, RIDER_PHONE)
    boss = bearer(client, county_officer.username)
    fund(region_code="510000", yuan=1_000_000)
    rule(code="manual", points=1, region_code="510000")
    from redrider.points.services import points_award

    points_award(
        actor=None,
        rider_user=rider,
        rule_code="manual",
        source="test",
        region_code="510104",
        amount=100,
        idempotency_key="contract-award",
    )
    item = item_create(actor=county_officer, name="矿泉水", region_code="510104", cost=60, stock=3)

    # health and the region tree
    from django.db import connection

    health = client.get("/api/v1/health").json()
    assert (health["status"], health["database"]) == ("ok", connection.vendor)
    assert set(health["checks"]) == {"database", "cache", "tasks"}
    assert client.get("/api/v1/regions/510000/children").json()["count"] == 21

    # nearest stations, in the asked crs, ascending distance
    body = client.get(
        "/api/v1/stations/nearby",
        {"lat": near.lat, "lng": near.lng, "crs": "wgs84", "limit": 5},
        **me,
    ).json()
    first = body["items"][0]
    assert {"id", "name", "lat", "lng", "distance_m", "open_now", "services", "region_code"} <= set(
        first
    )
    assert first["id"] == near.pk and first["distance_m"] < 1
    distances = [i["distance_m"] for i in body["items"]]
    assert distances == sorted(distances)

    # an appeal: 201 with id, status, region_code, assigned_org; an illegal step is 409
    filed = client.post(
        "/api/v1/appeals",
        {
            "category": "enter_compound",
            "description": "东门不让进",
            "lat": 30.6570,
            "lng": 104.0810,
            "crs": "wgs84",
        },
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="a-1",
        **me,
    )
    assert filed.status_code == 201
    appeal = filed.json()
    assert {"id", "status", "region_code", "assigned_org"} <= set(appeal)
    assert appeal["status"] == "submitted" and appeal["region_code"] == "510104"
    step = client.post(
        f"/api/v1/appeals/{appeal['id']}/transitions",
        {"action": "resolve", "note": ""},
        content_type="application/json",
        **boss,
    )
    assert step.status_code == 409
    assert {"detail", "code"} <= set(step.json())
    assert (
        client.post(
            f"/api/v1/appeals/{appeal['id']}/transitions",
            {"action": "accept", "note": "收到"},
            content_type="application/json",
            **boss,
        ).json()["status"]
        == "accepted"
    )

    # points: balance, catalogue, a redemption, then not enough points answers 409
    assert client.get("/api/v1/points/balance", **me).json() == {"balance": 100}
    offered = {i["id"]: i for i in client.get("/api/v1/points/catalogue", **me).json()["items"]}
    assert {"id", "name", "cost", "stock"} <= set(offered[item.pk])
    redeem = {"item_id": item.pk, "quantity": 1}
    assert (
        client.post(
            "/api/v1/points/redemptions",
            redeem,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="r-1",
            **me,
        ).status_code
        == 201
    )
    again = client.post(
        "/api/v1/points/redemptions",
        redeem,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="r-2",
        **me,
    )
    assert again.status_code == 409
    assert client.get("/api/v1/points/balance", **me).json() == {"balance": 40}

    # indicators for the officer's county
    shape = client.get("/api/v1/dashboard/indicators", {"region": "510104"}, **boss).json()
    assert shape["region_code"] == "510104"
    assert shape["indicators"]["appeals"] == 1 and shape["indicators"]["stations"] == 1
