"""Benchmark: nearest warm stations at national scale (400,000 stations), side by side.

In process, the same random query points near China's county seats:
  * `PointIndex.nearest(k=5)` (what the endpoint uses),
  * `stations.nearby.search(limit=5)` (the index plus the per-request token check and open_now),
  * brute-force numpy haversine over every station (baseline),
  * a bare `scipy.spatial.cKDTree.query(k=5)` on the same unit vectors (floor; target ≤ 3×).
Every method's answers are checked against brute force on a sample.

Through a real HTTP server (gunicorn, 2 sync workers on 127.0.0.1, a fresh SQLite database in a
temporary directory): `GET /api/v1/stations/nearby` vs a constant-JSON endpoint on the same
NinjaAPI with the same bearer auth (target: median ≤ 1.5× the floor). Requests alternate between
the two so drift hits both alike; counts are bounded.

    .venv/bin/python bench/stations_nearby.py            # 400,000 stations, writes RESULTS-stations.md
    .venv/bin/python bench/stations_nearby.py --quick    # 20,000 stations, fewer queries, no file
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn, queries) -> list[float]:
    out = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - t) * 1e6)
    return out


def setup_database(n: int, var_dir: Path) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from redrider.stations.models import Station
    from redrider.stations.seeding import national_rows
    from redrider.stations.services import index_version_bump

    t = time.perf_counter()
    rows = national_rows(random.Random(7), total=n)
    Station.objects.bulk_create(rows, batch_size=5000)
    index_version_bump()
    print(
        f"  seeded {len(rows):,} synthetic stations in {time.perf_counter() - t:.1f}s", flush=True
    )


def in_process(args, report: list[str]) -> None:
    import numpy as np
    from scipy.spatial import cKDTree

    from redrider.geo.distance import haversine_m_array, to_unit_vectors
    from redrider.geo.index import PointIndex, brute_force_nearest
    from redrider.regions.models import Region
    from redrider.stations import nearby
    from redrider.stations.models import Station

    rows = list(Station.objects.values_list("id", "lat", "lng").order_by("id"))
    ids = np.array([r[0] for r in rows])
    lat = np.array([r[1] for r in rows])
    lng = np.array([r[2] for r in rows])
    t = time.perf_counter()
    index = PointIndex(ids, lat, lng)
    build_index = time.perf_counter() - t
    t = time.perf_counter()
    nearby.snapshot()
    build_snapshot = time.perf_counter() - t
    xyz = to_unit_vectors(lat, lng)
    t = time.perf_counter()
    tree = cKDTree(xyz)
    build_tree = time.perf_counter() - t

    rng = random.Random(11)
    seats = list(Region.objects.filter(level="county").values_list("lat", "lng"))
    queries = []
    for _ in range(args.queries):
        s_lat, s_lng = rng.choice(seats)
        queries.append((s_lat + rng.gauss(0, 0.05), s_lng + rng.gauss(0, 0.05)))

    # Exactness on a sample before timing anything.
    for q in queries[: min(50, len(queries))]:
        want = brute_force_nearest(ids, lat, lng, q[0], q[1], 5)
        got = index.nearest(q[0], q[1], k=5)
        served = nearby.search(
            lat=q[0], lng=q[1], limit=5, radius_m=None, open_now=False, services_mask=0
        )
        assert [g.id for g in got] == [w.id for w in want], q
        assert [s[0] for s in served] == [w.id for w in want], q
        assert all(abs(g.distance_m - w.distance_m) < 1.0 for g, w in zip(got, want, strict=True))

    from redrider.geo.distance import unit_vector

    def kd(q):
        return tree.query(np.asarray(unit_vector(*q)), k=5)

    def brute(q):
        d = haversine_m_array(lat, lng, q[0], q[1])
        part = np.argpartition(d, 5)[:5]
        return part[np.argsort(d[part])]

    results = {
        "scipy cKDTree.query k=5 (floor)": timed(kd, queries),
        "PointIndex.nearest k=5": timed(lambda q: index.nearest(q[0], q[1], k=5), queries),
        "nearby.search limit=5 (+token check)": timed(
            lambda q: nearby.search(
                lat=q[0], lng=q[1], limit=5, radius_m=None, open_now=False, services_mask=0
            ),
            queries,
        ),
        "nearby.search limit=5 open_now+water": timed(
            lambda q: nearby.search(
                lat=q[0], lng=q[1], limit=5, radius_m=None, open_now=True, services_mask=1
            ),
            queries,
        ),
        "brute-force numpy haversine": timed(brute, queries[: args.brute]),
    }
    floor = statistics.median(results["scipy cKDTree.query k=5 (floor)"])
    report.append(
        f"### In process, {len(ids):,} stations ({args.queries} queries; brute force {args.brute})\n"
    )
    report.append(
        f"Build: PointIndex {build_index:.2f} s · full snapshot from the database "
        f"{build_snapshot:.2f} s · bare cKDTree {build_tree:.2f} s\n"
    )
    report.append("| method | median µs | p95 µs | × cKDTree median |")
    report.append("|---|---:|---:|---:|")
    for name, values in results.items():
        med = statistics.median(values)
        report.append(
            f"| {name} | {med:,.1f} | {percentile(values, 95):,.1f} | {med / floor:.2f} |"
        )
    report.append("")


def http_bench(args, var_dir: Path, report: list[str]) -> None:
    from redrider.accounts.services import rider_account_create, token_issue
    from redrider.regions.models import Region

    rider = rider_account_create(
        actor=None, phone="13800009999", password="bench-pass-1234", display_name="bench"
    )
    token = token_issue(user=rider)
    port = args.port
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="stations_bench_settings",
        REDRIDER_VAR_DIR=str(var_dir),
        PYTHONPATH=f"{ROOT}:{BENCH}",
    )
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(  # noqa: S603 - fixed argv, loopback server
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=str(ROOT),
        start_new_session=True,
    )
    try:
        headers = {"Authorization": f"Bearer {token}"}

        def get(path: str) -> tuple[int, bytes, float]:
            t = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            conn.close()
            return resp.status, body, (time.perf_counter() - t) * 1e3

        for _ in range(200):  # wait for the server
            try:
                get("/api/v1/health")
                break
            except OSError:
                time.sleep(0.1)
        rng = random.Random(13)
        seats = list(Region.objects.filter(level="county").values_list("lat", "lng"))

        def nearby_path() -> str:
            s_lat, s_lng = rng.choice(seats)
            return (
                f"/api/v1/stations/nearby?lat={s_lat + rng.gauss(0, 0.05):.6f}"
                f"&lng={s_lng + rng.gauss(0, 0.05):.6f}&limit=5"
            )

        # Warm every worker: each builds its own index from the table on its first search.
        t = time.perf_counter()
        for _ in range(args.workers * 6):
            status, body, _ms = get(nearby_path())
            assert status == 200, body[:300]
        warm = time.perf_counter() - t
        status, body, _ms = get("/api/v1/bench/constant")
        assert status == 200, body
        near_ms, floor_ms = [], []
        for _ in range(args.requests):
            status, body, ms = get(nearby_path())
            assert status == 200 and len(json.loads(body)["items"]) == 5
            near_ms.append(ms)
            status, body, ms = get("/api/v1/bench/constant")
            assert status == 200
            floor_ms.append(ms)
        med_n, med_f = statistics.median(near_ms), statistics.median(floor_ms)
        report.append(
            f"### Through HTTP (gunicorn, {args.workers} sync workers, SQLite, 127.0.0.1; "
            f"{args.requests} requests each, alternating)\n"
        )
        report.append(f"Warm-up (every worker builds its index on first search): {warm:.1f} s\n")
        report.append("| endpoint | median ms | p95 ms | × floor median |")
        report.append("|---|---:|---:|---:|")
        report.append(
            f"| constant JSON, same API + auth (floor) | {med_f:.2f} | {percentile(floor_ms, 95):.2f} | 1.00 |"
        )
        report.append(
            f"| GET /api/v1/stations/nearby limit=5 | {med_n:.2f} | {percentile(near_ms, 95):.2f} | {med_n / med_f:.2f} |"
        )
        report.append("")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="20,000 stations, few queries, no results file"
    )
    parser.add_argument("--stations", type=int, default=None)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    args.stations = args.stations or (20_000 if args.quick else 400_000)
    args.queries = 300 if args.quick else 2000
    args.brute = 30 if args.quick else 100
    args.requests = 60 if args.quick else 500

    var_dir = Path(tempfile.mkdtemp(prefix="stations-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="stations_bench_settings", REDRIDER_VAR_DIR=str(var_dir)
    )
    os.environ.pop("DATABASE_URL", None)
    report: list[str] = []
    try:
        print(f"stations bench: {args.stations:,} stations in {var_dir}", flush=True)
        setup_database(args.stations, var_dir)
        in_process(args, report)
        http_bench(args, var_dir, report)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    header = (
        f"## Nearest warm stations — {time.strftime('%Y-%m-%d %H:%M')} · {platform.processor() or platform.machine()}"
        f" · {os.cpu_count()} CPUs · Python {platform.python_version()}\n"
    )
    text = header + "\n" + "\n".join(report)
    print(text)
    if not args.quick:
        (BENCH / "RESULTS-stations.md").write_text(
            "# Warm stations benchmark results\n\nProduced by `.venv/bin/python bench/stations_nearby.py`.\n\n"
            + text
            + "\n"
        )


if __name__ == "__main__":
    main()
