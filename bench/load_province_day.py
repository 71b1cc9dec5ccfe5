"""A busy province day against the real server with the production settings (issue 15 item 3).

    .venv/bin/python bench/load_province_day.py [--users 60] [--seconds 150] [--workers 3]
        [--pg postgres://postgres@127.0.0.1:5432] [--port 8200] [--reuse] [--label TEXT]

Builds `ops_load` on PostgreSQL with `seed_demo --scale sichuan` (1,104 stations, 106,000
riders, the programme's cases; `--reuse` keeps a seeded database), adds 400 riders with points
and tokens, the demo staff's tokens and five catalogue items, then starts gunicorn
(`deploy/gunicorn.conf.py`, `config.settings.prod`, Redis DB 5) and a task worker on
127.0.0.1, and runs locust headless (`bench/load_locustfile.py`) for `--seconds`. Afterwards:
`ledger_check`, `audit_verify --seal`, the server's 5xx count. The figures (requests/s,
p50/p95/p99 and errors per endpoint, the floor request as the baseline of the same run) are
appended to bench/RESULTS-load.md. `--quick`: 10 users for 20 seconds on a small seed.

The machine this was written on has 2 cores shared with other work: keep runs to 2–3 minutes.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.ops.drills import AppServer, request  # noqa: E402

VENV = ROOT / ".venv" / "bin"
DB = "ops_load"  # --db; --quick uses ops_load_quick, so a seeded province is never dropped
RESULTS = ROOT / "bench" / "RESULTS-load.md"

SETUP = r"""
import json, sys
from decimal import Decimal
from redrider.accounts.models import User
from redrider.accounts.services import token_issue
from redrider.points.services import item_create
from redrider.points.tests.factories import funded_rider
from redrider.stations.models import Station
from redrider.points.services.ledger import _fund_open
officer = User.objects.get(username="demo-province")
# The load's own fund (the seeded funds hold the programme's real budget).
import uuid
_fund_open(actor=None, name=f"负载测试基金{uuid.uuid4().hex[:6]}", region_code="510104",
           budget_yuan=Decimal(10**6))
items = [item_create(actor=officer, name=f"负载测试矿泉水{n}", region_code=code, cost=10,
                     stock=1_000_000).pk
         for n, code in enumerate(["510104", "510107", "510100", "510000", "510302"])]
riders = [{"token": token_issue(user=funded_rider(2_000, name=f"负载骑手{i}"))}
          for i in range(RIDERS)]
staff = [{"token": token_issue(user=u), "region": u.scope_code}
         for u in User.objects.filter(username__in=["demo-province", "demo-chengdu",
                                                    "demo-jinjiang", "demo-wuhou"])]
