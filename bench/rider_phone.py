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
PORT = 8400  # inside the rider engineer's range (8400–8409); --port to change


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


STEPS = [("accept", ""), ("start", ""), ("resolve", "已与物业协商解决")]
# The click's moment, kept across the navigation (the browser's clock, not the driver's).
MARK_CLICK = """addEventListener("click", (e) => {
  if (e.target.closest && e.target.closest("[data-testid^=action-]"))
    sessionStorage.setItem("benchClick", String(performance.timeOrigin + e.timeStamp));
}, true);"""
NAV_TIMING = """() => {
  const n = performance.getEntriesByType('navigation')[0];
  const r = performance.getEntriesByType('resource');
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  const click = Number(sessionStorage.getItem('benchClick')) - performance.timeOrigin;
  return {click, redirect: n.redirectEnd, response: n.responseEnd, dcl: n.domContentLoadedEventEnd,
          load: n.loadEventEnd, paint: paint ? paint.startTime : n.loadEventEnd, files: r.length,
          fetched: r.filter(x => x.transferSize > 0 && x.startTime < n.loadEventEnd)
                    .map(x => x.name.split('/').pop())};
}"""


def server_actions(base: str, cookies: list[dict], cases: list[int]) -> list[float]:
    """The server's own work for the same actions, without a browser: POST, its redirect and
    the next page's HTML over one keep-alive connection (the baseline of the browser figures)."""
    import http.client
    import re
    from urllib.parse import urlencode, urlsplit

    jar = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
    host = urlsplit(base)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)

    def get(path):
        conn.request("GET", path, headers={"Cookie": jar})
        response = conn.getresponse()
        return response.status, response.read().decode()

    times = []
    for pk in cases:
        path = f"/appeals/console/{pk}/"
        _status, html = get(path)
        for action, note in STEPS:
            if f'data-testid="action-{action}"' not in html:
                break
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            body = urlencode({"csrfmiddlewaretoken": token, "action": action, "note": note})
            started = time.perf_counter()
            conn.request(
                "POST",
                path,
                body=body,
                headers={
                    "Cookie": jar,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": base + path,
                    "Origin": base,
                },
            )
            response = conn.getresponse()
            response.read()
            assert response.status == 302, response.status
            _status, html = get(response.getheader("Location"))
            times.append((time.perf_counter() - started) * 1000)
    conn.close()
    return times


def case_actions(browser, base: str, cases: list[int], baseline: list[int], report: list[str]):
    context = browser.new_context(base_url=base, viewport={"width": 1440, "height": 900})
    context.add_init_script(MARK_CLICK)
    page = context.new_page()
    # Outside hosts (map tiles) fail by the browser's own resolver (see main), not by
    # page.route: Playwright's routing turns the HTTP cache off, which no officer's browser does.
    sign_in(page, "demo-jinjiang")
    timings: dict[str, list[tuple[float, dict]]] = {a: [] for a, _n in STEPS}
    for pk in cases:
        page.goto(f"/appeals/console/{pk}/")
        page.wait_for_load_state("networkidle")
        for action, note in STEPS:
            button = page.locator(f"[data-testid=action-{action}]")
            if not button.count():
                break
            if note:
                page.fill(f"[data-testid=note-{action}]", note)
            page.wait_for_load_state("networkidle")
            started = time.perf_counter()
            with page.expect_navigation(wait_until="load"):
                button.click()
            driver = (time.perf_counter() - started) * 1000
            nav = page.evaluate(NAV_TIMING)
            nav["driver"] = driver
            timings[action].append((nav["load"] - nav["click"], nav))
            page.wait_for_load_state("networkidle")
    server = server_actions(base, context.cookies(), baseline)
    context.close()
    report += [
        "### Case actions: click → next page (`load`), Chromium 1440 px, page quiet before each click",
        "",
        "Times from the click (the browser's own clock: the click event's time on the case "
        "page, the next page's Navigation and Paint Timing), p50 of each: the POST answered "
        "(its redirect), the next page's HTML in, first paint, DOMContentLoaded, `load`. "
        "The last column is the same click to `load` as the test driver sees it (its own "
        "protocol round trips included).",
        "",
        "| action | clicks | click → load p50 | p90 | POST answered | HTML in | first paint "
        "| DOMContentLoaded | driver: click → load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    everything, after_html, fetched = [], [], set()
    for action, rows in timings.items():
        if not rows:
            continue
        loads = [r[0] for r in rows]
        everything += loads
        after_html += [r[1]["load"] - r[1]["response"] for r in rows]
        for _t, nav in rows:
            fetched.update(nav["fetched"])

        def p50(key, rows=rows):
            return statistics.median(
                r[1][key] - (0 if key == "driver" else r[1]["click"]) for r in rows
            )

        report.append(
            f"| {action} | {len(rows)} | {statistics.median(loads):.0f} ms | "
            f"{percentile(loads, 90):.0f} ms | {p50('redirect'):.0f} ms | {p50('response'):.0f} ms "
            f"| {p50('paint'):.0f} ms | {p50('dcl'):.0f} ms | {p50('driver'):.0f} ms |"
        )
    files = max(r[1]["files"] for rows in timings.values() for r in rows)
    report += [
        "",
        f"Server alone (no browser; POST + redirect + HTML over one connection, same server, "
        f"same run, {len(server)} actions on other cases): p50 {statistics.median(server):.0f} ms, "
        f"p90 {percentile(server, 90):.0f} ms.",
        "",
        f"What the page adds after its HTML is in (parse, styles, scripts, `load`): p50 "
        f"{statistics.median(after_html):.0f} ms, p90 {percentile(after_html, 90):.0f} ms. "
        f"Files the next page loads: {files}; fetched over the network instead of the browser "
        f"cache: {', '.join(sorted(fetched)) or 'none'}. The map library comes after `load`.",
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
    global PORT
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
    parser.add_argument("--port", type=int, default=PORT, help="the server's port")
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
    try:
        prepare(var_dir, scale, env)
    except BaseException:
        shutil.rmtree(var_dir, ignore_errors=True)  # no half-built database left in /tmp
        raise
    os.environ.update(DJANGO_SETTINGS_MODULE="rider_phone_settings", REDRIDER_VAR_DIR=str(var_dir))
    sys.path[:0] = [str(BENCH), str(ROOT)]
    import django

    django.setup()
    from redrider.accounts.models import User
    from redrider.appeals import services
    from redrider.appeals.models import Appeal

    rider = User.objects.get(username="demo-rider")
    PORT = args.port
    for i in range(
        2 * n_cases
    ):  # fresh cases in 锦江区, each walked through accept → start → resolve
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
        .values_list("pk", flat=True)[: 2 * n_cases]
    )
    cases, baseline = cases[:n_cases], cases[n_cases:]
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
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    # no request leaves the machine: every other host fails to resolve
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                ],
            )
            base = f"http://127.0.0.1:{PORT}"
            case_actions(browser, base, cases, baseline, report)
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
        # The hand-written reading of the figures ("## What the figures say" onwards) is kept.
        notes = ""
        if out.exists() and "\n## What the figures say" in out.read_text():
            notes = out.read_text().split("\n## What the figures say", 1)[1]
            notes = "\n## What the figures say" + notes
        out.write_text(header + text + "\n" + notes)
        print(f"  written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
