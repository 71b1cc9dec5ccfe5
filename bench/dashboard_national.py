"""Benchmark: the cockpit at national scale on PostgreSQL, rollups side by side with the direct
count, in one run.

Needs a database built by `redrider seed_demo --scale national` (10 million riders, 400,000
stations, 20 million check-ins, ~5 million ledger transactions) named by DATABASE_URL.

  1. In process, for the whole country and two provinces: every indicator of the region
     (what `GET /api/v1/dashboard/indicators` computes), the same for this year, the drill-down
     to the children and the county map — each through the rollups (what the API does) and
     through the direct count over the rows (the rollups switched off), alternating, the
     answers compared for equality. Target: median under 200 ms and at least 10× the direct
     count.
  2. In a browser (the system Chromium through Playwright, a gunicorn server with DEBUG off and
     compressed, cached static files): the cockpit page of the country and of a province, from
     the click to the page's `load` event and until its county map and trend are drawn; with
     the rollups, and once without for comparison.

    DATABASE_URL=postgres://…/national .venv/bin/python bench/dashboard_national.py
    … --quick            # fewer repetitions, no results file
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
CHROMIUM = "/usr/bin/chromium"
PORT = 8101  # the cockpit engineer's port
PASSWORD = "bench-dashboard-1"
REGIONS = [("000000", "全国"), ("510000", "四川省"), ("440000", "广东省")]
MARKER = "<!-- bench/dashboard_national.py writes below this line -->"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "p95": percentile(values, 95), "n": len(values)}


def in_process(reps: int, direct_reps: int) -> tuple[list[dict], dict]:
    from django.db import connection

    from redrider.accounts.models import User
    from redrider.dashboard import rollups, selectors
    from redrider.regions.figures import Period
    from redrider.riders.models import Rider
    from redrider.stations.models import Checkin, Station

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM points_transaction), (SELECT count(*) FROM points_entry)"
        )
        transactions, entries = cursor.fetchone()
    sizes = {
        "riders": Rider.objects.count(),
        "stations": Station.objects.count(),
        "checkins": Checkin.objects.count(),
        "transactions": transactions,
        "entries": entries,
    }
    print(f"  sizes: {sizes}")
    folded = rollups.refresh_all()
    print(f"  folded {folded} pending changes first")
    boss, _ = User.objects.get_or_create(
        username="bench-national",
        defaults={"is_superuser": True, "is_staff": True, "can_view_political_status": True},
    )
    this_year = Period(dt.date(selectors.today().year, 1, 1), None)
    cases = []
    for code, name in REGIONS:
        cases += [
            (
                f"{name} · every indicator, all time",
                lambda c=code: selectors.indicators_for(user=boss, region_code=c),
            ),
            (
                f"{name} · every indicator, this year",
                lambda c=code: selectors.indicators_for(user=boss, region_code=c, period=this_year),
            ),
            (
                f"{name} · drill-down to the children",
                lambda c=code: selectors.indicators_children(user=boss, region_code=c),
            ),
            (
                f"{name} · map (one indicator per county)",
                lambda c=code: selectors.indicator_map(user=boss, region_code=c, key="riders"),
            ),
        ]
    real_is_built = rollups.is_built
    rows = []
    for label, run in cases:
        rolled_t, direct_t = [], []
        rolled = direct = None
        for i in range(max(reps, direct_reps)):
            if i < reps:
                t = time.perf_counter()
                rolled = run()
                rolled_t.append((time.perf_counter() - t) * 1000)
            if i < direct_reps:
                rollups.is_built = lambda: False  # the direct count over the rows
                try:
                    t = time.perf_counter()
                    direct = run()
                    direct_t.append((time.perf_counter() - t) * 1000)
                finally:
                    rollups.is_built = real_is_built
        same = rolled == direct
        r, d = stats(rolled_t), stats(direct_t)
        rows.append(
            {
                "case": label,
                "rolled": r,
                "direct": d,
                "speedup": d["median"] / r["median"],
                "same": same,
            }
        )
        print(
            f"  {label}: rollups {r['median']:.1f} ms (p95 {r['p95']:.1f}) · direct "
            f"{d['median']:.0f} ms · ×{d['median'] / r['median']:.0f} · identical: {same}"
        )
    return rows, sizes


def serve(env: dict) -> subprocess.Popen:
    import http.client

    server = subprocess.Popen(  # noqa: S603 - fixed argv, loopback server
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.kill()
    raise SystemExit("the server did not start")


PAGE_TIMES = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  const map = document.getElementById('map'), trend = document.getElementById('trend');
  return {server: n.responseEnd - n.requestStart, load: n.loadEventEnd,
          map: Number(map.dataset.drawnMs), trend: Number(trend.dataset.drawnMs)};
}"""