stations = list(Station.objects.exclude(status="retired").values_list("id", flat=True))
print(json.dumps({"riders": riders, "staff": staff, "items": items, "stations": stations}))
"""


def sh(*args, env=None, check=True, timeout=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, env=env, check=check, capture_output=True, text=True, timeout=timeout
    )


def server_env(url: str, var: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("TEST_POSTGRES_URL",)}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DATABASE_URL=url,
        SECRET_KEY="load-secret-" + "k" * 40,
        FIELD_ENCRYPTION_KEY="load-field-key",
        BLIND_INDEX_KEY="load-blind-key",
        SMS_GATEWAY="tests.ops.drills.DrillGateway",
        REDIS_URL="redis://127.0.0.1:6379/5",
        CACHE_KEY_PREFIX=f"ops-load-{os.getpid()}",
        SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REDRIDER_VAR_DIR=str(var),
        LOG_LEVEL="WARNING",
        ACCESS_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict, *args: str, timeout: int = 3600) -> subprocess.CompletedProcess:
    return sh(sys.executable, "-m", "config.manage", *args, env=env, check=False, timeout=timeout)


def prepare(args, env: dict) -> None:
    admin = f"{args.pg}/postgres"
    db = args.db
    exists = sh("psql", admin, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{db}'").stdout
    if args.reuse and exists.strip():
        print("reusing", db, flush=True)
        done = manage(env, "migrate", "-v0")
        assert done.returncode == 0, done.stderr
        return
    sh("psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{db}"')
    sh("psql", admin, "-qc", f'CREATE DATABASE "{db}"')
    started = time.perf_counter()
    done = manage(env, "migrate", "-v0")
    assert done.returncode == 0, done.stderr
    seed = manage(
        {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        "seed_demo",
        "--scale",
        args.scale,
        "--password",
        "Load-Demo-2024",
    )
    assert seed.returncode == 0, seed.stderr[-3000:]
    print(f"seeded {args.scale} in {time.perf_counter() - started:.0f} s", flush=True)


def world(env: dict, riders: int) -> dict:
    code = SETUP.replace("RIDERS", str(riders))
    done = sh(sys.executable, "-m", "config.manage", "shell", "-c", code, env=env, check=False)
    if done.returncode:
        raise SystemExit(f"setting up the load's world failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def read_stats(prefix: str) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def report(args, rows: list[dict], checks: dict, seconds: float) -> str:
    when = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=8)))
    lines = [
        f"## {args.label or 'run'} — {when:%Y-%m-%d %H:%M} · {platform.machine()} · "
        f"{os.cpu_count()} CPUs · Python {platform.python_version()}",
        "",
        f"{args.users} locust users (12 riders : 1 staff), spawn {args.spawn_rate}/s, "
        f"{seconds:.0f} s; gunicorn {args.workers} sync workers, production settings, PostgreSQL "
        f"(`seed_demo --scale {args.scale}`), Redis; locust on the same machine.",
        "",
        "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total = None
    for row in rows:
        if row["Name"] == "Aggregated":
            total = row
            continue
        lines.append(_row(row))
    if total is not None:
        lines.append(_row(total, name="**all**"))
    lines += [
        "",
        f"After the run: `ledger_check` {checks['ledger']}; `audit_verify --seal` "
        f"{checks['audit']}; server 5xx answers: {checks['server_errors']}.",
        "",
    ]
    return "\n".join(lines)


def _row(row: dict, name: str | None = None) -> str:
    def n(key: str) -> str:
        value = row.get(key) or "0"
        return "—" if value == "N/A" else f"{float(value):,.0f}"

    return (
        f"| {name or row['Type'] + ' ' + row['Name'].split(' ', 1)[-1]} | {int(row['Request Count']):,} "
        f"| {float(row['Requests/s']):.1f} | {n('50%')} | {n('95%')} | {n('99%')} "
        f"| {n('Max Response Time')} | {int(row['Failure Count'])} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--seconds", type=int, default=150)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8200)
    parser.add_argument("--scale", default="sichuan")
    parser.add_argument("--riders", type=int, default=400)
    parser.add_argument("--reuse", action="store_true", help="keep a seeded database")
    parser.add_argument("--db", default=DB, help="the database to build (ops_* on the server)")
    parser.add_argument("--label", default="")
    parser.add_argument("--no-write", action="store_true", help="print, do not append")
    parser.add_argument("--quick", action="store_true", help="10 users, 20 s, small seed")
    args = parser.parse_args()
    if args.quick:
        args.users, args.seconds, args.scale, args.riders = 10, 20, "small", 30
        args.no_write, args.db = True, "ops_load_quick"

    var = Path(tempfile.mkdtemp(prefix="ops-load-"))
    env = server_env(f"{args.pg}/{args.db}", var)
    prepare(args, env)
    data = world(env, args.riders)
    world_file = var / "world.json"
    world_file.write_text(json.dumps(data))
    server = AppServer(env, args.port, workers=args.workers)
    worker = subprocess.Popen(
        [sys.executable, "-m", "config.manage", "db_worker", "--queue-name", "*", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        server.start(timeout=180)
        # every worker warm (the boundaries and the station index are loaded before the fork)
        for _ in range(args.workers * 2):
            request("GET", args.port, "/api/v1/health")
        prefix = str(var / "locust")
        started = time.perf_counter()
        run = sh(
            str(VENV / "locust"),
            "-f",
            "bench/load_locustfile.py",
            "--headless",
            "-u",
            str(args.users),
            "-r",
            str(args.spawn_rate),
            "-t",
            f"{args.seconds}s",
            "--host",
            f"http://127.0.0.1:{args.port}",
            "--csv",
            prefix,
            "--only-summary",
            "--loglevel",
            "WARNING",
            env={**os.environ, "LOAD_WORLD": str(world_file)},
            check=False,
            timeout=args.seconds + 120,
        )
        seconds = time.perf_counter() - started
        rows = read_stats(prefix)
        output = server.output()
    finally:
        server.stop()
        worker.terminate()
        worker.wait(timeout=30)
    ledger = manage(env, "ledger_check")
    audit = manage(env, "audit_verify", "--seal")
    checks = {
        "ledger": "passes" if ledger.returncode == 0 else f"FAILS: {ledger.stderr[-500:]}",
        "audit": "passes" if audit.returncode == 0 else f"FAILS: {audit.stderr[-500:]}",
        "server_errors": output.count("Internal Server Error"),
    }
    text = report(args, rows, checks, seconds)
    print(text)
    if run.returncode not in (0, 1):  # locust exits 1 when any request failed
        print(run.stderr[-3000:], file=sys.stderr)
    if not args.no_write:
        with open(RESULTS, "a", encoding="utf-8") as f:
            f.write("\n" + text)
    if ledger.returncode or audit.returncode:
        sys.exit(1)


if __name__ == "__main__":
    main()
