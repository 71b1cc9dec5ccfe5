"""Database fault drills (marker `faults`; `.ci/run` turns them on with DRILL_TESTS=1).

1. PostgreSQL stops (immediate) under a write load of check-ins, appeals and redemptions, then
   starts again: a private cluster of our own (never the shared one), a real gunicorn with the
   production settings. While it is down the API answers 503 `database_unavailable` (never 500);
   the server recovers without a restart; every acknowledged write is there afterwards; client
   retries with the same Idempotency-Key add nothing; `ledger_check` passes.
2. SQLite with its file locked by another process: writes answer 503 after the busy timeout
   (never 500, nothing written); once the lock goes, the same keys go through once; the file
   passes `PRAGMA integrity_check` and `ledger_check`.

Each drill runs in the suite's pass for its database (PostgreSQL when TEST_POSTGRES_URL is set).
"""

from __future__ import annotations

import itertools
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import pytest
from django.db import connection

from redrider.appeals.models import Appeal
from redrider.points.models import RedemptionOrder
from redrider.stations.models import Checkin

from .drills import (
    APP_PORTS,
    AppServer,
    clone_database,
    free_port,
    manage,
    private_postgres,
    production_env,
    request,
    run_python,
)

pytestmark = pytest.mark.faults

APPEAL_BODY = {
    "category": "rest",
    "description": "演练：驿站附近没有休息的地方",
    "lat": 30.6570,
    "lng": 104.0810,
    "crs": "wgs84",
}


@dataclass
class Op:
    """One client write, identified by its Idempotency-Key, retried until acknowledged."""

    kind: str  # checkin | appeal | redeem
    key: str
    token: str
    path: str
    body: dict
    answers: list[tuple[int, object]] = field(default_factory=list)

    def send(self, port: int) -> int:
        status, body = request(
            "POST",
            port,
            self.path,
            body=self.body,
            headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": self.key},
            timeout=30,
        )
        self.answers.append((status, body))
        return status

    @property
    def acknowledged(self) -> tuple[int, object] | None:
        for status, body in self.answers:
            if status in (200, 201):
                return status, body
        return None


