"""Redemptions per second through the real API on PostgreSQL, next to read baselines.

    .venv/bin/python bench/points_redemptions.py [--pg postgres://postgres@127.0.0.1:5432] [--per-thread 150]

Creates a fresh database `rr_points_bench`, migrates, gives 8 riders 10^6 points each and puts
`--items` items with ample stock on offer, starts gunicorn (2 sync workers, DEBUG off) on
127.0.0.1, then runs 8 client threads (one rider each, keep-alive) for a bounded number of requests:
  1. GET /api/v1/health            (floor: routing + one SELECT 1)
  2. GET /api/v1/points/balance    (token auth + one read)
  3. POST /api/v1/points/redemptions, every client on ONE item (the item's stock row is an
     inherent per-item serialisation point: a flash sale)
  4. POST /api/v1/points/redemptions spread over the items (client i, request n → item
     (i + n) mod items), as riders at different stations would
each POST with a fresh Idempotency-Key, and finally checks that the orders match the 201s and
that `ledger_check` passes. Results are appended to bench/RESULTS-points.md with `--label`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
DB = "rr_points_bench"
PORT = 8765
THREADS = 8


def sh(*args, env=None, check=True):
    return subprocess.run(args, cwd=ROOT, env=env, check=check, capture_output=True, text=True)


def run_phase(name, tokens, per_thread, request):
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    barrier = threading.Barrier(len(tokens))

    def worker(i, token):
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine, codes = [], {}
        barrier.wait()
        for n in range(per_thread):
            method, path, body, headers = request(i, n, token)
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            codes[response.status] = codes.get(response.status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in codes.items():
                statuses[k] = statuses.get(k, 0) + v

    threads = [threading.Thread(target=worker, args=(i, t)) for i, t in enumerate(tokens)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "phase": name,
        "requests": len(latencies),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "statuses": statuses,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--per-thread", type=int, default=150)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--items", type=int, default=8)
    parser.add_argument("--label", default="")
    parser.add_argument("--quick", action="store_true", help="20 requests per client thread")
    args = parser.parse_args()
    if args.quick:
        args.per_thread = 20

    sh("psql", f"{args.pg}/postgres", "-c", f"DROP DATABASE IF EXISTS {DB}")
    sh("psql", f"{args.pg}/postgres", "-c", f"CREATE DATABASE {DB}")
    env = dict(
        os.environ, DATABASE_URL=f"{args.pg}/{DB}", DJANGO_SETTINGS_MODULE="config.settings.base"
    )
    sh(str(VENV / "redrider"), "migrate", "-v0", env=env)

    setup = """
import json
from decimal import Decimal
from redrider.accounts.services import rider_account_create, token_issue
from redrider.accounts.models import User
from redrider.points.models import EarningRule
from redrider.points.services import item_create, points_award
from redrider.points.services.ledger import _fund_open
admin = User.objects.create(username="bench-admin", role="province_admin", scope_code="510000")
_fund_open(actor=admin, name="bench", region_code="510000", budget_yuan=Decimal(10**7))
EarningRule.objects.create(code="manual", name="bench", points=1, region_code="510000")
items = [item_create(actor=admin, name=f"bench water {n}", region_code="510104", cost=10, stock=10**6).pk
         for n in range(ITEMS)]
tokens = []
for i in range(8):
    r = rider_account_create(actor=None, phone=f"1370000{i:04d}", password=None)
    points_award(actor=admin, rider_user=r, rule_code="manual", source="bench", region_code="510104",
                 amount=10**5, idempotency_key=f"bench:{i}")
    tokens.append(token_issue(user=r))
print(json.dumps({"items": items, "tokens": tokens}))
""".replace("ITEMS", str(args.items))
    out = sh(str(VENV / "redrider"), "shell", "-c", setup, env=env).stdout
    data = json.loads(out.strip().splitlines()[-1])
    server = subprocess.Popen(
        [
            str(VENV / "gunicorn"),
            "-w",
            str(args.workers),
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
                conn.request("GET", "/api/v1/health")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        tokens, items = data["tokens"], data["items"]
        auth = lambda t: {"Authorization": f"Bearer {t}"}  # noqa: E731

        def redeem(token, item, key):
            return (
                "POST",
                "/api/v1/points/redemptions",
                json.dumps({"item_id": item, "quantity": 1}),
                {**auth(token), "Content-Type": "application/json", "Idempotency-Key": key},
            )

        results = [
            run_phase(
                "GET /api/v1/health (baseline)",
                tokens,
                args.per_thread,
                lambda i, n, t: ("GET", "/api/v1/health", None, {}),
            ),
            run_phase(
                "GET /api/v1/points/balance (baseline)",
                tokens,
                args.per_thread,
                lambda i, n, t: ("GET", "/api/v1/points/balance", None, auth(t)),
            ),
            run_phase(
                "POST /api/v1/points/redemptions (one item, all clients)",
                tokens,
                args.per_thread,
                lambda i, n, t: redeem(t, items[0], f"one-{i}-{n}"),
            ),
            run_phase(
                f"POST /api/v1/points/redemptions (spread over {len(items)} items)",
                tokens,
                args.per_thread,
                lambda i, n, t: redeem(t, items[(i + n) % len(items)], f"spread-{i}-{n}"),
            ),
        ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    check = sh(str(VENV / "redrider"), "ledger_check", env=env, check=False)
    orders = (
        sh(
            str(VENV / "redrider"),
            "shell",
            "-c",
            "from redrider.points.models import RedemptionOrder; print(RedemptionOrder.objects.count())",
            env=env,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    commit = sh("git", "rev-parse", "--short", "HEAD", check=False).stdout.strip()
    label = f" — {args.label}" if args.label else ""
    lines = [
        f"\n## points_redemptions{label} — {time.strftime('%Y-%m-%d %H:%M')} at {commit} (PostgreSQL, gunicorn "
        f"{args.workers} sync workers, {THREADS} client threads × {args.per_thread} requests)\n",
        "| phase | requests | req/s | p50 ms | p95 ms | statuses |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['phase']} | {r['requests']} | {r['per_second']:.0f} | {r['p50_ms']:.1f} | "
            f"{r['p95_ms']:.1f} | {r['statuses']} |"
        )
    created = sum(r["statuses"].get(201, 0) for r in results[2:])
    lines.append(
        f"\nOrders written: {orders} (201s: {created}); "
        f"ledger_check: {'ok' if check.returncode == 0 else 'FAILED'} — {check.stdout.strip() or check.stderr.strip()}"
    )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.quick:
        sys.exit(0 if check.returncode == 0 else 1)  # a smoke run: no results file entry
    results_file = ROOT / "bench" / "RESULTS-points.md"
    if not results_file.exists():
        results_file.write_text(
            "# Points benchmarks\n\nRedemptions through the HTTP API on PostgreSQL "
            "next to read baselines on the same server. Machine-dependent; "
            "compare rows within one run.\n"
        )
    with results_file.open("a") as f:
        f.write(text)
    sh("psql", f"{args.pg}/postgres", "-c", f"DROP DATABASE IF EXISTS {DB}", check=False)
    sys.exit(0 if check.returncode == 0 else 1)


if __name__ == "__main__":
    main()