def browser(runs: int, *, rollups_on: bool, users: list[tuple[str, str]]) -> list[dict]:
    from playwright.sync_api import sync_playwright

    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="dashboard_settings",
        PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)]),
        DASHBOARD_ROLLUPS="on" if rollups_on else "off",
    )
    server = serve(env)
    out = []
    try:
        with sync_playwright() as p:
            chrome = p.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            for username, label in users:
                context = chrome.new_context(
                    base_url=f"http://127.0.0.1:{PORT}",
                    locale="zh-CN",
                    viewport={"width": 1600, "height": 1000},
                )
                context.set_default_timeout(600_000)
                page = context.new_page()
                page.goto("/login/")
                page.fill("input[name=username]", username)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
                timings = []
                # One unmeasured visit first: a worker's first page compiles templates and
                # fills its caches (two workers: the median of several visits, not the mean).
                for i in range(runs + 1):
                    page.goto("/dashboard/")
                    page.wait_for_function(
                        "() => document.getElementById('map').dataset.drawnMs &&"
                        " document.getElementById('trend').dataset.drawnMs"
                    )
                    if i == 0:
                        continue
                    t = page.evaluate(PAGE_TIMES)
                    t["ready"] = max(t["load"], t["map"], t["trend"])
                    timings.append(t)
                context.close()
                row = {
                    "page": label,
                    "rollups": rollups_on,
                    **{k: statistics.median(x[k] for x in timings) for k in timings[0]},
                    "runs": runs,
                }
                out.append(row)
                print(
                    f"  {label} ({'rollups' if rollups_on else 'direct count'}): server "
                    f"{row['server']:.0f} ms · load {row['load']:.0f} ms · map and trend drawn "
                    f"{row['ready']:.0f} ms (median of {runs})"
                )
            chrome.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return out


def write(rows, sizes, pages, started: float) -> None:
    now = dt.datetime.now()
    lines = [
        "# Cockpit at national scale: results",
        "",
        "Produced by `DATABASE_URL=… .venv/bin/python bench/dashboard_national.py` on a database "
        "built by `redrider seed_demo --scale national` (PostgreSQL "
        f"{_pg_version()}).",
        "",
        f"## {now:%Y-%m-%d %H:%M} (Asia/Shanghai) · {platform.machine()} · "
        f"{os.cpu_count()} CPUs (shared) · "
        f"Python {platform.python_version()}",
        "",
        "Rows: " + ", ".join(f"{k} {v:,}" for k, v in sizes.items()),
        "",
        "### Indicators in process: rollups (what the API does) vs the direct count",
        "",
        "| case | rollups median ms | p95 ms | direct median ms | × faster | same answer |",
        "|---|---:|---:|---:|---:|:-:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['case']} | {r['rolled']['median']:.1f} | {r['rolled']['p95']:.1f} | "
            f"{r['direct']['median']:,.0f} | {r['speedup']:,.0f} | {'yes' if r['same'] else 'NO'} |"
        )
    lines += [
        "",
        "Repetitions: rollups "
        + str(rows[0]["rolled"]["n"])
        + ", direct "
        + str(rows[0]["direct"]["n"])
        + " per case, alternating.",
        "",
        "### The cockpit page in a browser (gunicorn, 2 workers, DEBUG off)",
        "",
        "| page | figures from | server ms | `load` ms | map and trend drawn ms | runs |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for p in pages:
        lines.append(
            f"| {p['page']} | {'rollups' if p['rollups'] else 'direct count'} | "
            f"{p['server']:,.0f} | {p['load']:,.0f} | {p['ready']:,.0f} | {p['runs']} |"
        )
    lines += ["", f"Whole run: {time.perf_counter() - started:.0f} s.", ""]
    # What a person wrote above the marker (the machine, the seed, the load) is kept.
    target = BENCH / "RESULTS-dashboard.md"
    kept = target.read_text(encoding="utf-8") if target.exists() else ""
    if MARKER in kept:
        lines = [kept.split(MARKER)[0] + MARKER, ""] + lines[2:]
    target.write_text("\n".join(lines), encoding="utf-8")
    print("  wrote bench/RESULTS-dashboard.md")


def _pg_version() -> str:
    from django.db import connection

    version = connection.pg_version
    return f"{version // 10000}.{version % 10000}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions, no file")
    parser.add_argument("--no-browser", action="store_true", help="in process only")
    args = parser.parse_args()
    if not (os.environ.get("DATABASE_URL") or "").startswith("postgres"):
        message = "needs DATABASE_URL naming a database built by seed_demo --scale national"
        if args.quick:  # `make bench` runs every bench quick, on SQLite
            print(f"  skipped: {message}")
            return
        raise SystemExit(message)
    started = time.perf_counter()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dashboard_settings")
    sys.path[:0] = [str(BENCH), str(ROOT)]
    import django

    django.setup()
    from redrider.accounts.models import User

    reps, direct_reps, runs = (3, 1, 1) if args.quick else (9, 3, 5)
    rows, sizes = in_process(reps, direct_reps)
    pages: list[dict] = []
    if not args.no_browser and Path(CHROMIUM).exists():
        subprocess.run(  # noqa: S603 - fixed argv
            [
                str(ROOT / ".venv/bin/python"),
                str(ROOT / "manage.py"),
                "collectstatic",
                "--no-input",
                "-v",
                "0",
            ],
            env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)])),
            cwd=ROOT,
            check=True,
        )
        for name in ("bench-national", "demo-province"):
            user = User.objects.get(username=name)
            user.set_password(PASSWORD)
            user.save()
        users = [
            ("bench-national", "全国 (national admin)"),
            ("demo-province", "四川省 (province admin)"),
        ]
        pages += browser(runs, rollups_on=True, users=users)
        pages += browser(1, rollups_on=False, users=users)
    if not args.quick:
        write(rows, sizes, pages, started)


if __name__ == "__main__":
    main()