class WriteLoad:
    """Client threads sending check-ins, appeals and redemptions with fresh keys, round-robin."""

    def __init__(self, port: int, world: dict, threads: int = 4) -> None:
        self.port = port
        self.world = world
        self.ops: list[Op] = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.threads = [
            threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)
        ]
        self.pairs = itertools.count()

    def _next(self, n: int, thread: int) -> Op:
        riders = self.world["riders"]
        rider = riders[(n + thread) % len(riders)]
        kind = ("checkin", "appeal", "redeem")[n % 3]
        key = f"drill-{thread}-{n}"
        if kind == "checkin":
            # A fresh (rider, station) pair each time, so every acknowledged check-in is counted.
            pair = next(self.pairs)
            rider = riders[pair % len(riders)]
            station = self.world["stations"][pair // len(riders)]
            return Op(kind, key, rider["token"], f"/api/v1/stations/{station}/checkins", {})
        if kind == "appeal":
            return Op(kind, key, rider["token"], "/api/v1/appeals", APPEAL_BODY)
        body = {"item_id": self.world["item"], "quantity": 1}
        return Op(kind, key, rider["token"], "/api/v1/points/redemptions", body)

    def _run(self, thread: int) -> None:
        for n in itertools.count():
            if self.stop.is_set():
                return
            op = self._next(n, thread)
            with self.lock:
                self.ops.append(op)
            # Like a real client: the same write again (same key) after a short pause, until
            # it is acknowledged; what is still open when the load stops is retried afterwards.
            while op.send(self.port) in (0, 503) and not self.stop.is_set():
                time.sleep(0.2)

    def wait_acknowledged(self, count: int, timeout: float = 120) -> None:
        """Until `count` writes went through: each worker has loaded what its first appeal needs
        (the county boundaries, seconds on a busy machine), so the outage meets a warm server."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                done = sum(1 for op in self.ops if op.acknowledged)
            if done >= count:
                return
            time.sleep(0.2)
        raise AssertionError(f"the load never reached {count} acknowledged writes")

    def __enter__(self) -> WriteLoad:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=60)


def retry_until_acknowledged(ops: list[Op], port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    pending = [op for op in ops if op.acknowledged is None]
    while pending and time.monotonic() < deadline:
        for op in pending:
            op.send(port)
        pending = [op for op in pending if op.acknowledged is None]
        if pending:
            time.sleep(0.5)


def statuses(ops: list[Op]) -> dict[int, int]:
    seen: dict[int, int] = {}
    for op in ops:
        for status, _ in op.answers:
            seen[status] = seen.get(status, 0) + 1
    return seen


def psql_ids(url: str, table: str) -> set[int]:
    out = subprocess.run(
        ["psql", url, "-tAc", f"SELECT id FROM {table}"],  # noqa: S608 - our own table names
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {int(x) for x in out.split()}


def acknowledged_ids(ops: list[Op], kind: str) -> dict[str, int]:
    found = {}
    for op in ops:
        if op.kind == kind and op.acknowledged:
            found[op.key] = op.acknowledged[1]["id"]
    return found


def assert_acknowledged_writes_present(ops: list[Op], ids_of) -> None:
    """Every acknowledged write exists, exactly once per key (retries and replays add nothing)."""
    tables = {
        "checkin": Checkin._meta.db_table,
        "appeal": Appeal._meta.db_table,
        "redeem": RedemptionOrder._meta.db_table,
    }
    for kind, table in tables.items():
        acked = acknowledged_ids(ops, kind)
        stored = ids_of(table)
        assert acked, f"no {kind} was acknowledged"
        # each key was answered with one id, and every answer to that key named the same one
        for op in ops:
            if op.kind == kind:
                ok = {b["id"] for s, b in op.answers if s in (200, 201)}
                assert len(ok) <= 1, (op.key, op.answers)
        assert set(acked.values()) <= stored, f"acknowledged {kind} rows missing"
        assert len(set(acked.values())) == len(acked), f"two keys share one {kind}"
        assert len(stored) == len(acked), f"{kind}: {len(stored)} rows for {len(acked)} keys"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL drill runs in the PostgreSQL pass"
)
def test_postgres_stopping_under_write_load_loses_nothing_and_answers_503(db, tmp_path):
    with private_postgres() as pg:
        # given a copy of the migrated test database in a private cluster we may stop
        url = pg.createdb("ops_drill")
        clone_database(connection.settings_dict, url)
        env = production_env(url, tmp_path)
        world = run_python(env, "tests.ops.drill_world", "4", "400", "100000", "100000")
        port = free_port(APP_PORTS)
        server = AppServer(env, port, workers=2).start()
        try:
            # when the database stops (immediate) and starts again under write load
            with WriteLoad(port, world) as load:
                load.wait_acknowledged(24)
                time.sleep(1)
                pg.stop("immediate")
                time.sleep(4)
                down = [a for op in list(load.ops) for a in op.answers[-1:]]
                pg.start()
                time.sleep(4)
            retry_until_acknowledged(load.ops, port)
            # ... and some acknowledged writes are sent once more with the same key
            replays = [op for op in load.ops if op.acknowledged][:10]
            for op in replays:
                op.send(port)
            ops = load.ops
            seen = statuses(ops)
            # then it answered 503 with the clear message while down, never a 500
            assert not [s for s in seen if s >= 500 and s != 503], seen
            outage = [b for s, b in down if s == 503]
            assert outage, f"no 503 while the database was down: {seen}"
            assert all(b["code"] == "database_unavailable" for b in outage)
            assert "数据库暂时不可用" in outage[0]["detail"]
            # ... every write was acknowledged in the end, with no refusal along the way
            assert all(op.acknowledged for op in ops), seen
            assert set(seen) <= {0, 200, 201, 503}, seen
            # ... every acknowledged write is there, once per key
            assert_acknowledged_writes_present(ops, lambda table: psql_ids(url, table))
            # ... without a restart: the workers booted once
            assert server.output().count("Booting worker") == 2, server.output()[-2000:]
            # ... and the ledger holds
            check = manage(env, "ledger_check")
            assert check.returncode == 0, check.stderr
            print(f"\nPostgreSQL drill: {len(ops)} writes, answers {seen}")
        finally:
            server.stop()


LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("COMMIT")
"""


def copy_sqlite(source: str, target: str) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite drill runs in the SQLite pass"
)
def test_sqlite_file_locked_by_another_process_answers_503_and_stays_sound(db, tmp_path):
    # given a copy of the migrated test database and a server whose writers wait 1 s for a lock
    target = tmp_path / "drill.sqlite3"
    copy_sqlite(connection.settings_dict["NAME"], str(target))
    env = production_env(f"sqlite:///{target}", tmp_path, SQLITE_BUSY_TIMEOUT="1")
    world = run_python(env, "tests.ops.drill_world", "2", "20", "1000", "100")
    port = free_port(APP_PORTS)
    server = AppServer(env, port, workers=2).start()
    locker = None
    try:
        load = WriteLoad(port, world, threads=1)
        ops = [load._next(n, 0) for n in range(9)]
        # when another process holds the file's write lock
        locker = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(target)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert locker.stdout.readline().strip() == "locked"
        for op in ops:
            op.send(port)
        during = [a for op in ops for a in op.answers]
        health, _ = request("GET", port, "/api/v1/health")
        # then every write answers 503 with the clear message (never 500) and nothing is written
        assert {s for s, _ in during} == {503}, during
        assert all(b["code"] == "database_unavailable" for _, b in during)
        assert health == 200  # readers still read (WAL)
        # when the lock goes and the clients retry with the same keys
        locker.stdin.write("\n")
        locker.stdin.flush()
        locker.wait(timeout=10)
        retry_until_acknowledged(ops, port, seconds=30)
        for op in ops[:3]:
            op.send(port)  # replays
        assert all(op.acknowledged for op in ops), [op.answers for op in ops]

        def ids_of(table: str) -> set[int]:
            with sqlite3.connect(target) as db:
                return {row[0] for row in db.execute(f"SELECT id FROM {table}")}  # noqa: S608

        # then each key wrote once and the file is sound
        assert_acknowledged_writes_present(ops, ids_of)
        with sqlite3.connect(target) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        check = manage(env, "ledger_check")
        assert check.returncode == 0, check.stderr
    finally:
        if locker is not None and locker.poll() is None:
            locker.kill()
        server.stop()
