"""Several app processes behave as one (marker `multiprocess`; `.ci/run` sets DRILL_TESTS=1).

Two gunicorn servers (two masters, two sync workers each) with the production settings on one
PostgreSQL database (a copy of the test database, `ops_mp_*`) and one Redis (TEST_REDIS_URL,
default DB 5, a key prefix of this run): concurrent redemptions split across them never
double-spend; a session opened on one is valid on the other and ends on both; a lockout earned on
one holds on the other; a rate limit counts the requests of both; a station written through one
is found by the other's nearest-station index on its next search.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading

import pytest
import redis
from django.db import connection

from .drills import (
    APP_PORTS,
    AppServer,
    clone_database,
    free_port,
    manage,
    production_env,
    request,
    run_python,
)

pytestmark = [
    pytest.mark.multiprocess,
    # the test database is set up (and copied by `cluster`) only for tests that ask for one
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several processes on one PostgreSQL: runs in the PostgreSQL pass",
    ),
]

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
PASSWORD = "drill-Password-2024"


def redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, tmp_path_factory):
    """Servers A and B on one database and one Redis; yields (A, B, world, env)."""
    if not redis_up():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    name = f"ops_mp_{os.getpid()}"
    admin = _admin_url(connection.settings_dict)
    subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    prefix = f"ops-mp-{os.getpid()}"
    servers: list[AppServer] = []
    try:
        with django_db_blocker.unblock():
            clone_database(connection.settings_dict, url)
        env = production_env(
            url,
            tmp_path_factory.mktemp("mp"),
            REDIS_URL=REDIS_URL,
            CACHE_KEY_PREFIX=prefix,
            RATE_LIMITS="list=40/600",
        )
        world = run_python(env, "tests.ops.drill_world", "8", "5", "100", "8")
        taken: set[int] = set()
        for _ in range(2):
            port = free_port(APP_PORTS, taken)
            taken.add(port)
            servers.append(AppServer(env, port, workers=2).start())
        yield servers[0], servers[1], world, env
    finally:
        for server in servers:
            server.stop()
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=False)
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


def _admin_url(settings: dict) -> str:
    host, port = settings.get("HOST") or "127.0.0.1", settings.get("PORT") or 5432
    return f"postgres://{settings.get('USER') or 'postgres'}@{host}:{port}/postgres"


def together(calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def redeem(port: int, token: str, item: int, key: str):
    return lambda: request(
        "POST",
        port,
        "/api/v1/points/redemptions",
        body={"item_id": item, "quantity": 1},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_concurrent_redemptions_split_across_processes_never_double_spend(cluster):
    a, b, world, env = cluster
    rider = world["riders"][0]
    # given a rider holding 100 points and an item of 10 in ample stock
    # when 16 redemptions race, half through each server
    calls = [
        redeem((a, b)[i % 2].port, rider["token"], world["item_plenty"], f"mp-bal-{i}")
        for i in range(16)
    ]
    results = together(calls)
    # then exactly ten go through, the rest are refused for the balance, and nothing is left
    statuses = sorted(s for s, _ in results)
    assert statuses == [201] * 10 + [409] * 6, results
    status, body = request("GET", b.port, "/api/v1/points/balance", headers=bearer(rider["token"]))
    assert (status, body["balance"]) == (200, 0)
    # given 8 in stock and five riders with points to spare
    # when 15 redemptions of the scarce item race across both servers
    calls = [
        redeem((a, b)[i % 2].port, world["riders"][1 + i % 5]["token"], world["item"], f"mp-st-{i}")
        for i in range(15)
    ]
    results = together(calls)
    # then exactly the stock goes out, and the ledger holds
    assert sorted(s for s, _ in results) == [201] * 8 + [409] * 7, results
    check = manage(env, "ledger_check")
    assert check.returncode == 0, check.stderr


class Browser:
    """Cookies kept by hand (the production cookies are Secure; this is plain HTTP on 127.0.0.1)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def send(self, method: str, port: int, path: str, form: dict | None = None):
        import http.client
        from urllib.parse import urlencode

        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode(errors="replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        conn.close()
        return response.status, response.getheader("Location") or "", text

    def sign_in(self, port: int, username: str, password: str):
        self.send("GET", port, "/login/")
        return self.send(
            "POST",
            port,
            "/login/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
        )


def totp_now(hex_key: str) -> str:
    from binascii import unhexlify

    from django_otp.oath import totp

    return f"{totp(unhexlify(hex_key)):06d}"


def test_a_session_opened_on_one_process_is_valid_on_the_other(cluster):
    a, b, world, _env = cluster
    browser = Browser()
    # when the officer signs in through A: the password, then (B asks) the authenticator's code
    status, location, _ = browser.sign_in(a.port, "drill-officer", PASSWORD)
    assert status == 302 and "/login" not in location, (status, location)
    status, location, _ = browser.send("GET", b.port, "/console/")
    assert status == 302 and location.startswith("/accounts/otp/verify/"), (status, location)
    status, location, _ = browser.send(
        "POST",
        b.port,
        "/accounts/otp/verify/",
        {
            "code": totp_now(world["officer_totp_key"]),
            "next": "/console/",
            "csrfmiddlewaretoken": browser.cookies.get("csrftoken", ""),
        },
    )
    assert status == 302 and location == "/console/", (status, location)
    # then A knows the verified session too
    status, _, page = browser.send("GET", a.port, "/console/")
    assert status == 200, (status, page[:300])
    # and signing out through B ends it on A too
    status, _, _ = browser.send(
        "POST", b.port, "/logout/", {"csrfmiddlewaretoken": browser.cookies.get("csrftoken", "")}
    )
    assert status == 302
    status, location, _ = browser.send("GET", a.port, "/console/")
    assert status == 302 and "/login" in location


def test_a_lockout_earned_on_one_process_holds_on_the_other(cluster):
    a, b, _world, _env = cluster
    # when five wrong passwords for one name go to A
    for _ in range(5):
        status, _ = request(
            "POST",
            a.port,
            "/api/v1/auth/token",
            body={"username": "drill-officer-2", "password": "wrong"},
        )
        assert status in (401, 429)
    # then B refuses the name even with a password: the lock is shared
    status, body = request(
        "POST", b.port, "/api/v1/auth/token", body={"username": "drill-officer-2", "password": "x"}
    )
    assert status == 429 and body["code"] == "account_locked", body


def test_a_rate_limit_counts_the_requests_of_both_processes(cluster):
    a, b, world, _env = cluster
    token = world["riders"][7]["token"]
    # given at most 40 API reads per account in the window (RATE_LIMITS=list=40/600)
    # when one account reads 21 times through A and 21 times through B
    statuses = [
        request("GET", port, "/api/v1/points/balance", headers=bearer(token))[0]
        for port in [a.port] * 21 + [b.port] * 21
    ]
    # then the 41st and 42nd are refused: each process alone would have allowed them
    assert statuses == [200] * 40 + [429] * 2, statuses


def test_a_station_written_through_one_process_is_found_by_the_other(cluster):
    a, b, world, _env = cluster
    here = "/api/v1/stations/nearby?lat=30.6400&lng=104.1000&limit=1"
    rider = world["riders"][6]["token"]
    # given both servers have built their index (every worker of each: several searches)
    for port in (a.port, b.port) * 4:
        status, body = request("GET", port, here, headers=bearer(rider))
        assert status == 200
    before = body["items"][0]["id"]
    # when the officer adds a station right there through A
    status, created = request(
        "POST",
        a.port,
        "/api/v1/stations",
        body={"name": "新驿站", "lat": 30.6401, "lng": 104.1001},
        headers=bearer(world["officer"]),
    )
    assert status == 201, created
    # then every search through B finds it first
    for _ in range(4):
        status, body = request("GET", b.port, here, headers=bearer(rider))
        assert status == 200
        assert body["items"][0]["id"] == created["id"] != before


def test_the_servers_logged_no_server_error(cluster):
    a, b, _world, _env = cluster
    for server in (a, b):
        assert not re.search(r"Internal Server Error|Traceback", server.output()), server.output()
