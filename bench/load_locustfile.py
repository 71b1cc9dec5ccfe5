"""A busy province day, as locust users (run by bench/load_province_day.py; see its --help).

Riders (most of the traffic, on phones): nearest stations around Chengdu's and other
prefectures' seats, their balance and the catalogue, a QR check-in now and then, an appeal, a
redemption — every write with its own Idempotency-Key, retried with the same key on a 503.
Staff (a few, at desks): the appeals, stations and census lists of their region, the
indicators, and now and then an appeals export. A floor request (`GET /api/v1/regions/510000`,
routing + auth-free read) is mixed in as the baseline measured in the same run.

The world (tokens, station ids, the item) comes from the JSON file named by LOAD_WORLD.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid

from locust import HttpUser, between, task

WORLD = json.loads(open(os.environ["LOAD_WORLD"], encoding="utf-8").read())  # noqa: SIM115
RIDERS = itertools.cycle(WORLD["riders"])
STAFF = itertools.cycle(WORLD["staff"])
# Where riders are: around the seats of a few prefectures (Chengdu most), a little spread.
PLACES = [(30.66, 104.07)] * 6 + [
    (29.35, 104.77),
    (31.47, 104.68),
    (28.77, 104.63),
    (30.82, 106.11),
]
CATEGORIES = ["rest", "parking", "charging", "enter_compound", "go_upstairs", "meals"]


def near(lat: float, lng: float, spread: float = 0.08) -> tuple[float, float]:
    return lat + random.uniform(-spread, spread), lng + random.uniform(-spread, spread)


class Rider(HttpUser):
    weight = 12
    wait_time = between(1, 4)

    def on_start(self) -> None:
        me = next(RIDERS)
        self.headers = {"Authorization": f"Bearer {me['token']}"}
        self.home = random.choice(PLACES)

    def post_once(self, path: str, body: dict, name: str) -> None:
        """One write with its own key; a 503 is retried with the same key (as the app asks)."""
        key = uuid.uuid4().hex
        headers = {**self.headers, "Idempotency-Key": key}
        for _ in range(3):
            with self.client.post(
                path, json=body, headers=headers, name=name, catch_response=True
            ) as response:
                if response.status_code in (200, 201, 409):
                    response.success()  # 409: not enough points or stock, a fair answer
                    return
                if response.status_code != 503:
                    response.failure(f"{response.status_code}: {response.text[:200]}")
                    return
                response.failure("503")

    @task(10)
    def nearby(self) -> None:
        lat, lng = near(*self.home)
        self.client.get(
            f"/api/v1/stations/nearby?lat={lat:.5f}&lng={lng:.5f}&limit=5",
            headers=self.headers,
            name="GET /stations/nearby",
        )

    @task(2)
    def nearby_open_with_water(self) -> None:
        lat, lng = near(*self.home)
        self.client.get(
            f"/api/v1/stations/nearby?lat={lat:.5f}&lng={lng:.5f}&limit=5&open_now=true&services=water",
            headers=self.headers,
            name="GET /stations/nearby (open, water)",
        )

    @task(3)
    def balance(self) -> None:
        self.client.get("/api/v1/points/balance", headers=self.headers, name="GET /points/balance")

    @task(2)
    def catalogue(self) -> None:
        self.client.get(
            "/api/v1/points/catalogue", headers=self.headers, name="GET /points/catalogue"
        )

    @task(3)
    def checkin(self) -> None:
        station = random.choice(WORLD["stations"])
        self.post_once(f"/api/v1/stations/{station}/checkins", {}, "POST /stations/{id}/checkins")

    @task(1)
    def appeal(self) -> None:
        lat, lng = near(30.66, 104.07, 0.05)
        body = {
            "category": random.choice(CATEGORIES),
            "description": "负载测试：小区不让骑手进门送餐",
            "lat": round(lat, 5),
            "lng": round(lng, 5),
            "crs": "wgs84",
        }
        self.post_once("/api/v1/appeals", body, "POST /appeals")

    @task(1)
    def redeem(self) -> None:
        body = {"item_id": random.choice(WORLD["items"]), "quantity": 1}
        self.post_once("/api/v1/points/redemptions", body, "POST /points/redemptions")

    @task(1)
    def floor(self) -> None:
        self.client.get("/api/v1/regions/510000", name="GET /regions/510000 (floor)")


class Staff(HttpUser):
    weight = 1
    wait_time = between(2, 6)

    def on_start(self) -> None:
        me = next(STAFF)
        self.headers = {"Authorization": f"Bearer {me['token']}"}
        self.region = me["region"]

    @task(4)
    def appeals(self) -> None:
        self.client.get(
            f"/api/v1/appeals?region={self.region}&limit=50",
            headers=self.headers,
            name="GET /appeals",
        )

    @task(3)
    def stations(self) -> None:
        self.client.get(
            f"/api/v1/stations?region={self.region}&limit=50",
            headers=self.headers,
            name="GET /stations",
        )

    @task(3)
    def riders(self) -> None:
        self.client.get(
            f"/api/v1/riders/riders?region={self.region}&limit=50",
            headers=self.headers,
            name="GET /riders/riders",
        )

    @task(2)
    def indicators(self) -> None:
        self.client.get(
            f"/api/v1/dashboard/indicators?region={self.region}",
            headers=self.headers,
            name="GET /dashboard/indicators",
        )

    @task(1)
    def export(self) -> None:
        self.client.get(
            f"/api/v1/appeals/export.xlsx?region={self.region}",
            headers=self.headers,
            name="GET /appeals/export.xlsx",
        )
