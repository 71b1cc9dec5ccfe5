"""Benchmark: what a rider's phone and an officer's browser wait for (issue 16, items 10 and 12).

A production-like server (gunicorn, DEBUG off, whitenoise serving hashed and compressed static
files with far-future caching) on a fresh SQLite database with the demo seeded, driven by the
system Chromium through Playwright:

  1. Case actions in the console (accept, start, resolve): the time from the click on the
     action button to the next page's `load` event — the POST, its redirect and the case page
     with its scripts and styles — for several cases each, the page loaded and quiet before each
     click (an officer reads before clicking). Server-side time (from Navigation Timing) beside it.
  2. The rider's station tab on a 400 kbit/s link with 400 ms round trips (Chromium's DevTools
     network throttle): the bytes transferred and the time until the first station of the list
     shows, and the page's total once the map has come in afterwards. Empty cache, each run.

    .venv/bin/python bench/rider_phone.py                 # Sichuan demo, writes RESULTS-rider-phone.md
    .venv/bin/python bench/rider_phone.py --quick         # small demo, fewer clicks, no file
"""

from __future__ import annotations

import argparse
import os
import platform
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
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "bench-rider-phone-1"
PORT = 8791


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def prepare(var_dir: Path, scale: str, env: dict) -> None:
    manage = [str(ROOT / ".venv/bin/python"), str(ROOT / "manage.py")]
    t = time.perf_counter()
    for argv in (
        ["migrate", "--no-input", "-v", "0"],
        ["seed_demo", "--scale", scale, "--password", PASSWORD],
        ["collectstatic", "--no-input", "-v", "0"],
    ):
        subprocess.run(manage + argv, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    print(f"  database, demo ({scale}) and static files ready in {time.perf_counter() - t:.0f}s")


def serve(env: dict) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603 - fixed argv, loopback server
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    import http.client

    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/api/v1/health")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def case_actions(browser, base: str, cases: list[int], report: list[str]) -> None:
    context = browser.new_context(base_url=base, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.route(lambda url: not url.startswith(base), lambda route: route.abort())
    sign_in(page, "demo-jinjiang")
    steps = [("accept", ""), ("start", ""), ("resolve", "已与物业协商解决")]
    timings: dict[str, list[tuple[float, float, float]]] = {a: [] for a, _n in steps}
    fetched: list[tuple[int, int]] = []  # per click: files the next page loaded, from the cache
    for pk in cases:
        page.goto(f"/appeals/console/{pk}/")
        page.wait_for_load_state("networkidle")
        for action, note in steps:
            button = page.locator(f"[data-testid=action-{action}]")
            if not button.count():
                break
            if note:
                page.fill(f"[data-testid=note-{action}]", note)
            page.wait_for_load_state("networkidle")
            started = time.perf_counter()
            with page.expect_navigation(wait_until="load"):
                button.click()
            click_to_load = (time.perf_counter() - started) * 1000
            nav = page.evaluate(
                """() => { const n = performance.getEntriesByType('navigation')[0];
                           const r = performance.getEntriesByType('resource');
                           return [n.responseEnd - n.startTime, n.domContentLoadedEventEnd - n.startTime,
                                   r.length, r.filter(x => x.transferSize === 0).length]; }"""
            )
            timings[action].append((click_to_load, nav[0], nav[1]))
            fetched.append((nav[2], nav[3]))
            page.wait_for_load_state("networkidle")
    context.close()
    report += [
        "### Case actions: click → next page (`load`), Chromium 1440 px, page quiet before each click",
        "",
        "| action | clicks | click → load p50 | p90 | max | server (POST + redirect + page) p50 | DOMContentLoaded p50 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    everything = []
    for action, rows in timings.items():
        if not rows:
            continue
        loads = [r[0] for r in rows]
        everything += loads
        report.append(
            f"| {action} | {len(rows)} | {statistics.median(loads):.0f} ms | "
            f"{percentile(loads, 90):.0f} ms | {max(loads):.0f} ms | "
            f"{statistics.median(r[1] for r in rows):.0f} ms | "
            f"{statistics.median(r[2] for r in rows):.0f} ms |"
        )
    report += [
        "",
        f"Files the next page loads: {max(f[0] for f in fetched)} (styles, scripts, icon), "
        f"{min(f[1] for f in fetched)}–{max(f[1] for f in fetched)} of them straight from the "
        "browser cache (hashed names, cached for a year); the map library comes after `load`.",
        "",
        f"All {len(everything)} clicks: p50 {statistics.median(everything):.0f} ms, "
        f"p90 {percentile(everything, 90):.0f} ms, max {max(everything):.0f} ms (target ≤ 300 ms).",
        "",
    ]


def watch_network(cdp, done: list, urls: dict) -> None:
    """Records each finished response: (time, bytes on the wire, url)."""

    def sent(event):
        urls[event["requestId"]] = event["request"]["url"]

    def finished(event):
        done.append(
            (event["timestamp"], event["encodedDataLength"], urls.get(event["requestId"], ""))
        )

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)


def station_page(browser, base: str, runs: int, report: list[str]) -> None:
    rows = []
    for _ in range(runs):
        context = browser.new_context(
            base_url=base,
            viewport={"width": 390, "height": 844},
            is_mobile=True,
            has_touch=True,
            permissions=["geolocation"],
            geolocation={"latitude": 30.6570, "longitude": 104.0810},
            locale="zh-CN",
        )
        page = context.new_page()
        page.route(lambda url: not url.startswith(base), lambda route: route.abort())
        sign_in(page, "demo-rider")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 400,
                "downloadThroughput": 50_000,
                "uploadThroughput": 50_000,
            },
        )
        done: list[tuple[float, int, str]] = []
        urls: dict[str, str] = {}
        watch_network(cdp, done, urls)
        started = time.perf_counter()
        page.goto("/stations/", wait_until="commit")
        page.wait_for_selector(".station-item")
        first = time.perf_counter() - started
        before = sum(size for _t, size, _u in done)
        count_before = len(done)
        page.wait_for_selector("#station-map.leaflet-container .station-marker", timeout=60000)
        page.wait_for_load_state("networkidle")
        total = time.perf_counter() - started
        rows.append((first, before, count_before, total, sum(size for _t, size, _u in done)))
        context.close()
    first = statistics.median(r[0] for r in rows)
    report += [
        "### The rider's station tab on 400 kbit/s with 400 ms round trips (empty cache)",
        "",
        "| run | first station shown | transferred before it | requests before it | map drawn | transferred in all |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for i, (f, b, n, t, all_bytes) in enumerate(rows, 1):
        report.append(
            f"| {i} | {f:.2f} s | {b / 1024:.1f} KB | {n} | {t:.2f} s | {all_bytes / 1024:.1f} KB |"
        )
    report += [
        "",
        f"Median: first station after {first:.2f} s (budget 3 s) with "
        f"{statistics.median(r[1] for r in rows) / 1024:.1f} KB before it (budget 150 KB); the map "
        "library comes after the list, the Tibetan face only on Tibetan pages.",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick", action="store_true", help="small demo, few clicks, no results file"
    )
    parser.add_argument(
        "--scale", default=None, help="demo scale (default: sichuan, small with --quick)"
    )
    parser.add_argument("--cases", type=int, default=None, help="cases to walk through the actions")
    parser.add_argument("--runs", type=int, default=None, help="throttled station-page runs")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"  skipped: no {CHROMIUM}")
        return
    scale = args.scale or ("small" if args.quick else "sichuan")
    n_cases = args.cases or (2 if args.quick else 12)
    runs = args.runs or (1 if args.quick else 3)
    var_dir = Path(tempfile.mkdtemp(prefix="bench-rider-phone-"))
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="rider_phone_settings",
        PYTHONPATH=os.pathsep.join([str(BENCH), str(ROOT)]),
        REDRIDER_VAR_DIR=str(var_dir),
    )
    env.pop("DATABASE_URL", None)
    prepare(var_dir, scale, env)
    os.environ.update(DJANGO_SETTINGS_MODULE="rider_phone_settings", REDRIDER_VAR_DIR=str(var_dir))
    sys.path[:0] = [str(BENCH), str(ROOT)]
    import django

    django.setup()
    from redrider.accounts.models import User
    from redrider.appeals import services
    from redrider.appeals.models import Appeal

    rider = User.objects.get(username="demo-rider")
    for i in range(n_cases):  # fresh cases in 锦江区, each walked through accept → start → resolve
        services.appeal_create(
            actor=rider,
            category="parking",
            description=f"基准测试：取餐点门口没有临时停车位 {i + 1}",
            lat=30.6570 + i * 0.0004,
            lng=104.0810,
        )
    cases = list(
        Appeal.objects.filter(status="submitted", handling_code="510104")
        .order_by("-pk")
        .values_list("pk", flat=True)[:n_cases]
    )
    server = serve(env)
    report = [
        f"## Rider phone and case actions — {time.strftime('%Y-%m-%d')}",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"Chromium {subprocess.run([CHROMIUM, '--version'], capture_output=True, text=True).stdout.strip()} "
        f"headless; gunicorn 2 sync workers, DEBUG off, whitenoise (hashed, compressed, cached "
        f"static files); SQLite; demo `--scale {scale}`. Load average before the run: "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} (1 / 5 / 15 min; the machine is shared).",
        "",
    ]
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            base = f"http://127.0.0.1:{PORT}"
            case_actions(browser, base, cases, report)
            station_page(browser, base, runs, report)
            browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
        shutil.rmtree(var_dir, ignore_errors=True)
    text = "\n".join(report)
    print(text)
    if not args.quick:
        out = BENCH / "RESULTS-rider-phone.md"
        header = (
            "# Rider phone and case actions\n\nFrom `bench/rider_phone.py` (see its docstring). "
            "Issue 16, items 10 and 12.\n\n"
        )
        out.write_text(header + text + "\n")
        print(f"  written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
